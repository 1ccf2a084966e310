"""Words of Wagtail and Django that their German catalogues leave English or impolite.

The project's catalogue (LOCALE_PATHS) wins over theirs, so translating them in
locale/de is enough; they are listed here so that makemessages keeps them.
"""

from django.utils.translation import gettext_noop

UPSTREAM_LABELS = (
    gettext_noop("Home"),  # the root of every admin breadcrumb
)

# Django's form fields (ChoiceField, TypedChoiceField, MultipleChoiceField and their
# model variants, also under django-filter in the API), whose German says "Bitte eine
# gültige Auswahl treffen." where everything else addresses people as "Sie".
# Source of the msgids: django/forms/fields.py and models.py, Django 5.2.
DJANGO_FORM_MESSAGES = (
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("Enter a list of values."),
)
