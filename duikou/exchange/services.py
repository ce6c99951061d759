"""Every write to the exchange tables that people manage: the sector → category table."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from duikou.common.editing import lock_for_edit, save_as, save_edit
from duikou.common.errors import field_error
from duikou.common.permissions import ensure_hq
from duikou.exchange.models import SectorMapping
from duikou.projects.models import Category


@transaction.atomic
def sector_mapping_set(*, by, vocabulary: str, code: str, category, note: str = ""):
    """Say which category a sector code falls in (replacing what it said before)."""
    ensure_hq(by)
    vocabulary, code = str(vocabulary).strip(), str(code).strip()
    if not vocabulary or not code:
        raise field_error("code", _("请填写行业分类体系和行业代码。"))
    if not isinstance(category, Category):
        found = Category.objects.filter(code=category).first()
        if found is None:
            raise field_error("category", _("未知的项目类别:%(code)s"), code=category)
        category = found
    row = SectorMapping.all_objects.filter(vocabulary=vocabulary, code=code).first()
    if row is None:
        row = SectorMapping(vocabulary=vocabulary, code=code, category=category, note=note)
        save_as(row, by=by)
        return row
    lock_for_edit(row)
    if (row.category_id, row.note, row.deleted_at) != (category.pk, note, None):
        row.category, row.note, row.deleted_at, row.deleted_by = category, note, None, None
        save_edit(row, by=by)
    return row
