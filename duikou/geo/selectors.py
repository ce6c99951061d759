"""Reads of the region tree."""

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from duikou.common.errors import field_error
from duikou.geo.models import Region

# The recipient side of the programme: Xinjiang (with its XPCC cities).
XINJIANG = "650000"


def region_by_code(code: str, *, field: str = "region") -> Region:
    """The region with this code, or a validation error naming ``field``."""
    code = (code or "").strip()
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise field_error(field, _("未知的区划代码:%(code)s"), code=code)
    return region


def regions_in_subtree(region: Region) -> QuerySet[Region]:
    """The region and all its descendants: one indexed prefix query."""
    return Region.objects.filter(path__startswith=region.path)


def region_children(region: Region) -> QuerySet[Region]:
    return Region.objects.filter(parent=region)


def regions_matching(regions: QuerySet[Region], text: str) -> QuerySet[Region]:
    """Digits match the start of the code (``6530``), anything else the name (``可克达拉``)."""
    text = text.strip()
    if text.isdigit():
        return regions.filter(code__startswith=text)
    return regions.filter(name__contains=text)


def regions_search(text: str, *, limit: int = 20) -> QuerySet[Region]:
    return regions_matching(Region.objects.all(), text).order_by("level", "code")[:limit]


def regions_below(paths, *, deepest: int = Region.Level.COUNTY) -> QuerySet[Region]:
    """The regions under any of ``paths`` (each one included), down to level ``deepest``."""
    paths = {path for path in paths if path}
    if not paths:
        return Region.objects.none()
    under = reduce(or_, (Q(path__startswith=path) for path in paths))
    return Region.objects.filter(under, level__lte=deepest).order_by("code")


def recipient_region_options() -> QuerySet[Region]:
    """The regions offered while typing a recipient region: Xinjiang down to its counties."""
    return regions_below([f"/{XINJIANG}/"])
