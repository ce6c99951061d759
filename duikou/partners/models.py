from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from duikou.common.models import Editable, tracked_history
from duikou.common.tree import PathTreeModel, path_index


class Organisation(PathTreeModel, Editable):
    """A unit taking part in a programme: a government, a front command, a hospital…"""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("政府")
        FRONT_COMMAND = "front_command", _("前方指挥部")
        AID_WORKING_GROUP = "aid_working_group", _("援疆工作组")
        HOSPITAL = "hospital", _("医院")
        SCHOOL = "school", _("学校")
        ENTERPRISE = "enterprise", _("企业")
        OTHER = "other", _("其他")

    name = models.CharField(_("名称"), max_length=200, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=250, blank=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    kind = models.CharField(_("类型"), max_length=30, choices=Kind.choices)
    region = models.ForeignKey(
        "geo.Region",
        verbose_name=_("所在地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text=_("境外单位(例如从 IATI 导入的)可以不填。"),
    )
    iati_ref = models.CharField(
        _("IATI 机构标识"),
        max_length=200,
        blank=True,
        help_text=_("IATI 组织标识符,如 CN-USCC-12320000466009445E;导入 IATI 数据时按它认单位。"),
    )
    iati_type = models.CharField(_("IATI 机构类型"), max_length=4, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_illustrative = models.BooleanField(
        _("示例数据"), default=False, help_text=_("演示用的虚构或估算数据,并非公开报道的事实。")
    )
    history = tracked_history()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["path"]
        indexes = [path_index("partners_org")]
        constraints = [
            models.UniqueConstraint(
                fields=["iati_ref"],
                condition=~Q(iati_ref=""),
                name="partners_org_iati_ref_once",
                violation_error_message=_("已有单位使用此 IATI 机构标识。"),
            )
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class Pairing(PathTreeModel, Editable):
    """A dated pairing: a supporter unit supports a recipient region or organisation.

    Pairings nest (province → prefecture, city → county, hospital → department) through
    ``parent``; the path lets a scope take a pairing with all its sub-pairings in one query.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("省对州(地、师)")
        CITY = "city", _("市对县(市、师)")
        DISTRICT = "district", _("区县对乡镇")
        INSTITUTION = "institution", _("单位对单位")
        DEPARTMENT = "department", _("院包科/校对校")

    supporter = models.ForeignKey(
        Organisation,
        verbose_name=_("支援方"),
        on_delete=models.PROTECT,
        related_name="pairings_supported",
    )
    recipient_region = models.ForeignKey(
        "geo.Region",
        verbose_name=_("受援地区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pairings",
    )
    recipient_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("受援单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pairings_received",
    )
    level = models.CharField(_("结对层级"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级结对"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    is_illustrative = models.BooleanField(_("示例数据"), default=False)
    history = tracked_history()

    class Meta:
        verbose_name = _("结对关系")
        verbose_name_plural = _("结对关系")
        ordering = ["path"]
        indexes = [path_index("partners_pairing"), models.Index(fields=["start_date", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient_region__isnull=False)
                | Q(recipient_organisation__isnull=False),
                name="partners_pairing_has_recipient",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="partners_pairing_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supporter} → {self.recipient_label}"

    @property
    def recipient_label(self) -> str:
        parts = [str(x) for x in (self.recipient_organisation,) if x is not None]
        if self.recipient_region is not None:
            parts.insert(0, self.recipient_region.name)
        return " / ".join(parts)

    def is_active_on(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)
