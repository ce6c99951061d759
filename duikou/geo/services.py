"""Writes to the region tree."""

from django.db import transaction

from duikou.common.tree import PATH_SEPARATOR
from duikou.geo.loader import region_rows
from duikou.geo.models import Region

_FIELDS = ["name", "name_en", "level", "kind", "parent_id", "path", "linked_city_id"]


class _Inserter:
    """Collects new regions and inserts them in batches, flushing before a row that needs the
    id of a region still waiting (rows come parents first, so that is once per level)."""

    def __init__(self, regions: dict[str, Region]):
        self.regions = regions
        self.waiting: dict[str, Region] = {}
        self.created = 0

    def id_of(self, code: str | None) -> int | None:
        if code is None:
            return None
        if code in self.waiting:
            self.flush()
        return self.regions[code].pk

    def add(self, region: Region) -> None:
        self.waiting[region.code] = region
        self.regions[region.code] = region

    def flush(self) -> None:
        if not self.waiting:
            return
        Region.objects.bulk_create(self.waiting.values(), batch_size=1000)
        if any(region.pk is None for region in self.waiting.values()):
            # a backend that does not return ids from bulk inserts
            ids = dict(Region.objects.filter(code__in=self.waiting).values_list("code", "pk"))
            for code, region in self.waiting.items():
                region.pk = ids[code]
        self.created += len(self.waiting)
        self.waiting = {}


@transaction.atomic
def regions_load() -> dict[str, int]:
    """Load or refresh the whole region tree. Idempotent: a second run changes nothing.

    Returns how many regions were created and updated.
    """
    regions = {region.code: region for region in Region.objects.all()}
    inserter = _Inserter(regions)
    paths: dict[str, str] = {}
    to_update: list[Region] = []
    for row in region_rows():
        prefix = paths[row.parent_code] if row.parent_code else PATH_SEPARATOR
        paths[row.code] = f"{prefix}{row.code}{PATH_SEPARATOR}"
        wanted = {
            "name": row.name,
            "name_en": row.name_en,
            "level": row.level,
            "kind": row.kind,
            "parent_id": inserter.id_of(row.parent_code),
            "path": paths[row.code],
            "linked_city_id": inserter.id_of(row.linked_city_code),
        }
        region = regions.get(row.code)
        if region is None:
            inserter.add(Region(code=row.code, **wanted))
        elif any(getattr(region, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(region, name, value)
            to_update.append(region)
    inserter.flush()
    Region.objects.bulk_update(to_update, _FIELDS, batch_size=500)
    return {"created": inserter.created, "updated": len(to_update)}
