"""Partners and their API keys in the Wagtail admin; a new key is shown exactly once."""

from django.contrib import messages
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from api.models import Partner, PartnerAPIKey


class PartnerViewSet(ModelViewSet):
    model = Partner
    icon = "globe"
    form_fields = ["name", "contact_name", "contact_email", "allowed_origins", "is_active"]
    list_display = ["name", "contact_email", BooleanColumn("is_active")]
    search_fields = ["name", "contact_name"]
    add_to_admin_menu = False


class PartnerAPIKeyCreateView(CreateView):
    def save_instance(self):
        # Only the prefix and the hash are stored; the key itself exists in this response.
        self.raw_key = PartnerAPIKey.objects.assign_key(self.form.instance)
        return super().save_instance()

    def get_success_message(self, instance):
        return None

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.warning(
            self.request,
            _("API key for %(partner)s: %(key)s — copy it now, it will not be shown again.")
            % {"partner": self.object.partner, "key": self.raw_key},
        )
        return response


class PartnerAPIKeyViewSet(ModelViewSet):
    model = PartnerAPIKey
    icon = "key"
    add_view_class = PartnerAPIKeyCreateView
    form_fields = ["partner", "name", "expiry_date", "revoked"]
    list_display = ["name", "partner", "prefix", "created", BooleanColumn("revoked")]
    list_filter = ["partner", "revoked"]
    add_to_admin_menu = False


class PartnerAPIGroup(ModelViewSetGroup):
    menu_label = _("Partner API")
    menu_icon = "globe"
    items = (PartnerViewSet, PartnerAPIKeyViewSet)
