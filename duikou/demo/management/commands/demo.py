from django.core.management.base import BaseCommand

from duikou.demo.loader import demo_load
from duikou.demo.programme import USERS


class Command(BaseCommand):
    help = "Load the Jiangsu–Xinjiang demo programme and one demo user per role (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password", default="demo", help="Password of every demo user (default: demo)."
        )

    def handle(self, *args, **options):
        counts = demo_load(password=options["password"])
        self.stdout.write(
            "Demo programme: {organisations} organisations, {pairings} pairings, "
            "{projects} projects.".format(**counts)
        )
        self.stdout.write("Demo users: " + ", ".join(USERS) + ".")
