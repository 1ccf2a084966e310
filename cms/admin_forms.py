"""Wagtail's login form with a translated password label (Wagtail 8 derives "Password" from
the field name, so it stays English)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class GermanLoginForm(LoginForm):
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"placeholder": _("Enter password")}),
        strip=False,
    )
