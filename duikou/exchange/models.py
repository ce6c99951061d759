"""Exchange with the outside world: IATI activities behind projects, the sector → category
table, and the runs of file imports (their progress and report)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from duikou.common.models import Editable, tracked_history


class SectorMapping(Editable):
    """Which Duikou category an IATI sector code falls in. A DAC 5-digit purpose code
    (vocabulary 1) is looked up whole, then by its first three digits (vocabulary 2, the DAC
    category); other vocabularies by their code."""

    vocabulary = models.CharField(
        _("行业分类体系"),
        max_length=3,
        help_text=_("IATI 行业分类体系代码:1 为 DAC 五位码,2 为 DAC 三位码,99 为自定义。"),
    )
    code = models.CharField(_("行业代码"), max_length=20)
    category = models.ForeignKey(
        "projects.Category",
        verbose_name=_("项目类别"),
        on_delete=models.PROTECT,
        related_name="sector_mappings",
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    history = tracked_history()

    class Meta:
        verbose_name = _("行业与类别对照")
        verbose_name_plural = _("行业与类别对照")
        ordering = ["vocabulary", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["vocabulary", "code"],
                name="exchange_sector_mapping_once",
                violation_error_message=_("此行业代码已有对照。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.vocabulary}:{self.code} → {self.category}"


class IatiActivity(models.Model):
    """The IATI side of a project: its identifier and the activity as its publisher wrote it
    (every narrative in every language, organisations, countries, locations, sectors, planned
    disbursements, results, documents and all), read back by ``iati.stored``."""

    project = models.OneToOneField(
        "projects.Project", verbose_name=_("项目"), on_delete=models.CASCADE, related_name="iati"
    )
    identifier = models.CharField(_("IATI 活动标识"), max_length=255, unique=True)
    is_generated_identifier = models.BooleanField(
        _("标识为系统生成"), default=False, help_text=_("原文件中的活动没有 iati-identifier。")
    )
    fingerprint = models.CharField(
        _("内容指纹"), max_length=40, help_text=_("活动原文的 SHA-1:原文未变的活动不再导入。")
    )
    version = models.CharField(_("IATI 版本"), max_length=10, blank=True)
    status = models.CharField(_("IATI 活动状态"), max_length=2, blank=True)
    reporting_org = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("报告单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    last_updated = models.CharField(_("发布方更新时间"), max_length=40, blank=True)
    xml = models.TextField(_("IATI 原文"), blank=True)
    source = models.CharField(_("来源文件"), max_length=255, blank=True)
    imported_at = models.DateTimeField(_("导入时间"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("IATI 活动")
        verbose_name_plural = _("IATI 活动")
        ordering = ["identifier"]

    def __str__(self) -> str:
        return self.identifier


class ActivityOrganisation(models.Model):
    """An organisation taking part in an IATI activity, in an IATI role (funding, accountable,
    extending, implementing)."""

    activity = models.ForeignKey(
        IatiActivity,
        verbose_name=_("IATI 活动"),
        on_delete=models.CASCADE,
        related_name="organisations",
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("单位"),
        on_delete=models.PROTECT,
        related_name="iati_roles",
    )
    role = models.CharField(_("角色"), max_length=2, blank=True)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("参与单位")
        verbose_name_plural = _("参与单位")
        ordering = ["activity", "position"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.role})"


class ImportRun(models.Model):
    """One upload of IATI files, run in the background: progress while it runs, then the
    report (what was created, updated, left as it was, and every problem with its line)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("导入中")
        DONE = "done", _("已完成")
        REJECTED = "rejected", _("已拒绝")
        FAILED = "failed", _("出错")

    file_name = models.CharField(_("文件名"), max_length=255)
    stored_path = models.CharField(_("存放位置"), max_length=500)
    size = models.PositiveBigIntegerField(_("文件大小"), default=0)
    pairing = models.ForeignKey(
        "partners.Pairing", verbose_name=_("导入到结对"), on_delete=models.PROTECT, related_name="+"
    )
    all_or_nothing = models.BooleanField(_("全部成功才导入"), default=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    done_bytes = models.PositiveBigIntegerField(_("已读取"), default=0)
    activities = models.PositiveIntegerField(_("已读活动数"), default=0)
    report = models.JSONField(_("导入报告"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    # while running, the worker says it is alive with each save of the progress
    heartbeat_at = models.DateTimeField(_("最近进展"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("IATI 导入")
        verbose_name_plural = _("IATI 导入")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def percent(self) -> int:
        if self.status in (self.Status.DONE, self.Status.REJECTED):
            return 100
        return int(100 * self.done_bytes / self.size) if self.size else 0
