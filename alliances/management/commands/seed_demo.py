from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliances.demo.scale import seed_scale
from alliances.demo.seed import seed_demo
from cms.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy(
        "Fill the database with Arnsberg demo content (idempotent); --scale N adds N alliances."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            help=gettext_lazy(
                "Add N generated alliances with proportional needs, services and members."
            ),
        )
        parser.add_argument(
            "--users",
            action="store_true",
            help=gettext_lazy(
                "Create the demo logins even when DEBUG is off (never in production)."
            ),
        )

    def handle(self, *args, scale, users, **options):
        if scale < 0:
            raise CommandError(_("--scale must be 0 or more."))
        logins = seed_demo(with_users=users or settings.DEBUG)
        self.stdout.write(self.style.SUCCESS(_("Demo content is in place.")))
        if scale:
            report = seed_scale(scale, progress=self.stdout.write)
            self.stdout.write(self.style.SUCCESS(report))
        for username, password, role in logins:
            self.stdout.write(f"  {role:<15} {username} / {password}")
