"""Admin views of the data-subject rights on a person (Kernteam only): export, erasure."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alliances import privacy
from alliances.models import Person
from cms.exports import download_name
from cms.privacy import registry

ERASE_PERMISSION = "alliances.delete_person"


def may_export(user) -> bool:
    return user.has_perm(Person.CONTACT_PERMISSION)


def may_erase(user) -> bool:
    return may_export(user) and user.has_perm(ERASE_PERMISSION)


def person_buttons(person: Person, user, button_class) -> list:
    """The Art. 15 and Art. 17 buttons the user may use on `person` (the person list and the
    person's own page), made with Wagtail's `button_class` (ListingButton or Button)."""
    if not may_export(user):
        return []
    buttons = [
        button_class(
            _("Access (Art. 15)"),
            reverse("person_privacy_export", args=[person.pk]),
            icon_name="download",
            priority=60,
        )
    ]
    if may_erase(user):
        buttons.append(
            button_class(
                _("Erase (Art. 17)"),
                reverse("person_privacy_erase", args=[person.pk]),
                icon_name="bin",
                priority=70,
            )
        )
    return buttons


def _person(request, pk: int) -> Person:
    if not may_export(request.user):
        raise PermissionDenied
    return get_object_or_404(Person, pk=pk)


def person_export_view(request, pk: int):
    """The readable German document (HTML, printable); `?format=json` downloads JSON."""
    person = _person(request, pk)
    export = privacy.person_export(person=person, user=request.user)
    if request.GET.get("format") == "json":
        response = HttpResponse(
            json.dumps(export, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{download_name(f"auskunft-person-{pk}", "json")}"'
        )
        return response
    return TemplateResponse(
        request,
        "alliances/privacy/export.html",
        {
            "page_title": _("Access to personal data (Art. 15 GDPR)"),
            "header_title": _("Access to personal data (Art. 15 GDPR)"),
            "person": person,
            "export": export,
            "may_erase": may_erase(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def person_erase_view(request, pk: int):
    person = _person(request, pk)
    if not may_erase(request.user):
        raise PermissionDenied
    if request.method == "POST":
        counts = privacy.person_erase(person=person, user=request.user)
        messages.success(
            request,
            _("The person's data was erased (%(rows)s entries changed).")
            % {"rows": sum(counts.values())},
        )
        return redirect("wagtailsnippets_alliances_person:list")
    return TemplateResponse(
        request,
        "alliances/privacy/erase.html",
        {
            "page_title": _("Erase personal data (Art. 17 GDPR)"),
            "header_title": _("Erase personal data (Art. 17 GDPR)"),
            "person": person,
            "places": registry(),
        },
    )


def privacy_overview_view(request):
    """For the Kernteam and the DPO: the record of processing activities and what the
    retention job removed."""
    from cms.models import RetentionRecord
    from cms.privacy import processing_record

    if not may_export(request.user):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "alliances/privacy/overview.html",
        {
            "page_title": _("Data protection"),
            "header_title": _("Data protection"),
            "record": processing_record(),
            "retention_records": RetentionRecord.objects.all()[:100],
        },
    )
