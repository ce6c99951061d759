"""Who changed what through which channel: the context that history records are stamped with.

The channel is set where a request or a run enters the system (middleware for the web and the
API, commands and importers themselves); ``command`` when nothing else says.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    WEB = "web", _("网页")
    API = "api", _("接口")
    IMPORT = "import", _("导入")
    COMMAND = "command", _("命令行")
    ADMIN = "admin", _("管理后台")


_channel: ContextVar[str] = ContextVar("duikou_channel", default=Channel.COMMAND)


def current_channel() -> str:
    return _channel.get()


@contextmanager
def channel(name: str) -> Iterator[None]:
    """Stamp every history record written inside the block with ``name``."""
    token = _channel.set(name)
    try:
        yield
    finally:
        _channel.reset(token)


class ChannelMiddleware:
    """Web pages, the admin and the API are different channels."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        name = (
            Channel.API
            if path.startswith("/api/")
            else Channel.ADMIN
            if path.startswith("/admin/")
            else Channel.WEB
        )
        with channel(name):
            return self.get_response(request)


class AuditedHistory(models.Model):
    """Base of every history table: adds the channel to simple-history's who and when."""

    history_channel = models.CharField(
        _("渠道"), max_length=10, choices=Channel.choices, default=Channel.COMMAND
    )

    class Meta:
        abstract = True


def stamp_channel(sender, history_instance, **kwargs) -> None:
    """simple-history's pre_create_historical_record receiver."""
    history_instance.history_channel = current_channel()
