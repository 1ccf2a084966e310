from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from workflows.models import COMMENT_MAX_LENGTH
from workflows.permissions import default_group_name


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
        if spec.needs_assignee:
            self.fields["assignee"] = forms.ModelChoiceField(
                label=_("Assignee"),
                queryset=get_user_model()
                .objects.filter(is_active=True)
                .filter(Q(groups__name=default_group_name()) | Q(is_superuser=True))
                .distinct()
                .order_by("username"),
            )

    def params(self) -> dict:
        params = {}
        if "assignee" in self.cleaned_data:
            params["assignee"] = self.cleaned_data["assignee"]
        return params
