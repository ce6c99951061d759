"""``duikou plan SCENARIO``: solve a scenario here and now, with a progress bar, and print
the portfolio, the reasons and the rules; exit status 1 when no portfolio exists."""

import json
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from duikou.planning import words
from duikou.planning.models import Scenario
from duikou.planning.runs import scenario_run
from duikou.planning.selectors import candidates_of
from duikou.planning.services import ensure_solvable
from duikou.planning.solver import Progress

BAR = 30


def _bar(step: Progress, limit: int, *, finished: bool = False) -> str:
    done = 1.0 if finished or not limit else min(step.seconds / limit, 1.0)
    filled = int(done * BAR)
    gap = "—" if step.gap is None else f"{step.gap * 100:.2f} %"
    value = "—" if step.value is None else f"{step.value:,.0f}"
    return _("[%(bar)s] %(s).1f/%(limit)s 秒  间隙 %(gap)s  成效 %(value)s") % {
        "bar": "#" * filled + "-" * (BAR - filled),
        "s": step.seconds,
        "limit": limit,
        "gap": gap,
        "value": value,
    }


class Command(BaseCommand):
    help = "Solve a planning scenario (by its code or id) and print the chosen portfolio."

    def add_arguments(self, parser):
        parser.add_argument("scenario", help="the scenario's code (or id)")
        parser.add_argument("--time-limit", type=int, help="seconds (the scenario's by default)")
        parser.add_argument("--gap", help="optimality gap in % (the scenario's by default)")
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument("--language", default="zh-hans", choices=["zh-hans", "en"])

    def handle(self, *args, **options):
        translation.activate(options["language"])
        scenario = self._scenario(options["scenario"])
        if options["time_limit"]:
            scenario.time_limit = options["time_limit"]
        if options["gap"]:
            scenario.gap = options["gap"]
        try:
            ensure_solvable(scenario)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        err = self.stderr

        def progress(step):
            err.write("\r" + _bar(step, scenario.time_limit), ending="")
            err.flush()

        scenario = scenario_run(scenario, progress=progress)
        result = scenario.result or {}
        done = Progress(result.get("seconds", 0.0), result.get("value"), None, result.get("gap"))
        err.write("\r" + _bar(done, scenario.time_limit, finished=True))
        if options["json"]:
            self.stdout.write(json.dumps(scenario.result, ensure_ascii=False, indent=2))
        else:
            self._print(scenario)
        if scenario.status != Scenario.Status.SOLVED:
            sys.exit(1)

    def _scenario(self, key: str) -> Scenario:
        found = Scenario.objects.filter(code=key).first()
        if found is None and key.isdigit():
            found = Scenario.objects.filter(pk=int(key)).first()
        if found is None:
            raise CommandError(_("没有方案“%(key)s”。") % {"key": key})
        return found

    def _print(self, scenario: Scenario) -> None:
        out = self.stdout
        names = dict(candidates_of(scenario).values_list("code", "title"))
        result = words.result_in_words(scenario.result, names)
        out.write(f"{scenario.name}: {scenario.get_status_display()}")
        if scenario.status == Scenario.Status.INFEASIBLE:
            found = result.get("conflict")
            if found:
                out.write(_("以下规则相互冲突,没有可行方案:"))
                for line in found["text"]:
                    out.write(f"  - {line}")
                out.write(_("单独放宽其中任一条即可:"))
                for line in found["relax_text"]:
                    out.write(f"  - {line}")
            return
        if scenario.status != Scenario.Status.SOLVED:
            out.write(_("在时限内没有找到方案。"))
            return
        out.write(
            _("总成效 %(value)s,最优性间隙 %(gap)s,用时 %(s).1f 秒。")
            % {
                "value": f"{result['value']:,.0f}",
                "gap": words.percent(result["gap"]),
                "s": result["seconds"],
            }
        )
        out.write(words.greedy(result))
        out.write(_("资金安排(万元):"))
        for row in result["cash_flow"]:
            out.write(
                f"  {row['year']}: {row['spent']:,.0f} / {row['available']:,.0f}  "
                + _("民生 %(l)s  基层 %(g)s")
                % {"l": words.percent(row["livelihood"]), "g": words.percent(row["grassroots"])}
            )
        out.write(_("入选项目:"))
        for row in result["chosen"]:
            out.write(
                f"  + {row['key']} {names.get(row['key'], '')}  {row['start']}  "
                f"{row['cost']:,.0f}  {row['worth'] + row['synergy']:,.0f}"
            )
        out.write(_("未入选:"))
        for row in result["rejected"]:
            out.write(f"  - {row['key']} {names.get(row['key'], '')}: {row['text']}")
