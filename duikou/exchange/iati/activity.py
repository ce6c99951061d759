"""An IATI activity as plain data: what the reader makes of an ``iati-activity`` element, what
the importer stores, what the exporter builds from a project and the writer turns into XML.

Only what Duikou keeps is here. Texts are narratives: ``(language, text)`` pairs, the language
empty when the narrative is in the activity's default language. Dates are ISO strings
(``2024-03-31``), amounts and percentages ``Decimal``. Equality ignores where an activity was
read (``line``): two activities are equal when they say the same.

The classes are slotted, not frozen (a reader builds millions of them, and a frozen dataclass is
built about twice as slowly); nothing changes them once made, and they hash by value.
"""

from dataclasses import dataclass, field
from decimal import Decimal

Narratives = tuple[tuple[str, str], ...]


@dataclass(slots=True, unsafe_hash=True)
class Org:
    """An organisation as an activity names it: reporting, participating, provider, receiver."""

    ref: str = ""
    type: str = ""
    narratives: Narratives = ()
    role: str = ""  # participating-org only (OrganisationRole)
    activity_id: str = ""  # participating-org/@activity-id, provider/receiver-activity-id
    secondary_reporter: str = ""  # reporting-org only ("0" / "1" / "")


@dataclass(slots=True, unsafe_hash=True)
class Description:
    type: str  # DescriptionType: 1 general, 2 objectives, 3 target groups, 4 other
    narratives: Narratives


@dataclass(slots=True, unsafe_hash=True)
class ActivityDate:
    type: str  # ActivityDateType: 1 planned start, 2 actual start, 3 planned end, 4 actual end
    date: str
    narratives: Narratives = ()


@dataclass(slots=True, unsafe_hash=True)
class Place:
    """A recipient country (``vocabulary`` empty) or recipient region, with its share."""

    code: str
    percentage: Decimal | None = None
    vocabulary: str = ""
    vocabulary_uri: str = ""
    narratives: Narratives = ()


@dataclass(slots=True, unsafe_hash=True)
class Administrative:
    vocabulary: str
    code: str
    level: str = ""


@dataclass(slots=True, unsafe_hash=True)
class Location:
    ref: str = ""
    reach: str = ""
    ids: tuple[tuple[str, str], ...] = ()  # (vocabulary, code)
    name: Narratives = ()
    description: Narratives = ()
    activity_description: Narratives = ()
    administrative: tuple[Administrative, ...] = ()
    point: str = ""  # "latitude longitude" in WGS 84
    exactness: str = ""
    location_class: str = ""
    feature_designation: str = ""


@dataclass(slots=True, unsafe_hash=True)
class Sector:
    code: str
    vocabulary: str = "1"  # 1: DAC 5-digit purpose codes, 2: DAC 3-digit categories
    percentage: Decimal | None = None
    vocabulary_uri: str = ""
    narratives: Narratives = ()


@dataclass(slots=True, unsafe_hash=True)
class Money:
    value: Decimal
    currency: str = ""  # empty: the activity's default currency
    value_date: str = ""


@dataclass(slots=True, unsafe_hash=True)
class Budget:
    start: str
    end: str
    money: Money
    type: str = "1"  # 1 original, 2 revised
    status: str = "1"  # 1 indicative, 2 committed


@dataclass(slots=True, unsafe_hash=True)
class PlannedDisbursement:
    start: str
    money: Money
    end: str = ""
    type: str = ""
    provider: Org | None = None
    receiver: Org | None = None


@dataclass(slots=True, unsafe_hash=True)
class Transaction:
    type: str  # TransactionType code, 1–13 (1.0x letter codes are read into these)
    date: str
    money: Money
    ref: str = ""
    humanitarian: str = ""
    description: Narratives = ()
    provider: Org | None = None
    receiver: Org | None = None


@dataclass(slots=True, unsafe_hash=True)
class Observation:
    """A target or an actual of an indicator period, or a baseline."""

    value: str  # a number, or a text for qualitative measures
    comment: Narratives = ()


@dataclass(slots=True, unsafe_hash=True)
class Baseline:
    year: str
    value: str
    iso_date: str = ""
    comment: Narratives = ()


@dataclass(slots=True, unsafe_hash=True)
class IndicatorPeriod:
    start: str
    end: str
    targets: tuple[Observation, ...] = ()
    actuals: tuple[Observation, ...] = ()


@dataclass(slots=True, unsafe_hash=True)
class Reference:
    vocabulary: str
    code: str
    uri: str = ""


@dataclass(slots=True, unsafe_hash=True)
class Indicator:
    measure: str  # IndicatorMeasure: 1 unit, 2 percentage, 3 nominal, 4 ordinal, 5 qualitative
    title: Narratives
    description: Narratives = ()
    ascending: str = ""
    aggregation_status: str = ""
    references: tuple[Reference, ...] = ()
    baselines: tuple[Baseline, ...] = ()
    periods: tuple[IndicatorPeriod, ...] = ()


@dataclass(slots=True, unsafe_hash=True)
class Result:
    type: str  # ResultType: 1 output, 2 outcome, 3 impact, 9 other
    title: Narratives
    description: Narratives = ()
    aggregation_status: str = ""
    indicators: tuple[Indicator, ...] = ()


@dataclass(slots=True, unsafe_hash=True)
class Activity:
    identifier: str
    reporting_org: Org
    title: Narratives
    status: str = ""
    language: str = ""  # xml:lang of the activity: the default language of its narratives
    currency: str = ""  # default-currency
    hierarchy: str = ""
    humanitarian: str = ""
    last_updated: str = field(default="", compare=False)
    descriptions: tuple[Description, ...] = ()
    participating_orgs: tuple[Org, ...] = ()
    dates: tuple[ActivityDate, ...] = ()
    recipient_countries: tuple[Place, ...] = ()
    recipient_regions: tuple[Place, ...] = ()
    locations: tuple[Location, ...] = ()
    sectors: tuple[Sector, ...] = ()
    budgets: tuple[Budget, ...] = ()
    planned_disbursements: tuple[PlannedDisbursement, ...] = ()
    transactions: tuple[Transaction, ...] = ()
    results: tuple[Result, ...] = ()
    line: int = field(default=0, compare=False)

    def date_of(self, kind: str) -> str:
        """The ISO date of an activity-date type ("" when the activity has none)."""
        return next((d.date for d in self.dates if d.type == kind), "")


def text_in(narratives: Narratives, *languages: str) -> str:
    """The first narrative in one of ``languages`` ("" stands for the default language)."""
    for language in languages:
        for lang, text in narratives:
            if lang == language:
                return text
    return ""


def best_text(narratives: Narratives, language: str, *preferred: str) -> str:
    """The narrative in the first preferred language, the default language, or any."""
    for wanted in preferred:
        text = text_in(narratives, wanted) or (
            text_in(narratives, "") if language == wanted else ""
        )
        if text:
            return text
    return text_in(narratives, "", language) or (narratives[0][1] if narratives else "")
