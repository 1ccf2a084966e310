"""Low-code rules in the admin: who may run a transition; reminders and notices per stage."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from workflows.models import StageRule, TransitionRule
from workflows.registry import stage_rule_choices, transition_rule_choices


class TransitionRuleForm(forms.ModelForm):
    class Meta:
        model = TransitionRule
        fields = ["transition", "groups", "advisories_block"]
        widgets = {"groups": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["transition"] = forms.ChoiceField(
            label=_("Transition"), choices=transition_rule_choices()
        )
        self.fields["groups"].help_text = _("Nobody checked: no one but administrators may.")


class StageRuleForm(forms.ModelForm):
    class Meta:
        model = StageRule
        fields = ["stage", "reminder_days", "notify_assignee", "notify_groups"]
        widgets = {"notify_groups": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"] = forms.ChoiceField(label=_("Stage"), choices=stage_rule_choices())


class TransitionRuleViewSet(ModelViewSet):
    model = TransitionRule
    icon = "lock"
    menu_label = _("Who may run a step")
    list_display = ["__str__"]
    add_to_admin_menu = False

    def get_form_class(self, for_update=False):
        return TransitionRuleForm


class StageRuleViewSet(ModelViewSet):
    model = StageRule
    icon = "time"
    menu_label = _("Reminders and notices")
    list_display = ["__str__", "reminder_days", "notify_assignee"]
    add_to_admin_menu = False

    def get_form_class(self, for_update=False):
        return StageRuleForm


transition_rule_viewset = TransitionRuleViewSet("transition_rules")
stage_rule_viewset = StageRuleViewSet("stage_rules")
