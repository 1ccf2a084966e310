"""Read back what a database holds through the current models: `python -m
tests.migration_history.read_content` loads every page's specific object and latest
revision and every person's consents, then prints what it read as JSON."""

import json
import sys

import django


def main():
    django.setup()
    from wagtail.models import Page

    from alliances.models import Person
    from api.models import PublicRecord
    from workflows.models import TransitionLog

    pages = []
    for page in Page.objects.order_by("path"):
        specific = page.specific
        revision = specific.get_latest_revision()
        draft = revision.as_object() if revision is not None else specific
        pages.append([page.url_path, type(specific).__name__, draft.title])
    sys.stdout.write(
        json.dumps(
            {
                "pages": pages,
                "consents": sorted(
                    [person.pk, consent.purpose]
                    for person in Person.objects.prefetch_related("consents")
                    for consent in person.consents.all()
                ),
                "transition_log": TransitionLog.objects.count(),
                "public_records": PublicRecord.objects.filter(public=True).count(),
            }
        )
    )


if __name__ == "__main__":
    main()
