import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from cms.origin import site_origin_sync


class Command(BaseCommand):
    help = "Run the development web server and a django-q2 task worker together."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        # A plain SIGTERM (not only Ctrl-C) must also stop the worker.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        # Absolute links (embed, API, mails) follow the origin served (make run PORT=…).
        site_origin_sync()
        worker = subprocess.Popen([sys.executable, "manage.py", "qcluster"])
        try:
            call_command("runserver", addrport, use_reloader=False)
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
