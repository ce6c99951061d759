"""Background tasks of planning (django-tasks)."""

from django_tasks import task

from duikou.planning.models import Scenario


@task()
def solve_scenario(scenario_id: int) -> str:
    from duikou.planning.runs import scenario_run

    scenario = Scenario.objects.get(pk=scenario_id)
    try:
        return scenario_run(scenario).status
    except Exception:
        Scenario.objects.filter(pk=scenario_id).update(status=Scenario.Status.FAILED)
        raise
