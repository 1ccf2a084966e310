from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from api.embed.admin_views import embed_builder
from api.handins import admin_views as handin_admin_views
from api.handins import invitations
from api.handins.models import InterestSignup
from api.handins.viewsets import SignupPermissionPolicy
from api.models import Partner, PartnerAPIKey
from api.viewsets import PartnerAPIGroup
from api.webhooks.models import WebhookDelivery, WebhookEndpoint
from api.webhooks.viewsets import LogPermissionPolicy, PartnerIntegrationGroup

register_permission_policy(WebhookEndpoint)
register_permission_policy(WebhookDelivery, LogPermissionPolicy(WebhookDelivery))
register_permission_policy(InterestSignup, SignupPermissionPolicy(InterestSignup))


@hooks.register("register_admin_viewset")
def register_partner_integration():
    return PartnerIntegrationGroup()


@hooks.register("register_admin_urls")
def register_embed_builder_url():
    return [
        path("embed/", embed_builder, name="embed_builder"),
        path("invitations/new/", handin_admin_views.invite, name="handins_invite"),
    ]


@hooks.register("register_log_actions")
def register_invitation_log_actions(actions):
    actions.register_action(
        invitations.INVITE_ACTION, _("Invite a supporter"), _("Supporter invited")
    )
    actions.register_action(
        invitations.ACCEPT_ACTION, _("Invitation accepted"), _("Invitation accepted")
    )


@hooks.register("register_admin_menu_item")
def register_embed_builder_menu_item():
    return MenuItem(_("Embed"), reverse("embed_builder"), icon_name="code", order=310)


register_permission_policy(Partner)
register_permission_policy(PartnerAPIKey)


@hooks.register("register_admin_viewset")
def register_partner_api_viewsets():
    return PartnerAPIGroup()
