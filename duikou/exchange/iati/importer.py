"""Import IATI activity files into projects: streaming, in batches, idempotent.

Every activity is upserted by its ``iati-identifier``. One whose content is what was imported
last time is left alone; a changed one is updated field by field through the records' history
(who, when, channel "import"); a new one becomes a project of the chosen pairing, written with
its batch in a few bulk statements. A project that Duikou exported itself (identifier = the
reporting organisation's ref + its code) is found again by its code.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duikou.common.audit import Channel, channel
from duikou.common.bulk import insert_rows
from duikou.common.editing import lock_for_edit, save_as, save_edit, soft_delete
from duikou.common.services import apply_changes
from duikou.exchange.iati import mapping
from duikou.exchange.iati.activity import Activity
from duikou.exchange.iati.codes import status_for
from duikou.exchange.iati.organisations import Organisations
from duikou.exchange.iati.reader import ActivityReader, FileFacts, Problem, Rejected, open_checked
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

BATCH = 500
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
        try:
            reader = open_checked(Path(path))
            report.lines = reader.facts.lines
            if self.all_or_nothing and not self._check(reader, report, progress):
                return report
            self._import(ActivityReader(Path(path), facts=reader.facts), report, progress)
        except Rejected as refused:
            report.rejected = refused.message
        return report

    # ------------------------------------------------------------ passes over the file

    def _activities(self, reader: ActivityReader, report: FileReport, progress):
        """The file's activities, each once: problems and repeated identifiers reported."""
        seen: dict[str, int] = {}
        total_lines = max(reader.facts.lines, 1)
        count = 0  # a file with no activity at all
        for count, item in enumerate(reader, start=1):
            if progress and count % 200 == 0:
                progress(min(item.line / total_lines, 1.0), count)
            if isinstance(item, Problem):
                report.problem(item)
                continue
            if item.identifier and item.identifier in seen:
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
        self._file_facts(reader.facts, report)

    @staticmethod
    def _file_facts(facts: FileFacts, report: FileReport) -> None:
        report.version = facts.version
        report.notes = list(facts.notes)

    def _check(self, reader: ActivityReader, report: FileReport, progress) -> bool:
        """All or nothing: a first pass that writes nothing; any problem stops the import."""
        for _activity in self._activities(reader, report, progress):
            pass
        if report.problem_count:
            report.notes.append(_("按“全部成功才导入”的要求,本文件未导入任何活动。"))
            return False
        report.problems, report.problem_count = [], 0
        return True

    def _import(self, reader: ActivityReader, report: FileReport, progress) -> None:
        lookups = mapping.load_lookups()
        organisations = Organisations(self.by)
        self.results = ResultsWriter(self.by)
        self.facts = reader.facts
        batch: list[Activity] = []
        with channel(Channel.IMPORT):
            for activity in self._activities(reader, report, progress):
                batch.append(activity)
                if len(batch) >= BATCH:
                    self._write(batch, lookups, organisations, report)
                    batch = []
            if batch:
                self._write(batch, lookups, organisations, report)
        if progress:
            progress(1.0, report.activities)

    # ------------------------------------------------------------ writing a batch

    def _write(self, batch, lookups, organisations, report: FileReport) -> None:
        mapped = [(a, mapping.map_activity(a, lookups)) for a in batch]
        identifiers = [m.identifier for _a, m in mapped]
        known = {
            row.identifier: row
            for row in IatiActivity.objects.filter(identifier__in=identifiers).select_related(
                "project"
            )
        }
        own = self._own_projects(identifiers, known)
        fresh = []
        for activity, item in mapped:
            report.warn(activity.line, item.identifier, item.warnings)
            row = known.get(item.identifier)
            if row is not None and row.fingerprint == item.fingerprint:
                report.unchanged += 1
                continue
            project = row.project if row is not None else own.get(item.identifier)
            if project is None:
                fresh.append((activity, item))
                continue
            try:
                with transaction.atomic():
                    self._update(project, row, activity, item, organisations)
                    results = self._results_of_update(project, activity, item)
                report.updated += 1
                report.warn(activity.line, item.identifier, results)
            except (ValidationError, PermissionDenied) as error:
                report.problem(Problem(activity.line, item.identifier, _reason(error)))
        if fresh:
            with transaction.atomic():
                project_ids = self._create(fresh, organisations)
                self._write_results(fresh, project_ids, report)
            report.created += len(fresh)

    def _results_of_update(self, project, activity, item: mapping.Mapped) -> list[str]:
        """Duikou's own results come back as they went out: they are its values already."""
        if item.identifier.startswith(self.prefix) or not activity.results:
            return []
        share = project.region_shares.select_related("region").order_by("-share").first()
        return self.results.write(project, share.region if share else None, activity)

    def _write_results(self, fresh, project_ids: list[int], report: FileReport) -> None:
        """Results go through the results services, value by value (few activities have
        them, fewer in Chinese regions)."""
        placed = {}  # project id → (activity, main region id)
        for pk, (activity, item) in zip(project_ids, fresh, strict=True):
            if not activity.results:
                continue
            if not item.regions:  # abroad: nothing to look up
                warnings = self.results.write(None, None, activity)
                report.warn(activity.line, item.identifier, warnings)
                continue
            placed[pk] = (activity, item.regions[0])  # the first has the largest share
        regions = Region.objects.in_bulk({region for _a, region in placed.values()})
        for project in Project.objects.filter(pk__in=placed):
            activity, region = placed[project.pk]
            warnings = self.results.write(project, regions[region], activity)
            report.warn(activity.line, activity.identifier, warnings)

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

    def _iati_row(self, project_id, activity: Activity, item: mapping.Mapped, organisations):
        return {
            "project_id": project_id,
            "identifier": item.identifier,
            "is_generated_identifier": item.generated,
            "fingerprint": item.fingerprint,
            "version": self.facts.version[:10],
            "status": activity.status[:2],
            "reporting_org_id": organisations.id_of(activity.reporting_org, activity.language),
            "last_updated": activity.last_updated[:40],
            "data": item.data,
            "source": self.source[:255],
            "imported_at": timezone.now(),
            "imported_by_id": self.by.pk if self.by else None,
        }

    def _create(self, fresh, organisations: Organisations) -> list[int]:
        """New projects in a few statements: projects, their first history records, IATI
        rows, then members, regions, budget lines and transactions."""
        codes = [mapping.code_for(m.identifier) for _a, m in fresh]
        taken = set(Project.all_objects.filter(code__in=codes).values_list("code", flat=True))
        now = timezone.now()
        projects = []
        for code, (_activity, item) in zip(codes, fresh, strict=True):
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
                self._iati_row(project_id, activity, item, organisations)
                for project_id, (activity, item) in zip(project_ids, fresh, strict=True)
            ],
        )
        rows = dict(
            IatiActivity.objects.filter(project_id__in=project_ids).values_list("project_id", "pk")
        )
        members, shares, lines, moves = [], [], [], []
        for project_id, (activity, item) in zip(project_ids, fresh, strict=True):
            members += self._members(rows[project_id], activity, organisations)
            shares += _region_rows(project_id, item.regions)
            lines += [self._budget_line(project_id, line) for line in item.budgets]
            moves += [
                self._transaction(project_id, move, activity.language, organisations)
                for move in item.transactions
            ]
        insert_rows(ActivityOrganisation, members)
        insert_rows(ProjectRegion, shares)
        insert_rows(BudgetLine, lines)
        insert_rows(Transaction, moves)
        return project_ids

    def _members(self, row_id, activity: Activity, organisations) -> list[dict]:
        members = []
        for position, org in enumerate(activity.participating_orgs):
            organisation = organisations.id_of(org, activity.language)
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

    def _transaction(self, project_id, move: mapping.Money, language, organisations) -> dict:
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
            "provider_id": organisations.id_of(move.provider, language),
            "receiver_id": organisations.id_of(move.receiver, language),
            "recorded_by_id": self.by.pk if self.by else None,
        }

    # ------------------------------------------------------------ updating one project

    def _update(self, project: Project, row, activity, item: mapping.Mapped, organisations):
        ensure_project_editable(self.by, project)
        lock_for_edit(project)
        changes = dict(item.project)
        # What the activity cannot tell is kept: an IATI status stands for several stages
        # (前期 and 储备 are both pipeline), and the aid budgets are not the whole investment.
        if status_for(project.stage, activity.status) == activity.status:
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
        self._update_transactions(project, activity, item, organisations)
        fresh = IatiActivity(**self._iati_row(project.pk, activity, item, organisations))
        fresh.pk = row.pk if row is not None else None
        fresh.save()
        fresh.organisations.all().delete()
        ActivityOrganisation.objects.bulk_create(
            ActivityOrganisation(**member)
            for member in self._members(fresh.pk, activity, organisations)
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
                save_as(BudgetLine(**self._budget_line(project.pk, budget)), by=self.by)
                continue
            lock_for_edit(line)
            values = {
                "amount": budget.amount,
                "currency": budget.currency,
                "deleted_at": None,
                "deleted_by": None,
            }
            if apply_changes(line, values, set(values)):
                save_edit(line, by=self.by)

    def _update_transactions(self, project, activity, item: mapping.Mapped, organisations):
        """Transactions are matched by all they say: gone ones are deleted (softly), new
        ones added, the same ones left alone."""
        current = list(Transaction.objects.filter(project=project, source=FundingSource.AID))
        wanted = [
            Transaction(**self._transaction(project.pk, move, activity.language, organisations))
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
        (line.year, line.amount, line.currency) for line in budgets
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
