"""Benchmark: loading the administrative tree (fresh and again), and a subtree query.

Run: .venv/bin/python bench/regions.py
Uses a throw-away SQLite database (or DATABASE_URL if set: it must be a scratch database).
Prints the figures and their ratio to the floor the foundation issue asks for
("loading takes seconds": a fresh load within 10 s).
"""

import sys
import time

from scratch import scratch_install

FLOOR_FRESH_LOAD_S = 10.0


def main() -> None:
    scratch_install(demo=False)
    from duikou.geo.models import Region
    from duikou.geo.selectors import regions_in_subtree
    from duikou.geo.services import regions_load

    Region.objects.all().delete()

    start = time.perf_counter()
    created = regions_load()["created"]
    fresh = time.perf_counter() - start

    start = time.perf_counter()
    again = regions_load()
    reload_s = time.perf_counter() - start

    xinjiang = Region.objects.get(code="650000")
    start = time.perf_counter()
    runs = 200
    for _ in range(runs):
        size = len(list(regions_in_subtree(xinjiang).values_list("code", flat=True)))
    subtree_ms = (time.perf_counter() - start) / runs * 1000

    print(
        f"regions_load fresh : {created} regions in {fresh:.2f} s "
        f"(floor {FLOOR_FRESH_LOAD_S:.0f} s, ratio {fresh / FLOOR_FRESH_LOAD_S:.2f})"
    )
    print(
        f"regions_load again : {again['created']} created, {again['updated']} updated "
        f"in {reload_s:.2f} s"
    )
    print(f"Xinjiang subtree   : {size} regions in {subtree_ms:.2f} ms per query (mean of {runs})")


if __name__ == "__main__":
    sys.exit(main())
