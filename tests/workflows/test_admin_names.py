"""The engine's admin pages collide with nothing of Wagtail's moderation workflows: other
URL prefix, other namespaces, menu entries under *Kernteam* (docs/ARCHITECTURE.md,
Glossary: `workflows`)."""

from django.urls import reverse
from wagtail import hooks

from workflows.viewsets import stage_rule_viewset, transition_rule_viewset


def test_the_engines_admin_urls_are_not_under_wagtails_workflows():
    ours = [
        reverse("stage_steps:transition", args=[1, "x"]),
        reverse("stage_steps:assignee", args=[1]),
        reverse("stage_steps:diagrams"),
        reverse(transition_rule_viewset.get_url_name("index")),
        reverse(stage_rule_viewset.get_url_name("index")),
    ]
    wagtails = "/admin/workflows/"
    assert reverse("wagtailadmin_workflows:index").startswith(wagtails)
    assert all(url.startswith("/admin/") and not url.startswith(wagtails) for url in ours)


def test_no_admin_url_namespace_of_the_engine_is_called_workflows():
    from django.urls import get_resolver

    namespaces = set(get_resolver().namespace_dict)
    for hook in hooks.get_hooks("register_admin_urls"):
        for pattern in hook():
            namespaces |= {getattr(pattern, "namespace", None), getattr(pattern, "app_name", None)}
    assert "workflows" not in namespaces
    assert "stage_steps" in namespaces
