from django.db import models
from django.utils.translation import gettext_lazy as _

from duikou.common.tree import PathTreeModel, path_index


class Region(PathTreeModel):
    """A unit of the administrative tree of China, or a division of the XPCC (兵团)."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("省级")
        PREFECTURE = 2, _("地级")
        COUNTY = 3, _("县级")
        TOWNSHIP = 4, _("乡级")

    class Kind(models.TextChoices):
        PROVINCE = "province", _("省/自治区/直辖市")
        PREFECTURE = "prefecture", _("地级市/州/地区")
        COUNTY = "county", _("县/县级市/区")
        DEV_ZONE = "dev_zone", _("开发区/管理区")
        TOWNSHIP = "township", _("乡/镇/街道")
        XPCC = "xpcc", _("新疆生产建设兵团")
        XPCC_DIVISION = "xpcc_division", _("兵团师")

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=150, blank=True)
    level = models.PositiveSmallIntegerField(_("级别"), choices=Level.choices)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    linked_city = models.ForeignKey(
        "self",
        verbose_name=_("师市合一城市"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="xpcc_divisions",
        help_text=_("兵团师对应的县级市,例如第四师 ↔ 可克达拉市。"),
    )

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        indexes = [path_index("geo_region"), models.Index(fields=["name"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=4), name="geo_region_level_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def path_key(self) -> str:
        return self.code
