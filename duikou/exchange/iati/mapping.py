"""What an IATI activity becomes in Duikou: the values of its project, its Chinese regions,
yearly budget lines and transactions, beside the activity's XML. The activity is read against
lookups loaded once per import (``load_lookups``: regions, categories, the sector table); the
importer writes the result. Anything Duikou cannot keep as it is is said in ``warnings``.
"""

import functools
import hashlib
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q
from django.utils.translation import gettext as _

from duikou.exchange.iati import codes, stored
from duikou.exchange.iati.activity import Activity, Narratives, Org, Result, best_text, text_in
from duikou.exchange.iati.reader import Read
from duikou.exchange.models import SectorMapping
from duikou.geo.models import Region
from duikou.projects.models import Category, Project
from duikou.projects.services import category_create

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("1e16")
CODE_LENGTH = Project._meta.get_field("code").max_length
TITLE_LENGTH = Project._meta.get_field("title").max_length
GENERATED_PREFIX = "DUIKOU-NOID-"
DEFAULT_STAGE = Project._meta.get_field("stage").default
# where an activity goes when no sector of it is in the table
FALLBACK_CATEGORY = ("other", "其他(未归类)", "Other (not classified)")


def identifier_for(activity: Activity, digest: str) -> tuple[str, bool]:
    """The activity's identifier, or one made from its content when the file gives none."""
    if activity.identifier:
        return activity.identifier[:255], False
    return f"{GENERATED_PREFIX}{digest[:16]}", True


def code_for(identifier: str) -> str:
    """A project code from an identifier: the identifier when it fits."""
    if len(identifier) <= CODE_LENGTH:
        return identifier
    digest = hashlib.sha1(identifier.encode()).hexdigest()[:8]
    return f"{identifier[: CODE_LENGTH - 9]}~{digest}"


def in_language(narratives: Narratives, default_language: str, language: str) -> str:
    """The narrative in ``language``, counting those in the activity's default language."""
    return text_in(narratives, language) or (
        text_in(narratives, "") if default_language == language else ""
    )


@dataclass
class Lookups:
    """What the mapping reads, loaded once per import."""

    regions_by_code: dict[str, int]
    regions_by_name: dict[str, int]
    sectors: dict[tuple[str, str], int]  # (vocabulary, code) → category id
    categories_by_code: dict[str, int]
    fallback_category: int | None  # None: not made yet (``fallback_category``)


# What is sent from a worker process to the importer is made of tuples, which pickle fast.


class Party(NamedTuple):
    """An organisation as the activity names it: what the importer finds it by (its ref, then
    its name) and registers it with."""

    ref: str
    type: str
    name: str  # in Chinese where the activity has it, else in its language
    name_en: str
    role: str = ""


def party(org: Org | None, language: str) -> Party | None:
    if org is None:
        return None
    english = in_language(org.narratives, language, "en")
    name = best_text(org.narratives, language, "zh").strip()[:200]
    # the same few organisations come again and again: kept once, they are sent once
    return Party(*map(sys.intern, (org.ref, org.type, name, english, org.role)))


class BudgetYear(NamedTuple):
    year: int
    amount: str  # two decimals, as text
    currency: str


class Money(NamedTuple):
    kind: str
    date: str  # ISO
    amount: str  # two decimals, as text
    currency: str
    value_date: str | None
    description: str
    reference: str
    provider: Party | None
    receiver: Party | None


@dataclass
class Mapped:
    """An activity as Duikou keeps it, and what the importer needs of the activity itself: made
    where the file is read (a worker process), written where the database is. Dates and
    amounts are text, as the database is given them (``common.bulk.typed`` makes them values
    again where a model needs them)."""

    identifier: str
    project: dict  # Project field values
    regions: list[int]  # Chinese regions (ids), shared equally unless already so
    budgets: list[BudgetYear]
    transactions: list[Money]
    warnings: list[str] = field(default_factory=list)
    generated: bool = False  # the identifier was made from the content
    xml: str = ""  # the activity as published
    fingerprint: str = ""  # of the XML: an unchanged activity is left alone
    line: int = 0
    language: str = ""
    status: str = ""
    last_updated: str = ""
    reporting_org: Party | None = None
    participating_orgs: tuple[Party, ...] = ()
    indicators: int = 0  # in its results

    @functools.cached_property
    def results(self) -> tuple[Result, ...]:
        """The activity's results, read again from its XML when they are written (few are):
        they are not sent between processes."""
        return stored.activity_of(self.xml, self.identifier).results if self.indicators else ()

    def __getstate__(self) -> dict:
        """What a worker process sends: plain tuples, which pickle several times faster than
        named ones."""
        state = {
            **self.__dict__,
            "budgets": [tuple(line) for line in self.budgets],
            "transactions": [_sent(move) for move in self.transactions],
            "reporting_org": _tuple(self.reporting_org),
            "participating_orgs": [tuple(org) for org in self.participating_orgs],
        }
        state.pop("results", None)
        return state

    def __setstate__(self, state: dict) -> None:
        state["budgets"] = [BudgetYear(*line) for line in state["budgets"]]
        state["transactions"] = [_received(move) for move in state["transactions"]]
        state["reporting_org"] = _party(state["reporting_org"])
        state["participating_orgs"] = tuple(Party(*org) for org in state["participating_orgs"])
        self.__dict__.update(state)


def _tuple(org: Party | None) -> tuple | None:
    return tuple(org) if org is not None else None


def _party(sent: tuple | None) -> Party | None:
    return Party(*sent) if sent is not None else None


def _sent(move: Money) -> tuple:
    return (*move[:-2], _tuple(move.provider), _tuple(move.receiver))


def _received(sent: tuple) -> Money:
    return Money(*sent[:-2], _party(sent[-2]), _party(sent[-1]))


def _category(activity: Activity, lookups: Lookups) -> int:
    """The category of the sector with the largest share that the sector table knows."""
    ranked = sorted(
        activity.sectors, key=lambda s: -(s.percentage if s.percentage is not None else 0)
    )
    for sector in ranked:
        keys = [(sector.vocabulary, sector.code)]
        if sector.vocabulary == "1":
            keys.append(("2", sector.code[:3]))
        if sector.vocabulary == "99" and sector.code in lookups.categories_by_code:
            return lookups.categories_by_code[sector.code]
        for key in keys:
            if key in lookups.sectors:
                return lookups.sectors[key]
    return lookups.fallback_category


def chinese_regions(activity: Activity, lookups: Lookups) -> list[int]:
    """Our regions named by the activity's locations: a ``CN-<code>`` reference, an
    administrative code that is a division code, or a name that is a region's name."""
    found: list[int] = []
    countries = {place.code for place in activity.recipient_countries}
    if countries and "CN" not in countries:
        return found
    for location in activity.locations:
        candidates = []
        if location.ref.startswith("CN-"):
            candidates.append(lookups.regions_by_code.get(location.ref[3:]))
        candidates += [lookups.regions_by_code.get(a.code) for a in location.administrative]
        candidates += [lookups.regions_by_name.get(text) for _lang, text in location.name]
        region = next((c for c in candidates if c is not None), None)
        if region is not None and region not in found:
            found.append(region)
    return found


def _dates(activity: Activity, warnings: list[str]) -> dict:
    """The activity's dates (ISO text, which sorts as the dates do)."""
    fields = {
        name: activity.date_of(kind)
        for kind, name in codes.DATE_FIELDS.items()
        if activity.date_of(kind)
    }
    for start, end in (("planned_start", "planned_end"), ("actual_start", "actual_end")):
        if fields.get(start) and fields.get(end) and fields[end] < fields[start]:
            warnings.append(
                _("结束日期 %(end)s 早于开始日期 %(start)s:未采用结束日期。")
                % {"end": fields[end], "start": fields[start]}
            )
            fields.pop(end)
    return fields


def _budgets(activity: Activity, currency: str, warnings: list[str]) -> list[BudgetYear]:
    """One line a year: the revised budgets of the year where there are, the original ones
    otherwise, added up by the calendar year in which their period starts."""
    by_year: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for budget in activity.budgets:
        if not budget.start:
            continue
        year = int(budget.start[:4])
        by_year[year][budget.type].append(budget)
    lines = []
    for year in sorted(by_year):
        chosen = by_year[year].get("2") or next(iter(by_year[year].values()))
        amounts: dict[str, Decimal] = defaultdict(Decimal)
        for budget in chosen:
            amounts[budget.money.currency or currency] += budget.money.value
        kept_currency = max(amounts, key=lambda c: (c == currency, amounts[c]))
        if len(amounts) > 1:
            warnings.append(
                _("%(year)s 年的预算有多种币种:只保留 %(currency)s 部分。")
                % {"year": year, "currency": kept_currency}
            )
        amount = amounts[kept_currency].quantize(CENT)
        if not 1990 <= year <= 2100 or amount < 0 or amount >= MAX_AMOUNT:
            warnings.append(
                _("%(year)s 年的预算(%(amount)s)超出可记录范围:未导入。")
                % {"year": year, "amount": amount}
            )
            continue
        lines.append(BudgetYear(year=year, amount=str(amount), currency=kept_currency))
    return lines


def _transactions(activity: Activity, currency: str, warnings: list[str]) -> list[Money]:
    moves = []
    for number, move in enumerate(activity.transactions, start=1):
        kind = codes.TRANSACTION_KINDS.get(move.type)
        amount = move.money.value.quantize(CENT)
        day = move.date or move.money.value_date  # ISO text, checked by the reader
        problem = None
        if kind is None:
            problem = _("类型“%(type)s”不是 IATI 交易类型") % {"type": move.type}
        elif not day:
            problem = _("没有日期")
        elif amount == 0:
            problem = _("金额为 0")
        elif abs(amount) >= MAX_AMOUNT:
            problem = _("金额 %(amount)s 过大") % {"amount": amount}
        if problem:
            warnings.append(
                _("第 %(n)s 笔交易未导入:%(problem)s。") % {"n": number, "problem": problem}
            )
            continue
        moves.append(
            Money(
                kind=str(kind),
                date=day,
                amount=str(amount),
                currency=move.money.currency or currency,
                value_date=move.money.value_date or None,
                description=best_text(move.description, activity.language, "zh")[:500],
                reference=move.ref[:200],
                provider=party(move.provider, activity.language),
                receiver=party(move.receiver, activity.language),
            )
        )
    return moves


def map_activity(activity: Activity, lookups: Lookups, identifier: str = "") -> Mapped:
    identifier = identifier or activity.identifier[:255]
    warnings: list[str] = []
    currency = activity.currency or "CNY"
    title = best_text(activity.title, activity.language, "zh") or identifier
    general = next(
        (d.narratives for d in activity.descriptions if d.type == "1"),
        activity.descriptions[0].narratives if activity.descriptions else (),
    )
    budgets = _budgets(activity, currency, warnings)
    currencies = {line.currency for line in budgets}
    one_currency = currencies.pop() if len(currencies) == 1 else None
    project = {
        "title": title[:TITLE_LENGTH],
        "title_en": in_language(activity.title, activity.language, "en")[:250],
        "description": best_text(general, activity.language, "zh"),
        "description_en": in_language(general, activity.language, "en"),
        "category_id": _category(activity, lookups),
        # plain text, not the Stage member: it is sent between processes, and pickles fast
        "stage": str(codes.STATUS_STAGES.get(activity.status, DEFAULT_STAGE)),
        "currency": one_currency or currency,
        # budgets in several currencies do not add up to one total
        "total_investment": (
            str(sum(Decimal(line.amount) for line in budgets)) if one_currency else None
        ),
        **{name: None for name in codes.DATE_FIELDS.values()},
        **_dates(activity, warnings),
    }
    return Mapped(
        identifier=identifier,
        project=project,
        regions=chinese_regions(activity, lookups),
        budgets=budgets,
        transactions=_transactions(activity, currency, warnings),
        warnings=warnings,
        line=activity.line,
        language=activity.language,
        status=activity.status,
        last_updated=activity.last_updated,
        reporting_org=party(activity.reporting_org, activity.language),
        participating_orgs=tuple(
            party(org, activity.language) for org in activity.participating_orgs
        ),
    )


def prepare(read: Read, lookups: Lookups) -> Mapped:
    """An activity read from a file, ready to be written: mapped, with its XML and the
    fingerprint of it (an activity without identifier gets one made from that)."""
    fingerprint = hashlib.sha1(read.xml.encode()).hexdigest()
    identifier, generated = identifier_for(read.activity, fingerprint)
    mapped = map_activity(read.activity, lookups, identifier)
    if generated:
        mapped.warnings.insert(
            0,
            _("活动没有 iati-identifier:以 %(id)s 为标识导入,新版本无法与之对应。")
            % {"id": identifier},
        )
    mapped.generated, mapped.xml, mapped.fingerprint = generated, read.xml, fingerprint
    mapped.indicators = read.indicators
    return mapped


def load_lookups() -> Lookups:
    """What the mapping reads. It makes nothing: an activity that needs the fallback
    category while it does not exist yet gets none, and the importer makes it when it writes
    (``fallback_category``), so a rejected file leaves nothing behind."""
    regions = list(Region.objects.values_list("pk", "code", "name", "name_en"))
    by_name: dict[str, int] = {}
    for pk, _code, name, name_en in regions:
        by_name.setdefault(name, pk)
        if name_en:
            by_name.setdefault(name_en, pk)
    categories = dict(Category.objects.values_list("code", "pk"))
    fallback = _existing_fallback()
    if fallback is not None:
        categories[FALLBACK_CATEGORY[0]] = fallback
    return Lookups(
        regions_by_code={code: pk for pk, code, _n, _e in regions},
        regions_by_name=by_name,
        sectors={
            (vocabulary, code): category
            for vocabulary, code, category in SectorMapping.objects.values_list(
                "vocabulary", "code", "category_id"
            )
        },
        categories_by_code=categories,
        fallback_category=fallback,
    )


def _existing_fallback() -> int | None:
    """The fallback category, found by its code, else by its name."""
    code, name, _name_en = FALLBACK_CATEGORY
    found = dict(Category.objects.filter(Q(code=code) | Q(name=name)).values_list("code", "pk"))
    return found.get(code) or next(iter(found.values()), None)


def fallback_category() -> int:
    """The category of activities whose sectors the sector table does not know, made when
    first needed."""
    existing = _existing_fallback()
    if existing is not None:
        return existing
    code, name, name_en = FALLBACK_CATEGORY
    return category_create(by=None, code=code, name=name, name_en=name_en).pk
