"""``duikou iati import FILE… --pairing ID``: import IATI activity files (exit status 1 when a
file is rejected or an activity is not imported). ``duikou iati export --out FILE``: the
projects of the project list's filters as IATI 2.03 activities; ``--check`` lists, project by
project, what would fail instead (exit status 1 when something would)."""

import sys

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from duikou.exchange.iati import rules
from duikou.exchange.iati.importer import Importer
from duikou.exchange.iati.report import FileReport
from duikou.partners.models import Pairing
from duikou.partners.selectors import pairing_rows
from duikou.projects.models import Category, Project
from duikou.projects.selectors import projects_filtered
from duikou.web.forms import ProjectFilterForm

BAR = 30


def _progress(stream):
    def show(share: float, activities: int) -> None:
        filled = int(share * BAR)
        stream.write(
            "\r["
            + "#" * filled
            + "-" * (BAR - filled)
            + "] "
            + _("%(percent)3d%%  已读 %(n)s 个活动") % {"percent": share * 100, "n": activities},
            ending="",
        )
        stream.flush()

    return show


def summary(report: FileReport) -> list[str]:
    """The report of one file, in lines for a terminal."""
    if report.rejected:
        return [_("%(name)s:已拒绝。%(reason)s") % {"name": report.name, "reason": report.rejected}]
    lines = [
        ngettext(
            "%(name)s:IATI %(version)s,%(lines)s 行,%(activities)s 个活动——"
            "新建 %(created)s,更新 %(updated)s,未变 %(unchanged)s,未导入 %(problems)s。",
            "%(name)s:IATI %(version)s,%(lines)s 行,%(activities)s 个活动——"
            "新建 %(created)s,更新 %(updated)s,未变 %(unchanged)s,未导入 %(problems)s。",
            report.activities,
        )
        % {
            "name": report.name,
            "version": report.version or "?",
            "lines": report.lines,
            "activities": report.activities,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "problems": report.problem_count,
        }
    ]
    lines += [f"  {note}" for note in report.notes]
    for problem in report.problems:
        lines.append(
            "  "
            + _("未导入 第 %(line)s 行 %(id)s:%(reason)s")
            % {"line": problem.line, "id": problem.identifier or "—", "reason": problem.reason}
        )
    if report.problem_count > len(report.problems):
        lines.append("  " + _("……共 %(n)s 个未导入。") % {"n": report.problem_count})
    for warning in report.warnings:
        lines.append(
            "  "
            + _("提示 第 %(line)s 行 %(id)s:%(reason)s")
            % {"line": warning.line, "id": warning.identifier, "reason": warning.reason}
        )
    if report.warning_count > len(report.warnings):
        lines.append("  " + _("……共 %(n)s 条提示。") % {"n": report.warning_count})
    return lines


FILTERS = ["region", "pairing", "category", "status", "delivery_mode", "year", "q"]


def filtered_projects(options: dict):
    """The projects of the project list's filters (its form and selector), all pairings."""
    data = {name: options[f"filter_{name}"] for name in FILTERS if options.get(f"filter_{name}")}
    form = ProjectFilterForm(
        data,
        categories=Category.objects.all(),
        pairings=pairing_rows(Pairing.objects.all()),
    )
    if not form.is_valid():
        raise CommandError(_errors(form.errors))
    try:
        return projects_filtered(Project.objects.all(), **form.filters())
    except ValidationError as error:
        raise CommandError(" ".join(error.messages)) from None


def _errors(errors: dict) -> str:
    return "; ".join(
        f"--{name.replace('_', '-')}: {' '.join(messages)}" for name, messages in errors.items()
    )


class Command(BaseCommand):
    help = "Import IATI activity files into a pairing's projects, or export projects as IATI."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="import IATI 1.0x/2.0x activity files")
        load.add_argument("files", nargs="+", help="IATI activity XML files")
        load.add_argument("--pairing", type=int, required=True, help="the pairing's id")
        load.add_argument(
            "--all-or-nothing",
            action="store_true",
            help="import a file only when every activity in it can be imported",
        )
        load.add_argument("--quiet", action="store_true", help="no progress bar")
        load.add_argument("--language", default="zh-hans", choices=["zh-hans", "en"])
        out = sub.add_parser(
            "export", help="write the projects of the project list's filters as IATI 2.03"
        )
        target = out.add_mutually_exclusive_group(required=True)
        target.add_argument("--out", help="the IATI activity file to write")
        target.add_argument(
            "--check", action="store_true", help="list what would fail, project by project"
        )
        for name in FILTERS:
            out.add_argument(f"--{name.replace('_', '-')}", dest=f"filter_{name}")
        out.add_argument("--language", default="zh-hans", choices=["zh-hans", "en"])

    def handle(self, *args, **options):
        if options["action"] == "export":
            with translation.override(options["language"]):
                self.export(options)
            return
        translation.activate(options["language"])
        pairing = Pairing.objects.filter(pk=options["pairing"]).first()
        if pairing is None:
            known = "\n".join(
                f"  {p.pk:>4}  {p}"
                for p in Pairing.objects.filter(parent=None).select_related(
                    "supporter", "recipient_region", "recipient_organisation"
                )
            )
            raise CommandError(
                _("没有 id 为 %(id)s 的结对关系。顶层结对关系有:") % {"id": options["pairing"]}
                + "\n"
                + known
            )
        failed = False
        for path in options["files"]:
            try:
                importer = Importer(
                    by=None, pairing=pairing, all_or_nothing=options["all_or_nothing"], source=path
                )
                progress = None if options["quiet"] else _progress(self.stderr)
                report = importer.import_file(path, progress=progress)
            except (ValidationError, PermissionDenied) as error:
                raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from None
            except OSError as error:
                report = FileReport(name=path, rejected=str(error))
            if not options["quiet"]:
                self.stderr.write("")
            for line in summary(report):
                self.stdout.write(line)
            failed |= not report.ok
        if failed:
            sys.exit(1)

    def export(self, options) -> None:
        projects = filtered_projects(options)
        if options["check"]:
            checked = failing = 0
            for check in rules.check_projects(projects):
                checked += 1
                if check.ok:
                    continue
                failing += 1
                self.stdout.write(f"{check.project.code} {check.identifier}")
                for problem in check.problems:
                    self.stdout.write(f"  - {problem}")
            counts = {"n": checked, "failing": failing}
            self.stdout.write(
                _("检查了 %(n)s 个项目:%(failing)s 个不能通过 IATI 检查。") % counts
                if failing
                else _("检查了 %(n)s 个项目:全部能通过 IATI 检查。") % counts
            )
            if failing:
                sys.exit(1)
            return
        with open(options["out"], "wb") as stream:
            count, left_out = rules.write_checked(projects, stream)
        written = {"n": count, "path": options["out"]}
        self.stdout.write(_("已将 %(n)s 个项目导出为 IATI 2.03 活动:%(path)s") % written)
        if left_out:
            self.stderr.write(_("%(n)s 个项目不能通过 IATI 检查,未导出:") % {"n": len(left_out)})
            for check in left_out:
                self.stderr.write(f"{check.project.code} {check.identifier}")
                for problem in check.problems:
                    self.stderr.write(f"  - {problem}")
