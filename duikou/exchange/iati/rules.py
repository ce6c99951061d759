"""The pre-export check: what would make an activity fail the IATI 2.03 schema or the core IATI
rules, said in words a programme officer understands (and knows where to fix).

The core rules: the identifier begins with the reporting organisation's ref; a default
currency and language; a title and a description; sector shares adding up to 100 for each
sector vocabulary, and recipient country and region shares adding up to 100; start before
end; actual dates and transactions not in the future; budget periods of at most a year.
The schema is checked last and reported only when nothing said in plain words explains it.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from duikou.exchange.iati import codes, exporter, writer
from duikou.exchange.iati.activity import Activity, best_text
from duikou.exchange.iati.reader import schema
from duikou.projects.models import Project

HUNDRED = Decimal(100)
MAX_SCHEMA_REASONS = 3


@dataclass
class ProjectCheck:
    """A project, the identifier it is exported under, and what would fail."""

    project: Project
    identifier: str
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def _sector_vocabulary(vocabulary: str) -> str:
    names = {"1": _("DAC 五位码"), "2": _("DAC 三位码"), "99": _("本单位自定义")}
    return names.get(vocabulary) or _("分类体系 %(code)s") % {"code": vocabulary}


def _date_name(kind: str) -> str:
    return {
        codes.PLANNED_START: _("计划开工日期"),
        codes.ACTUAL_START: _("实际开工日期"),
        codes.PLANNED_END: _("计划完工日期"),
        codes.ACTUAL_END: _("实际完工日期"),
    }.get(kind, kind)


def _share(total: Decimal) -> str:
    text = format(total, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _within_a_year(start: datetime.date, end: datetime.date) -> bool:
    try:
        a_year_on = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        a_year_on = start.replace(year=start.year + 1, day=28) + datetime.timedelta(days=1)
    return end < a_year_on


def _day(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


# ------------------------------------------------------------------ the checks


def _structure(a: Activity) -> list[str]:
    """What the schema requires: missing, each of these makes the file invalid."""
    found = []
    if not a.identifier:
        found.append(_("没有 IATI 活动标识。"))
    org = a.reporting_org
    if not org.ref:
        found.append(_("报告单位没有 IATI 机构代码(系统设置 DUIKOU_IATI_ORG_REF)。"))
    if not org.type:
        found.append(_("报告单位没有 IATI 机构类型(系统设置 DUIKOU_IATI_ORG_TYPE)。"))
    if not org.narratives:
        found.append(_("报告单位没有名称(系统设置 DUIKOU_IATI_ORG_NAME)。"))
    if not a.title:
        found.append(_("没有项目名称。"))
    if not any(d.narratives for d in a.descriptions):
        found.append(_("没有项目简介:请在项目信息中填写简介(中文,最好也有英文)。"))
    if not a.participating_orgs:
        found.append(_("没有参与单位(出资单位、实施单位等)。"))
    if not a.status:
        found.append(_("没有项目状态。"))
    if not a.dates:
        found.append(_("没有任何项目日期:请至少填写计划开工日期。"))
    for result in a.results:
        name = best_text(result.title, a.language, "zh")
        if not result.title:
            found.append(_("有一项成效没有名称。"))
        if not result.indicators:
            found.append(_("成效“%(name)s”没有指标。") % {"name": name})
    return found


def _identity(a: Activity) -> list[str]:
    found = []
    ref = a.reporting_org.ref
    if a.identifier and ref and not a.identifier.startswith(f"{ref}-"):
        found.append(
            _("IATI 活动标识“%(id)s”没有以报告单位的 IATI 机构代码“%(ref)s-”开头。")
            % {"id": a.identifier, "ref": ref}
        )
    if not a.currency:
        found.append(_("没有默认币种。"))
    if not a.language:
        found.append(_("没有默认语言。"))
    return found


def _dates(a: Activity, today: datetime.date) -> list[str]:
    found = []
    if a.dates and not (a.date_of(codes.PLANNED_START) or a.date_of(codes.ACTUAL_START)):
        found.append(_("没有开工日期:请填写计划开工日期或实际开工日期。"))
    for start, end in (
        (codes.PLANNED_START, codes.PLANNED_END),
        (codes.ACTUAL_START, codes.ACTUAL_END),
    ):
        first, last = a.date_of(start), a.date_of(end)
        if first and last and last < first:
            found.append(
                _("%(start_name)s %(start)s 晚于%(end_name)s %(end)s。")
                % {
                    "start_name": _date_name(start),
                    "start": first,
                    "end_name": _date_name(end),
                    "end": last,
                }
            )
    for kind in (codes.ACTUAL_START, codes.ACTUAL_END):
        day = _day(a.date_of(kind))
        if day and day > today:
            found.append(
                _("%(name)s %(date)s 在今天之后:尚未发生的日期请填为计划日期。")
                % {"name": _date_name(kind), "date": day}
            )
    return found


def _places(a: Activity) -> list[str]:
    """Countries and the regions of each region vocabulary share the activity: their
    percentages add up to 100 (a single place without a percentage has all of it)."""
    if not a.recipient_countries and not a.recipient_regions:
        return [_("没有受援国家或地区。")]
    by_vocabulary = defaultdict(list)
    for region in a.recipient_regions:
        by_vocabulary[region.vocabulary or "1"].append(region)
    found = []
    for regions in list(by_vocabulary.values()) or [[]]:
        places = [*a.recipient_countries, *regions]
        if len(places) == 1 and places[0].percentage is None:
            continue
        total = sum((p.percentage or Decimal(0) for p in places), Decimal(0))
        if total != HUNDRED:
            found.append(
                _("受援国家和地区的比例合计为 %(total)s%%,应为 100%%。") % {"total": _share(total)}
            )
    return found


def _sectors(a: Activity) -> list[str]:
    if not a.sectors:
        return [_("没有行业分类:请为项目选择类别,或在“行业与类别对照”中对照行业代码。")]
    by_vocabulary = defaultdict(list)
    for sector in a.sectors:
        by_vocabulary[sector.vocabulary].append(sector)
    found = []
    for vocabulary, sectors in by_vocabulary.items():
        if len(sectors) == 1 and sectors[0].percentage is None:
            continue
        total = sum((s.percentage or Decimal(0) for s in sectors), Decimal(0))
        if total != HUNDRED:
            found.append(
                _("行业分类(%(vocabulary)s)的比例合计为 %(total)s%%,应为 100%%。")
                % {"vocabulary": _sector_vocabulary(vocabulary), "total": _share(total)}
            )
    return found


def _budgets(a: Activity) -> list[str]:
    found = []
    for budget in a.budgets:
        start, end = _day(budget.start), _day(budget.end)
        if not start or not end:
            continue  # the schema says so
        words = {"start": start, "end": end}
        if end < start:
            found.append(_("%(start)s 至 %(end)s 的预算:结束日期早于开始日期。") % words)
        elif not _within_a_year(start, end):
            found.append(
                _("%(start)s 至 %(end)s 的预算超过一年:每条预算的期间不能超过一年。") % words
            )
    return found


def _transactions(a: Activity, today: datetime.date) -> list[str]:
    found = []
    for move in a.transactions:
        day = _day(move.date)
        if day and day > today:
            kind = codes.TRANSACTION_KINDS.get(move.type)
            found.append(
                _("%(date)s 的资金往来(%(kind)s)日期在今天之后:已发生的资金往来不能是将来的日期。")
                % {"date": day, "kind": kind.label if kind else move.type}
            )
    return found


def _schema(element) -> list[str]:
    validator = schema()
    if validator.validate(element):
        return []
    entries = list(validator.error_log)
    reasons = "; ".join(entry.message for entry in entries[:MAX_SCHEMA_REASONS])
    return [_("不符合 IATI 2.03 格式(技术说明:%(reasons)s)。") % {"reasons": reasons}]


def problems(activity: Activity, *, element=None, today: datetime.date | None = None) -> list[str]:
    """What would fail in this activity, in plain words (empty: it passes)."""
    today = today or timezone.localdate()
    structural = _structure(activity)
    found = [
        *structural,
        *_identity(activity),
        *_dates(activity, today),
        *_places(activity),
        *_sectors(activity),
        *_budgets(activity),
        *_transactions(activity, today),
    ]
    if not structural:
        found += _schema(element if element is not None else writer.activity_element(activity))
    return found


def check_projects(
    projects: QuerySet[Project], *, today: datetime.date | None = None
) -> Iterator[ProjectCheck]:
    """Each project (by code) with what would fail in its activity."""
    today = today or timezone.localdate()
    for project, activity in exporter.activities(projects):
        yield ProjectCheck(project, activity.identifier, problems(activity, today=today))


def exportable(projects: QuerySet[Project], left_out: list[ProjectCheck], *, today=None):
    """The elements of the projects' activities that pass every check, as they come; the
    projects that would fail are added to ``left_out`` (with why) instead of being written."""
    today = today or timezone.localdate()
    for project, activity in exporter.activities(projects):
        element = writer.activity_element(activity)
        found = problems(activity, element=element, today=today)
        if found:
            left_out.append(ProjectCheck(project, activity.identifier, found))
            continue
        yield element


def left_out_note(left_out: list[ProjectCheck]) -> str:
    """The closing comment of an export: which projects were left out and why."""
    if not left_out:
        return ""
    projects = ";".join(f"{check.project.code}({' '.join(check.problems)})" for check in left_out)
    return _("未导出 %(n)s 个不能通过 IATI 检查的项目:%(projects)s") % {
        "n": len(left_out),
        "projects": projects,
    }


def write_checked(projects: QuerySet[Project], stream, *, today=None) -> tuple[int, list]:
    """Write the activities of the projects that pass the checks to a binary file: how many
    were written, and the projects left out with why."""
    left_out: list[ProjectCheck] = []
    count = writer.write_document(
        stream,
        exportable(projects, left_out, today=today),
        closing=lambda: left_out_note(left_out),
    )
    return count, left_out
