"""An ``iati-activity`` element, of version 2.0x or 1.0x, read into an ``Activity``.

Version 2 texts are ``narrative`` children; version 1 put the text in the element itself, named
transaction types by letters and activity dates by words. Both are read into the same data.
Values a schema-valid activity cannot hold wrongly (numbers, dates) are still checked, because
1.0x activities are not validated against the 2.03 schema: a bad one raises ``Unreadable``.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from duikou.exchange.iati.activity import (
    Activity,
    ActivityDate,
    Administrative,
    Baseline,
    Budget,
    Description,
    Indicator,
    IndicatorPeriod,
    Location,
    Money,
    Narratives,
    Observation,
    Org,
    Place,
    PlannedDisbursement,
    Reference,
    Result,
    Sector,
    Transaction,
)

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Version 1.0x letter codes of transaction types, and words for activity dates.
TRANSACTION_LETTERS = {
    "IF": "1",
    "C": "2",
    "D": "3",
    "E": "4",
    "IR": "5",
    "LR": "6",
    "R": "7",
    "QP": "8",
    "QS": "9",
    "CG": "10",
}
DATE_WORDS = {"start-planned": "1", "start-actual": "2", "end-planned": "3", "end-actual": "4"}
SECTOR_VOCABULARY_WORDS = {"DAC": "1", "DAC-3": "2", "RO": "99"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# What a bad value belonged to, for the message (translated only when there is one).
SHARE = gettext_lazy("比例")
SECTOR_SHARE = gettext_lazy("行业比例")
BUDGET = gettext_lazy("预算")
PLANNED_DISBURSEMENT = gettext_lazy("计划拨付")
TRANSACTION = gettext_lazy("交易")
BASELINE_DATE = gettext_lazy("基线日期")
INDICATOR_PERIOD = gettext_lazy("指标期间")
ACTIVITY_DATE = gettext_lazy("活动日期")


class Unreadable(ValueError):
    """An activity whose content cannot be read (a number or date that is not one)."""


def lang(element) -> str:
    return (element.get(XML_LANG) or "").strip()


def narratives(element) -> Narratives:
    """The narratives of an element; in 1.0x, the element's own text."""
    if element is None:
        return ()
    found = []
    for narrative in element:  # (faster than ``iterchildren("narrative")``: few children)
        if narrative.tag != "narrative":
            continue
        text = narrative.text
        if text and (text := text.strip()):
            found.append(((narrative.get(XML_LANG) or "").strip(), text))
    if found:
        return tuple(found)
    text = (element.text or "").strip()
    return ((lang(element), text),) if text else ()


def attr(element, name: str) -> str:
    return (element.get(name) or "").strip() if element is not None else ""


def decimal(text: str, what: str) -> Decimal | None:
    text = (text or "").strip().replace(",", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise Unreadable(_("%(what)s“%(text)s”不是数字") % {"what": what, "text": text}) from None
    if not number.is_finite():
        raise Unreadable(_("%(what)s“%(text)s”不是数字") % {"what": what, "text": text})
    return number


def iso_date(element, what: str, name: str = "iso-date") -> str:
    """An ISO date from an attribute (or, in 1.0x, the element's text)."""
    if element is None:
        return ""
    text = attr(element, name) or (element.text or "").strip()
    if len(text) > 10 and ISO_DATE.match(text):  # a date-time, or a date with a time zone
        text = text[:10]
    if not text:
        return ""
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        raise Unreadable(
            _("%(what)s“%(text)s”不是有效日期(应为 YYYY-MM-DD)") % {"what": what, "text": text}
        ) from None
    return text


def org(element, *, activity_id_attr: str = "activity-id") -> Org | None:
    if element is None:
        return None
    get = element.get  # (the hottest reader: two or three in every transaction)
    return Org(
        ref=(get("ref") or "").strip(),
        type=(get("type") or "").strip(),
        narratives=narratives(element),
        role=(get("role") or "").strip(),
        activity_id=(get(activity_id_attr) or "").strip(),
        secondary_reporter=(get("secondary-reporter") or "").strip(),
    )


def money(element, what: str) -> Money:
    value = decimal(element.text if element is not None else "", what)
    if value is None:
        raise Unreadable(_("%(what)s没有金额") % {"what": what})
    return Money(
        value=value,
        currency=attr(element, "currency"),
        value_date=iso_date(element, what, "value-date"),
    )


def children(element) -> dict:
    """An element's children by tag, in order: one pass over them (much faster than a
    ``find`` per tag)."""
    found: dict = {}
    for child in element:
        tag = child.tag
        if tag in found:
            found[tag].append(child)
        else:
            found[tag] = [child]
    return found


NONE = (None,)


def first(found: dict, tag: str):
    return found.get(tag, NONE)[0]


def place(element) -> Place:
    return Place(
        code=attr(element, "code"),
        percentage=decimal(attr(element, "percentage"), SHARE),
        vocabulary=attr(element, "vocabulary"),
        vocabulary_uri=attr(element, "vocabulary-uri"),
        narratives=narratives(element),
    )


def location(element) -> Location:
    parts = children(element)
    point = first(parts, "point")
    return Location(
        ref=attr(element, "ref"),
        reach=attr(first(parts, "location-reach"), "code"),
        ids=tuple((attr(e, "vocabulary"), attr(e, "code")) for e in parts.get("location-id", ())),
        name=narratives(first(parts, "name")),
        description=narratives(first(parts, "description")),
        activity_description=narratives(first(parts, "activity-description")),
        administrative=tuple(
            Administrative(
                vocabulary=attr(e, "vocabulary"), code=attr(e, "code"), level=attr(e, "level")
            )
            for e in parts.get("administrative", ())
        ),
        point=" ".join(((point.findtext("pos") or "") if point is not None else "").split()),
        exactness=attr(first(parts, "exactness"), "code"),
        location_class=attr(first(parts, "location-class"), "code"),
        feature_designation=attr(first(parts, "feature-designation"), "code"),
    )


def sector(element) -> Sector:
    vocabulary = attr(element, "vocabulary") or "1"
    return Sector(
        code=attr(element, "code"),
        vocabulary=SECTOR_VOCABULARY_WORDS.get(vocabulary, vocabulary),
        percentage=decimal(attr(element, "percentage"), SECTOR_SHARE),
        vocabulary_uri=attr(element, "vocabulary-uri"),
        narratives=narratives(element),
    )


def budget(element) -> Budget:
    what = BUDGET
    parts = children(element)
    return Budget(
        start=iso_date(first(parts, "period-start"), what),
        end=iso_date(first(parts, "period-end"), what),
        money=money(first(parts, "value"), what),
        type=attr(element, "type") or "1",
        status=attr(element, "status") or "1",
    )


def planned_disbursement(element) -> PlannedDisbursement:
    what = PLANNED_DISBURSEMENT
    parts = children(element)
    return PlannedDisbursement(
        start=iso_date(first(parts, "period-start"), what),
        end=iso_date(first(parts, "period-end"), what),
        money=money(first(parts, "value"), what),
        type=attr(element, "type"),
        provider=org(first(parts, "provider-org"), activity_id_attr="provider-activity-id"),
        receiver=org(first(parts, "receiver-org"), activity_id_attr="receiver-activity-id"),
    )


def transaction(element) -> Transaction:
    what = TRANSACTION
    parts = children(element)
    kind = attr(first(parts, "transaction-type"), "code")
    kind = TRANSACTION_LETTERS.get(kind.upper(), kind)
    value = first(parts, "value")
    return Transaction(
        type=kind,
        date=iso_date(first(parts, "transaction-date"), what)
        or iso_date(value, what, "value-date"),
        money=money(value, what),
        ref=attr(element, "ref"),
        humanitarian=attr(element, "humanitarian"),
        description=narratives(first(parts, "description")),
        provider=org(first(parts, "provider-org"), activity_id_attr="provider-activity-id"),
        receiver=org(first(parts, "receiver-org"), activity_id_attr="receiver-activity-id"),
    )


def observation(element) -> Observation:
    return Observation(
        value=attr(element, "value"),
        comment=narratives(element.find("comment")),
    )


def indicator(element) -> Indicator:
    parts = children(element)
    return Indicator(
        measure=attr(element, "measure"),
        title=narratives(first(parts, "title")),
        description=narratives(first(parts, "description")),
        ascending=attr(element, "ascending"),
        aggregation_status=attr(element, "aggregation-status"),
        references=tuple(
            Reference(
                vocabulary=attr(e, "vocabulary"),
                code=attr(e, "code"),
                uri=attr(e, "indicator-uri"),
            )
            for e in parts.get("reference", ())
        ),
        baselines=tuple(
            Baseline(
                year=attr(e, "year"),
                value=attr(e, "value"),
                iso_date=iso_date(e, BASELINE_DATE),
                comment=narratives(e.find("comment")),
            )
            for e in parts.get("baseline", ())
        ),
        periods=tuple(indicator_period(e) for e in parts.get("period", ())),
    )


def indicator_period(element) -> IndicatorPeriod:
    parts = children(element)
    return IndicatorPeriod(
        start=iso_date(first(parts, "period-start"), INDICATOR_PERIOD),
        end=iso_date(first(parts, "period-end"), INDICATOR_PERIOD),
        targets=tuple(observation(t) for t in parts.get("target", ())),
        actuals=tuple(observation(a) for a in parts.get("actual", ())),
    )


def result(element) -> Result:
    parts = children(element)
    return Result(
        type=attr(element, "type"),
        title=narratives(first(parts, "title")),
        description=narratives(first(parts, "description")),
        aggregation_status=attr(element, "aggregation-status"),
        indicators=tuple(indicator(e) for e in parts.get("indicator", ())),
    )


def activity_date(element) -> ActivityDate:
    kind = attr(element, "type")
    return ActivityDate(
        type=DATE_WORDS.get(kind, kind),
        date=iso_date(element, ACTIVITY_DATE),
        narratives=narratives(element),
    )


def identifier_of(element) -> str:
    return (element.findtext("iati-identifier") or "").strip()


def activity(element, *, line: int | None = None, skip: frozenset[str] = frozenset()) -> Activity:
    """Read one activity element (its children are all there: call it on the end event).
    ``line``: where it starts in the file, when that is not its ``sourceline``; ``skip``: the
    elements not read (their part of the activity is left empty)."""
    parts = children(element)

    def each(tag: str, read) -> tuple:
        if tag in skip:
            return ()
        return tuple(read(e) for e in parts.get(tag, ()))

    identifier = first(parts, "iati-identifier")
    return Activity(
        identifier=(identifier.text or "").strip() if identifier is not None else "",
        reporting_org=org(first(parts, "reporting-org")) or Org(),
        title=narratives(first(parts, "title")),
        status=attr(first(parts, "activity-status"), "code"),
        language=lang(element),
        currency=attr(element, "default-currency"),
        hierarchy=attr(element, "hierarchy"),
        humanitarian=attr(element, "humanitarian"),
        last_updated=attr(element, "last-updated-datetime"),
        descriptions=tuple(
            Description(type=attr(e, "type") or "1", narratives=narratives(e))
            for e in parts.get("description", ())
        ),
        participating_orgs=each("participating-org", org),
        dates=each("activity-date", activity_date),
        recipient_countries=each("recipient-country", place),
        recipient_regions=each("recipient-region", place),
        locations=each("location", location),
        sectors=each("sector", sector),
        budgets=each("budget", budget),
        planned_disbursements=each("planned-disbursement", planned_disbursement),
        transactions=each("transaction", transaction),
        results=each("result", result),
        line=(element.sourceline or 0) if line is None else line,
    )
