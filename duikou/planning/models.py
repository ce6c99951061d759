"""Systematic planning (系统谋划): reserve projects (储备) with their costs, expected results,
dependencies, alternatives and synergies, and scenarios that choose and phase a portfolio of
them within a budget and the rules. Money here is in 万元, as planners write it."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from duikou.common.models import Editable, tracked_history

WAN = {"max_digits": 14, "decimal_places": 2}
PERCENT = {"max_digits": 5, "decimal_places": 2, "validators": [MinValueValidator(0)]}
YEAR = [MinValueValidator(1990), MaxValueValidator(2100)]
MAX_YEARS = 10  # the longest cost profile and horizon, and the longest lag
MAX_RANK = 999


class Candidate(Editable):
    """A reserve project: what it costs in each year from its start and what it is expected
    to bring, per data element of the results library."""

    pairing = models.ForeignKey(
        "partners.Pairing",
        verbose_name=_("所属结对"),
        on_delete=models.PROTECT,
        related_name="candidates",
    )
    code = models.CharField(_("储备编号"), max_length=40, unique=True)
    title = models.CharField(_("项目名称"), max_length=200)
    title_en = models.CharField(_("英文名称"), max_length=250, blank=True)
    description = models.TextField(_("项目简介"), blank=True)
    category = models.ForeignKey(
        "projects.Category", verbose_name=_("类别"), on_delete=models.PROTECT, related_name="+"
    )
    region = models.ForeignKey(
        "geo.Region", verbose_name=_("实施地区"), on_delete=models.PROTECT, related_name="+"
    )
    is_livelihood = models.BooleanField(_("民生项目"), default=True)
    is_grassroots = models.BooleanField(_("县及县以下基层"), default=True)
    earliest_start = models.PositiveSmallIntegerField(
        _("最早开工年度"), null=True, blank=True, validators=YEAR
    )
    alternative_group = models.CharField(
        _("互斥组"),
        max_length=40,
        blank=True,
        help_text=_("同一互斥组的储备项目至多选一个。"),
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("对应项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="candidates",
        help_text=_("续建项目本身,或方案采纳后生成的项目。"),
    )
    details = models.TextField(
        _("成本、成效与前置"),
        blank=True,
        editable=False,
        help_text=_("成本、预期成效和前置项目的摘要,使修改记录能显示它们的变化。"),
    )
    is_illustrative = models.BooleanField(_("示例数据"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = tracked_history()

    class Meta:
        verbose_name = _("储备项目")
        verbose_name_plural = _("储备项目")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class CandidateCost(models.Model):
    """The money a candidate needs in the ``offset``-th year after its start (0: first)."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="costs")
    offset = models.PositiveSmallIntegerField(
        _("第几年"), validators=[MaxValueValidator(MAX_YEARS - 1)]
    )
    amount = models.DecimalField(_("金额(万元)"), validators=[MinValueValidator(0)], **WAN)

    class Meta:
        verbose_name = _("年度成本")
        verbose_name_plural = _("年度成本")
        ordering = ["candidate", "offset"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "offset"], name="planning_cost_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="planning_cost_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id}+{self.offset}: {self.amount}"


class CandidateOutcome(models.Model):
    """A result a candidate is expected to bring, in the unit of the data element."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="outcomes")
    element = models.ForeignKey(
        "results.DataElement",
        verbose_name=_("数据元素"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    value = models.DecimalField(
        _("预期值"), max_digits=20, decimal_places=4, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("预期成效")
        verbose_name_plural = _("预期成效")
        ordering = ["candidate", "element__code"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "element"], name="planning_outcome_once"),
        ]

    def __str__(self) -> str:
        return f"{self.element_id}: {self.value}"


class Dependency(models.Model):
    """``candidate`` may start only ``lag_years`` or more after ``requires`` has started."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="dependencies")
    requires = models.ForeignKey(
        Candidate, verbose_name=_("前置项目"), on_delete=models.CASCADE, related_name="+"
    )
    lag_years = models.PositiveSmallIntegerField(
        _("间隔年数"), default=0, validators=[MaxValueValidator(MAX_YEARS)]
    )

    class Meta:
        verbose_name = _("前置关系")
        verbose_name_plural = _("前置关系")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "requires"], name="planning_needs_once"),
            models.CheckConstraint(
                condition=~Q(candidate=F("requires")), name="planning_needs_other"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id} ← {self.requires_id}"


class Synergy(models.Model):
    """Two candidates that support each other (相互支撑): ``bonus`` points when both are chosen."""

    first = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    bonus = models.DecimalField(_("协同加分"), validators=[MinValueValidator(0)], **WAN)
    note = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("协同效应")
        verbose_name_plural = _("协同效应")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="planning_synergy_once"),
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="planning_synergy_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} + {self.second_id}: {self.bonus}"


class Scenario(Editable):
    """A planning scenario for a pairing and its sub-pairings over a horizon of years."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("求解中")
        SOLVED = "solved", _("已求解")
        INFEASIBLE = "infeasible", _("无可行方案")
        FAILED = "failed", _("求解失败")
        ADOPTED = "adopted", _("已采纳")

    code = models.SlugField(_("方案代码"), max_length=50, unique=True)
    name = models.CharField(_("方案名称"), max_length=200)
    pairing = models.ForeignKey(
        "partners.Pairing",
        verbose_name=_("结对关系"),
        on_delete=models.PROTECT,
        related_name="scenarios",
    )
    first_year = models.PositiveSmallIntegerField(_("起始年度"), validators=YEAR)
    years = models.PositiveSmallIntegerField(
        _("规划年数"), default=1, validators=[MinValueValidator(1), MaxValueValidator(MAX_YEARS)]
    )
    carry_over = models.BooleanField(_("结余可结转下年"), default=False)
    livelihood_min_share = models.DecimalField(
        _("民生投入最低比例(%)"), null=True, blank=True, default=80, **PERCENT
    )
    grassroots_min_share = models.DecimalField(
        _("县及以下投入最低比例(%)"), null=True, blank=True, default=80, **PERCENT
    )
    discount_rate = models.DecimalField(_("每推迟一年成效折减(%)"), default=5, **PERCENT)
    rank_bonus = models.DecimalField(_("受援地排序第一的加成(%)"), default=20, **PERCENT)
    time_limit = models.PositiveIntegerField(
        _("求解时限(秒)"), default=60, validators=[MinValueValidator(1), MaxValueValidator(3600)]
    )
    gap = models.DecimalField(
        _("最优性间隙(%)"),
        max_digits=5,
        decimal_places=2,
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    note = models.TextField(_("说明"), blank=True)
    inputs = models.TextField(
        _("预算、比例、权重与安排"),
        blank=True,
        editable=False,
        help_text=_(
            "各年预算、比例规则、权重和对储备项目的安排的摘要,使修改记录能显示它们的变化。"
        ),
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    progress = models.JSONField(_("进度"), default=dict, blank=True, editable=False)
    result = models.JSONField(_("求解结果"), null=True, blank=True, editable=False)
    solved_at = models.DateTimeField(_("求解时间"), null=True, blank=True, editable=False)
    adopted_at = models.DateTimeField(_("采纳时间"), null=True, blank=True, editable=False)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("采纳人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_illustrative = models.BooleanField(_("示例数据"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = tracked_history(excluded_fields=["progress", "result"])

    class Meta:
        verbose_name = _("规划方案")
        verbose_name_plural = _("规划方案")
        ordering = ["-first_year", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def year_list(self) -> list[int]:
        return list(range(self.first_year, self.first_year + self.years))


class ScenarioBudget(models.Model):
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR)
    amount = models.DecimalField(_("预算(万元)"), validators=[MinValueValidator(0)], **WAN)

    class Meta:
        ordering = ["scenario", "year"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "year"], name="planning_budget_once"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount}"


class ScenarioShare(models.Model):
    """At least / at most a share of the scenario's money for a category or a region."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="shares")
    category = models.ForeignKey(
        "projects.Category", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(
        "geo.Region", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    min_share = models.DecimalField(_("最低比例(%)"), null=True, blank=True, **PERCENT)
    max_share = models.DecimalField(_("最高比例(%)"), null=True, blank=True, **PERCENT)

    class Meta:
        ordering = ["scenario", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__isnull=True) ^ Q(region__isnull=True),
                name="planning_share_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category_id or self.region_id}: {self.min_share}–{self.max_share}"


class ScenarioWeight(models.Model):
    """Points per unit of a data element: how much the planners value that result."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="weights")
    element = models.ForeignKey("results.DataElement", on_delete=models.PROTECT, related_name="+")
    weight = models.DecimalField(
        _("权重(每单位分值)"), max_digits=14, decimal_places=4, validators=[MinValueValidator(0)]
    )

    class Meta:
        ordering = ["scenario", "element__code"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "element"], name="planning_weight_once"),
        ]

    def __str__(self) -> str:
        return f"{self.element_id}: {self.weight}"


class ScenarioChoice(models.Model):
    """What the scenario says of one candidate: required or refused by the recipient
    government, a continuing project (续建) fixed at its start year, the recipient's rank."""

    class Decision(models.TextChoices):
        FREE = "", _("由模型选择")
        REQUIRED = "required", _("受援地要求安排")
        REFUSED = "refused", _("受援地不同意")
        CONTINUING = "continuing", _("续建(固定)")

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="choices")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(
        _("安排"), max_length=20, choices=Decision.choices, default="", blank=True
    )
    start_year = models.PositiveSmallIntegerField(
        _("开工年度"), null=True, blank=True, validators=YEAR
    )
    priority_rank = models.PositiveSmallIntegerField(
        _("受援地优先次序"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RANK)],
    )

    class Meta:
        ordering = ["scenario", "priority_rank", "candidate__code"]
        constraints = [
            models.UniqueConstraint(fields=["scenario", "candidate"], name="planning_choice_once"),
            models.CheckConstraint(
                condition=~Q(decision="continuing") | Q(start_year__isnull=False),
                name="planning_continuing_has_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_id}: {self.decision} {self.priority_rank or ''}"
