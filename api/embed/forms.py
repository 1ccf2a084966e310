"""The widget's parameters: the API's filters plus presentation, validated."""

import re

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from alliances.models import AgeGroup, District, Topic
from cms.numbers import AsciiIntegerField, refuse_other_digits

HEX = RegexValidator(r"^#?[0-9a-fA-F]{6}$", _("Enter a colour as six hex digits, e.g. 005a9c."))


def validate_hex(value: str) -> None:
    """Six hex digits; digits of another script are told to be 0-9 (not "no colour")."""
    refuse_other_digits(value)
    HEX(value)


# The port in 0-9: `\d` would take every script's digits.
ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$")
BACKGROUND = {"light": "#ffffff", "dark": "#161616"}
DEFAULT_ACCENT = {"light": "#005a9c", "dark": "#8cc8ff"}
MIN_CONTRAST = 4.5  # WCAG 2.1 AA for normal text


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _slug_choices(model):
    return [("", "—")] + [(slug, name) for slug, name in model.objects.values_list("slug", "name")]


class BoundedIntegerField(AsciiIntegerField):
    """A whole number of more digits than Python converts is still a whole number: too
    large (or too small), as the bounds say, not malformed."""

    def to_python(self, value):
        digits = value.strip().removeprefix("-") if isinstance(value, str) else ""
        if len(digits) > 18 and digits.isascii() and digits.isdigit():
            return self.min_value - 1 if value.strip().startswith("-") else self.max_value + 1
        return super().to_python(value)


class EmbedForm(forms.Form):
    view = forms.ChoiceField(
        label=_("Show"),
        choices=[("alliances", _("Alliances")), ("wanted", _("We are looking for"))],
        initial="alliances",
        help_text=_("“We are looking for” lists catalogue names and counts only, never a person."),
    )
    district = forms.ChoiceField(label=_("District"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    age_group = forms.ChoiceField(label=_("Age group"), required=False)
    limit = BoundedIntegerField(
        label=_("Number of alliances"),
        min_value=1,
        max_value=50,
        initial=12,
        help_text=_("With “We are looking for”: the number of entries."),
    )
    lang = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="de")
    theme = forms.ChoiceField(
        label=_("Theme"), choices=[("light", _("Light")), ("dark", _("Dark"))], initial="light"
    )
    accent = forms.CharField(
        label=_("Accent colour"),
        required=False,
        validators=[validate_hex],
        help_text=_("Six hex digits. Too little contrast for the theme is refused."),
    )
    links = forms.ChoiceField(
        label=_("Links open"),
        choices=[("top", _("in the same window")), ("blank", _("in a new window"))],
        initial="top",
    )
    origin = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, **kwargs):
        if data is not None:
            # Missing parameters take their initial value, as a widget URL may omit them.
            data = {
                name: data.get(name) or self.base_fields[name].initial or ""
                for name in self.base_fields
            }
        super().__init__(data, **kwargs)
        self.fields["district"].choices = _slug_choices(District)
        self.fields["topic"].choices = _slug_choices(Topic)
        self.fields["age_group"].choices = _slug_choices(AgeGroup)

    def clean_accent(self):
        accent = self.cleaned_data["accent"].lstrip("#").lower()
        return f"#{accent}" if accent else ""

    def clean_origin(self):
        origin = self.cleaned_data["origin"]
        refuse_other_digits(origin)
        if origin and not ORIGIN.match(origin):
            raise forms.ValidationError(_("Not a web origin."))
        return origin

    def clean(self):
        cleaned = super().clean()
        theme, accent = cleaned.get("theme"), cleaned.get("accent")
        if theme and accent and contrast(accent, BACKGROUND[theme]) < MIN_CONTRAST:
            self.add_error(
                "accent",
                _("This colour has too little contrast on the %(theme)s background.")
                % {"theme": dict(self.fields["theme"].choices)[theme]},
            )
        return cleaned

    def district_name(self) -> str:
        """The chosen district's name, or "" for all districts."""
        slug = self.cleaned_data["district"]
        return dict(self.fields["district"].choices)[slug] if slug else ""

    def presentation(self) -> dict:
        theme = self.cleaned_data["theme"]
        return {
            "theme": theme,
            "accent": self.cleaned_data["accent"] or DEFAULT_ACCENT[theme],
            "background": BACKGROUND[theme],
        }
