from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _load_library(sender, **kwargs) -> None:
    from duikou.results.library import library_load

    library_load()


class ResultsConfig(AppConfig):
    name = "duikou.results"
    verbose_name = _("成效")

    def ready(self) -> None:
        post_migrate.connect(_load_library, sender=self)
