"""Writes to the region tree."""

from django.db import transaction

from duikou.common.tree import PATH_SEPARATOR
from duikou.geo.loader import region_rows
from duikou.geo.models import Region

_UPDATED_FIELDS = ["name", "level", "kind", "parent", "path", "linked_city"]


@transaction.atomic
def regions_load() -> dict[str, int]:
    """Load or refresh the whole region tree. Idempotent: a second run changes nothing.

    Returns how many regions were created and updated.
    """
    rows = list(region_rows())
    existing = {region.code: region for region in Region.objects.all()}
    paths: dict[str, str] = {}
    to_create: list[Region] = []
    for row in rows:
        prefix = paths[row.parent_code] if row.parent_code else PATH_SEPARATOR
        paths[row.code] = f"{prefix}{row.code}{PATH_SEPARATOR}"
        if row.code not in existing:
            region = Region(
                code=row.code, name=row.name, level=row.level, kind=row.kind, path=paths[row.code]
            )
            to_create.append(region)
            existing[row.code] = region
    Region.objects.bulk_create(to_create, batch_size=1000)
    if to_create and to_create[0].pk is None:  # backends that do not return ids on bulk insert
        existing = {region.code: region for region in Region.objects.all()}

    to_update: list[Region] = []
    for row in rows:
        region = existing[row.code]
        wanted = {
            "name": row.name,
            "level": row.level,
            "kind": row.kind,
            "parent_id": existing[row.parent_code].pk if row.parent_code else None,
            "path": paths[row.code],
            "linked_city_id": existing[row.linked_city_code].pk if row.linked_city_code else None,
        }
        if any(getattr(region, field) != value for field, value in wanted.items()):
            for field, value in wanted.items():
                setattr(region, field, value)
            to_update.append(region)
    Region.objects.bulk_update(to_update, _UPDATED_FIELDS, batch_size=500)
    created_codes = {region.code for region in to_create}
    updated = sum(1 for region in to_update if region.code not in created_codes)
    return {"created": len(to_create), "updated": updated}
