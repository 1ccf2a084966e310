from django.conf import settings
from django.core.management.base import BaseCommand

from cms.origin import site_origin_sync


class Command(BaseCommand):
    help = "Point the default site (absolute links) at WAGTAILADMIN_BASE_URL."

    def handle(self, *args, **options):
        site = site_origin_sync()
        if site is None:
            self.stderr.write("No default site.")
            return
        self.stdout.write(f"Links now use {settings.WAGTAILADMIN_BASE_URL} ({site.root_url}).")
