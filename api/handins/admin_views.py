"""Admin: "Einladen" from the matching panel. GET asks (and, on a service, which alliance),
POST sends: the panel sits inside the page's edit form, which cannot hold another form."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from alliances.models import AlliancePage, Person
from api.handins.invitations import INVITING_STAGES, InvitationRefused, invitation_send
from cms.numbers import AsciiIntegerField, AsciiModelChoiceField, ascii_whole_number

INVITE_PERMISSION = "api.add_invitation"


class InviteForm(forms.Form):
    alliance = AsciiModelChoiceField(
        label=gettext_lazy("Alliance"),
        queryset=AlliancePage.objects.none(),
        empty_label=None,
        error_messages={
            "invalid_choice": gettext_lazy("Please choose a forming or active alliance.")
        },
    )
    person = AsciiIntegerField(min_value=1, widget=forms.HiddenInput)
    next = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput)

    def __init__(self, *args, service_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        alliances = AlliancePage.objects.filter(stage__in=INVITING_STAGES).order_by("title")
        if service_id is not None:
            alliances = alliances.filter(service_links__service_id=service_id)
        self.fields["alliance"].queryset = alliances


@require_http_methods(["GET", "HEAD", "POST"])
def invite(request):
    """GET: what will be sent, to whom, for which alliance; POST: send, back to the edit
    view with a message saying what happened. 403 without the Kernteam's permission."""
    if not request.user.has_perm(INVITE_PERMISSION):
        raise PermissionDenied
    params = request.POST if request.method == "POST" else request.GET
    service_id = ascii_whole_number(params.get("service"))
    form = InviteForm(request.POST or None, service_id=service_id, initial=request.GET.dict())
    person = Person.objects.filter(pk=ascii_whole_number(params.get("person"))).first()
    if person is None:
        raise Http404(_("This person does not exist."))
    if request.method == "POST" and form.is_valid():
        alliance = form.cleaned_data["alliance"]
        back = form.cleaned_data["next"]
        if not url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            back = reverse("wagtailadmin_pages:edit", args=[alliance.pk])
        try:
            invitation_send(alliance=alliance, person_id=person.pk, by=request.user)
        except InvitationRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _("%(name)s has been invited to “%(alliance)s”.")
                % {"name": person, "alliance": alliance.title},
            )
        return redirect(back)
    context = {"form": form, "person": person, "service_id": service_id}
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(request, "handins/admin/invite.html", context, status=status)
