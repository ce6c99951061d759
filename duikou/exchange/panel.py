"""The IATI panel of a project's page: what its imported activity says beyond the project's
own fields (every title and description in every language, organisations in their roles,
sectors, countries, locations, planned disbursements, results), in two queries."""

from django.utils.translation import get_language, gettext_lazy

from duikou.accounts.models import Role
from duikou.exchange.iati import codes, stored
from duikou.exchange.iati.activity import best_text
from duikou.exchange.models import IatiActivity

ROLE_NAMES = {
    "1": gettext_lazy("资金提供方"),
    "2": gettext_lazy("责任方"),
    "3": gettext_lazy("出资机构"),
    "4": gettext_lazy("实施方"),
}
DESCRIPTION_TYPES = {
    "1": gettext_lazy("概述"),
    "2": gettext_lazy("目标"),
    "3": gettext_lazy("目标群体"),
    "4": gettext_lazy("其他"),
}
MEASURES = {
    "1": gettext_lazy("数量"),
    "2": gettext_lazy("百分比"),
    "3": gettext_lazy("名义"),
    "4": gettext_lazy("序数"),
    "5": gettext_lazy("定性"),
}
RESULT_TYPES = {
    "1": gettext_lazy("产出"),
    "2": gettext_lazy("成果"),
    "3": gettext_lazy("影响"),
    "9": gettext_lazy("其他"),
}


def _ui_language() -> str:
    return (get_language() or "zh").split("-")[0]


def _texts(narratives, default: str) -> list[dict]:
    """Every narrative with its language (the activity's default where it names none)."""
    return [{"language": lang or default, "text": text} for lang, text in narratives or []]


def _text(narratives, default: str) -> str:
    """The narrative in the page's language, else Chinese or English, else the first."""
    return best_text(narratives or [], default, _ui_language(), "zh", "en")


def _org_name(org: dict | None, default: str) -> str:
    if not org:
        return ""
    return _text(org.get("narratives"), default) or org.get("ref", "")


def _code_name(codelist: str, code: str) -> str:
    return codes.codelist(codelist).get(code, "")


def _sector(sector: dict, default: str) -> dict:
    vocabulary = sector.get("vocabulary", "1")
    named = {"1": "Sector", "2": "SectorCategory"}.get(vocabulary)
    name = _text(sector.get("narratives"), default) or (
        _code_name(named, sector["code"]) if named else ""
    )
    return {**sector, "vocabulary": vocabulary, "name": name}


def _place(place: dict, codelist: str | None, default: str) -> dict:
    name = _text(place.get("narratives"), default) or (
        _code_name(codelist, place["code"]) if codelist else ""
    )
    return {**place, "name": name}


def _location(location: dict, default: str) -> dict:
    return {
        "ref": location.get("ref", ""),
        "name": _text(location.get("name"), default),
        "description": _text(location.get("description"), default),
        "activity_description": _text(location.get("activity_description"), default),
        "point": location.get("point", ""),
        "administrative": [
            f"{a.get('vocabulary', '')}:{a.get('code', '')}"
            for a in location.get("administrative", [])
        ],
    }


def _disbursement(item: dict, currency: str, default: str) -> dict:
    money = item.get("money") or {}
    return {
        "start": item.get("start", ""),
        "end": item.get("end", ""),
        "value": money.get("value"),
        "currency": money.get("currency") or currency,
        "provider": _org_name(item.get("provider"), default),
        "receiver": _org_name(item.get("receiver"), default),
    }


def _values(observations) -> str:
    return "、".join(o.get("value", "") for o in observations or [] if o.get("value"))


def _indicator(indicator: dict, default: str) -> dict:
    return {
        "title": _text(indicator.get("title"), default),
        "measure": MEASURES.get(indicator.get("measure", ""), ""),
        "baselines": [
            {"year": b.get("year", ""), "value": b.get("value", "")}
            for b in indicator.get("baselines", [])
        ],
        "periods": [
            {
                "start": period.get("start", ""),
                "end": period.get("end", ""),
                "target": _values(period.get("targets")),
                "actual": _values(period.get("actuals")),
            }
            for period in indicator.get("periods", [])
        ]
        or [{}],  # one row for an indicator with no period
    }


def _result(result: dict, default: str) -> dict:
    return {
        "type": RESULT_TYPES.get(result.get("type", ""), result.get("type", "")),
        "title": _text(result.get("title"), default),
        "description": _text(result.get("description"), default),
        "indicators": [_indicator(i, default) for i in result.get("indicators", [])],
    }


def project_iati(project, user) -> dict | None:
    """What the project's IATI activity says, for its page (two queries, however much);
    None when the project did not come from IATI."""
    activity = (
        IatiActivity.objects.filter(project_id=project.pk).select_related("reporting_org").first()
    )
    if activity is None:
        return None
    data = stored.plain(stored.activity_of(activity.xml, activity.identifier))
    default = data.get("language", "")
    currency = data.get("currency", "")
    members = activity.organisations.select_related("organisation").order_by("position")
    return {
        "activity": activity,
        "internal": user.role != Role.PUBLIC,
        "default_language": default,
        "titles": _texts(data.get("title"), default),
        "descriptions": [
            {
                "type": DESCRIPTION_TYPES.get(d.get("type", ""), d.get("type", "")),
                "texts": _texts(d.get("narratives"), default),
            }
            for d in data.get("descriptions", [])
        ],
        "organisations": [
            {
                "organisation": member.organisation,
                "role": ROLE_NAMES.get(member.role, member.role or "—"),
            }
            for member in members
        ],
        "sectors": [_sector(s, default) for s in data.get("sectors", [])],
        "countries": [_place(c, "Country", default) for c in data.get("recipient_countries", [])],
        "regions": [
            _place(r, "Region" if r.get("vocabulary", "1") == "1" else None, default)
            for r in data.get("recipient_regions", [])
        ],
        "locations": [_location(loc, default) for loc in data.get("locations", [])],
        "disbursements": [
            _disbursement(d, currency, default) for d in data.get("planned_disbursements", [])
        ],
        "results": [_result(r, default) for r in data.get("results", [])],
    }
