"""Background tasks of the exchange (django-tasks)."""

from django_tasks import task


@task()
def import_iati_file(run_id: int, language: str = "") -> str:
    """Import an uploaded IATI file (an ImportRun); the run keeps progress and report."""
    from duikou.exchange.runs import import_run_work

    return import_run_work(run_id, language).status
