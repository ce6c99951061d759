"""Benchmark: "who is on duty on day D in region R" and "whose term ends in 90 days" with
20,000 people and 60,000 postings.

Run: .venv/bin/python bench/people.py [--people 20000] [--runs 15]
Uses a throw-away SQLite database, or DATABASE_URL if set (it must be a scratch database:
the tables are filled). The generated people and postings are written in bulk (not through
the services: the point is the reads). Prints, for each question, the median and worst
wall-clock time of several runs, the SQL query count, and the ratio to the 100 ms floor the
issue sets.
"""

import argparse
import datetime
import random
import sys
import time

from scratch import scratch_install, timed

FLOOR_MS = 100.0


def measure(label: str, call, runs: int):
    return timed(label, call, runs, floor_ms=FLOOR_MS, width=52)


def generate(people: int, postings_each: int, seed: int = 20261129) -> None:
    """``people`` people, each with ``postings_each`` postings one after another (no overlap),
    spread over Xinjiang's counties, categories, batches and dispatching units."""
    from django.db import transaction

    from duikou.geo.models import Region
    from duikou.partners.models import Organisation
    from duikou.people.models import Batch, Category, Duration, Person, Posting
    from duikou.people.selectors import planned_end_of
    from duikou.people.services import id_check_digit

    rng = random.Random(seed)
    Posting.all_objects.filter(position__startswith="bench").delete()
    Person.all_objects.filter(name__startswith="bench").delete()
    counties = list(Region.objects.filter(code__startswith="65", level=3))
    units = list(Organisation.objects.filter(region__code__startswith="32"))
    batches = {}
    for number, start in ((10, 2014), (11, 2017), (12, 2020), (13, 2023), (14, 2026)):
        batches[start] = Batch.all_objects.get_or_create(
            number=number, defaults={"start_year": start, "end_year": start + 2}
        )[0]
    categories = Category.values
    terms = {
        (c, d): (planned_end_of(datetime.date(2020, 1, 1), c, d) - datetime.date(2020, 1, 1)).days
        for c in categories
        for d in Duration.values
    }
    with transaction.atomic():
        rows = []
        for index in range(people):
            born = datetime.date(1965 + index % 30, 1 + index % 12, 1 + index % 28)
            # unique, well-formed, fictitious: an area code, the index, a check character
            first = f"{320100 + index % 90:06d}{index:011d}"
            rows.append(
                Person(
                    name=f"bench{index:05d}",
                    gender="male" if index % 2 else "female",
                    birth_date=born,
                    education=rng.choice(["doctorate", "master", "bachelor", "college"]),
                    id_number=first + id_check_digit(first),
                    phone=f"139{index:08d}",
                    dispatching_unit=rng.choice(units),
                )
            )
        Person.objects.bulk_create(rows, batch_size=2000)
        people_rows = list(Person.objects.filter(name__startswith="bench").only("pk"))
        postings = []
        for person in people_rows:
            day = datetime.date(2014, 1, 1) + datetime.timedelta(days=rng.randrange(0, 1200))
            for _ in range(postings_each):
                category = rng.choice(categories)
                duration = Duration.SHORT_TERM if rng.random() < 0.2 else Duration.LONG_TERM
                planned = day + datetime.timedelta(days=terms[(category, duration)])
                batch = batches[max(y for y in batches if y <= max(day.year, 2014))]
                postings.append(
                    Posting(
                        person_id=person.pk,
                        batch=batch,
                        category=category,
                        duration=duration,
                        region=rng.choice(counties),
                        position=f"bench{rng.randrange(50)}",
                        start_date=day,
                        end_date=planned,
                        planned_end=planned,
                    )
                )
                day = planned + datetime.timedelta(days=rng.randrange(1, 60))
        Posting.objects.bulk_create(postings, batch_size=5000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--postings-each", type=int, default=3)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    scratch_install()

    from django.db import connection

    from duikou.accounts.models import User
    from duikou.geo.models import Region
    from duikou.people.models import Person, Posting
    from duikou.people.selectors import on_duty, term_ends

    start = time.perf_counter()
    generate(args.people, args.postings_each)
    version = ".".join(map(str, connection.get_database_version()))
    print(
        f"database: {connection.display_name} {version}; generated {Person.objects.count()} "
        f"people and {Posting.objects.count()} postings in {time.perf_counter() - start:.1f} s"
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics, on SQLite and PostgreSQL alike

    hq = User.objects.select_related("organisation").get(username="hq")
    yili = User.objects.select_related("organisation").get(username="yili")
    xinjiang, ili = Region.objects.get(code="650000"), Region.objects.get(code="654000")
    day, today = datetime.date(2019, 6, 1), datetime.date(2019, 6, 1)

    counted = on_duty(xinjiang, day, hq)["count"]
    ending = term_ends(90, hq, today).count()
    print(f"on duty in Xinjiang on {day}: {counted}; terms ending within 90 days: {ending}")
    measure("on_duty(Xinjiang 650000, D) as HQ", lambda: on_duty(xinjiang, day, hq), args.runs)
    measure("on_duty(Ili 654000, D) as HQ", lambda: on_duty(ili, day, hq), args.runs)
    measure(
        "on_duty(Xinjiang, D) as the Ili front command",
        lambda: on_duty(xinjiang, day, yili),
        args.runs,
    )
    measure(
        "term_ends(90 days): count + first page of 50",
        lambda: (term_ends(90, hq, today).count(), list(term_ends(90, hq, today)[:50])),
        args.runs,
    )
    measure(
        f"term_ends(90 days): all {ending} rows",
        lambda: list(term_ends(90, hq, today)),
        args.runs,
    )


if __name__ == "__main__":
    sys.exit(main())
