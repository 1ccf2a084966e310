"""Small admin views of the domain (thin: the work is in alliances.capture)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Page

from alliances.capture import CaptureError, service_create_for_item
from alliances.models import ItemPage, ServiceIndexPage


def item_service_create_view(request, page_id: int):
    """ "Leistung anlegen" on a need or opportunity: a draft service already linked to it."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    item = get_object_or_404(Page, pk=page_id).specific
    if not isinstance(item, ItemPage):
        raise Http404
    index = ServiceIndexPage.objects.first()
    if index is None or not index.permissions_for_user(request.user).can_add_subpage():
        raise PermissionDenied
    try:
        service = service_create_for_item(item=item, user=request.user)
    except CaptureError as error:
        raise Http404 from error
    messages.success(
        request,
        _("The draft service “%(title)s” is linked to “%(item)s”. Describe it and save.")
        % {"title": service.title, "item": item.title},
    )
    return redirect("wagtailadmin_pages:edit", service.pk)


def guide_view(request):
    """The German guide for the Redaktion and the Kernteam (the admin's help menu)."""
    return TemplateResponse(
        request,
        "alliances/help/guide.html",
        {
            "page_title": _("Guide for the Redaktion and the Kernteam"),
            "header_title": _("Guide for the Redaktion and the Kernteam"),
        },
    )
