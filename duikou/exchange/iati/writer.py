"""An ``Activity`` written as an IATI 2.03 ``iati-activity`` element, and whole documents
written as a stream.

Children come in the order the 2.03 schema requires; what an activity does not say is left
out (an empty attribute or text is not written). Reading the element back with
``parse.activity`` gives the same activity. A document is written one activity at a time
(``lxml.etree.xmlfile``): memory stays flat however many activities there are.
"""

import datetime
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

from lxml import etree

from duikou.exchange.iati.activity import (
    Activity,
    Indicator,
    Location,
    Money,
    Narratives,
    Observation,
    Org,
    Result,
    Transaction,
)
from duikou.exchange.iati.parse import XML_LANG

VERSION = "2.03"
WGS84 = "http://www.opengis.net/def/crs/EPSG/0/4326"
CHUNK = 64 * 1024


def _number(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _child(parent, tag: str, **attributes: str):
    """A child element with the attributes that have a value (``_`` in names becomes ``-``)."""
    element = etree.SubElement(parent, tag)
    for name, value in attributes.items():
        if value:
            element.set(name.replace("_", "-"), value)
    return element


def _narratives(element, narratives: Narratives):
    for language, text in narratives:
        narrative = etree.SubElement(element, "narrative")
        if language:
            narrative.set(XML_LANG, language)
        narrative.text = text
    return element


def _text(parent, tag: str, narratives: Narratives, **attributes: str) -> None:
    """An element holding narratives, written only when there are some."""
    if narratives:
        _narratives(_child(parent, tag, **attributes), narratives)


def _org(parent, tag: str, org: Org | None, activity_id_attr: str = "activity-id") -> None:
    if org is None:
        return
    element = _child(parent, tag, ref=org.ref, type=org.type, role=org.role)
    if org.activity_id:
        element.set(activity_id_attr, org.activity_id)
    if org.secondary_reporter:
        element.set("secondary-reporter", org.secondary_reporter)
    _narratives(element, org.narratives)


def _money(parent, money: Money) -> None:
    _child(parent, "value", currency=money.currency, value_date=money.value_date).text = _number(
        money.value
    )


def _location(parent, location: Location) -> None:
    element = _child(parent, "location", ref=location.ref)
    if location.reach:
        _child(element, "location-reach", code=location.reach)
    for vocabulary, code in location.ids:
        _child(element, "location-id", vocabulary=vocabulary, code=code)
    _text(element, "name", location.name)
    _text(element, "description", location.description)
    _text(element, "activity-description", location.activity_description)
    for area in location.administrative:
        _child(
            element, "administrative", vocabulary=area.vocabulary, code=area.code, level=area.level
        )
    if location.point:
        _child(_child(element, "point", srsName=WGS84), "pos").text = location.point
    for tag, code in (
        ("exactness", location.exactness),
        ("location-class", location.location_class),
        ("feature-designation", location.feature_designation),
    ):
        if code:
            _child(element, tag, code=code)


def _transaction(parent, move: Transaction) -> None:
    element = _child(parent, "transaction", ref=move.ref, humanitarian=move.humanitarian)
    _child(element, "transaction-type", code=move.type)
    _child(element, "transaction-date", iso_date=move.date)
    _money(element, move.money)
    _text(element, "description", move.description)
    _org(element, "provider-org", move.provider, "provider-activity-id")
    _org(element, "receiver-org", move.receiver, "receiver-activity-id")


def _observation(parent, tag: str, observation: Observation) -> None:
    element = _child(parent, tag, value=observation.value)
    _text(element, "comment", observation.comment)


def _indicator(parent, indicator: Indicator) -> None:
    element = _child(
        parent,
        "indicator",
        measure=indicator.measure,
        ascending=indicator.ascending,
        aggregation_status=indicator.aggregation_status,
    )
    _text(element, "title", indicator.title)
    _text(element, "description", indicator.description)
    for reference in indicator.references:
        _child(
            element,
            "reference",
            vocabulary=reference.vocabulary,
            code=reference.code,
            indicator_uri=reference.uri,
        )
    for baseline in indicator.baselines:
        node = _child(
            element,
            "baseline",
            year=baseline.year,
            iso_date=baseline.iso_date,
            value=baseline.value,
        )
        _text(node, "comment", baseline.comment)
    for period in indicator.periods:
        node = _child(element, "period")
        _child(node, "period-start", iso_date=period.start)
        _child(node, "period-end", iso_date=period.end)
        for target in period.targets:
            _observation(node, "target", target)
        for actual in period.actuals:
            _observation(node, "actual", actual)


def _result(parent, result: Result) -> None:
    element = _child(
        parent, "result", type=result.type, aggregation_status=result.aggregation_status
    )
    _text(element, "title", result.title)
    _text(element, "description", result.description)
    for indicator in result.indicators:
        _indicator(element, indicator)


def activity_element(activity: Activity):
    """The ``iati-activity`` element of an activity."""
    a = activity
    root = etree.Element("iati-activity")
    for name, value in (
        ("last-updated-datetime", a.last_updated),
        (XML_LANG, a.language),
        ("default-currency", a.currency),
        ("humanitarian", a.humanitarian),
        ("hierarchy", a.hierarchy),
    ):
        if value:
            root.set(name, value)
    _child(root, "iati-identifier").text = a.identifier
    _org(root, "reporting-org", a.reporting_org)
    _narratives(_child(root, "title"), a.title)
    for description in a.descriptions:
        _text(root, "description", description.narratives, type=description.type)
    for org in a.participating_orgs:
        _org(root, "participating-org", org)
    if a.status:
        _child(root, "activity-status", code=a.status)
    for date in a.dates:
        _narratives(
            _child(root, "activity-date", type=date.type, iso_date=date.date), date.narratives
        )
    for tag, places in (
        ("recipient-country", a.recipient_countries),
        ("recipient-region", a.recipient_regions),
    ):
        for place in places:
            element = _child(
                root,
                tag,
                code=place.code,
                vocabulary=place.vocabulary,
                vocabulary_uri=place.vocabulary_uri,
                percentage=_number(place.percentage),
            )
            _narratives(element, place.narratives)
    for location in a.locations:
        _location(root, location)
    for sector in a.sectors:
        element = _child(
            root,
            "sector",
            vocabulary=sector.vocabulary,
            vocabulary_uri=sector.vocabulary_uri,
            code=sector.code,
            percentage=_number(sector.percentage),
        )
        _narratives(element, sector.narratives)
    for budget in a.budgets:
        element = _child(root, "budget", type=budget.type, status=budget.status)
        _child(element, "period-start", iso_date=budget.start)
        _child(element, "period-end", iso_date=budget.end)
        _money(element, budget.money)
    for planned in a.planned_disbursements:
        element = _child(root, "planned-disbursement", type=planned.type)
        _child(element, "period-start", iso_date=planned.start)
        if planned.end:
            _child(element, "period-end", iso_date=planned.end)
        _money(element, planned.money)
        _org(element, "provider-org", planned.provider, "provider-activity-id")
        _org(element, "receiver-org", planned.receiver, "receiver-activity-id")
    for move in a.transactions:
        _transaction(root, move)
    for result in a.results:
        _result(root, result)
    return root


def generated_now() -> str:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()


def document_chunks(activities: Iterable, *, generated: str = "", closing=None) -> Iterator[bytes]:
    """An ``iati-activities`` document as chunks of bytes, each activity (an ``Activity`` or
    its element) written as it comes: for a file, or a streamed HTTP answer. ``closing()``,
    called once the activities are written, gives a comment to end the document with."""
    buffer = io.BytesIO()

    def taken() -> bytes:
        chunk = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return chunk

    with etree.xmlfile(buffer, encoding="utf-8") as document:
        document.write_declaration()
        root = {"version": VERSION, "generated-datetime": generated or generated_now()}
        with document.element("iati-activities", root):
            document.write("\n")
            for activity in activities:
                element = activity if etree.iselement(activity) else activity_element(activity)
                document.write(element, pretty_print=True)
                document.flush()
                if buffer.tell() >= CHUNK:
                    yield taken()
            note = closing() if closing else ""
            if note:
                document.write(etree.Comment(" " + note.replace("--", "- -") + " "), "\n")
    yield taken() + b"\n"


def write_document(stream, activities: Iterable, *, generated: str = "", closing=None) -> int:
    """Write the document to a binary file; the number of activities written."""
    count = 0

    def counted():
        nonlocal count
        for activity in activities:
            count += 1
            yield activity

    for chunk in document_chunks(counted(), generated=generated, closing=closing):
        stream.write(chunk)
    return count
