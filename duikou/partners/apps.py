from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "duikou.partners"
    verbose_name = _("单位与结对")
