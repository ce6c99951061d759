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
    for narrative in element.iterchildren("narrative"):
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
    text = text[:10] if ISO_DATE.match(text) else text
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
    return Org(
        ref=attr(element, "ref"),
        type=attr(element, "type"),
        narratives=narratives(element),
        role=attr(element, "role"),
        activity_id=attr(element, activity_id_attr),
        secondary_reporter=attr(element, "secondary-reporter"),
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


def place(element) -> Place:
    return Place(
        code=attr(element, "code"),
        percentage=decimal(attr(element, "percentage"), SHARE),
        vocabulary=attr(element, "vocabulary"),
        vocabulary_uri=attr(element, "vocabulary-uri"),
        narratives=narratives(element),
    )


def location(element) -> Location:
    point = element.find("point")
    return Location(
        ref=attr(element, "ref"),
        reach=attr(element.find("location-reach"), "code"),
        ids=tuple(
            (attr(e, "vocabulary"), attr(e, "code")) for e in element.iterchildren("location-id")
        ),
        name=narratives(element.find("name")),
        description=narratives(element.find("description")),
        activity_description=narratives(element.find("activity-description")),
        administrative=tuple(
            Administrative(
                vocabulary=attr(e, "vocabulary"), code=attr(e, "code"), level=attr(e, "level")
            )
            for e in element.iterchildren("administrative")
        ),
        point=" ".join(((point.findtext("pos") or "") if point is not None else "").split()),
        exactness=attr(element.find("exactness"), "code"),
        location_class=attr(element.find("location-class"), "code"),
        feature_designation=attr(element.find("feature-designation"), "code"),
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
    return Budget(
        start=iso_date(element.find("period-start"), what),
        end=iso_date(element.find("period-end"), what),
        money=money(element.find("value"), what),
        type=attr(element, "type") or "1",
        status=attr(element, "status") or "1",
    )


def planned_disbursement(element) -> PlannedDisbursement:
    what = PLANNED_DISBURSEMENT
    return PlannedDisbursement(
        start=iso_date(element.find("period-start"), what),
        end=iso_date(element.find("period-end"), what),
        money=money(element.find("value"), what),
        type=attr(element, "type"),
        provider=org(element.find("provider-org"), activity_id_attr="provider-activity-id"),
        receiver=org(element.find("receiver-org"), activity_id_attr="receiver-activity-id"),
    )


def transaction(element) -> Transaction:
    what = TRANSACTION
    kind = attr(element.find("transaction-type"), "code")
    kind = TRANSACTION_LETTERS.get(kind.upper(), kind)
    value = element.find("value")
    return Transaction(
        type=kind,
        date=iso_date(element.find("transaction-date"), what)
        or iso_date(value, what, "value-date"),
        money=money(value, what),
        ref=attr(element, "ref"),
        humanitarian=attr(element, "humanitarian"),
        description=narratives(element.find("description")),
        provider=org(element.find("provider-org"), activity_id_attr="provider-activity-id"),
        receiver=org(element.find("receiver-org"), activity_id_attr="receiver-activity-id"),
    )


def observation(element) -> Observation:
    return Observation(
        value=attr(element, "value"),
        comment=narratives(element.find("comment")),
    )


def indicator(element) -> Indicator:
    return Indicator(
        measure=attr(element, "measure"),
        title=narratives(element.find("title")),
        description=narratives(element.find("description")),
        ascending=attr(element, "ascending"),
        aggregation_status=attr(element, "aggregation-status"),
        references=tuple(
            Reference(
                vocabulary=attr(e, "vocabulary"),
                code=attr(e, "code"),
                uri=attr(e, "indicator-uri"),
            )
            for e in element.iterchildren("reference")
        ),
        baselines=tuple(
            Baseline(
                year=attr(e, "year"),
                value=attr(e, "value"),
                iso_date=iso_date(e, BASELINE_DATE),
                comment=narratives(e.find("comment")),
            )
            for e in element.iterchildren("baseline")
        ),
        periods=tuple(
            IndicatorPeriod(
                start=iso_date(e.find("period-start"), INDICATOR_PERIOD),
                end=iso_date(e.find("period-end"), INDICATOR_PERIOD),
                targets=tuple(observation(t) for t in e.iterchildren("target")),
                actuals=tuple(observation(a) for a in e.iterchildren("actual")),
            )
            for e in element.iterchildren("period")
        ),
    )


def result(element) -> Result:
    return Result(
        type=attr(element, "type"),
        title=narratives(element.find("title")),
        description=narratives(element.find("description")),
        aggregation_status=attr(element, "aggregation-status"),
        indicators=tuple(indicator(e) for e in element.iterchildren("indicator")),
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


def activity(element) -> Activity:
    """Read one activity element (its children are all there: call it on the end event)."""
    return Activity(
        identifier=identifier_of(element),
        reporting_org=org(element.find("reporting-org")) or Org(),
        title=narratives(element.find("title")),
        status=attr(element.find("activity-status"), "code"),
        language=lang(element),
        currency=attr(element, "default-currency"),
        hierarchy=attr(element, "hierarchy"),
        humanitarian=attr(element, "humanitarian"),
        last_updated=attr(element, "last-updated-datetime"),
        descriptions=tuple(
            Description(type=attr(e, "type") or "1", narratives=narratives(e))
            for e in element.iterchildren("description")
        ),
        participating_orgs=tuple(org(e) for e in element.iterchildren("participating-org")),
        dates=tuple(activity_date(e) for e in element.iterchildren("activity-date")),
        recipient_countries=tuple(place(e) for e in element.iterchildren("recipient-country")),
        recipient_regions=tuple(place(e) for e in element.iterchildren("recipient-region")),
        locations=tuple(location(e) for e in element.iterchildren("location")),
        sectors=tuple(sector(e) for e in element.iterchildren("sector")),
        budgets=tuple(budget(e) for e in element.iterchildren("budget")),
        planned_disbursements=tuple(
            planned_disbursement(e) for e in element.iterchildren("planned-disbursement")
        ),
        transactions=tuple(transaction(e) for e in element.iterchildren("transaction")),
        results=tuple(result(e) for e in element.iterchildren("result")),
        line=element.sourceline or 0,
    )
