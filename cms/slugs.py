"""The one slug policy of the site: Unicode slugs, as Wagtail's admin makes them.

Admin, import, hand-ins, capture forms and the demo data all derive a page's slug from its
title with `slug_for` (Django's slugify with allow_unicode, as Wagtail does with
WAGTAIL_ALLOW_UNICODE_SLUGS): "Straßenfest in Hüsten" → "straßenfest-in-hüsten", and a
title in another script keeps its letters ("Бабушкин двор" → "бабушкин-двор").

Catalogue entries made by code (demo data, competences found in free text) get ASCII
slugs with the German letters spelt out, `catalogue_slug_for`: "Hüsten" → "huesten",
"Voßwinkel" → "vosswinkel", never "husten" (a cough).
"""

from collections.abc import Container

from django.utils.text import slugify


def slug_for(text: str, *, fallback: str, max_length: int = 80) -> str:
    """The slug of a title; `fallback` when nothing of it is a letter or digit."""
    slug = slugify(text, allow_unicode=True)[:max_length].strip("-_")
    return slug or fallback


GERMAN_LETTERS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss", "ẞ": "SS"}
)


def catalogue_slug_for(name: str, *, fallback: str = "eintrag", max_length: int = 100) -> str:
    """An ASCII slug of a catalogue entry's name, German letters spelt out (ü → ue)."""
    slug = slugify(name.translate(GERMAN_LETTERS))[:max_length].strip("-_")
    return slug or fallback


def next_free_slug(base: str, taken: Container[str]) -> str:
    """`base`, or `base-2`, `base-3` … whichever is not taken yet."""
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug
