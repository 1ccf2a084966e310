import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cms.origin import site_origin_sync


def served_origin(addrport: str) -> str:
    """The origin a browser reaches `runserver`'s `[addr:]port` at (all interfaces: this
    machine, 127.0.0.1). Raises CommandError when no port can be read."""
    host, _sep, port = addrport.rpartition(":")
    if not (port.isascii() and port.isdigit()):
        raise CommandError(_("“%(value)s” names no port.") % {"value": addrport})
    host = host.strip("[]")
    if host in ("", "0.0.0.0", "::"):  # noqa: S104 (read, not bound: the default runserver's)
        host = "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


class Command(BaseCommand):
    help = "Run the development web server and a django-q2 task worker together."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, *args, addrport, **options):
        # A plain SIGTERM (not only Ctrl-C) must also stop the worker.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        # Absolute links (embed, API, sitemap, open data, mails) follow the origin served:
        # WAGTAILADMIN_BASE_URL if set (`make run PORT=…` sets it; a proxy in front may
        # want another), else the address served, for this process and the worker alike.
        env = dict(os.environ)
        if "WAGTAILADMIN_BASE_URL" not in env:
            settings.WAGTAILADMIN_BASE_URL = env["WAGTAILADMIN_BASE_URL"] = served_origin(addrport)
        site_origin_sync()
        worker = subprocess.Popen([sys.executable, "manage.py", "qcluster"], env=env)
        try:
            call_command("runserver", addrport, use_reloader=False)
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
