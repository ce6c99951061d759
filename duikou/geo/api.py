"""Regions: the administrative tree, searchable by name or code."""

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import paginate

from duikou.common.api import READ_ERRORS, Pagination
from duikou.geo.models import Region
from duikou.geo.selectors import region_children, regions_in_subtree, regions_matching

router = Router(tags=["regions"])


class RegionOut(Schema):
    code: str
    name: str
    name_en: str
    level: int
    kind: str
    parent: str | None
    linked_city: str | None

    @staticmethod
    def resolve_parent(obj) -> str | None:
        return obj.parent.code if obj.parent_id else None

    @staticmethod
    def resolve_linked_city(obj) -> str | None:
        return obj.linked_city.code if obj.linked_city_id else None


def _with_links(regions):
    return regions.select_related("parent", "linked_city").order_by("code")


@router.get("/regions", response={200: list[RegionOut], **READ_ERRORS})
@paginate(Pagination)
def list_regions(
    request,
    q: str | None = None,
    level: int | None = None,
    kind: str | None = None,
    within: str | None = None,
):
    """Search by name (``q=可克达拉``) or code prefix (``q=6530``); ``within`` limits to the
    subtree of a region code; ``level`` 1–4."""
    regions = Region.objects.all()
    if within:
        regions = regions_in_subtree(get_object_or_404(Region, code=within))
    if q:
        regions = regions_matching(regions, q)
    if level is not None:
        regions = regions.filter(level=level)
    if kind:
        regions = regions.filter(kind=kind)
    return _with_links(regions)


@router.get("/regions/{str:code}", response={200: RegionOut, **READ_ERRORS})
def get_region(request, code: str):
    return get_object_or_404(_with_links(Region.objects.all()), code=code)


@router.get("/regions/{str:code}/children", response={200: list[RegionOut], **READ_ERRORS})
@paginate(Pagination)
def list_children(request, code: str):
    return _with_links(region_children(get_object_or_404(Region, code=code)))
