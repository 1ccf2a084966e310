from axes.models import AccessAttempt
from django.utils.translation import gettext_noop
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from cms.models import OutboundMail
from cms.viewsets import (
    LockedLoginViewSet,
    LockPermissionPolicy,
    OutboundMailViewSet,
    ReadOnlyPermissionPolicy,
)

register_permission_policy(OutboundMail, ReadOnlyPermissionPolicy(OutboundMail))
register_permission_policy(AccessAttempt, LockPermissionPolicy(AccessAttempt))

# Wagtail's own German catalogue leaves these English. The project's catalogue (LOCALE_PATHS)
# wins over the apps', so it translates them; listed here so `makemessages` keeps them. The
# same words in Wagtail's JavaScript (the sidebar) are in locale/de/LC_MESSAGES/djangojs.po.
WAGTAIL_TERMS_LEFT_ENGLISH = [gettext_noop("Dashboard")]


@hooks.register("register_admin_viewset")
def register_mail_outbox():
    return OutboundMailViewSet("mail_outbox")


@hooks.register("register_admin_viewset")
def register_locked_logins():
    return LockedLoginViewSet("locked_logins")
