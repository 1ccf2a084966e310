"""The edit view says whether the public sees the page, and if not, why."""

from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from alliances.stages import ALLIANCE_JOINABLE_STAGES
from alliances.visibility import reasons_not_public


class PublicStatusPanel(Panel):
    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Public visibility"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "alliances/panels/public_status.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            model = type(self.instance)
            page = model._base_manager.get(pk=self.instance.pk)  # as stored
            choices = model._meta.get_field("stage").choices
            public_stages = model.objects.get_queryset().public_stages
            context.update(
                page=page,
                public_stage_labels=[label for value, label in choices if value in public_stages],
                stage_label=page.get_stage_display(),
                reasons=reasons_not_public(page),
            )
            return context


class MatchingPanel(Panel):
    """ "Passende Unterstützer": what is covered, what is missing, who could bring it, why.

    For services, and for alliances that are forming or active.
    """

    STAGES = {"alliancepage": ALLIANCE_JOINABLE_STAGES}

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Matching supporters"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "alliances/panels/matching.html"

        def is_shown(self):
            if not (self.instance and self.instance.pk):
                return False
            stages = MatchingPanel.STAGES.get(self.instance._meta.model_name)
            return stages is None or self.instance.stage in stages

        def get_context_data(self, parent_context=None):
            from alliances import matching

            context = super().get_context_data(parent_context)
            if self.instance._meta.model_name == "alliancepage":
                result = matching.alliance_matching(self.instance)
            else:
                result = matching.service_matching(self.instance)
            context.update(matching=result, kind_labels=KIND_LABELS)
            if self.request.user.has_perm(INVITE_PERMISSION):
                # "Einladen" (api.handins): the view asks first, as this panel sits in a form.
                target = (
                    "alliance" if self.instance._meta.model_name == "alliancepage" else "service"
                )
                context["invite_query"] = urlencode(
                    {target: self.instance.pk, "next": self.request.get_full_path()}
                )
            return context


INVITE_PERMISSION = "api.add_invitation"

KIND_LABELS = {
    "person": _("Citizen"),
    "organisation": _("Organisation"),
    "signup": _("Sign-up"),
    "competence": _("Competence"),
    "resource": _("Resource"),
}
