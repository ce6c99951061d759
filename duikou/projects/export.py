"""Projects to a spreadsheet (.xlsx), as users see them in a list."""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter


def _columns():
    return [
        # title, value, width, money
        (_("项目编号"), lambda p: p.code, 16, False),
        (_("项目名称"), lambda p: p.title, 40, False),
        (_("类别"), lambda p: p.category.name, 20, False),
        (
            _("受援地区"),
            lambda p: "、".join(f"{s.region.name} {s.share:g}%" for s in p.region_shares.all()),
            24,
            False,
        ),
        (_("支援方"), lambda p: p.pairing.supporter.name, 24, False),
        (_("援建方式"), lambda p: p.get_delivery_mode_display(), 10, False),
        (_("阶段"), lambda p: p.get_stage_display(), 10, False),
        (_("民生项目"), lambda p: _("是") if p.is_livelihood else _("否"), 8, False),
        (_("县及县以下基层"), lambda p: _("是") if p.is_grassroots else _("否"), 8, False),
        (_("总投资(元)"), lambda p: p.total_investment, 16, True),
        (_("计划资金(元)"), lambda p: p.planned, 16, True),
        (_("到位资金(元)"), lambda p: p.in_place, 16, True),
        (_("已支出(元)"), lambda p: p.spent, 16, True),
        (_("示例数据"), lambda p: _("是") if p.is_illustrative else "", 8, False),
    ]


def projects_workbook(projects) -> bytes:
    """``projects`` as annotated by ``project_list`` (funds, category, pairing, regions)."""
    columns = _columns()
    book = Workbook()
    sheet = book.active
    sheet.title = _("项目清单")
    sheet.append([title for title, _value, _width, _money in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for project in projects:
        sheet.append([value(project) for _title, value, _width, _money in columns])
    for index, (_title, _value, width, money) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        for cell in sheet[letter][1:] if money else ():
            cell.number_format = "#,##0.00"
    sheet.freeze_panes = "C2"
    out = BytesIO()
    book.save(out)
    return out.getvalue()
