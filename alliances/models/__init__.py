from alliances.models.alliance import AlliancePage, AllianceServiceLink, Membership
from alliances.models.capture import CaptureFormField, CaptureFormPage
from alliances.models.catalogues import (
    AgeGroup,
    District,
    Organisation,
    Person,
    Standard,
    Topic,
)
from alliances.models.competences import (
    Competence,
    OrganisationOffer,
    Resource,
    ServiceRequirement,
)
from alliances.models.consent import Consent
from alliances.models.demand import AllianceDemand
from alliances.models.impact import ImpactReport, Voice
from alliances.models.impact_page import ImpactPage
from alliances.models.imports import ImportRun
from alliances.models.indexes import (
    AllianceIndexPage,
    NeedIndexPage,
    OpportunityIndexPage,
    ServiceIndexPage,
)
from alliances.models.items import GapAssessment, ItemPage, NeedPage, OpportunityPage
from alliances.models.open_data import OpenDataRequest
from alliances.models.services import ServiceItemLink, ServicePage

# Every programme page type: the pages with a stage (alliances.models.base.ProgrammePage).
PROGRAMME_MODELS = (AlliancePage, ServicePage, NeedPage, OpportunityPage)

__all__ = [
    "PROGRAMME_MODELS",
    "AgeGroup",
    "AllianceDemand",
    "AllianceIndexPage",
    "AlliancePage",
    "AllianceServiceLink",
    "CaptureFormField",
    "CaptureFormPage",
    "Competence",
    "Consent",
    "District",
    "GapAssessment",
    "ImpactPage",
    "ImpactReport",
    "ImportRun",
    "ItemPage",
    "Membership",
    "NeedIndexPage",
    "NeedPage",
    "OpportunityIndexPage",
    "OpenDataRequest",
    "OpportunityPage",
    "Organisation",
    "OrganisationOffer",
    "Person",
    "Resource",
    "ServiceIndexPage",
    "ServiceItemLink",
    "ServicePage",
    "ServiceRequirement",
    "Standard",
    "Topic",
    "Voice",
]
