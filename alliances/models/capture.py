"""Low-code capture: forms editors build themselves; each entry becomes a captured item."""

import logging

from django import forms
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField

from alliances.models.catalogues import District, Topic
from alliances.models.items import ItemPage
from cms.mailing import queue_mail
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


class CaptureFormField(AbstractFormField):
    page = ParentalKey("CaptureFormPage", on_delete=models.CASCADE, related_name="form_fields")


def _key(text: str) -> str:
    return (text or "").strip().casefold()


class CaptureFormPageForm(WagtailAdminFormPageForm):
    """Every mapping must name a field of this form (by its label)."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("form_fields")
        if formset is None or not hasattr(formset, "cleaned_data"):
            return cleaned
        labels = {
            _key(row.get("label"))
            for row in formset.cleaned_data
            if row and not row.get("DELETE") and row.get("label")
        }
        for name in MAPPED:
            value = cleaned.get(name)
            if value and _key(value) not in labels:
                self.add_error(name, _("There is no form field with this label."))
        return cleaned


class CaptureFormPage(AbstractEmailForm):
    """A form or survey; each submission also becomes a captured need or opportunity."""

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

    def _value(self, form: forms.Form, label: str):
        if not label:
            return None
        for field in self.get_form_fields():
            if _key(field.label) == _key(label):
                return form.cleaned_data.get(field.clean_name)
        return None

    @staticmethod
    def _catalogue(model, value):
        if not value:
            return []
        value = value if isinstance(value, str) else str(value)
        return list(model.objects.filter(models.Q(name__iexact=value) | models.Q(slug=value)))

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
        from alliances.services import Contact, item_capture

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
                name=str(name), email=self._value(form, self.contact_email_field) or ""
            )
        item_capture(
            kind=self.capture_kind,
            title=str(title)[:255],
            description=str(description),
            channel=self.capture_channel,
            districts=self._catalogue(District, self._value(form, self.district_field)),
            topics=self._catalogue(Topic, self._value(form, self.topic_field)),
            contact=contact,
            reporter_note=str(_("Capture form: %(title)s") % {"title": self.title}),
        )
