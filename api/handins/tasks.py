"""Mail about hand-ins, sent by django-q2 workers; tasks take ids."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from alliances.models import ItemPage
from alliances.services import item_reference
from api.handins import services
from api.handins.models import InterestSignup
from workflows.permissions import default_group_name


def enqueue(name: str, pk) -> None:
    from django_q.tasks import async_task

    async_task(f"api.handins.tasks.{name}", pk, group="handins")


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _mail(template: str, context: dict, recipients: list[str]) -> int:
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject, _sep, body = render_to_string(template, context).strip().partition("\n")
    return send_mail(subject.strip(), body.strip(), None, recipients)


def _kernteam_emails() -> list[str]:
    return list(
        get_user_model()
        .objects.filter(groups__name=default_group_name(), is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def notify_kernteam_of_submission(page_id: int) -> int:
    page = ItemPage.objects.get(pk=page_id).specific
    recipients = _kernteam_emails()
    context = {
        "page": page,
        "reference": item_reference(page),
        "edit_url": _absolute(reverse("wagtailadmin_pages:edit", args=[page.pk])),
    }
    return _mail("handins/mail/submission_kernteam.txt", context, recipients)


def send_interest_confirmation(signup_id: int) -> int:
    signup = InterestSignup.objects.select_related("alliance").get(pk=signup_id)
    token = services.interest_token(signup=signup)
    context = {
        "signup": signup,
        "confirm_url": _absolute(reverse("handins:interest-confirm", args=[token])),
        "days": settings.INTEREST_CONFIRM_DAYS,
    }
    return _mail("handins/mail/interest_confirm.txt", context, [signup.email])


def notify_coordinator(signup_id: int) -> int:
    signup = InterestSignup.objects.select_related("alliance", "age_group").get(pk=signup_id)
    # The alliance's role address; without one, the Kernteam passes it on.
    recipients = [signup.alliance.contact_email] if signup.alliance.contact_email else []
    return _mail(
        "handins/mail/interest_coordinator.txt",
        {"signup": signup},
        recipients or _kernteam_emails(),
    )


def purge_unconfirmed() -> int:
    return services.interests_purge_unconfirmed()
