"""Writes to the catalogues of competences and resources: matching free text, seeding."""

from django.db import transaction

from alliances.models import Competence, District, Resource
from alliances.models.competences import OfferableEntry, normalise
from cms.slugs import catalogue_slug_for


def _slug(text: str) -> str:
    return catalogue_slug_for(text)


def catalogue_lookup(model: type[OfferableEntry]) -> dict[str, OfferableEntry]:
    """Every spelling (name and synonyms, normalised) of `model`'s entries → the entry."""
    lookup = {}
    for entry in model.objects.all():
        for spelling in sorted(entry.spellings()):
            lookup.setdefault(spelling, entry)
    return lookup


@transaction.atomic
def catalogues_seed(*, competences, resources, neighbours) -> dict[str, dict]:
    """Create the starter catalogues (idempotent); adopt entries made for review meanwhile.

    An entry the Kernteam has already edited (no longer "needs review") is left alone.
    """
    seeded = {}
    for model, rows in ((Competence, competences), (Resource, resources)):
        lookup = catalogue_lookup(model)
        entries = {}
        for name, category, synonyms, description in rows:
            fields = {
                "name": name,
                "category": category,
                "synonyms": "\n".join(synonyms),
                "description": description,
                "needs_review": False,
            }
            entry = model.objects.filter(slug=_slug(name)).first() or next(
                (lookup[normalise(s)] for s in [name, *synonyms] if normalise(s) in lookup),
                None,
            )
            if entry is None:
                entry = model.objects.create(slug=_slug(name), **fields)
            elif entry.needs_review:
                for field, value in fields.items():
                    setattr(entry, field, value)
                entry.save()
            entries[name] = entry
            for spelling in entry.spellings():
                lookup.setdefault(spelling, entry)
        seeded[model.KIND] = entries
    districts = {d.name: d for d in District.objects.all()}
    for first, second in neighbours:
        if first in districts and second in districts:
            districts[first].neighbours.add(districts[second])
    return seeded
