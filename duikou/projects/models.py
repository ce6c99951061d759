from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from duikou.common.models import Editable, tracked_history
from duikou.projects.currencies import currency_choices

MONEY = {"max_digits": 18, "decimal_places": 2}
SHARE = {"max_digits": 5, "decimal_places": 2}


class Currency(models.TextChoices):
    CNY = "CNY", _("人民币")
    USD = "USD", _("美元")
    EUR = "EUR", _("欧元")


class FundingSource(models.TextChoices):
    AID = "aid", _("援疆资金")
    RECIPIENT = "recipient", _("受援地配套")
    CENTRAL = "central", _("中央资金")
    SOCIAL = "social", _("社会与企业资金")
    OTHER = "other", _("其他")


class Stage(models.TextChoices):
    """The lifecycle of a project, in order."""

    RESERVE = "reserve", _("储备")
    PREPARATION = "preparation", _("前期")
    TENDERING = "tendering", _("招投标")
    CONSTRUCTION = "construction", _("在建")
    COMPLETED = "completed", _("完工")
    ACCEPTED = "accepted", _("验收")
    HANDED_OVER = "handed_over", _("移交")

    @classmethod
    def order(cls, stage: str) -> int:
        return cls.values.index(stage)

    @classmethod
    def started(cls) -> list[str]:
        """Stages in which construction or implementation has begun (开工)."""
        return cls.values[cls.order(cls.CONSTRUCTION) :]


class Category(Editable):
    """A managed, editable taxonomy of project categories."""

    code = models.SlugField(_("代码"), max_length=50, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=150, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_banned = models.BooleanField(
        _("禁止类"), default=False, help_text=_("楼堂馆所等不得使用援助资金的用途。")
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    description = models.TextField(_("说明"), blank=True)

    history = tracked_history()

    class Meta:
        verbose_name = _("项目类别")
        verbose_name_plural = _("项目类别")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Project(Editable):
    class ImplementationLevel(models.TextChoices):
        PREFECTURE_DIRECT = "prefecture_direct", _("州直")
        COUNTY = "county", _("县级")
        JOINT = "joint", _("共同实施")
        RESERVE_FUND = "reserve_fund", _("项目预留金")

    class DeliveryMode(models.TextChoices):
        TURNKEY = "turnkey", _("交钥匙")
        CHEQUE = "cheque", _("交支票")
        MATERIALS = "materials", _("物资")
        KNOW_HOW = "know_how", _("智力援助")

    class ConstructionType(models.TextChoices):
        NEW = "new", _("新建")
        CONTINUED = "continued", _("续建")

    code = models.CharField(_("项目编号"), max_length=40, unique=True)
    title = models.CharField(_("项目名称"), max_length=200)
    title_en = models.CharField(_("英文名称"), max_length=250, blank=True)
    description = models.TextField(_("项目简介"), blank=True)
    description_en = models.TextField(_("英文简介"), blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="projects"
    )
    pairing = models.ForeignKey(
        "partners.Pairing",
        verbose_name=_("所属结对"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    is_livelihood = models.BooleanField(_("民生项目"), default=True)
    is_grassroots = models.BooleanField(_("县及县以下基层"), default=True)
    implementation_level = models.CharField(
        _("实施层级"), max_length=20, choices=ImplementationLevel.choices
    )
    delivery_mode = models.CharField(_("援建方式"), max_length=20, choices=DeliveryMode.choices)
    construction_type = models.CharField(
        _("建设性质"),
        max_length=20,
        choices=ConstructionType.choices,
        default=ConstructionType.NEW,
    )
    is_fixed_asset = models.BooleanField(_("固定资产投资"), default=True)
    stage = models.CharField(
        _("所处阶段"), max_length=20, choices=Stage.choices, default=Stage.RESERVE
    )
    total_investment = models.DecimalField(
        _("总投资"), null=True, blank=True, validators=[MinValueValidator(0)], **MONEY
    )
    currency = models.CharField(
        _("币种"), max_length=3, choices=currency_choices, default=Currency.CNY
    )
    planned_start = models.DateField(_("计划开工"), null=True, blank=True)
    planned_end = models.DateField(_("计划完工"), null=True, blank=True)
    actual_start = models.DateField(_("实际开工"), null=True, blank=True)
    actual_end = models.DateField(_("实际完工"), null=True, blank=True)
    source_note = models.TextField(_("资料来源"), blank=True)
    is_illustrative = models.BooleanField(
        _("示例数据"), default=False, help_text=_("演示用的虚构或估算数据,并非公开报道的事实。")
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    regions = models.ManyToManyField(
        "geo.Region", through="ProjectRegion", verbose_name=_("受援地区"), related_name="projects"
    )

    history = tracked_history()

    class Meta:
        verbose_name = _("援建项目")
        verbose_name_plural = _("援建项目")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_investment__isnull=True) | Q(total_investment__gte=0),
                name="projects_project_investment_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=F("planned_start")),
                name="projects_project_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True)
                | Q(actual_start__isnull=True)
                | Q(actual_end__gte=F("actual_start")),
                name="projects_project_actual_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class ProjectRegion(models.Model):
    """A recipient region of a project and its share of the project (shares sum to 100)."""

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="region_shares"
    )
    region = models.ForeignKey(
        "geo.Region",
        verbose_name=_("受援地区"),
        on_delete=models.PROTECT,
        related_name="project_shares",
    )
    share = models.DecimalField(
        _("占比(%)"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(100)],
        **SHARE,
    )

    class Meta:
        verbose_name = _("项目受援地区")
        verbose_name_plural = _("项目受援地区")
        constraints = [
            models.UniqueConstraint(fields=["project", "region"], name="projects_region_once"),
            models.CheckConstraint(
                condition=Q(share__gt=0) & Q(share__lte=100), name="projects_region_share_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region.name} {self.share}%"


class StageEvent(models.Model):
    """The date a project reached a lifecycle stage."""

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="stage_events"
    )
    stage = models.CharField(_("阶段"), max_length=20, choices=Stage.choices)
    date = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    is_illustrative = models.BooleanField(_("示例数据"), default=False)

    class Meta:
        verbose_name = _("阶段记录")
        verbose_name_plural = _("阶段记录")
        ordering = ["project", "date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "stage"], name="projects_stage_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.date}"


class BudgetLine(Editable):
    """Money planned for a project in one year from one funding source."""

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="budget_lines"
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    source = models.CharField(
        _("资金来源"), max_length=20, choices=FundingSource.choices, default=FundingSource.AID
    )
    amount = models.DecimalField(_("计划金额"), validators=[MinValueValidator(0)], **MONEY)
    currency = models.CharField(
        _("币种"), max_length=3, choices=currency_choices, default=Currency.CNY
    )
    note = models.CharField(_("说明"), max_length=500, blank=True)
    is_illustrative = models.BooleanField(_("示例数据"), default=False)

    history = tracked_history()

    class Meta:
        verbose_name = _("年度预算")
        verbose_name_plural = _("年度预算")
        ordering = ["project", "year", "source"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year", "source"], name="projects_budget_line_once"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="projects_budget_not_negative"),
            models.CheckConstraint(
                condition=Q(year__gte=1990, year__lte=2100), name="projects_budget_year_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_source_display()} {self.amount}"


class Transaction(Editable):
    """Money moving for a project: committed, in place (到位), or spent."""

    class Kind(models.TextChoices):
        """The first three are Duikou's own; with the others they are IATI's 13 types."""

        COMMITMENT = "commitment", _("承诺")
        IN_PLACE = "in_place", _("资金到位")
        EXPENDITURE = "expenditure", _("支出")
        INCOMING_FUNDS = "incoming_funds", _("收到资金")
        INCOMING_COMMITMENT = "incoming_commitment", _("收到承诺")
        INTEREST_PAYMENT = "interest_payment", _("利息支付")
        LOAN_REPAYMENT = "loan_repayment", _("贷款偿还")
        REIMBURSEMENT = "reimbursement", _("报销")
        EQUITY_PURCHASE = "equity_purchase", _("购买股权")
        EQUITY_SALE = "equity_sale", _("出售股权")
        CREDIT_GUARANTEE = "credit_guarantee", _("信用担保")
        OUTGOING_PLEDGE = "outgoing_pledge", _("对外认捐")
        INCOMING_PLEDGE = "incoming_pledge", _("收到认捐")

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="transactions"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("日期"))
    amount = models.DecimalField(_("金额"), **MONEY)
    currency = models.CharField(
        _("币种"), max_length=3, choices=currency_choices, default=Currency.CNY
    )
    source = models.CharField(
        _("资金来源"), max_length=20, choices=FundingSource.choices, default=FundingSource.AID
    )
    description = models.CharField(_("摘要"), max_length=500, blank=True)
    value_date = models.DateField(
        _("汇率日期"), null=True, blank=True, help_text=_("换算币种时采用的汇率日期。")
    )
    provider = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("付款单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiver = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("收款单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reference = models.CharField(_("交易编号"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    is_illustrative = models.BooleanField(_("示例数据"), default=False)

    history = tracked_history()

    class Meta:
        verbose_name = _("资金往来")
        verbose_name_plural = _("资金往来")
        ordering = ["project", "date", "id"]
        indexes = [models.Index(fields=["kind", "date"])]
        constraints = [
            # Entered by hand, amounts are positive (the services say so); imported ones may
            # be negative: a reversal or correction reported by the publisher.
            models.CheckConstraint(condition=~Q(amount=0), name="projects_transaction_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.amount}"


class Milestone(Editable):
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("里程碑"), max_length=200)
    planned_date = models.DateField(_("计划日期"))
    actual_date = models.DateField(_("实际日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    is_illustrative = models.BooleanField(_("示例数据"), default=False)

    history = tracked_history()

    class Meta:
        verbose_name = _("里程碑")
        verbose_name_plural = _("里程碑")
        ordering = ["project", "planned_date", "id"]

    def __str__(self) -> str:
        return self.title


class ComplianceThreshold(models.Model):
    """The "two 80 %" thresholds of one year, when they differ from the default."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    livelihood_min_share = models.DecimalField(
        _("民生资金最低占比(%)"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        **SHARE,
    )
    grassroots_min_share = models.DecimalField(
        _("县及县以下资金最低占比(%)"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        **SHARE,
    )
    note = models.CharField(_("依据"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("“两个80%”阈值")
        verbose_name_plural = _("“两个80%”阈值")
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(livelihood_min_share__gte=0, livelihood_min_share__lte=100)
                & Q(grassroots_min_share__gte=0, grassroots_min_share__lte=100),
                name="projects_threshold_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.livelihood_min_share}% / {self.grassroots_min_share}%"
