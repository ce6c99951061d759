"""Benchmark: an indicator's yearly roll-up over all Xinjiang prefectures, with 1,000,000
data values.

Run: .venv/bin/python bench/results.py [--values 1000000] [--runs 15] [--level 3]
Uses a throw-away SQLite database (removed at the end unless DUIKOU_VAR is set), or
DATABASE_URL if set (it must be a scratch database: the tables are filled). The data values
already there (the demo's, an earlier run's) are deleted first, so that the set is consistent:
each series reported once, at one level and one period length, as the services require.

The values are written in bulk (not through the services: the point is the reads), with the
copies the services keep (region path, period dates) filled as they would be: monthly values
2016–2025, actual and target, for every county-level region of Xinjiang (``--level 4``:
every township instead, ten times denser), without a project and for each demo project whose
regions cover the place; mostly approved, some entered or submitted. They are written month
by month, all elements together, as they would arrive. The three elements measured
(``jobs_created``: sum, ``poor_households_reached``: last, ``poor_household_income``:
average) are filled first; the other built-in elements, then elements made for the bench
(``bench_01``…), take the rest.

After ANALYZE (PostgreSQL: VACUUM ANALYZE of the table, as autovacuum would do soon after such
a load, then ANALYZE), prints for each roll-up the median and worst wall-clock time of several
runs, the SQL query count and the ratio to the 300 ms floor the issue sets, then the query
plan of the yearly roll-ups by region below Xinjiang (its 14 prefectures and 12 county-level
cities; SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN (ANALYZE, BUFFERS)).
"""

import argparse
import atexit
import datetime
import os
import random
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from itertools import chain

from scratch import scratch_install, timed

FLOOR_MS = 300.0
YEARS = range(2016, 2026)
MEASURED = ["jobs_created", "poor_households_reached", "poor_household_income"]
BENCH_COMMENT = "bench"


def series_list(wanted: int, level: int) -> list[tuple]:
    """``(element, region, project)`` series, enough for ``wanted`` values: the measured
    elements first, then the other built-in ones, then elements made for the bench."""
    from duikou.geo.models import Region
    from duikou.projects.models import Project
    from duikou.results.models import Aggregation, DataElement, ValueType

    places = list(Region.objects.filter(code__startswith="65", level=level).order_by("code"))
    shares = {
        project: [share.region.path for share in project.region_shares.select_related("region")]
        for project in Project.objects.order_by("code")
    }
    projects_of = {
        place.pk: [p for p, paths in shares.items() if any(place.path.startswith(x) for x in paths)]
        for place in places
    }
    per_element = sum(1 + len(projects_of[place.pk]) for place in places)
    per_series = len(YEARS) * 12 * 2  # months × (actual, target)
    needed = -(-wanted // per_series)
    builtin = {e.code: e for e in DataElement.objects.filter(is_builtin=True)}
    elements = [builtin[code] for code in MEASURED]
    elements += [e for code, e in sorted(builtin.items()) if code not in MEASURED]
    extra = 0
    while len(elements) * per_element < needed:
        extra += 1
        elements.append(
            DataElement.objects.get_or_create(
                code=f"bench_{extra:02d}",
                defaults={
                    "name": f"测试数据元素 {extra}",
                    "unit": "个",
                    "value_type": ValueType.COUNT,
                    "aggregation": Aggregation.SUM,
                },
            )[0]
        )
    series = [
        (element, place, project)
        for element in elements
        for place in places
        for project in [None, *projects_of[place.pk]]
    ]
    return series[:needed]


def generate(wanted: int, level: int, seed: int = 20261129) -> int:
    """Write ``wanted`` values month by month, every series together, as they would arrive.
    Plain multi-row INSERTs of the model's columns, COPY on PostgreSQL (``bulk_create``
    spends most of its time in Python); the fields not set here take the model's defaults."""
    from django.db import connection, transaction

    from duikou.results.models import Aggregation, DataValue, ValueType
    from duikou.results.periods import period_for

    rng = random.Random(seed)
    # one consistent set: no other value may overlap a generated series (the demo's, say)
    DataValue.all_objects.all()._raw_delete(DataValue.objects.db)
    months = [period_for(f"{year}{month:02d}") for year in YEARS for month in range(1, 13)]
    series = series_list(wanted, level)
    kinds = [DataValue.Kind.ACTUAL, DataValue.Kind.TARGET]
    approved, submitted, entered = (
        DataValue.Status.APPROVED,
        DataValue.Status.SUBMITTED,
        DataValue.Status.ENTERED,
    )
    decided = datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.UTC)
    template = DataValue(comment=BENCH_COMMENT)
    varying = [
        "element_id",
        "period_id",
        "region_id",
        "project_id",
        "kind",
        "value",
        "status",
        "decided_at",
        "region_path",
        "period_start",
        "period_end",
    ]
    meta = DataValue._meta
    fields = {f.attname: f for f in meta.concrete_fields if not f.primary_key}
    fixed = [name for name in fields if name not in varying]

    def prep(name, value):
        return fields[name].get_db_prep_save(value, connection)

    constants = tuple(prep(name, getattr(template, name)) for name in fixed)
    columns = ", ".join(connection.ops.quote_name(fields[name].column) for name in varying + fixed)
    insert = f"INSERT INTO {connection.ops.quote_name(meta.db_table)} ({columns}) VALUES "
    one = f"({', '.join(['%s'] * len(fields))})"
    per_statement = 500  # 500 rows × 22 columns: under SQLite's 32,766 parameters

    def write(cursor, rows) -> None:
        if connection.vendor == "postgresql":  # COPY: psycopg's client-side binding is slow
            copy = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
            with cursor.cursor.copy(copy) as stream:
                for row in rows:
                    stream.write_row(row)
            return
        for first in range(0, len(rows), per_statement):
            chunk = rows[first : first + per_statement]
            cursor.execute(insert + ", ".join([one] * len(chunk)), list(chain(*chunk)))

    decided_at = prep("decided_at", decided)
    # a stock (``last``) grows slowly from its own level; a count is drawn each month
    level_of = [rng.randint(20, 400) for _ in series]
    written, rows = 0, []
    with transaction.atomic(), connection.cursor() as cursor:
        for step, month in enumerate(months):
            start, end = prep("period_start", month.start), prep("period_end", month.end)
            for index, (element, place, project) in enumerate(series):
                for kind in kinds:
                    if written + len(rows) >= wanted:
                        break
                    if element.aggregation == Aggregation.LAST:
                        number = Decimal(level_of[index] + step // 3 + rng.randint(0, 5))
                    elif element.value_type == ValueType.NUMBER:
                        number = Decimal(rng.randint(300_000, 2_000_000)) / 100
                    else:
                        number = Decimal(rng.randint(0, 60))
                    draw = rng.random()
                    status = approved if draw < 0.9 else submitted if draw < 0.95 else entered
                    rows.append(
                        (
                            element.pk,
                            month.pk,
                            place.pk,
                            project.pk if project else None,
                            kind,
                            prep("value", number),
                            status,
                            decided_at if status == approved else None,
                            place.path,
                            start,
                            end,
                            *constants,
                        )
                    )
            if len(rows) >= 20_000 or step == len(months) - 1:
                write(cursor, rows)
                written += len(rows)
                rows = []
    return written


def explain(label: str, call) -> None:
    """The plan of the (single) query ``call`` runs, as the database executes it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    sql = captured.captured_queries[-1]["sql"]
    print(f"\n--- {label}\n{sql}\n")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            for (line,) in cursor.fetchall():
                print(line)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            for row in cursor.fetchall():
                print(f"{row[0]:>3} {row[1]:>3}  {row[3]}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--values", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument(
        "--level",
        type=int,
        choices=[3, 4],
        default=3,
        help="where values are reported: 3 counties (default), 4 townships",
    )
    args = parser.parse_args()
    if "DUIKOU_VAR" not in os.environ:
        os.environ["DUIKOU_VAR"] = tempfile.mkdtemp(prefix="duikou-bench-")
        atexit.register(shutil.rmtree, os.environ["DUIKOU_VAR"], True)
    scratch_install(demo=False)

    from django.db import connection

    from duikou.demo.loader import demo_load
    from duikou.results.models import DataValue

    # an earlier run's values would overlap the demo's (the services refuse that)
    DataValue.all_objects.all()._raw_delete(DataValue.objects.db)
    demo_load()

    from duikou.geo.models import Region
    from duikou.results.models import DataElement
    from duikou.results.periods import period_for
    from duikou.results.rollup import rollup, rollup_by_child

    start = time.perf_counter()
    written = generate(args.values, args.level)
    took = time.perf_counter() - start
    start = time.perf_counter()
    with connection.cursor() as cursor:
        # fresh planner statistics (PostgreSQL: also the visibility map, as autovacuum would)
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE results_datavalue")
            cursor.execute("ANALYZE")
        else:
            cursor.execute("ANALYZE")
    version = ".".join(map(str, connection.get_database_version()))
    print(
        f"database: {connection.display_name} {version}; generated {written} data values "
        f"({DataValue.objects.count()} in the table, level {args.level}) in {took:.1f} s; "
        f"ANALYZE {time.perf_counter() - start:.1f} s"
    )

    xinjiang = Region.objects.get(code="650000")
    year, plan = period_for("2024"), period_for("十四五")
    element = {code: DataElement.objects.get(code=code) for code in MEASURED}
    values = DataValue.objects.all()
    actual = DataValue.Kind.ACTUAL

    def by_child(code, period=year, approved_only=False):
        return lambda: rollup_by_child(
            values, element[code], period, actual, region=xinjiang, approved_only=approved_only
        )

    def whole(code, period=year, approved_only=False):
        return lambda: rollup(
            values, element[code], period, actual, region=xinjiang, approved_only=approved_only
        )

    for code in MEASURED:
        matched = values.filter(
            element=element[code],
            kind=actual,
            period_start__gte=year.start,
            period_end__lte=year.end,
            region_path__startswith=xinjiang.path,
        ).count()
        parts = by_child(code)()
        total = whole(code)()
        print(
            f"{code} ({element[code].aggregation}) 2024 actual: {matched} values, "
            f"{len(parts)} regions below Xinjiang, Xinjiang {total}"
        )
    print()
    timings = []

    def measure(label, call, runs):
        timings.append((label, *timed(label, call, runs, floor_ms=FLOOR_MS)))

    measure("by prefecture, 2024, jobs_created (sum)", by_child("jobs_created"), args.runs)
    measure(
        "by prefecture, 2024, jobs_created (sum), approved only",
        by_child("jobs_created", approved_only=True),
        args.runs,
    )
    measure(
        "by prefecture, 2024, poor_households_reached (last)",
        by_child("poor_households_reached"),
        args.runs,
    )
    measure(
        "by prefecture, 2024, poor_households_reached, approved",
        by_child("poor_households_reached", approved_only=True),
        args.runs,
    )
    measure(
        "by prefecture, 2024, poor_household_income (average)",
        by_child("poor_household_income"),
        args.runs,
    )
    measure(
        "by prefecture, 2024, poor_household_income, approved",
        by_child("poor_household_income", approved_only=True),
        args.runs,
    )
    measure(
        "by prefecture, 2016, jobs_created (sum)",
        by_child("jobs_created", period_for("2016")),
        args.runs,
    )
    measure("by prefecture, 十四五, jobs_created (sum)", by_child("jobs_created", plan), args.runs)
    measure(
        "by prefecture, 十四五, poor_households_reached (last)",
        by_child("poor_households_reached", plan),
        args.runs,
    )
    measure("Xinjiang, 2024, jobs_created (sum)", whole("jobs_created"), args.runs)
    measure(
        "Xinjiang, 2024, poor_households_reached (last)",
        whole("poor_households_reached"),
        args.runs,
    )
    label, median, worst, queries = max(timings, key=lambda timing: timing[1])
    most = max(queries for *_rest, queries in timings)
    print(
        f"slowest: {label}, median {median:.2f} ms, max {worst:.2f} ms "
        f"({median / FLOOR_MS:.2f} of the {FLOOR_MS:.0f} ms floor); "
        f"at most {most} SQL query per roll-up"
    )
    explain("by prefecture, 2024, jobs_created (sum)", by_child("jobs_created"))
    explain(
        "by prefecture, 2024, poor_households_reached (last)", by_child("poor_households_reached")
    )


if __name__ == "__main__":
    sys.exit(main())
