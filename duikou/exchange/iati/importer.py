"""Import IATI activity files into projects: streaming, in batches, idempotent.

Every activity is upserted by its ``iati-identifier``. One whose content is what was imported
last time is left alone; a changed one is updated field by field through the records' history
(who, when, channel "import"); a new one becomes a project of the chosen pairing, written with
its batch in a few bulk statements. A project that Duikou exported itself (identifier = the
reporting organisation's ref + its code) is found again by its code.
"""

import dataclasses
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duikou.common.audit import Channel, channel
from duikou.common.bulk import insert_rows, typed
from duikou.common.editing import lock_for_edit, save_as, save_edit, soft_delete
from duikou.common.services import apply_changes
from duikou.exchange.iati import mapping
from duikou.exchange.iati.checks import FileFacts, Rejected, read_prolog
from duikou.exchange.iati.codes import status_for
from duikou.exchange.iati.organisations import Organisations
from duikou.exchange.iati.pipeline import Activities
from duikou.exchange.iati.reader import Problem
from duikou.exchange.iati.report import FileReport, Progress
from duikou.exchange.iati.results import ResultsWriter
from duikou.exchange.models import ActivityOrganisation, IatiActivity
from duikou.geo.models import Region
from duikou.partners.models import Pairing
from duikou.partners.selectors import pairings_editable_by
from duikou.projects.models import (
    BudgetLine,
    FundingSource,
    Project,
    ProjectRegion,
    Transaction,
)
from duikou.projects.selectors import ensure_may_create_projects, ensure_project_editable

BATCH = 1000
PROJECT_FIELDS = [
    "title",
    "title_en",
    "description",
    "description_en",
    "category_id",
    "stage",
    "currency",
    "total_investment",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
]
# What an imported activity does not say: the project is run jointly, its money given.
PROJECT_DEFAULTS = {
    "implementation_level": Project.ImplementationLevel.JOINT,
    "delivery_mode": Project.DeliveryMode.CHEQUE,
}


class Importer:
    """Import files into one pairing for one user (``by`` None: the system)."""

    def __init__(self, *, by, pairing: Pairing, all_or_nothing: bool = False, source: str = ""):
        ensure_may_create_projects(by)
        if by is not None and not pairings_editable_by(by).filter(pk=pairing.pk).exists():
            raise PermissionDenied(_("结对关系不存在或不在您的权限范围内。"))
        self.by, self.pairing, self.all_or_nothing = by, pairing, all_or_nothing
        self.source = source
        self.prefix = f"{settings.IATI_REPORTING_ORG_REF}-"

    def import_file(self, path: Path, *, name: str = "", progress: Progress | None = None):
        report = FileReport(name=name or Path(path).name)
        path = Path(path)
        try:
            facts = read_prolog(path)
            lookups = mapping.load_lookups()
            if self.all_or_nothing and not self._check(path, facts, lookups, report, progress):
                return report
            with self._read(path, facts, lookups) as found:
                report.lines = found.facts.lines
                self._import(found, report, progress)
        except Rejected as refused:
            report.rejected = refused.message
        return report

    # ------------------------------------------------------------ passes over the file

    @staticmethod
    def _read(path: Path, facts: FileFacts, lookups) -> Activities:
        return Activities(
            path,
            dataclasses.replace(facts, notes=[]),
            lookups,
            workers=settings.IATI_IMPORT_WORKERS,
            piece_bytes=settings.IATI_IMPORT_PIECE_BYTES,
        )

    def _activities(self, found: Activities, report: FileReport, progress):
        """The file's activities, each once: problems and repeated identifiers reported."""
        seen: dict[str, int] = {}
        total_lines = max(found.facts.lines, 1)
        count = 0  # a file with no activity at all
        for count, item in enumerate(found, start=1):
            if progress and count % 200 == 0:
                progress(min(item.line / total_lines, 1.0), count)
            if isinstance(item, Problem):
                report.problem(item)
                continue
            if item.identifier in seen:
                report.problem(
                    Problem(
                        item.line,
                        item.identifier,
                        _("此标识已在第 %(line)s 行出现过:重复的活动未导入。")
                        % {"line": seen[item.identifier]},
                    )
                )
                continue
            seen[item.identifier] = item.line
            yield item
        report.activities = count
        report.version = found.facts.version
        report.notes = list(found.facts.notes)

    def _check(self, path, facts, lookups, report: FileReport, progress) -> bool:
        """All or nothing: a first pass that writes nothing; any problem stops the import."""
        with self._read(path, facts, lookups) as found:
            report.lines = found.facts.lines
            for _item in self._activities(found, report, progress):
                pass
        if report.problem_count:
            report.notes.append(_("按“全部成功才导入”的要求,本文件未导入任何活动。"))
            return False
        report.problems, report.problem_count = [], 0
        return True

    def _import(self, found: Activities, report: FileReport, progress) -> None:
        organisations = Organisations(self.by)
        self.results = ResultsWriter(self.by)
        self.fallback_category = None  # made when a project first needs it
        self.version = found.facts.version  # from the root's start tag, read first
        batch: list[mapping.Mapped] = []
        with channel(Channel.IMPORT):
            for item in self._activities(found, report, progress):
                batch.append(item)
                if len(batch) >= BATCH:
                    self._write(batch, organisations, report)
                    batch = []
            if batch:
                self._write(batch, organisations, report)
        if progress:
            progress(1.0, report.activities)

    # ------------------------------------------------------------ writing a batch

    def _write(self, batch: list[mapping.Mapped], organisations, report: FileReport) -> None:
        identifiers = [item.identifier for item in batch]
        known = {
            row.identifier: row
            for row in IatiActivity.objects.filter(identifier__in=identifiers)
            .select_related("project")
            .defer("xml")
        }
        own = self._own_projects(identifiers, known)
        fresh = []
        for item in batch:
            report.warn(item.line, item.identifier, item.warnings)
            row = known.get(item.identifier)
            if row is not None and row.fingerprint == item.fingerprint:
                report.unchanged += 1
                continue
            if item.project["category_id"] is None:
                item.project["category_id"] = self._fallback_category()
            project = row.project if row is not None else own.get(item.identifier)
            if project is None:
                fresh.append(item)
                continue
            try:
                with transaction.atomic():
                    self._update(project, row, item, organisations)
                    results = self._results_of_update(project, item)
                report.updated += 1
                report.warn(item.line, item.identifier, results)
            except (ValidationError, PermissionDenied) as error:
                report.problem(Problem(item.line, item.identifier, _reason(error)))
        if fresh:
            with transaction.atomic():
                project_ids = self._create(fresh, organisations)
                self._write_results(fresh, project_ids, report)
            report.created += len(fresh)

    def _fallback_category(self) -> int:
        if self.fallback_category is None:
            self.fallback_category = mapping.fallback_category()
        return self.fallback_category

    def _results_of_update(self, project, item: mapping.Mapped) -> list[str]:
        """Duikou's own results come back as they went out: they are its values already."""
        if item.identifier.startswith(self.prefix) or not item.indicators:
            return []
        share = project.region_shares.select_related("region").order_by("-share").first()
        return self.results.write(project, share.region if share else None, item)

    def _write_results(self, fresh, project_ids: list[int], report: FileReport) -> None:
        """Results go through the results services, value by value (few activities have
        them, fewer in Chinese regions)."""
        placed = {}  # project id → (item, main region id)
        for pk, item in zip(project_ids, fresh, strict=True):
            if not item.indicators:
                continue
            if not item.regions:  # abroad: nothing to look up
                report.warn(item.line, item.identifier, self.results.write(None, None, item))
                continue
            placed[pk] = (item, item.regions[0])  # the first has the largest share
        regions = Region.objects.in_bulk({region for _item, region in placed.values()})
        for project in Project.objects.filter(pk__in=placed):
            item, region = placed[project.pk]
            warnings = self.results.write(project, regions[region], item)
            report.warn(item.line, item.identifier, warnings)

    def _own_projects(self, identifiers, known) -> dict[str, Project]:
        """Projects Duikou exported itself, found by their code, that have no IATI row yet."""
        codes = {
            i.removeprefix(self.prefix): i
            for i in identifiers
            if i.startswith(self.prefix) and i not in known
        }
        if not codes:
            return {}
        projects = Project.all_objects.filter(code__in=codes, iati__isnull=True)
        return {codes[p.code]: p for p in projects}

    def _iati_row(self, project_id, item: mapping.Mapped, organisations, now):
        return {
            "project_id": project_id,
            "identifier": item.identifier,
            "is_generated_identifier": item.generated,
            "fingerprint": item.fingerprint,
            "version": self.version[:10],
            "status": item.status[:2],
            "reporting_org_id": organisations.id_of(item.reporting_org),
            "last_updated": item.last_updated[:40],
            "xml": item.xml,
            "source": self.source[:255],
            "imported_at": now,
            "imported_by_id": self.by.pk if self.by else None,
        }

    def _create(self, fresh, organisations: Organisations) -> list[int]:
        """New projects in a few statements: projects, their first history records, IATI
        rows, then members, regions, budget lines and transactions."""
        codes = [mapping.code_for(item.identifier) for item in fresh]
        taken = set(Project.all_objects.filter(code__in=codes).values_list("code", flat=True))
        now = timezone.now()
        projects = []
        for code, item in zip(codes, fresh, strict=True):
            if code in taken:
                code = mapping.code_for(f"{item.identifier}~{item.fingerprint}")
            projects.append(
                {
                    **PROJECT_DEFAULTS,
                    "code": code,
                    "pairing_id": self.pairing.pk,
                    "created_at": now,
                    "updated_at": now,
                    **item.project,
                }
            )
        insert_rows(Project, projects)
        ids = dict(
            Project.all_objects.filter(code__in=[p["code"] for p in projects]).values_list(
                "code", "pk"
            )
        )
        who = self.by.pk if self.by else None
        insert_rows(
            Project.history.model,
            [
                {
                    **row,
                    "id": ids[row["code"]],
                    "history_date": now,
                    "history_type": "+",
                    "history_user_id": who,
                    "history_channel": Channel.IMPORT,
                    "history_change_reason": None,
                }
                for row in projects
            ],
        )
        project_ids = [ids[row["code"]] for row in projects]
        insert_rows(
            IatiActivity,
            [
                self._iati_row(project_id, item, organisations, now)
                for project_id, item in zip(project_ids, fresh, strict=True)
            ],
        )
        rows = dict(
            IatiActivity.objects.filter(project_id__in=project_ids).values_list("project_id", "pk")
        )
        members, shares, lines, moves = [], [], [], []
        for project_id, item in zip(project_ids, fresh, strict=True):
            members += self._members(rows[project_id], item, organisations)
            shares += _region_rows(project_id, item.regions)
            lines += [self._budget_line(project_id, line) for line in item.budgets]
            moves += [
                self._transaction(project_id, move, organisations) for move in item.transactions
            ]
        insert_rows(ActivityOrganisation, members)
        insert_rows(ProjectRegion, shares)
        insert_rows(BudgetLine, lines)
        insert_rows(Transaction, moves)
        return project_ids

    def _members(self, row_id, item: mapping.Mapped, organisations) -> list[dict]:
        members = []
        for position, org in enumerate(item.participating_orgs):
            organisation = organisations.id_of(org)
            if organisation is not None:
                members.append(
                    {
                        "activity_id": row_id,
                        "organisation_id": organisation,
                        "role": org.role[:2],
                        "position": position,
                    }
                )
        return members

    def _budget_line(self, project_id, line: mapping.BudgetYear) -> dict:
        return {
            "project_id": project_id,
            "year": line.year,
            "source": FundingSource.AID,
            "amount": line.amount,
            "currency": line.currency,
        }

    def _transaction(self, project_id, move: mapping.Money, organisations) -> dict:
        return {
            "project_id": project_id,
            "kind": move.kind,
            "date": move.date,
            "amount": move.amount,
            "currency": move.currency,
            "source": FundingSource.AID,
            "value_date": move.value_date,
            "description": move.description,
            "reference": move.reference,
            "provider_id": organisations.id_of(move.provider),
            "receiver_id": organisations.id_of(move.receiver),
            "recorded_by_id": self.by.pk if self.by else None,
        }

    # ------------------------------------------------------------ updating one project

    def _update(self, project: Project, row, item: mapping.Mapped, organisations):
        ensure_project_editable(self.by, project)
        lock_for_edit(project)
        changes = typed(Project, item.project)
        # What the activity cannot tell is kept: an IATI status stands for several stages
        # (前期 and 储备 are both pipeline), and the aid budgets are not the whole investment.
        if status_for(project.stage, item.status) == item.status:
            changes.pop("stage")
        if _same_budgets(project, item.budgets):
            changes.pop("total_investment")
        if apply_changes(project, changes, set(PROJECT_FIELDS)):
            save_edit(project, by=self.by)
        if item.regions and set(item.regions) != set(
            project.region_shares.values_list("region_id", flat=True)
        ):
            project.region_shares.all().delete()
            ProjectRegion.objects.bulk_create(
                ProjectRegion(**share) for share in _region_rows(project.pk, item.regions)
            )
        self._update_budgets(project, item.budgets)
        self._update_transactions(project, item, organisations)
        fresh = IatiActivity(**self._iati_row(project.pk, item, organisations, timezone.now()))
        fresh.pk = row.pk if row is not None else None
        fresh.save()
        fresh.organisations.all().delete()
        ActivityOrganisation.objects.bulk_create(
            ActivityOrganisation(**member)
            for member in self._members(fresh.pk, item, organisations)
        )

    def _update_budgets(self, project: Project, budgets: list[mapping.BudgetYear]) -> None:
        current = {
            line.year: line
            for line in BudgetLine.all_objects.filter(project=project, source=FundingSource.AID)
        }
        wanted = {line.year: line for line in budgets}
        for year, line in current.items():
            if year not in wanted and not line.is_deleted:
                soft_delete(line, by=self.by)
        for year, budget in wanted.items():
            line = current.get(year)
            if line is None:
                save_as(
                    BudgetLine(**typed(BudgetLine, self._budget_line(project.pk, budget))),
                    by=self.by,
                )
                continue
            lock_for_edit(line)
            values = {
                "amount": Decimal(budget.amount),
                "currency": budget.currency,
                "deleted_at": None,
                "deleted_by": None,
            }
            if apply_changes(line, values, set(values)):
                save_edit(line, by=self.by)

    def _update_transactions(self, project, item: mapping.Mapped, organisations):
        """Transactions are matched by all they say: gone ones are deleted (softly), new
        ones added, the same ones left alone."""
        current = list(Transaction.objects.filter(project=project, source=FundingSource.AID))
        wanted = [
            Transaction(**typed(Transaction, self._transaction(project.pk, move, organisations)))
            for move in item.transactions
        ]
        remaining: dict[tuple, list[Transaction]] = {}
        for move in current:
            remaining.setdefault(_key(move), []).append(move)
        for move in wanted:
            same = remaining.get(_key(move))
            if same:
                same.pop()
            else:
                save_as(move, by=self.by)
        for left in remaining.values():
            for move in left:
                soft_delete(move, by=self.by)


def _same_budgets(project: Project, budgets: list[mapping.BudgetYear]) -> bool:
    current = BudgetLine.objects.filter(project=project, source=FundingSource.AID)
    return set(current.values_list("year", "amount", "currency")) == {
        (line.year, Decimal(line.amount), line.currency) for line in budgets
    }


def _key(move: Transaction) -> tuple:
    """What a transaction says. A value date that is the transaction's own date says nothing
    more (Duikou's export writes it where a transaction has none)."""
    return (
        move.kind,
        move.date,
        move.amount,
        move.currency,
        move.value_date or move.date,
        move.description,
        move.reference,
        move.provider_id,
        move.receiver_id,
    )


def _region_rows(project_id: int, regions: list[int]) -> list[dict]:
    """Equal shares (two decimals) adding up to exactly 100."""
    if not regions:
        return []
    share = (mapping.HUNDRED / len(regions)).quantize(mapping.CENT, rounding="ROUND_DOWN")
    first = mapping.HUNDRED - share * (len(regions) - 1)
    return [
        {"project_id": project_id, "region_id": region, "share": first if i == 0 else share}
        for i, region in enumerate(regions)
    ]


def _reason(error) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(
            f"{name}: {' '.join(str(m) for m in messages)}"
            for name, messages in getattr(error, "message_dict", {"": error.messages}).items()
        )
    return str(error.message if hasattr(error, "message") else error)
