from wagtail import hooks
from wagtail.permissions import register_permission_policy

from cms.models import OutboundMail
from cms.viewsets import OutboundMailViewSet, ReadOnlyPermissionPolicy

register_permission_policy(OutboundMail, ReadOnlyPermissionPolicy(OutboundMail))


@hooks.register("register_admin_viewset")
def register_mail_outbox():
    return OutboundMailViewSet("mail_outbox")
