from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "duikou.people"
    verbose_name = _("援疆干部人才")
