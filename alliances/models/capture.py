"""Low-code capture: forms editors build themselves; each entry becomes a captured item."""

import functools
import logging

from django import forms
from django.db import models, transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import BaseForm, FormBuilder, WagtailAdminFormPageForm
from wagtail.contrib.forms.models import (
    FORM_FIELD_CHOICES,
    AbstractEmailForm,
    AbstractForm,
    AbstractFormField,
)
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField
from wagtail.url_routing import RouteResult

from alliances.capture import Contact, item_capture
from alliances.models.catalogues import District, Topic
from alliances.models.consent import Channel
from alliances.models.items import ItemPage
from cms.form_input import SubmittedInputMixin
from cms.mailing import queue_mail
from cms.methods import PAGE_READ_ONLY, PAGE_WITH_FORM
from cms.models import OutboundMail

logger = logging.getLogger(__name__)

MAPPED = (
    "title_field",
    "description_field",
    "district_field",
    "topic_field",
    "contact_name_field",
    "contact_email_field",
    "consent_field",
)


@functools.cache
def submissions_list_view_class():
    """Wagtail's list of entries, its CSV as German Excel opens it, formulas neutralised."""
    from wagtail.contrib.forms.views import SubmissionsListView

    from cms.exports import GermanSpreadsheetMixin

    return type(
        "CaptureSubmissionsListView",
        (GermanSpreadsheetMixin, SubmissionsListView),
        {"sheet_title": _("Submissions")},
    )


class CaptureFormBuilder(FormBuilder):
    """The page's public form, with the checks of every public form: input that is not
    UTF-8 text, a single-value field sent twice (cms.form_input)."""

    def get_form_class(self):
        return type("WagtailForm", (SubmittedInputMixin, BaseForm), self.formfields)


class CaptureFormField(AbstractFormField):
    page = ParentalKey("CaptureFormPage", on_delete=models.CASCADE, related_name="form_fields")


def _key(text: str) -> str:
    return (text or "").strip().casefold()


# Which form field types can give each mapped value; anything else can never work.
TEXT_TYPES = {"singleline", "multiline", "dropdown", "radio", "hidden"}
CHOICE_TYPES = {"dropdown", "radio", "checkboxes", "multiselect"}
FIELD_TYPES = {
    "title_field": TEXT_TYPES,
    "description_field": TEXT_TYPES,
    "district_field": {"singleline", "hidden", *CHOICE_TYPES},
    "topic_field": {"singleline", "hidden", *CHOICE_TYPES},
    "contact_name_field": TEXT_TYPES,
    "contact_email_field": {"email", "singleline", "hidden"},
    "consent_field": {"checkbox"},
}
CATALOGUE_MAPPINGS = {"district_field": District, "topic_field": Topic}


def _choices(text: str) -> list[str]:
    """A form field's choices as Wagtail splits them (by line, else by comma)."""
    from wagtail.contrib.forms.forms import FormBuilder

    field = type("Field", (), {"choices": text or ""})()
    return [value for value, _label in FormBuilder([]).get_formatted_field_choices(field)]


def catalogue_entries(model, values) -> list:
    """The catalogue entries named (by name or slug) by one value or a list of them."""
    if not values:
        return []
    values = [values] if isinstance(values, str) else list(values)
    query = models.Q()
    for value in (str(v).strip() for v in values):
        if value:
            query |= models.Q(name__iexact=value) | models.Q(slug=value)
    return list(model.objects.filter(query)) if query else []


class CaptureFormPageForm(WagtailAdminFormPageForm):
    """Every mapping names a field of this form whose type and choices can give its value."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("form_fields")
        if formset is None or not hasattr(formset, "cleaned_data"):
            return cleaned
        fields = {
            _key(row.get("label")): row
            for row in formset.cleaned_data
            if row and not row.get("DELETE") and row.get("label")
        }
        for name in MAPPED:
            value = cleaned.get(name)
            if not value:
                continue
            row = fields.get(_key(value))
            if row is None:
                self.add_error(name, _("There is no form field with this label."))
            elif row.get("field_type") not in FIELD_TYPES[name]:
                self.add_error(
                    name,
                    _("A field of the type “%(type)s” cannot give this value.")
                    % {"type": dict(FORM_FIELD_CHOICES).get(row.get("field_type"), "")},
                )
            elif name in CATALOGUE_MAPPINGS and row.get("field_type") in CHOICE_TYPES:
                self._check_choices(name, row)
        return cleaned

    def _check_choices(self, name: str, row: dict) -> None:
        model = CATALOGUE_MAPPINGS[name]
        choices = _choices(row.get("choices"))
        known = {entry.name.casefold() for entry in catalogue_entries(model, choices)}
        known |= {entry.slug for entry in catalogue_entries(model, choices)}
        unknown = [c for c in choices if c.casefold() not in known and c not in known]
        if not choices:
            self.add_error(name, _("This field offers no choices."))
        elif unknown:
            self.add_error(
                name,
                _("These choices are not in the catalogue “%(catalogue)s”: %(choices)s")
                % {
                    "catalogue": model._meta.verbose_name_plural,
                    "choices": ", ".join(unknown),
                },
            )


class CaptureFormPage(AbstractEmailForm):
    """A form or survey; each submission also becomes a captured need or opportunity."""

    allowed_http_methods = PAGE_WITH_FORM  # others: 405 before the CSRF check

    class Kind(models.TextChoices):
        NEED = "need", _("Need")
        OPPORTUNITY = "opportunity", _("Opportunity")

    intro = RichTextField(_("Introduction"), blank=True)
    thank_you_text = RichTextField(_("Thank-you text"), blank=True)
    capture_kind = models.CharField(
        _("Each entry becomes a"), max_length=16, choices=Kind.choices, default=Kind.NEED
    )
    capture_channel = models.CharField(
        _("Channel"),
        max_length=32,
        choices=ItemPage.Channel.choices,
        default=ItemPage.Channel.FORM,
    )
    title_field = models.CharField(
        _("Title from field"), max_length=255, help_text=_("The label of a form field.")
    )
    description_field = models.CharField(
        _("Description from field"), max_length=255, help_text=_("The label of a form field.")
    )
    district_field = models.CharField(_("District from field"), max_length=255, blank=True)
    topic_field = models.CharField(_("Topic from field"), max_length=255, blank=True)
    contact_name_field = models.CharField(_("Contact name from field"), max_length=255, blank=True)
    contact_email_field = models.CharField(
        _("Contact e-mail from field"), max_length=255, blank=True
    )
    consent_field = models.CharField(
        _("Consent from field"),
        max_length=255,
        blank=True,
        help_text=_("A checkbox; contact data is kept only when it is ticked."),
    )

    base_form_class = CaptureFormPageForm
    form_builder = CaptureFormBuilder
    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("capture_kind"), FieldPanel("capture_channel")]),
                FieldRowPanel([FieldPanel("title_field"), FieldPanel("description_field")]),
                FieldRowPanel([FieldPanel("district_field"), FieldPanel("topic_field")]),
                FieldRowPanel(
                    [FieldPanel("contact_name_field"), FieldPanel("contact_email_field")]
                ),
                FieldPanel("consent_field"),
            ],
            heading=_("What each entry becomes"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("E-mail to the Kernteam"),
        ),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = []
    template = "alliances/capture_form_page.html"
    landing_page_template = "alliances/capture_form_page_landing.html"

    class Meta:
        verbose_name = _("Capture form")
        verbose_name_plural = _("Capture forms")

    def get_submissions_list_view_class(self):
        return submissions_list_view_class()

    # Post/Redirect/Get: a stored entry answers with a redirect to this address below the
    # form, which shows the thank-you text; reloading it submits nothing again.
    THANKS_PATH = "danke"

    def thanks_url(self, request) -> str:
        return f"{self.get_url(request).rstrip('/')}/{self.THANKS_PATH}/"

    def route(self, request, path_components):
        if path_components == [self.THANKS_PATH] and self.live:
            return RouteResult(self, kwargs={"thanks": True})
        return super().route(request, path_components)

    def check_request_method(self, request, *args, thanks: bool = False, **kwargs):
        """The thanks address only shows (GET, HEAD); the form takes its POST too."""
        if thanks and request.method not in PAGE_READ_ONLY:
            return HttpResponseNotAllowed(PAGE_READ_ONLY)
        return super().check_request_method(request, *args, **kwargs)

    def serve(self, request, *args, thanks: bool = False, **kwargs):
        if not thanks:
            return super().serve(request, *args, **kwargs)
        if refused := self.check_request_method(request, *args, thanks=thanks, **kwargs):
            return refused
        return super().render_landing_page(request)

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        """After a stored entry a 303 to the thanks address; the admin's preview of the
        landing page (no entry) shows it in place."""
        if form_submission is None:
            return super().render_landing_page(request, form_submission, *args, **kwargs)
        response = HttpResponseRedirect(self.thanks_url(request))
        response.status_code = 303  # See Other: the browser fetches the thanks with GET
        return response

    def _value(self, form: forms.Form, label: str):
        if not label:
            return None
        for field in self.get_form_fields():
            if _key(field.label) == _key(label):
                return form.cleaned_data.get(field.clean_name)
        return None

    def process_form_submission(self, form):
        """Store the entry, capture it as an item and queue the Kernteam's mail, all at once."""
        with transaction.atomic():
            submission = AbstractForm.process_form_submission(self, form)
            self._capture(form)
            if self.to_address:
                queue_mail(
                    key=f"capture-form-submission:{submission.pk}",
                    to=[address.strip() for address in self.to_address.split(",")],
                    subject=self.subject or self.title,
                    body=self.render_email(form),
                    purpose=OutboundMail.Purpose.SUBMISSION_RECEIPT,
                    from_email=self.from_address,
                )
        return submission

    def _capture(self, form) -> None:
        title, description = (
            self._value(form, self.title_field),
            self._value(form, self.description_field),
        )
        if not title or not description:
            logger.warning("Capture form %s: mapping gave no title or description", self.pk)
            return
        contact = None
        name = self._value(form, self.contact_name_field)
        consent = self._value(form, self.consent_field) if self.consent_field else False
        if name and consent:
            contact = Contact(
                name=str(name),
                email=self._value(form, self.contact_email_field) or "",
                consent_via=Channel.FORM,
            )
        item_capture(
            kind=self.capture_kind,
            title=str(title)[:255],
            description=str(description),
            channel=self.capture_channel,
            districts=catalogue_entries(District, self._value(form, self.district_field)),
            topics=catalogue_entries(Topic, self._value(form, self.topic_field)),
            contact=contact,
            reporter_note=str(_("Capture form: %(title)s") % {"title": self.title}),
        )
