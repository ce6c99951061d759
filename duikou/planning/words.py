"""A scenario's rules, reasons and conflicts in words a programme officer reads, in the
user's language. The result keeps them as data (``explain.py``); they are put in words when
shown, so the same result reads in Chinese and in English."""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from duikou.geo.models import Region
from duikou.projects.models import Category

SHARE_KINDS = {"share_min", "share_max"}


def wan(amount: float) -> str:
    """万元 with thousands separators and no needless decimals: "1,200 万元"."""
    text = f"{amount:,.0f}" if abs(amount - round(amount)) < 0.005 else f"{amount:,.2f}"
    return _("%(amount)s 万元") % {"amount": text}


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f} %"


def _name(names: dict, key: str) -> str:
    """A candidate's code and title: "KZ27-01 阿图什市…"."""
    title = names.get(key)
    return f"{key} {title}" if title else key


def greedy(result: dict) -> str:
    """The baseline: what taking projects by value per 万元, best first, would have given."""
    figures = {"value": f"{result['greedy_value']:,.0f}"}
    if not result.get("greedy_keeps_rules", True):
        return _("按每万元成效依次挑选的方案(成效 %(value)s)违反了规则。") % figures
    figures["more"] = _more_than(result["value"], result["greedy_value"])
    return _("按每万元成效依次挑选只得 %(value)s,本方案多 %(more)s。") % figures


def _more_than(value: float, baseline: float) -> str:
    return "—" if not baseline else f"{(value / baseline - 1) * 100:.1f} %"


def rule(item: list, names: dict) -> str:
    """One rule of a scenario; ``names`` maps candidate codes to titles."""
    kind = item[0]
    if kind == "budget":
        return _("%(year)s 年预算") % {"year": item[1]}
    if kind == "commitment":
        return _("%(year)s 年(规划期后)可用资金") % {"year": item[1]}
    if kind == "livelihood":
        return _("%(year)s 年民生投入不低于 %(bound)s") % {
            "year": item[1],
            "bound": percent(item[2]),
        }
    if kind == "grassroots":
        return _("%(year)s 年县及县以下投入不低于 %(bound)s") % {
            "year": item[1],
            "bound": percent(item[2]),
        }
    if kind == "share_min":
        return _("“%(label)s”占比不低于 %(bound)s") % {"label": item[1], "bound": percent(item[2])}
    if kind == "share_max":
        return _("“%(label)s”占比不高于 %(bound)s") % {"label": item[1], "bound": percent(item[2])}
    if kind == "required":
        return _("受援地要求安排 %(name)s") % {"name": _name(names, item[1])}
    if kind == "refused":
        return _("受援地不同意 %(name)s") % {"name": _name(names, item[1])}
    if kind == "continuing":
        return _("续建项目 %(name)s(%(year)s 年开工)") % {
            "name": _name(names, item[1]),
            "year": item[2],
        }
    if kind == "dependency":
        text = _("%(name)s 须在 %(other)s 开工后实施") % {
            "name": _name(names, item[1]),
            "other": _name(names, item[2]),
        }
        if item[3]:
            text += _("(至少间隔 %(lag)s 年)") % {"lag": item[3]}
        return text
    if kind == "alternative":
        return _("互斥组“%(group)s”至多选一个") % {"group": item[1]}
    return str(item)


def reason(item: dict, names: dict) -> str:
    """Why a candidate was left out, from ``explain.rejected``."""
    code = item["code"]
    if code == "refused":
        text = _("受援地政府不同意安排。")
    elif code == "too_late":
        text = _("最早 %(year)s 年才能开工,已超出规划期。") % {"year": item["earliest"]}
    elif code == "alternative":
        text = _("与已选的 %(other)s 互斥。") % {"other": _name(names, item["other"])}
    elif code == "needs":
        text = _("需要先安排 %(other)s(未入选)。") % {"other": _name(names, item["other"])}
    elif code == "needs_earlier":
        text = _("需要先安排 %(other)s,最早 %(year)s 年才能开工,已超出规划期。") % {
            "other": _name(names, item["other"]),
            "year": item["year"],
        }
    elif code == "no_value":
        text = _("在本方案的权重下没有预期成效。")
    elif code == "within_gap":
        text = _("预算和规则都容得下,但求解在设定的最优性间隙内停止。")
    elif code == "over_budget":
        text = _("超出 %(year)s 年预算 %(amount)s。") % {
            "year": item["year"],
            "amount": wan(item["amount"]),
        }
    elif code == "over_commitment":
        text = _("超出 %(year)s 年(规划期后)可用资金 %(amount)s。") % {
            "year": item["year"],
            "amount": wan(item["amount"]),
        }
    elif code in ("livelihood", "grassroots"):
        label = _("民生投入") if code == "livelihood" else _("县及县以下投入")
        text = _("会使 %(year)s 年%(label)s占比降到 %(share)s,低于 %(bound)s。") % {
            "year": item["year"],
            "label": label,
            "share": percent(item["share"]),
            "bound": percent(item["bound"]),
        }
    elif code == "share_max":
        text = _("会使“%(label)s”占比升到 %(share)s,高于 %(bound)s。") % {
            "label": item["label"],
            "share": percent(item["share"]),
            "bound": percent(item["bound"]),
        }
    elif code == "share_min":
        text = _("会使“%(label)s”占比降到 %(share)s,低于 %(bound)s。") % {
            "label": item["label"],
            "share": percent(item["share"]),
            "bound": percent(item["bound"]),
        }
    else:
        text = str(item)
    if "last" in item:
        text += " " + _("每万元成效 %(mine).2f,低于最后入选的 %(last)s(%(theirs).2f)。") % {
            "mine": item["per_wan"],
            "last": _name(names, item["last"]["key"]),
            "theirs": item["last"]["per_wan"],
        }
    return text


def conflict(found: dict, names: dict) -> list[str]:
    """An infeasible scenario: the rules that conflict and what relaxing would be enough."""
    return [rule(item, names) for item in found["rules"]]


def relax(found: dict, names: dict) -> list[str]:
    """The rules of a conflict that, relaxed alone, let a portfolio through."""
    short = found.get("budget_short", {})
    lines = []
    for item in found["enough_alone"]:
        text = rule(item, names)
        if item[0] == "budget" and str(item[1]) in short:
            text += _("(至少增加 %(amount)s)") % {"amount": wan(short[str(item[1])])}
        lines.append(text)
    return lines


def _local_name(record) -> str:
    english = (get_language() or "").startswith("en")
    return (getattr(record, "name_en", "") if english else "") or record.name


def share_names(result: dict) -> dict[str, str]:
    """The names of the categories and regions a result's share rules name by code."""
    codes = {
        row["rule"][1] for row in result.get("compliance", []) if row["rule"][0] in SHARE_KINDS
    }
    codes |= {
        row["reason"]["label"]
        for row in result.get("rejected", [])
        if row["reason"]["code"] in SHARE_KINDS
    }
    codes |= {r[1] for r in (result.get("conflict") or {}).get("rules", []) if r[0] in SHARE_KINDS}
    if not codes:
        return {}
    names = {c.code: _local_name(c) for c in Category.objects.filter(code__in=codes)}
    names.update({r.code: _local_name(r) for r in Region.objects.filter(code__in=codes)})
    return names


def _named(item: list, labels: dict) -> list:
    return [item[0], labels.get(item[1], item[1]), *item[2:]] if item[0] in SHARE_KINDS else item


def result_in_words(result: dict | None, names: dict) -> dict | None:
    """A copy of a stored result with a ``text`` beside every rule, reason and conflict;
    share rules name their category or region."""
    if result is None:
        return None
    labels = share_names(result)
    worded = dict(result)
    if "compliance" in result:
        worded["compliance"] = [
            {**row, "text": rule(_named(row["rule"], labels), names)}
            for row in result["compliance"]
        ]
    if "rejected" in result:
        worded["rejected"] = [
            {**row, "text": reason(_named_reason(row["reason"], labels), names)}
            for row in result["rejected"]
        ]
    found = result.get("conflict")
    if found:
        named = {
            **found,
            "rules": [_named(r, labels) for r in found["rules"]],
            "enough_alone": [_named(r, labels) for r in found["enough_alone"]],
        }
        worded["conflict"] = {
            **found,
            "text": conflict(named, names),
            "relax_text": relax(named, names),
        }
    return worded


def _named_reason(item: dict, labels: dict) -> dict:
    if item["code"] in SHARE_KINDS:
        return {**item, "label": labels.get(item["label"], item["label"])}
    return item
