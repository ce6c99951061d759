"""The throw-away install every benchmark starts from."""

import os
import tempfile


def scratch_install(*, demo: bool = True, static: bool = False, sqlite: bool = False) -> None:
    """Point Django at a fresh folder and migrate: SQLite there, or DATABASE_URL if set (it
    must be a scratch database) unless ``sqlite``. Collect the static files for pages that
    render them, and load the demo programme."""
    os.environ.setdefault("DUIKOU_VAR", tempfile.mkdtemp(prefix="duikou-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duikou.settings")
    if sqlite:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if static:
        call_command("collectstatic", interactive=False, verbosity=0)
    if demo:
        from duikou.demo.loader import demo_load

        demo_load()


def timed(label: str, call, runs: int, *, floor_ms: float, width: int = 58):
    """Run ``call`` once to warm up, then ``runs`` times; print the median and worst
    wall-clock time, the SQL queries of one run and the ratio to ``floor_ms``. Returns
    (median ms, worst ms, queries)."""
    import statistics
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as captured:
        call()
    median, worst = statistics.median(times), max(times)
    print(
        f"{label:<{width}} median {median:7.2f} ms  max {worst:7.2f} ms  "
        f"{len(captured):2d} queries  ratio to {floor_ms:.0f} ms floor {median / floor_ms:.2f}"
    )
    return median, worst, len(captured)
