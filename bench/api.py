"""Benchmark: API throughput and latency under 8 concurrent clients on loopback.

Run: .venv/bin/python bench/api.py [--seconds 10] [--clients 8]

It makes a throw-away install (SQLite, demo programme), serves it with gunicorn exactly as
`duikou serve` does, and drives three endpoints with keep-alive clients:
  - /api/v1/health           the floor: a trivial endpoint of the same app (no DB, no auth)
  - /api/v1/projects         a list endpoint (limit=50, funds annotated, regions prefetched)
  - /api/v1/statistics       the programme statistics
Prints requests per second, p50 and p95 latency, and the ratio of each to the floor.
"""

import argparse
import http.client
import statistics
import threading
import time
from urllib.parse import urlsplit

from scratch import scratch_install

ENDPOINTS = [
    ("floor: GET /health", "/api/v1/health"),
    ("GET /projects?limit=50", "/api/v1/projects?limit=50"),
    ("GET /statistics", "/api/v1/statistics?region_level=county"),
]


def prepare() -> tuple[str, str]:
    """A fresh install with the demo programme; returns its database URL and a token."""
    scratch_install(static=True, sqlite=True)
    from django.conf import settings

    from duikou.accounts.models import User
    from duikou.accounts.tokens import token_create

    _token, secret = token_create(by=None, user=User.objects.get(username="hq"), name="bench")
    return f"sqlite:///{settings.DATABASES['default']['NAME']}", secret


def drive(base: str, path: str, secret: str, clients: int, seconds: float) -> list[float]:
    """Each client sends requests back to back on one keep-alive connection."""
    host = urlsplit(base)
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    headers = {"Authorization": f"Bearer {secret}"}

    def client() -> None:
        connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
        mine = []
        while time.monotonic() < stop:
            start = time.perf_counter()
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status}")
            mine.append(time.perf_counter() - start)
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    database, secret = prepare()
    from duikou.testing import served_app

    with served_app(database) as base:
        drive(base, ENDPOINTS[1][1], secret, 2, 1)  # warm up
        rows = []
        for label, path in ENDPOINTS:
            latencies = drive(base, path, secret, args.clients, args.seconds)
            quantiles = statistics.quantiles(latencies, n=100)
            rows.append(
                (label, len(latencies) / args.seconds, quantiles[49] * 1000, quantiles[94] * 1000)
            )
    floor = rows[0]
    print(
        f"{args.clients} concurrent clients, {args.seconds:.0f} s per endpoint, "
        f"gunicorn 2 workers × 4 threads, SQLite, demo data, loopback"
    )
    print(
        f"{'endpoint':28} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'req/s ÷ floor':>14} {'p95 ÷ floor':>12}"
    )
    for label, rps, p50, p95 in rows:
        print(
            f"{label:28} {rps:8.0f} {p50:8.1f} {p95:8.1f} {rps / floor[1]:14.2f} "
            f"{p95 / floor[3]:12.2f}"
        )


if __name__ == "__main__":
    main()
