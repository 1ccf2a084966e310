from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils.translation import gettext_lazy as _

from cms.numbers import AsciiModelChoiceField
from workflows.models import COMMENT_MAX_LENGTH
from workflows.permissions import assignable_users, why_not_assignable


class AssigneeField(AsciiModelChoiceField):
    """One of `assignable_users()`; a crafted id of anyone else is refused with the reason."""

    def __init__(self, **kwargs):
        super().__init__(queryset=assignable_users(), **kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            try:
                user = get_user_model().objects.get(pk=value)
            except (ValueError, TypeError, ObjectDoesNotExist):
                raise error from None
            raise ValidationError(why_not_assignable(user) or error.messages[0]) from None


class AssigneeForm(forms.Form):
    assignee = AssigneeField(label=_("Assignee"), required=False, empty_label=_("nobody"))


class TransitionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment or reason"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea,
    )

    def __init__(self, *args, spec, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].required = spec.needs_comment
        if spec.weighty:
            self.fields["confirm"] = forms.BooleanField(
                label=_("Yes, I want to take this step."),
                help_text=spec.undo,
                error_messages={"required": _("Please confirm this step.")},
            )
        if spec.needs_assignee:
            self.fields["assignee"] = AssigneeField(label=_("Assignee"))

    def params(self) -> dict:
        params = {}
        if "assignee" in self.cleaned_data:
            params["assignee"] = self.cleaned_data["assignee"]
        return params
