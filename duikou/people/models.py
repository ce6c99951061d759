"""Cadres and professionals (援疆干部人才): people, batches, postings, group-style teams,
mentoring pairs, care records, the configurable planned terms and the log of every view of an
unmasked ID number or phone number."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from duikou.common.models import Editable, tracked_history


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class Education(models.TextChoices):
    DOCTORATE = "doctorate", _("博士研究生")
    MASTER = "master", _("硕士研究生")
    BACHELOR = "bachelor", _("大学本科")
    COLLEGE = "college", _("大学专科")
    SECONDARY = "secondary", _("中专及以下")


class Category(models.TextChoices):
    """What a person is sent as. Every category except ``cadre`` is a professional (人才)."""

    CADRE = "cadre", _("党政干部")
    MEDICAL = "medical", _("医疗人才")
    EDUCATION = "education", _("教育人才")
    AGRICULTURE = "agriculture", _("农业人才")
    ENGINEERING = "engineering", _("工程技术人才")
    OTHER = "other", _("其他专业技术人才")


PROFESSIONAL_CATEGORIES = [c for c in Category.values if c != Category.CADRE]


class Duration(models.TextChoices):
    LONG_TERM = "long_term", _("长期")
    SHORT_TERM = "short_term", _("短期(柔性)")


class Batch(Editable):
    """A numbered batch (第N批) of the supporter's cadres and professionals."""

    number = models.PositiveSmallIntegerField(_("批次"), unique=True)
    start_year = models.PositiveSmallIntegerField(_("起始年度"))
    end_year = models.PositiveSmallIntegerField(_("结束年度"))
    notes = models.TextField(_("备注"), blank=True)
    is_illustrative = models.BooleanField(_("示例数据"), default=False)
    history = tracked_history()

    class Meta:
        verbose_name = _("批次")
        verbose_name_plural = _("批次")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="people_batch_years_in_order"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="people_batch_number_positive"),
        ]

    def __str__(self) -> str:
        return _("第%(number)s批(%(start)s—%(end)s)") % {
            "number": self.number,
            "start": self.start_year,
            "end": self.end_year,
        }


class TermRule(models.Model):
    """The planned term of a category and duration, when it differs from the default
    (cadres 3 years, professionals 1.5 years, short-term 180 days). A posting may run past
    its planned term only with an approved extension."""

    category = models.CharField(_("人才类别"), max_length=20, choices=Category.choices)
    duration = models.CharField(_("期限类型"), max_length=20, choices=Duration.choices)
    months = models.PositiveSmallIntegerField(_("月数"), default=0)
    days = models.PositiveSmallIntegerField(_("天数"), default=0)
    note = models.CharField(_("依据"), max_length=500, blank=True)
    history = tracked_history()

    class Meta:
        verbose_name = _("服务期限")
        verbose_name_plural = _("服务期限")
        ordering = ["category", "duration"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "duration"], name="people_term_rule_unique"
            ),
            models.CheckConstraint(
                condition=Q(months__gt=0) | Q(days__gt=0), name="people_term_rule_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.get_duration_display()}"


class Person(Editable):
    """A cadre or professional. The ID number and the phone number are sensitive: they leave
    the system masked unless the viewer may see them (``privacy.py``), and every unmasked
    view is logged."""

    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True)
    education = models.CharField(_("学历"), max_length=20, choices=Education.choices)
    professional_title = models.CharField(_("职称"), max_length=50, blank=True)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True)
    dispatching_unit = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("派出单位"),
        on_delete=models.PROTECT,
        related_name="dispatched_people",
    )
    notes = models.TextField(_("备注"), blank=True)
    is_illustrative = models.BooleanField(_("示例数据"), default=False)
    history = tracked_history()

    class Meta:
        verbose_name = _("援疆干部人才")
        verbose_name_plural = _("援疆干部人才")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number"],
                condition=~Q(id_number=""),
                name="people_person_id_number_unique",
                violation_error_message=_("该身份证号已登记。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sensitive_values(self) -> dict[str, str]:
        return {"id_number": self.id_number, "phone": self.phone}


class Team(Editable):
    """A group-style team (组团式): a supporter hospital or school takes over a department of a
    recipient hospital or school (院包科). Its members are the postings that name it."""

    class Kind(models.TextChoices):
        MEDICAL = "medical", _("组团式医疗")
        EDUCATION = "education", _("组团式教育")
        OTHER = "other", _("其他")

    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    supporter = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("支援单位"),
        on_delete=models.PROTECT,
        related_name="teams_supported",
    )
    recipient_organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("受援单位(科室)"),
        on_delete=models.PROTECT,
        related_name="teams_received",
    )
    pairing = models.ForeignKey(
        "partners.Pairing",
        verbose_name=_("结对关系"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="teams",
    )
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    is_illustrative = models.BooleanField(_("示例数据"), default=False)
    history = tracked_history()

    class Meta:
        verbose_name = _("组团式团队")
        verbose_name_plural = _("组团式团队")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["supporter", "recipient_organisation", "start_date"],
                name="people_team_unique",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="people_team_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Posting(Editable):
    """One posting of a person: where, as what, from when to when (the end is the planned
    end, or the day the person left). A person's postings never overlap; a posting runs past
    its planned term only with an approved extension."""

    class Status(models.TextChoices):
        ON_DUTY = "on_duty", _("在岗")
        COMPLETED = "completed", _("期满返回")
        RETURNED_EARLY = "returned_early", _("提前返回")
        EXTENDED = "extended", _("延期")

    person = models.ForeignKey(
        Person, verbose_name=_("援疆人员"), on_delete=models.PROTECT, related_name="postings"
    )
    batch = models.ForeignKey(
        Batch,
        verbose_name=_("批次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="postings",
    )
    category = models.CharField(_("人才类别"), max_length=20, choices=Category.choices)
    duration = models.CharField(
        _("期限类型"), max_length=20, choices=Duration.choices, default=Duration.LONG_TERM
    )
    region = models.ForeignKey(
        "geo.Region", verbose_name=_("受援地区"), on_delete=models.PROTECT, related_name="+"
    )
    recipient_organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("受援单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="postings_received",
    )
    pairing = models.ForeignKey(
        "partners.Pairing",
        verbose_name=_("结对关系"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="postings",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("组团式团队"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="postings",
    )
    position = models.CharField(_("岗位"), max_length=200)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    planned_end = models.DateField(_("期满日期"), editable=False)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.ON_DUTY
    )
    early_return_reason = models.CharField(_("提前返回原因"), max_length=500, blank=True)
    extension_approved_on = models.DateField(_("延期批准日期"), null=True, blank=True)
    extension_reason = models.CharField(_("延期事由"), max_length=500, blank=True)
    is_illustrative = models.BooleanField(_("示例数据"), default=False)
    history = tracked_history()

    class Meta:
        verbose_name = _("任职")
        verbose_name_plural = _("任职")
        ordering = ["start_date", "pk"]
        indexes = [
            # on duty on a day: start <= D <= end, narrowed by region
            models.Index(fields=["start_date", "end_date"], name="people_posting_dates"),
            models.Index(fields=["region", "start_date", "end_date"], name="people_posting_region"),
            # term ends within N days, and whether a post already has a successor: a later
            # live posting to the same region, position and recipient unit (or none), found
            # in the index alone
            models.Index(fields=["end_date"], name="people_posting_end"),
            models.Index(
                fields=["region", "position", "recipient_organisation", "start_date"],
                condition=Q(deleted_at__isnull=True),
                name="people_posting_same_post",
            ),
            models.Index(fields=["person", "start_date"], name="people_posting_person"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="people_posting_end_after_start",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
            models.CheckConstraint(
                condition=Q(end_date__lte=F("planned_end"))
                | Q(extension_approved_on__isnull=False),
                name="people_posting_term_or_extension",
                violation_error_message=_("任职超过规定期限,须先批准延期。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="returned_early") | ~Q(early_return_reason=""),
                name="people_posting_early_return_has_reason",
                violation_error_message=_("提前返回须填写原因。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="extended") | Q(extension_approved_on__isnull=False),
                name="people_posting_extended_is_approved",
                violation_error_message=_("延期须有批准日期。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.position} ({self.start_date}—{self.end_date})"

    @property
    def is_professional(self) -> bool:
        return self.category != Category.CADRE


class MentoringPair(Editable):
    """师带徒: an aid professional and a local apprentice, with what came of it."""

    mentor = models.ForeignKey(
        Person, verbose_name=_("师傅"), on_delete=models.PROTECT, related_name="apprentices"
    )
    apprentice_name = models.CharField(_("徒弟姓名"), max_length=50)
    apprentice_organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("徒弟单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    apprentice_position = models.CharField(_("徒弟岗位"), max_length=200, blank=True)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    outcomes = models.TextField(_("带教成效"), blank=True)
    is_illustrative = models.BooleanField(_("示例数据"), default=False)
    history = tracked_history()

    class Meta:
        verbose_name = _("师带徒")
        verbose_name_plural = _("师带徒")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="people_mentoring_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.apprentice_name}"


class CareRecord(Editable):
    """慰问 and family support by the dispatching unit (“大后方”). Family matters are
    personal: only HQ and the person's dispatching-unit HR see these."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("慰问")
        FAMILY = "family", _("家属帮扶")
        HEALTH = "health", _("健康关怀")
        OTHER = "other", _("其他")

    person = models.ForeignKey(
        Person, verbose_name=_("援疆人员"), on_delete=models.PROTECT, related_name="care_records"
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("关怀单位"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    date = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("内容"))
    is_illustrative = models.BooleanField(_("示例数据"), default=False)
    history = tracked_history()

    class Meta:
        verbose_name = _("关怀记录")
        verbose_name_plural = _("关怀记录")
        ordering = ["-date", "pk"]

    def __str__(self) -> str:
        return f"{self.person} {self.date} {self.get_kind_display()}"


class SensitiveAccess(models.Model):
    """One view of a person's unmasked ID number or phone: who, when, whose, what, where."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("查看人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("被查看人"), on_delete=models.CASCADE, related_name="accesses"
    )
    fields = models.CharField(_("字段"), max_length=100)
    context = models.CharField(_("场景"), max_length=100)
    channel = models.CharField(_("渠道"), max_length=10)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("敏感信息查看记录")
        verbose_name_plural = _("敏感信息查看记录")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["person", "at"], name="people_access_person")]

    def __str__(self) -> str:
        return f"{self.user} · {self.person} · {self.at:%Y-%m-%d %H:%M}"
