"""The mails of hand-ins, written into the outbox inside the transaction of their cause."""

from django.conf import settings
from django.urls import reverse
from wagtail.admin.utils import get_admin_base_url

from alliances.capture import item_reference
from api.handins.models import InterestSignup
from api.handins.tokens import interest_token
from cms.mailing import queue_mail, render_text
from cms.models import OutboundMail
from workflows.permissions import workflow_users

Purpose = OutboundMail.Purpose


def _absolute(path: str) -> str:
    return get_admin_base_url() + path


def _queue(*, key: str, template: str, context: dict, to: list[str], purpose: str):
    """Queue a mail whose template's first line is the subject; nobody to tell: no mail."""
    if not to:
        return None
    subject, _sep, body = render_text(template, context).strip().partition("\n")
    return queue_mail(key=key, to=to, subject=subject, body=body, purpose=purpose)


def kernteam_emails() -> list[str]:
    """Who runs the workflow (RUN_PERMISSION through a group or their own), superusers not."""
    return list(
        workflow_users(include_superusers=False)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def queue_submission_receipt(*, page) -> OutboundMail | None:
    """Tell the Kernteam of a new hand-in."""
    context = {
        "page": page,
        "reference": item_reference(page),
        "edit_url": _absolute(reverse("wagtailadmin_pages:edit", args=[page.pk])),
    }
    return _queue(
        key=f"submission-receipt:{page.pk}",
        template="handins/mail/submission_kernteam.txt",
        context=context,
        to=kernteam_emails(),
        purpose=Purpose.SUBMISSION_RECEIPT,
    )


def queue_interest_confirmation(*, signup: InterestSignup) -> OutboundMail | None:
    """The double opt-in mail with the confirmation link."""
    context = {
        "signup": signup,
        "confirm_url": _absolute(
            reverse("handins:interest-confirm", args=[interest_token(signup=signup)])
        ),
        "days": settings.INTEREST_CONFIRM_DAYS,
    }
    return _queue(
        key=f"interest-confirm:{signup.pk}",
        template="handins/mail/interest_confirm.txt",
        context=context,
        to=[signup.email],
        purpose=Purpose.INTEREST_CONFIRM,
    )


def queue_coordinator_notice(*, signup: InterestSignup) -> OutboundMail | None:
    """A confirmed sign-up, to the alliance's role address; without one, the Kernteam."""
    contact = signup.alliance.contact_email
    return _queue(
        key=f"interest-coordinator:{signup.pk}",
        template="handins/mail/interest_coordinator.txt",
        context={"signup": signup},
        to=[contact] if contact else kernteam_emails(),
        purpose=Purpose.INTEREST_COORDINATOR,
    )
