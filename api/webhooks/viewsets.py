"""Admin: webhook endpoints (secret shown once) and the delivery log with "redeliver"."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from api.handins.viewsets import InterestSignupViewSet
from api.webhooks import services
from api.webhooks.forms import WebhookEndpointForm
from api.webhooks.models import WebhookDelivery, WebhookEndpoint
from cms.viewsets import WaitsForWorkerIndexView


class EndpointCreateView(generic.CreateView):
    def get_success_message(self, instance):
        return _(
            "Webhook endpoint '%(name)s' created. Its signing secret is shown only now, "
            "copy it to the receiver: %(secret)s"
        ) % {"name": instance.name, "secret": instance.secret}


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = _("Webhook endpoints")
    add_view_class = EndpointCreateView
    # The secret is never in a form: it is shown once, right after the endpoint is created.
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("partner"),
            FieldPanel("url"),
            FieldPanel("events"),
            FieldPanel("is_active"),
        ],
        base_form_class=WebhookEndpointForm,
    )
    list_display = ["name", "partner", "url", "is_active", "disabled_reason"]
    list_filter = ["is_active", "partner"]
    copy_view_enabled = False


class LogPermissionPolicy(ModelPermissionPolicy):
    """The log is written by the system: people may look and redeliver, not edit."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class DeliveryInspectView(generic.InspectView):
    edit_label = _("Redeliver")


class RedeliverView(generic.EditView):
    """Stands in for the edit view: GET asks, POST queues the row again (same webhook-id)."""

    template_name = "webhooks/admin/redeliver.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = WagtailAdminTemplateMixin.get_context_data(self, **kwargs)
        return {**context, "object": self.object}

    def post(self, request, *args, **kwargs):
        delivery = self.get_object()
        services.delivery_redeliver(delivery=delivery)
        messages.success(request, _("The delivery is queued again."))
        return redirect(reverse(self.index_url_name))


class DeliveryIndexView(WaitsForWorkerIndexView):
    waiting_message = _(
        "No background service is running: pending deliveries are sent only once it "
        "runs again. Please tell whoever looks after the server."
    )

    def waiting(self) -> bool:
        return WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING).exists()

    def get_base_queryset(self):
        # The endpoint column and file: one join, not one query per row.
        return super().get_base_queryset().select_related("endpoint")


class WebhookDeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    index_view_class = DeliveryIndexView
    icon = "list-ul"
    menu_label = _("Webhook deliveries")
    permission_policy = LogPermissionPolicy(WebhookDelivery)
    inspect_view_enabled = True
    copy_view_enabled = False
    edit_view_class = RedeliverView
    inspect_view_class = DeliveryInspectView
    form_fields = ["status"]
    list_display = [
        "event_type",
        "endpoint",
        "status",
        "last_status_code",
        "attempts",
        "next_attempt_at",
        "created_at",
    ]
    list_filter = ["status", "event_type", "endpoint"]
    # The log downloads for a partner's question ("what did you send us, when?").
    list_export = [*list_display, "delivered_at", "event_id"]
    inspect_view_fields = [
        "event_id",
        "event_type",
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "next_attempt_at",
        "delivered_at",
        "created_at",
        "payload",
    ]


class PartnerIntegrationGroup(ViewSetGroup):
    menu_label = _("Partner integration")
    menu_icon = "link-external"
    menu_order = 300
    items = (WebhookEndpointViewSet, WebhookDeliveryViewSet, InterestSignupViewSet)
