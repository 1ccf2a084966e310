"""Rebuild the API's read model from the pages (after a restore or a bulk SQL change)."""

import time

from django.db import transaction
from django.utils.translation import gettext as _

from api import stream
from api.caching import invalidate
from api.readmodel import services
from cms.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = _(
        "Recompute the API's read model of every page (who may see it, sort keys) and "
        "render the representations that are missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help=_("Render every representation again (after changing pages by SQL)."),
        )
        parser.add_argument(
            "--no-render",
            action="store_true",
            help=_("Only recompute; leave rendering to the task queue and to first reads."),
        )

    def handle(self, *args, no_render=False, **options):
        started = time.monotonic()
        with transaction.atomic():
            stream.sweep()  # what stopped or started being public: through the stream, with events
            pages = services.sync_all(content=options["all"])
            invalidate()  # cached responses may hold what has just been corrected
        self.stdout.write(_("%(pages)d pages recomputed.") % {"pages": pages})
        if no_render:
            services.refresh_statistics()
            return

        def progress(done: int) -> None:
            self.stdout.write(
                _("%(done)d representations rendered, %(rate).0f/s")
                % {"done": done, "rate": done / (time.monotonic() - started)},
                ending="\r",
            )

        rendered = services.render_pending(progress=progress)
        services.refresh_statistics()
        self.stdout.write(
            _("Rendered %(done)d representations in %(seconds).1f s.")
            % {"done": rendered, "seconds": time.monotonic() - started}
        )
