from wagtail import hooks
from wagtail.permissions import register_permission_policy

from api.models import Partner, PartnerAPIKey
from api.viewsets import PartnerAPIGroup

register_permission_policy(Partner)
register_permission_policy(PartnerAPIKey)


@hooks.register("register_admin_viewset")
def register_partner_api_viewsets():
    return PartnerAPIGroup()
