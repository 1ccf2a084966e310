from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from api.webhooks import ssrf
from api.webhooks.models import Event


class WebhookEndpointForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=Event.choices, widget=forms.CheckboxSelectMultiple
    )

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            ssrf.check_url(url)
        except ssrf.UnsafeURL as exc:
            raise forms.ValidationError(str(exc)) from exc
        return url
