def partner_api_only(endpoints, **kwargs):
    """The published schema describes /api/v1/ only, not Wagtail's internal admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
