"""OPTIONS in both APIs names and describes a view as its documentation does.

DRF's `SimpleMetadata` takes `name` from the class name ("Alliance List") and
`description` from the docstring, both English. Every API view declares a translatable
summary and description for its OpenAPI schema (`extend_schema`); OPTIONS answers with
those, in the active language.
"""

from rest_framework.metadata import SimpleMetadata

METHODS = ("get", "post", "put", "patch", "delete")


def documented_texts(view) -> tuple[str, str] | None:
    """The schema's (summary, description) of the view's first documented action, if any."""
    action_map = getattr(view, "action_map", None) or {}
    actions = [action_map[method] for method in METHODS if method in action_map]
    actions += [method for method in METHODS if hasattr(view, method)]
    for action in actions:
        schema_class = getattr(getattr(view, action, None), "kwargs", {}).get("schema")
        if schema_class is None:
            continue
        schema = schema_class()
        schema.view = view
        schema.method = "POST" if action == "post" else "GET"
        summary = schema.get_summary()
        if summary:
            return str(summary), str(schema.get_description() or "")
    return None


class DocumentedMetadata(SimpleMetadata):
    """SimpleMetadata with the schema's translated summary and description."""

    def determine_metadata(self, request, view):
        metadata = super().determine_metadata(request, view)
        texts = documented_texts(view)
        if texts is not None:
            metadata["name"], metadata["description"] = texts
        return metadata
