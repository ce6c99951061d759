"""The data of the pages' charts and maps, as the JSON that web/charts.js and web/map.js
draw (embedded with json_script, so a page needs no second request)."""

from django.db.models import QuerySet
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from duikou.geo.models import Region
from duikou.geo.selectors import XINJIANG
from duikou.projects.statistics import (
    project_counts_by_region,
    project_counts_by_supporter_city,
    totals_by_region,
    totals_by_supporter_city,
)
from duikou.web.templatetags.duikou import chart_unit, format_money, format_number, local

MONEY = ("planned", "in_place", "spent")
JIANGSU = "320000"
# Polygons whose code in the GeoJSON is older than the region tree's: 沙湾县 became 沙湾市
# in 2021 (654203) and the county file still calls it 654223.
RENAMED_POLYGONS = {"654223": "654203"}
MAP_FILES = {
    "prefecture": "geo/xinjiang_prefectures_650000_full.geojson",
    "county": "geo/xinjiang_counties_merged.geojson",
    "supporter": "geo/jiangsu_prefectures_320000_full.geojson",
}


def _labels() -> dict[str, str]:
    return {"planned": _("计划"), "in_place": _("到位"), "spent": _("支出")}


def funds_bars(rows: list[dict], key: str, name=None, currency: str = "CNY") -> dict:
    """A grouped bar chart of planned / in place / spent per ``key`` (year, category…)."""
    divisor, unit = chart_unit(currency)
    labels = _labels()
    return {
        "categories": [str(name(row) if name else row[key]) for row in rows],
        "unit": unit,
        "series": [
            {"name": labels[kind], "data": [float(row[kind] / divisor) for row in rows]}
            for kind in MONEY
        ],
    }


def map_regions(view: str) -> QuerySet[Region]:
    """The regions a map shows, every one listed even without money or a polygon."""
    if view == "supporter":
        return Region.objects.filter(parent__code=JIANGSU)
    if view == "prefecture":
        return Region.objects.filter(parent__code=XINJIANG)
    return Region.objects.filter(path__startswith=f"/{XINJIANG}/", level=Region.Level.COUNTY)


def map_view(projects: QuerySet, view: str) -> dict:
    """One map: the GeoJSON to draw and, per region, money planned and project count."""
    if view == "supporter":
        money, counts = (
            totals_by_supporter_city(projects),
            project_counts_by_supporter_city(projects),
        )
    else:
        money, counts = totals_by_region(projects, view), project_counts_by_region(projects, view)
    planned = {row["region"]: row["planned"] for row in money}
    rows = []
    for region in map_regions(view).order_by("code"):
        amount = planned.get(region.code, 0)
        rows.append(
            {
                "code": region.code,
                "name": local(region),
                "planned": float(amount),
                "planned_text": format_money(amount),
                "projects": counts.get(region.code, 0),
            }
        )
    divisor, unit = chart_unit()
    return {
        "geo": static(MAP_FILES[view]),
        "renamed": RENAMED_POLYGONS,
        "rows": rows,
        "divisor": float(divisor),
        "unit": unit,
    }


MAP_CAPTIONS = {
    "prefecture": _lazy("新疆 · 地州及兵团城市"),
    "county": _lazy("新疆 · 县市"),
    "supporter": _lazy("江苏 · 支援城市"),
}


def programme_maps(projects: QuerySet) -> dict:
    return {view: map_view(projects, view) for view in MAP_FILES}


def map_tables(views: dict) -> list[tuple[str, list[dict]]]:
    """The maps' figures as tables (regions with projects), for keyboards and screen readers."""
    return [
        (MAP_CAPTIONS[view], [row for row in spec["rows"] if row["projects"]])
        for view, spec in views.items()
    ]


# ------------------------------------------------------------------ results


def results_map(totals: dict[str, object], label: str) -> dict:
    """The Xinjiang prefectures coloured by one figure per region (``totals`` by code), for
    web/map.js in its simple mode (one value and its text per region)."""
    rows = [
        {
            "code": region.code,
            "name": local(region),
            "value": float(totals.get(region.code) or 0),
            "text": format_number(totals.get(region.code)),
        }
        for region in map_regions("prefecture").order_by("code")
    ]
    return {
        "prefecture": {
            "geo": static(MAP_FILES["prefecture"]),
            "renamed": RENAMED_POLYGONS,
            "rows": rows,
            "simple": True,
            "label": label,
        }
    }


def target_actual_bars(points: list[dict], unit: str) -> dict:
    """Bars of target and actual per period, for web/charts.js."""
    return {
        "categories": [point["period"] for point in points],
        "unit": unit,
        "series": [
            {
                "name": _("目标值"),
                "data": [float(p["target"]) if p["target"] is not None else None for p in points],
            },
            {
                "name": _("实际值"),
                "data": [float(p["actual"]) if p["actual"] is not None else None for p in points],
            },
        ],
    }
