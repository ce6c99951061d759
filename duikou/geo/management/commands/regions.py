from django.core.management.base import BaseCommand

from duikou.geo.services import regions_load


class Command(BaseCommand):
    help = "Load or refresh the administrative tree of China (idempotent)."

    def handle(self, *args, **options):
        result = regions_load()
        self.stdout.write(f"Regions: {result['created']} created, {result['updated']} updated.")
