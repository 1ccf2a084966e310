"""Words of Wagtail's admin that its German catalogue leaves English.

The project's catalogue (LOCALE_PATHS) wins over Wagtail's, so translating them in
locale/de is enough; they are listed here so that makemessages keeps them.
"""

from django.utils.translation import gettext_noop

UPSTREAM_LABELS = (
    gettext_noop("Home"),  # the root of every admin breadcrumb
)
