from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "duikou.planning"
    verbose_name = _("系统谋划")
