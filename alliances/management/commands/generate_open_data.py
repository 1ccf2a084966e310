from django.core.management.base import BaseCommand

from alliances.opendata.services import open_data_dir, open_data_generate


class Command(BaseCommand):
    help = "Write the open data files (CSV, JSON, README, zip) now, as the daily schedule does."

    def handle(self, *args, **options):
        counts = open_data_generate()
        summary = ", ".join(f"{name}: {count}" for name, count in counts.items())
        self.stdout.write(f"Open data written to {open_data_dir()} ({summary}).")
