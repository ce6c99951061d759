"""Projects as IATI 2.03 activities.

A project Duikou publishes itself (never imported, or imported back from Duikou's own export:
its identifier is the reporting organisation's ref + its code) is built from Duikou's data:
names, dates, stage, regions, category, the aid money planned and moved, the approved results.

A project imported from another publisher starts from the IATI data kept at import. Where the
user changed a field after the import (the project's value is no longer what the import made
of the data) Duikou's value wins: titles, the general description, dates, status, category
(the sectors) and regions (the locations). Budgets and transactions always come from Duikou's
aid budget lines and transactions, which the import made from the activity.

Projects are read in chunks with everything they need prefetched: the number of queries does
not grow with each project, and activities are handed over one at a time.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, QuerySet

from duikou.exchange.iati import codes, mapping
from duikou.exchange.iati.activity import (
    Activity,
    ActivityDate,
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
    Reference,
    Result,
    Sector,
    Transaction,
)
from duikou.exchange.iati.stored import activity_of
from duikou.exchange.models import SectorMapping
from duikou.projects.models import BudgetLine, FundingSource, Project, ProjectRegion
from duikou.projects.models import Transaction as Move
from duikou.results.models import Aggregation, DataValue, ValueType

CHUNK = 500
HUNDRED = Decimal(100)
PLACES = Decimal("0.0001")  # of a data value
FUNDING, EXTENDING = "1", "3"  # OrganisationRole
OUTPUT = "1"  # ResultType
UNIT, PERCENTAGE = "1", "2"  # IndicatorMeasure
ACTIVITY_REACH, ADMINISTRATIVE_REGION = "1", "1"  # GeographicLocationReach, LocationClass
OWN_VOCABULARY = "99"  # reporting organisation's own sector / indicator codes
RESULTS_TITLE = {"zh": "项目成效", "en": "Project results"}


@dataclass
class Context:
    """What every activity of an export shares, loaded once."""

    reporting_org: Org
    lookups: mapping.Lookups
    sectors: dict[int, tuple[str, str]]  # category id → (vocabulary, code)

    @classmethod
    def load(cls) -> "Context":
        sectors: dict[int, tuple[str, str]] = {}
        for vocabulary, code, category in SectorMapping.objects.order_by(
            "vocabulary", "code"
        ).values_list("vocabulary", "code", "category_id"):
            sectors.setdefault(category, (vocabulary, code))
        return cls(
            reporting_org=Org(
                ref=settings.IATI_REPORTING_ORG_REF,
                type=settings.IATI_REPORTING_ORG_TYPE,
                narratives=texts(
                    settings.IATI_DEFAULT_LANGUAGE,
                    zh=settings.IATI_REPORTING_ORG_NAME,
                    en=settings.IATI_REPORTING_ORG_NAME_EN,
                ),
            ),
            lookups=mapping.load_lookups(),
            sectors=sectors,
        )


def own_identifier(project: Project) -> str:
    return f"{settings.IATI_REPORTING_ORG_REF}-{project.code}"


def texts(language: str, **by_language: str) -> Narratives:
    """Narratives from texts by language (``zh=…, en=…``): the one in the activity's default
    language unmarked and first, empty texts left out, a text given twice kept once (in the
    later language: a name that reads the same in Chinese and English is a foreign one)."""
    found: dict[str, str] = {}
    for lang, text in by_language.items():
        text = (text or "").strip()
        if not text:
            continue
        for earlier in [k for k, v in found.items() if v == text]:
            del found[earlier]
        found[lang] = text
    ordered = sorted(found.items(), key=lambda item: item[0] != language)
    return tuple(("" if lang == language else lang, text) for lang, text in ordered)


def _stamp(moment: datetime.datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(datetime.UTC).replace(microsecond=0).isoformat()


def _figure(value: Decimal) -> str:
    """A result value without trailing zeros: 120, 12.5."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


# ------------------------------------------------------------------ parts from Duikou's data


def _org(organisation, language: str, **extra: str) -> Org | None:
    if organisation is None:
        return None
    return Org(
        ref=organisation.iati_ref,
        type=organisation.iati_type,
        narratives=texts(language, zh=organisation.name, en=organisation.name_en),
        **extra,
    )


def _dates(project: Project, stored: tuple[ActivityDate, ...] = ()) -> tuple[ActivityDate, ...]:
    """The project's dates, keeping the narratives of a stored date that is unchanged."""
    kept = {}
    for date in stored:
        kept.setdefault(date.type, date)
    dates = []
    for kind, name in codes.DATE_FIELDS.items():
        value = getattr(project, name)
        if value is None:
            continue
        old = kept.get(kind)
        same = old is not None and old.date == value.isoformat()
        dates.append(old if same else ActivityDate(type=kind, date=value.isoformat()))
    return tuple(dates)


def _locations(project: Project, language: str) -> tuple[Location, ...]:
    """One location per recipient region, named by its division code (``CN-653001``)."""
    return tuple(
        Location(
            ref=f"CN-{share.region.code}",
            reach=ACTIVITY_REACH,
            name=texts(language, zh=share.region.name, en=share.region.name_en),
            location_class=ADMINISTRATIVE_REGION,
        )
        for share in sorted(project.region_shares.all(), key=lambda s: s.region.code)
    )


def _sectors(project: Project, context: Context, language: str) -> tuple[Sector, ...]:
    """The sector the category is mapped from, else the category itself (vocabulary 99)."""
    mapped = context.sectors.get(project.category_id)
    if mapped is not None:
        vocabulary, code = mapped
        return (Sector(code=code, vocabulary=vocabulary, percentage=HUNDRED),)
    category = project.category
    return (
        Sector(
            code=category.code,
            vocabulary=OWN_VOCABULARY,
            percentage=HUNDRED,
            narratives=texts(language, zh=category.name, en=category.name_en),
        ),
    )


def _money(amount: Decimal, currency: str, default: str, day: str) -> Money:
    return Money(value=amount, currency="" if currency == default else currency, value_date=day)


def _budgets(project: Project, currency: str) -> tuple[Budget, ...]:
    """One budget a calendar year, from the aid budget lines."""
    budgets = []
    for line in project.aid_budget:
        start = f"{line.year:04d}-01-01"
        budgets.append(
            Budget(
                start=start,
                end=f"{line.year:04d}-12-31",
                money=_money(line.amount, line.currency, currency, start),
            )
        )
    return tuple(budgets)


def _transactions(project: Project, currency: str, language: str) -> tuple[Transaction, ...]:
    moves = []
    for move in project.aid_moves:
        day = move.date.isoformat()
        value_day = move.value_date.isoformat() if move.value_date else day
        moves.append(
            Transaction(
                type=codes.TRANSACTION_TYPES[move.kind],
                date=day,
                money=_money(move.amount, move.currency, currency, value_day),
                ref=move.reference.strip(),
                description=texts(language, **{language or "zh": move.description}),
                provider=_org(move.provider, language),
                receiver=_org(move.receiver, language),
            )
        )
    return tuple(moves)


def _combined(values: list[DataValue]) -> Decimal:
    """Values of one element, period and kind in several regions, added up as the element
    adds up (an average is averaged)."""
    total = sum((v.value for v in values), Decimal(0))
    if values[0].element.aggregation == Aggregation.AVERAGE:
        return (total / len(values)).quantize(PLACES)
    return total


def _observation(values: list[DataValue], language: str) -> Observation:
    comment = values[0].comment if len(values) == 1 else ""
    return Observation(
        value=_figure(_combined(values)),
        comment=texts(language, **{language or "zh": comment}),
    )


def _indicator(element, values: list[DataValue], language: str) -> Indicator:
    by_period: dict[tuple, dict[str, list[DataValue]]] = defaultdict(lambda: defaultdict(list))
    for value in values:
        by_period[(value.period_start, value.period_end)][value.kind].append(value)
    baselines, periods = [], []
    for (start, end), kinds in sorted(by_period.items()):
        if kinds.get(DataValue.Kind.BASELINE):
            observed = _observation(kinds[DataValue.Kind.BASELINE], language)
            baselines.append(
                Baseline(
                    year=str(start.year),
                    value=observed.value,
                    iso_date=start.isoformat(),
                    comment=observed.comment,
                )
            )
        targets = kinds.get(DataValue.Kind.TARGET)
        actuals = kinds.get(DataValue.Kind.ACTUAL)
        if targets or actuals:
            periods.append(
                IndicatorPeriod(
                    start=start.isoformat(),
                    end=end.isoformat(),
                    targets=(_observation(targets, language),) if targets else (),
                    actuals=(_observation(actuals, language),) if actuals else (),
                )
            )
    return Indicator(
        measure=PERCENTAGE if element.value_type == ValueType.PERCENT else UNIT,
        title=texts(language, zh=element.name, en=element.name_en),
        description=texts(language, **{language or "zh": element.description}),
        references=(Reference(vocabulary=OWN_VOCABULARY, code=element.code),),
        baselines=tuple(baselines),
        periods=tuple(periods),
    )


def _results(project: Project, language: str) -> tuple[Result, ...]:
    """The project's approved figures: one indicator per data element, its periods with the
    target and actual, its baselines."""
    by_element: dict[str, list[DataValue]] = defaultdict(list)
    for value in project.approved_values:
        by_element[value.element.code].append(value)
    if not by_element:
        return ()
    indicators = tuple(
        _indicator(values[0].element, values, language)
        for _code, values in sorted(by_element.items())
    )
    return (Result(type=OUTPUT, title=texts(language, **RESULTS_TITLE), indicators=indicators),)


# ------------------------------------------------------------------ activities


def native_activity(project: Project, context: Context) -> Activity:
    """A project Duikou publishes itself, from Duikou's data."""
    language = settings.IATI_DEFAULT_LANGUAGE
    currency = settings.IATI_DEFAULT_CURRENCY
    supporter = _org(project.pairing.supporter, language, role=EXTENDING)
    description = texts(language, zh=project.description, en=project.description_en)
    return Activity(
        identifier=own_identifier(project),
        reporting_org=context.reporting_org,
        title=texts(language, zh=project.title, en=project.title_en),
        status=codes.status_for(project.stage),
        language=language,
        currency=currency,
        last_updated=_stamp(project.updated_at),
        descriptions=(Description(type="1", narratives=description),) if description else (),
        participating_orgs=(replace(context.reporting_org, role=FUNDING), supporter),
        dates=_dates(project),
        recipient_countries=(Place(code="CN", percentage=HUNDRED),),
        locations=_locations(project, language),
        sectors=_sectors(project, context, language),
        budgets=_budgets(project, currency),
        transactions=_transactions(project, currency, language),
        results=_results(project, language),
    )


def imported_activity(project: Project, identifier: str, xml: str, context: Context):
    """A project imported from another publisher: the stored activity, with Duikou's values
    where the user changed them since, and Duikou's budgets and transactions."""
    stored = activity_of(xml, identifier)
    made = mapping.map_activity(stored, context.lookups)
    language = stored.language
    currency = stored.currency or settings.IATI_DEFAULT_CURRENCY
    changes: dict = {}
    field = made.project
    if (field["title"], field["title_en"]) != (project.title, project.title_en):
        changes["title"] = texts(language, zh=project.title, en=project.title_en)
    if (field["description"], field["description_en"]) != (
        project.description,
        project.description_en,
    ):
        changes["descriptions"] = _new_description(stored, project)
    if field["category_id"] != project.category_id:
        changes["sectors"] = _sectors(project, context, language)
    regions = {share.region_id for share in project.region_shares.all()}
    if set(made.regions) != regions:
        changes.update(_new_places(stored, project, context))
    planned = tuple(
        replace(p, money=replace(p.money, value_date=p.money.value_date or p.start))
        for p in stored.planned_disbursements
    )
    return replace(
        stored,
        status=codes.status_for(project.stage, stored.status),
        last_updated=_stamp(project.updated_at),
        dates=_dates(project, stored.dates),
        budgets=_budgets(project, currency),
        planned_disbursements=planned,
        transactions=_transactions(project, currency, language),
        **changes,
    )


def _new_description(stored: Activity, project: Project) -> tuple[Description, ...]:
    """The stored descriptions with the general one replaced by the project's."""
    narratives = texts(stored.language, zh=project.description, en=project.description_en)
    descriptions = list(stored.descriptions)
    general = next(
        (i for i, d in enumerate(descriptions) if d.type == "1"), 0 if descriptions else None
    )
    if general is None:
        descriptions.append(Description(type="1", narratives=narratives))
    else:
        descriptions[general] = replace(descriptions[general], narratives=narratives)
    return tuple(d for d in descriptions if d.narratives)


def _new_places(stored: Activity, project: Project, context: Context) -> dict:
    """The project's regions as locations, beside the stored locations that name none of
    Duikou's regions; China as the recipient country when the activity names none."""
    foreign = tuple(
        location
        for location in stored.locations
        if not mapping.chinese_regions(
            replace(stored, recipient_countries=(), locations=(location,)), context.lookups
        )
    )
    places = {"locations": foreign + _locations(project, stored.language)}
    if not stored.recipient_countries and not stored.recipient_regions:
        places["recipient_countries"] = (Place(code="CN", percentage=HUNDRED),)
    return places


def activity_for(project: Project, context: Context) -> Activity:
    try:
        row = project.iati
    except ObjectDoesNotExist:
        row = None
    if row is None or row.identifier == own_identifier(project):
        return native_activity(project, context)
    return imported_activity(project, row.identifier, row.xml, context)


def prefetched(projects: QuerySet[Project]) -> QuerySet[Project]:
    """The projects (by code) with everything an activity needs, in a few queries a chunk."""
    aid = FundingSource.AID
    return (
        Project.objects.filter(pk__in=projects.order_by().values("pk"))
        .order_by("code")
        .select_related("category", "pairing__supporter", "iati")
        .prefetch_related(
            Prefetch("region_shares", queryset=ProjectRegion.objects.select_related("region")),
            Prefetch(
                "budget_lines",
                queryset=BudgetLine.objects.filter(source=aid).order_by("year"),
                to_attr="aid_budget",
            ),
            Prefetch(
                "transactions",
                queryset=Move.objects.filter(source=aid)
                .select_related("provider", "receiver")
                .order_by("date", "pk"),
                to_attr="aid_moves",
            ),
            Prefetch(
                "result_values",
                queryset=DataValue.objects.filter(status=DataValue.Status.APPROVED)
                .select_related("element")
                .order_by("period_start", "period_end", "pk"),
                to_attr="approved_values",
            ),
        )
    )


def activities(projects: QuerySet[Project]) -> Iterator[tuple[Project, Activity]]:
    """Each project (by code) with its activity, read a chunk at a time."""
    context = Context.load()
    for project in prefetched(projects).iterator(chunk_size=CHUNK):
        yield project, activity_for(project, context)
