from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROVINCE_HQ = "province_hq", _("省援疆总部")
    AID_WORKING_GROUP = "aid_working_group", _("援疆工作组")
    RECIPIENT_GOVERNMENT = "recipient_government", _("受援地政府")
    DISPATCHING_HR = "dispatching_hr", _("派出单位人事")
    AUDITOR = "auditor", _("审计(只读)")
    PUBLIC = "public", _("公众")


# Roles that see every pairing of the programme.
ROLES_SEEING_EVERYTHING = {Role.PROVINCE_HQ, Role.AUDITOR}
# Roles that may change projects and funds of the pairings in their scope.
ROLES_EDITING_PROJECTS = {Role.PROVINCE_HQ, Role.AID_WORKING_GROUP, Role.RECIPIENT_GOVERNMENT}
# Only the recipient government (or HQ) accepts a project (验收) or moves it past acceptance.
ROLES_ACCEPTING_PROJECTS = {Role.RECIPIENT_GOVERNMENT, Role.PROVINCE_HQ}
# Roles that register cadres and professionals (the people their own unit sends; HQ: anyone).
ROLES_REGISTERING_PEOPLE = {Role.PROVINCE_HQ, Role.DISPATCHING_HR, Role.AID_WORKING_GROUP}


class User(AbstractUser):
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices, default=Role.PUBLIC)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=["province_hq", "auditor", "public"])
                | models.Q(organisation__isnull=False),
                name="accounts_user_scoped_role_has_organisation",
            ),
        ]

    @property
    def sees_everything(self) -> bool:
        return self.is_superuser or self.role in ROLES_SEEING_EVERYTHING

    @property
    def may_edit_projects(self) -> bool:
        return self.is_superuser or self.role in ROLES_EDITING_PROJECTS

    @property
    def may_accept_projects(self) -> bool:
        return self.is_superuser or self.role in ROLES_ACCEPTING_PROJECTS

    @property
    def may_register_people(self) -> bool:
        return self.is_superuser or self.role in ROLES_REGISTERING_PEOPLE

    @property
    def may_read_people(self) -> bool:
        """Everyone but the public, who reads only the counts of people on duty."""
        return self.is_authenticated and (self.is_superuser or self.role != Role.PUBLIC)


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 hash of the secret is stored; the token is shown
    once, when it is made. Read-only tokens cannot change anything."""

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("名称"), max_length=100)
    prefix = models.CharField(_("前缀"), max_length=16, db_index=True)
    key_hash = models.CharField(_("密钥摘要"), max_length=64, unique=True, editable=False)
    can_write = models.BooleanField(_("可写"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
