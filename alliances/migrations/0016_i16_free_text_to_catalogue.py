"""Every free-text line of requirements and contributions becomes a catalogue link.

A line is matched against the names and synonyms of the catalogue (case, spaces and
dashes do not count); a line that matches nothing becomes a new entry marked "needs
review", named after the line, so not a word is lost. Backwards, the lines are written
again from the links. The logic is frozen here on purpose (migrations must not follow
later changes of the app's code).
"""

import re

from django.db import migrations
from django.utils.text import slugify

NAME_LENGTH = 120


def _normalise(text):
    return re.sub(r"[\s\-‐–—_/]+", " ", text).strip().casefold()


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class _Catalogue:
    """Lookup of one catalogue by spelling, creating review entries for unknown lines."""

    def __init__(self, model):
        self.model = model
        self.by_spelling = {}
        self.slugs = set(model.objects.values_list("slug", flat=True))
        for entry in model.objects.all():
            self._learn(entry)

    def _learn(self, entry):
        spellings = [entry.name, *_lines(entry.synonyms)]
        if entry.description.startswith("Aus Freitext übernommen: "):
            spellings.append(entry.description.removeprefix("Aus Freitext übernommen: "))
        for spelling in spellings:
            self.by_spelling.setdefault(_normalise(spelling), entry)

    def _slug(self, name):
        base = slugify(name.replace("ß", "ss"))[:100] or "eintrag"
        slug, n = base, 2
        while slug in self.slugs:
            slug, n = f"{base}-{n}", n + 1
        self.slugs.add(slug)
        return slug

    def entry(self, line):
        key = _normalise(line)
        if key not in self.by_spelling:
            name = line[:NAME_LENGTH]
            taken = {e.name for e in self.by_spelling.values()}
            n = 2
            while name in taken:  # another spelling already uses it as a name
                suffix = f" ({n})"
                name, n = line[: NAME_LENGTH - len(suffix)] + suffix, n + 1
            entry = self.model.objects.create(
                name=name,
                slug=self._slug(line),
                needs_review=True,
                # The whole line, also where the name had to be cut or made unique.
                description=f"Aus Freitext übernommen: {line}",
            )
            self._learn(entry)
        return self.by_spelling[key]


def forward(apps, schema_editor):
    ServicePage = apps.get_model("alliances", "ServicePage")
    Requirement = apps.get_model("alliances", "ServiceRequirement")
    Membership = apps.get_model("alliances", "Membership")
    competences = _Catalogue(apps.get_model("alliances", "Competence"))
    resources = _Catalogue(apps.get_model("alliances", "Resource"))

    requirements = []
    for service in ServicePage.objects.only("pk", "required_competences", "required_resources"):
        seen = set()
        order = 0
        for catalogue, text, field in (
            (competences, service.required_competences, "competence"),
            (resources, service.required_resources, "resource"),
        ):
            for line in _lines(text):
                entry = catalogue.entry(line)
                if (field, entry.pk) in seen:
                    continue
                seen.add((field, entry.pk))
                requirements.append(
                    Requirement(
                        service_id=service.pk,
                        sort_order=order,
                        quantity=1,
                        essential=True,
                        **{field: entry},
                    )
                )
                order += 1
    Requirement.objects.bulk_create(requirements)

    Through = {
        "competence": Membership._meta.get_field("competences").remote_field.through,
        "resource": Membership._meta.get_field("resources").remote_field.through,
    }
    links = {"competence": set(), "resource": set()}
    for membership in Membership.objects.only("pk", "competences_text", "resources_text"):
        for line in _lines(membership.competences_text):
            links["competence"].add((membership.pk, competences.entry(line).pk))
        for line in _lines(membership.resources_text):
            links["resource"].add((membership.pk, resources.entry(line).pk))
    for kind, pairs in links.items():
        Through[kind].objects.bulk_create(
            [Through[kind](membership_id=m, **{f"{kind}_id": e}) for m, e in sorted(pairs)]
        )


def _line_of(entry):
    prefix = "Aus Freitext übernommen: "
    return entry.description.removeprefix(prefix) if entry.description.startswith(prefix) else entry.name


def backward(apps, schema_editor):
    ServicePage = apps.get_model("alliances", "ServicePage")
    Requirement = apps.get_model("alliances", "ServiceRequirement")
    Membership = apps.get_model("alliances", "Membership")
    texts = {}
    for req in Requirement.objects.select_related("competence", "resource").order_by(
        "service_id", "sort_order", "pk"
    ):
        field = "required_competences" if req.competence_id else "required_resources"
        texts.setdefault(req.service_id, {"required_competences": [], "required_resources": []})
        texts[req.service_id][field].append(_line_of(req.competence or req.resource))
    for service_id, fields in texts.items():
        ServicePage.objects.filter(pk=service_id).update(
            **{name: "\n".join(lines) for name, lines in fields.items()}
        )
    for membership in Membership.objects.prefetch_related("competences", "resources"):
        membership.competences_text = "\n".join(_line_of(c) for c in membership.competences.all())
        membership.resources_text = "\n".join(_line_of(r) for r in membership.resources.all())
        membership.save(update_fields=["competences_text", "resources_text"])
    # The links are text again: going forward once more must not find them twice.
    Requirement.objects.all().delete()
    for field in ("competences", "resources"):
        Membership._meta.get_field(field).remote_field.through.objects.all().delete()


def neighbours_forward(apps, schema_editor):
    """Arnsberg's districts that border each other, where both exist (matched by slug)."""
    District = apps.get_model("alliances", "District")
    by_slug = {d.slug: d for d in District.objects.all()}
    for a, b in NEIGHBOURS:
        first = by_slug.get(slugify(a.replace("ß", "ss")))
        second = by_slug.get(slugify(b.replace("ß", "ss")))
        if first and second:
            first.neighbours.add(second)


def neighbours_backward(apps, schema_editor):
    District = apps.get_model("alliances", "District")
    District.neighbours.through.objects.all().delete()


# Frozen copy of alliances.demo.competences.NEIGHBOURS at the time of this migration.
NEIGHBOURS = [
    ("Voßwinkel", "Neheim"), ("Voßwinkel", "Bachum"), ("Bachum", "Neheim"),
    ("Bachum", "Hüsten"), ("Neheim", "Hüsten"), ("Neheim", "Holzen"),
    ("Holzen", "Herdringen"), ("Hüsten", "Herdringen"), ("Hüsten", "Müschede"),
    ("Hüsten", "Bruchhausen"), ("Bruchhausen", "Niedereimer"), ("Niedereimer", "Arnsberg"),
    ("Niedereimer", "Breitenbruch"), ("Arnsberg", "Breitenbruch"), ("Arnsberg", "Uentrop"),
    ("Arnsberg", "Rumbeck"), ("Rumbeck", "Oeventrop"), ("Uentrop", "Oeventrop"),
    ("Breitenbruch", "Uentrop"), ("Arnsberg", "Wennigloh"), ("Wennigloh", "Müschede"),
    ("Müschede", "Herdringen"), ("Bruchhausen", "Müschede"),
]  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("alliances", "0015_i16_catalogues")]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.RunPython(neighbours_forward, neighbours_backward),
    ]
