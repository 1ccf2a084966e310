"""The roles a person or an organisation takes in an alliance."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MembershipRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator")
    MEMBER = "member", _("Member")
    SUPPORTER = "supporter", _("Supporter")
