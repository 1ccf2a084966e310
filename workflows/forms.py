from django import forms
from django.utils.translation import gettext_lazy as _

from workflows.models import COMMENT_MAX_LENGTH
from workflows.permissions import workflow_users


def assignee_choices():
    return workflow_users().order_by("username")


class AssigneeForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assignee"), queryset=assignee_choices(), required=False, empty_label=_("nobody")
    )


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
            self.fields["assignee"] = forms.ModelChoiceField(
                label=_("Assignee"),
                queryset=assignee_choices(),
            )

    def params(self) -> dict:
        params = {}
        if "assignee" in self.cleaned_data:
            params["assignee"] = self.cleaned_data["assignee"]
        return params
