"""The site's own forms on the hand-in backend: the same rules as the API's serializers
(sizes, consent, honeypot), as Django forms so errors can be shown beside their fields."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from alliances.models import AgeGroup, Competence, District, Resource, Topic
from cms.form_input import SubmittedInputMixin
from cms.numbers import AsciiModelChoiceField, AsciiModelMultipleChoiceField
from cms.phone import validate_phone

# `?bringe=<slug>` (repeatable) on an alliance's page or its sign-up page ticks what the
# person can bring: a competence or resource slug; at most this many, others ignored.
BRINGE_MAX = 10
SLUG = re.compile(r"^[-\w]{1,120}$")  # Unicode slugs, as the catalogues allow

# Written before the offer in the sign-up's message (the coordinator reads it in German).
OFFER_PREFIX = _("What I can offer")
INVALID_EMAIL = _("Please enter an e-mail address such as name@example.org.")


HONEYPOT = "leave_empty"  # a name no browser's autofill recognises (unlike "website")


class PublicForm(SubmittedInputMixin, forms.Form):
    """Errors linked to their fields (Django adds aria-invalid and aria-describedby); a
    honeypot field that people do not see; input that is not UTF-8 text, or a single-value
    field sent twice, is a form error (cms.form_input.SubmittedInputMixin).

    A filled honeypot is a form error of the whole form, not of the hidden field, and its
    value is never shown again: a person whose browser filled it in anyway sends the form
    successfully on the second try, a bot learns nothing about the field.
    """

    leave_empty = forms.CharField(
        label=_("Please leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sent = self.data.getlist(HONEYPOT) if hasattr(self.data, "getlist") else []
        self.honeypot_filled = self.is_bound and any(sent or [self.data.get(HONEYPOT)])
        self.repeated_fields.discard(HONEYPOT)  # a bot's doing: the honeypot's own error
        if self.honeypot_filled:
            self.data = self.data.copy()
            self.data[HONEYPOT] = ""
        for field in self.fields.values():
            if isinstance(field, forms.EmailField):
                field.error_messages["invalid"] = INVALID_EMAIL
        if "consent" in self.fields:
            self.fields["consent"].summary_label = _("Consent")

    def clean(self):
        cleaned_data = super().clean()
        if self.honeypot_filled:
            self.add_error(
                None,
                forms.ValidationError(
                    _("The form could not be sent. Please check your entries and send it again."),
                    code="honeypot",
                ),
            )
        return cleaned_data

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != HONEYPOT]


class JoinForm(PublicForm):
    """Join an alliance: `api.handins.services.interest_create`, as the API's
    InterestSerializer takes it."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("We send you a link to confirm your sign-up."),
    )
    age_group = AsciiModelChoiceField(
        label=_("Your age group"),
        queryset=AgeGroup.objects.order_by("sort_order", "name"),
        to_field_name="slug",
        required=False,
        empty_label=_("I'd rather not say"),
    )
    competences = AsciiModelMultipleChoiceField(
        label=_("What you can do"),
        queryset=Competence.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    resources = AsciiModelMultipleChoiceField(
        label=_("What you can bring"),
        queryset=Resource.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    offer = forms.CharField(
        label=_("Anything else you can offer"),
        required=False,
        max_length=800,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. time on Saturdays, a driving licence, knowledge of gardening"),
    )
    message = forms.CharField(
        label=_("Message to the alliance"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the alliance and the Kernteam may store my details to contact me "
            "about joining. I can withdraw this at any time."
        ),
        error_messages={
            "required": _("Please agree that the alliance may store your details to contact you.")
        },
    )

    @staticmethod
    def initial_offer(values: list[str]) -> dict:
        """The form's initial data from `?bringe=` values: each a catalogue slug, ticked in
        "what you can do" or "what you can bring". A malformed or unknown slug (an old link
        to an entry since renamed) ticks nothing and is no error: the form still shows."""
        slugs = {value for value in values[:BRINGE_MAX] if SLUG.match(value)}
        if not slugs:
            return {}
        return {
            "competences": list(Competence.objects.filter(slug__in=slugs)),
            "resources": list(Resource.objects.filter(slug__in=slugs)),
        }

    def interest_message(self) -> str:
        """The backend has one free-text field: what the person offers goes in first."""
        offer = self.cleaned_data.get("offer", "").strip()
        message = self.cleaned_data.get("message", "").strip()
        if not offer:
            return message
        parts = [f"{OFFER_PREFIX}: {offer}"]
        if message:
            parts.append(message)
        return "\n\n".join(parts)


class ReportForm(PublicForm):
    """Report a need or an idea: `api.handins.services.submission_create`, as the API's
    SubmissionSerializer takes it."""

    kind = forms.ChoiceField(
        label=_("What would you like to report?"),
        choices=[
            ("need", _("A need: something is missing in Arnsberg")),
            ("opportunity", _("An idea: a chance the city could use")),
        ],
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Title"),
        min_length=5,
        max_length=120,
        help_text=_("In a few words, e.g. “No shade on the playground in Hüsten”."),
    )
    description = forms.CharField(
        label=_("Description"),
        min_length=20,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Who is affected, where, since when? At least 20 characters."),
    )
    district = AsciiModelChoiceField(
        label=_("District"),
        queryset=District.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Please choose"),
    )
    topic = AsciiModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("Not sure"),
    )
    name = forms.CharField(
        label=_("Your name"),
        required=False,
        max_length=200,
        help_text=_("Optional. Only if you would like the Kernteam to get back to you."),
    )
    email = forms.EmailField(label=_("Your e-mail address"), required=False, max_length=254)
    phone = forms.CharField(
        label=_("Your phone number"), required=False, max_length=40, validators=[validate_phone]
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that the Kernteam may store my contact details to ask me about my "
            "report. I can withdraw this at any time."
        ),
        required=False,
    )

    def clean(self):
        data = super().clean()
        name, email, phone = data.get("name"), data.get("email"), data.get("phone")
        if name or email or phone or self.has_error("email"):
            if not name:
                self.add_error(
                    "name", _("Please give your name, or leave all contact fields empty.")
                )
            if not email and not phone and not self.has_error("email"):
                self.add_error("email", _("Please give an e-mail address or a phone number."))
            if not data.get("consent"):
                self.add_error(
                    "consent", _("Please agree that the Kernteam may store your contact data.")
                )
        return data

    def contact(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("name"):
            return None
        return {
            "name": data["name"],
            "email": data.get("email", ""),
            "phone": data.get("phone", ""),
        }
