"""Benchmark: server time of every web page on the demo programme.

Run: .venv/bin/python bench/pages.py [--runs 30]

It makes a throw-away install (SQLite, demo programme), logs in as the HQ user (who sees
everything) and as a city aid group, and renders each page in process, timing the whole
Django request (middleware, view, queries, template) without the network. Prints, per page,
the SQL query count and the median and p95 time, and the ratio of the slowest p95 to the
200 ms budget.
"""

import argparse
import statistics
import time

from scratch import scratch_install

BUDGET_MS = 200.0


def pages() -> list[tuple[str, str]]:
    from duikou.partners.models import Organisation
    from duikou.projects.models import Project

    school = Project.objects.get(code="JSYJ-YL-002").pk
    training = Project.objects.get(code="JSYJ-YL-007").pk
    suzhou = Organisation.objects.get(name="苏州市援疆工作组").pk
    return [
        ("hq", "/"),
        ("hq", "/projects/"),
        ("hq", "/projects/?region=654000&sort=-planned"),
        ("hq", f"/projects/{school}/"),
        ("hq", f"/projects/{school}/edit/"),
        ("hq", "/projects/new/"),
        ("hq", "/projects/export.xlsx"),
        ("hq", "/regions/650000/"),
        ("hq", "/regions/654000/"),
        ("hq", "/regions/659008/"),
        ("hq", "/regions/320500/"),
        ("hq", "/pairings/"),
        ("hq", "/organisations/"),
        ("hq", f"/organisations/{suzhou}/"),
        ("hq", "/account/tokens/"),
        ("hq", "/people/"),
        ("hq", "/people/term-ends/"),
        ("hq", "/people/batches/"),
        ("hq", "/results/?element=tourists&period=2024"),
        ("hq", f"/results/projects/{school}/enter/?period=2025"),
        ("hq", "/results/grid/?element=trainees&period=2025&kind=actual"),
        ("hq", "/results/approval/"),
        ("suzhou", "/"),
        ("suzhou", "/projects/"),
        ("suzhou", f"/projects/{training}/"),
        ("suzhou", "/regions/654000/"),
        ("suzhou", "/people/"),
        ("suzhou", "/results/?element=trainees&period=2024&region=653001"),
    ]


def measure(client, url: str, runs: int) -> tuple[int, float, float]:
    from django.db import connection

    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return len(queries), statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    scratch_install(static=True, sqlite=True)
    from django.core.signals import request_finished
    from django.db import close_old_connections
    from django.test import Client

    # Keep one connection, as a warm server does, so the query log survives each request.
    request_finished.disconnect(close_old_connections)

    from duikou.accounts.models import User

    clients = {}
    for username in ("hq", "suzhou"):
        clients[username] = Client(SERVER_NAME="localhost")
        clients[username].force_login(User.objects.get(username=username))
    print(f"{'user':<8} {'page':<44} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8}")
    slowest = 0.0
    for username, url in pages():
        count, p50, p95 = measure(clients[username], url, args.runs)
        slowest = max(slowest, p95)
        print(f"{username:<8} {url:<44} {count:>7} {p50:>8.1f} {p95:>8.1f}")
    verdict = "within" if slowest < BUDGET_MS else "OVER"
    ratio = slowest / BUDGET_MS
    print(f"slowest p95 {slowest:.1f} ms = {ratio:.2f} × the {BUDGET_MS:.0f} ms budget ({verdict})")


if __name__ == "__main__":
    main()
