"""IATI import: a large file made by replicating the real sample activities (each copy with a
new identifier), then, each in its own process:

(a) a bare lxml ``iterparse`` walk over the file that clears every activity: the floor;
(b) the full import (checks, schema, mapping, writes) into a fresh SQLite database, with the
    worker processes it starts (one per core: ``DUIKOU_IATI_WORKERS``);
(c) the same into PostgreSQL when ``DATABASE_URL`` is set (a scratch database is made and
    dropped next to it).

Peak memory is the largest sum, sampled four times a second, of the proportional set size
(PSS: shared pages shared out) of the phase's process and all its children.

    .venv/bin/python bench/iati_import.py [--activities 50000] [--keep FILE]

Targets: ≥ 2,000 activities/s into SQLite, ≥ ¼ of the bare-parse rate, peak memory under
300 MB for a 200 MB file.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "exchange" / "files"
SOURCES = [
    "netherlands-mfa-13-activities.xml",
    "iatipublisher-complete-2-activities.xml",
    "iati-standard-example-annotated-203.xml",
]
IDENTIFIER = re.compile(rb"<iati-identifier>([^<]*)</iati-identifier>")


def _activities(path: Path) -> list[bytes]:
    from lxml import etree

    root = etree.parse(str(path)).getroot()
    return [etree.tostring(a) for a in root.iterchildren("iati-activity")]


def build(path: Path, count: int) -> None:
    """Write ``count`` activities, cycling through the samples' activities."""
    pool = [a for name in SOURCES for a in _activities(SAMPLES / name)]
    with open(path, "wb") as out:
        out.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(b'<iati-activities version="2.03" generated-datetime="2026-11-29T00:00:00Z">\n')
        for n in range(count):
            copy = b"<iati-identifier>\\1-B%d</iati-identifier>" % n
            out.write(IDENTIFIER.sub(copy, pool[n % len(pool)], count=1))
            out.write(b"\n")
        out.write(b"</iati-activities>\n")


SAMPLE_EVERY = 0.25  # seconds


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found += [int(child) for child in task.read_text().split()]
    return found


def tree_pss_mb(pid: int) -> float:
    """The PSS of a process and all its descendants, in MB (0 once they are gone)."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
            pending += _children(current)
        except OSError:  # it ended meanwhile
            continue
        total += int(re.search(r"^Pss:\s+(\d+)", rollup, re.M).group(1))
    return total / 1024


def walk(path: str) -> dict:
    from lxml import etree

    began = time.perf_counter()
    count = 0
    for _event, element in etree.iterparse(path, tag="iati-activity"):
        count += 1
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]
    return {"seconds": time.perf_counter() - began, "activities": count}


def load(path: str) -> dict:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duikou.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from duikou.exchange.iati.importer import Importer
    from duikou.geo.models import Region
    from duikou.geo.services import regions_load
    from duikou.partners.models import Organisation, Pairing
    from duikou.partners.services import organisation_register, pairing_create

    regions_load()
    region = Region.objects.get(code="653000")
    supporter = Organisation.objects.filter(name="bench").first() or organisation_register(
        by=None, name="bench"
    )
    pairing = pairing_create(
        by=None,
        supporter=supporter,
        recipient_region=region,
        level="province",
        start_date="2010-01-01",
    )
    Pairing.objects.get(pk=pairing.pk)
    began = time.perf_counter()
    report = Importer(by=None, pairing=pairing).import_file(Path(path))
    seconds = time.perf_counter() - began
    return {
        "seconds": seconds,
        "activities": report.activities,
        "created": report.created,
        "problems": report.problem_count,
        "rejected": report.rejected,
    }


def child(phase: str, path: Path, env: dict) -> dict:
    """Run a phase in its own process, sampling the memory of its process tree."""
    process = subprocess.Popen(
        [sys.executable, __file__, "--phase", phase, str(path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    peak = 0.0
    while True:
        peak = max(peak, tree_pss_mb(process.pid))
        try:
            stdout, stderr = process.communicate(timeout=SAMPLE_EVERY)
            break
        except subprocess.TimeoutExpired:
            continue
    if process.returncode:
        sys.exit(f"{phase} failed:\n{stderr[-3000:]}")
    return {**json.loads(stdout.strip().splitlines()[-1]), "peak_mb": peak}


def scratch_postgres(url: str) -> tuple[str, callable]:
    import psycopg

    name = f"duikou_bench_{os.getpid()}"
    admin = re.sub(r"/[^/?]*(\?|$)", r"/postgres\1", url, count=1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return re.sub(r"/[^/?]*(\?|$)", rf"/{name}\1", url, count=1), drop


def line(label: str, result: dict, size_mb: float, floor: float | None = None) -> str:
    rate = result["activities"] / result["seconds"]
    text = (
        f"{label:<22} {result['seconds']:8.1f} s  {rate:9,.0f} activities/s  "
        f"{size_mb / result['seconds']:7.1f} MB/s  peak {result['peak_mb']:6.0f} MB"
    )
    if floor:
        text += f"  {rate / floor * 100:5.1f} % of bare parse"
    if "created" in result:
        text += f"  (created {result['created']:,}, not imported {result['problems']:,})"
    return text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--activities", type=int, default=50_000)
    parser.add_argument("--keep", help="write the generated file here and keep it")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("file", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        sys.path.insert(0, str(ROOT))
        print(json.dumps((walk if args.phase == "walk" else load)(args.file)))
        return

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(args.keep or Path(scratch) / "bench.xml")
        began = time.perf_counter()
        build(path, args.activities)
        size_mb = path.stat().st_size / 1e6
        print(
            f"file: {args.activities:,} activities, {size_mb:,.1f} MB "
            f"(built in {time.perf_counter() - began:.1f} s)"
        )
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        bare = child("walk", path, env)
        floor = bare["activities"] / bare["seconds"]
        print(line("(a) bare iterparse", bare, size_mb))
        sqlite_var = Path(scratch) / "var"
        sqlite_var.mkdir()
        sqlite = child("load", path, {**env, "DUIKOU_VAR": str(sqlite_var)})
        print(line("(b) import, SQLite", sqlite, size_mb, floor))
        if os.environ.get("DATABASE_URL"):
            url, drop = scratch_postgres(os.environ["DATABASE_URL"])
            try:
                pg_var = Path(scratch) / "pg"
                pg_var.mkdir()
                pg_env = {**env, "DATABASE_URL": url, "DUIKOU_VAR": str(pg_var)}
                result = child("load", path, pg_env)
                print(line("(c) import, PostgreSQL", result, size_mb, floor))
            finally:
                drop()
        else:
            print("(c) import, PostgreSQL   skipped: set DATABASE_URL to measure it")


if __name__ == "__main__":
    main()
