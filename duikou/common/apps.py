from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "duikou.common"
    verbose_name = _("通用")

    def ready(self):
        from simple_history.signals import pre_create_historical_record

        from duikou.common.audit import stamp_channel

        pre_create_historical_record.connect(stamp_channel, dispatch_uid="duikou_channel")
