"""The fuzzer in the suite: schemathesis against the app's own published schema.

Every operation of /api/v1/schema/ (GETs, the hand-ins) and of the workflow API's
/workflow-api/v1/schema/ (the Kernteam's transitions, with a token) gets
generated requests, valid and invalid ones, and every answer goes through all of
schemathesis' checks: no server error, only documented status codes, content types and
headers, bodies that match their schema, invalid input rejected, valid input accepted.
On SQLite and on PostgreSQL (the suite runs on both).
"""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig
from schemathesis.config._checks import NEGATIVE_DATA_REJECTION_EXPECTED_STATUSES
from schemathesis.specs.openapi.checks import positive_data_acceptance

from alliances.models import (
    AgeGroup,
    AlliancePage,
    Competence,
    District,
    NeedPage,
    OpportunityPage,
    Organisation,
    Resource,
    ServicePage,
    Topic,
)
from tests.factories import (
    AgeGroupFactory,
    CompetenceFactory,
    DistrictFactory,
    OrganisationFactory,
    PersonFactory,
    ResourceFactory,
    StandardFactory,
    TopicFactory,
    add_member,
    make_page,
)
from tests.factories.api import link_item, link_service, make_public
from tests.workflow_testapp.factories import make_ticket, make_user

pytestmark = pytest.mark.django_db

# schemathesis' defaults, but a body over the size limit may be refused with 413 too.
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "negative_data_rejection": {
                "expected-statuses": [*NEGATIVE_DATA_REJECTION_EXPECTED_STATUSES, "413"]
            }
        }
    }
)
# Whether a step applies depends on the item's kind and stage, which no schema can say:
# for valid requests to run one, "accepted" is not checked (everything else is).
NOT_FOR_STEPS = {"POST /workflow-api/v1/pages/{page_id}/transitions/": [positive_data_acceptance]}

# Examples per operation and generation mode: ~20 operations x 2 modes x this.
EXAMPLES = 20


@pytest.fixture
def programme():
    """Public and non-public items of every kind, linked, with a catalogue to pick from."""
    districts = [DistrictFactory(), DistrictFactory()]
    topics = [TopicFactory(), TopicFactory()]
    age_groups = [AgeGroupFactory(), AgeGroupFactory()]
    StandardFactory()
    CompetenceFactory(), ResourceFactory()
    alliance = make_public(AlliancePage, title="Lesepaten")
    alliance.districts.set(districts[:1])
    alliance.topics.set(topics[:1])
    alliance.age_groups.set(age_groups[:1])
    service = make_public(ServicePage, title="Vorlesen")
    need = make_public(NeedPage, title="Leseförderung")
    opportunity = make_public(OpportunityPage, title="Leerstand")
    link_service(alliance, service)
    link_item(service, need)
    link_item(service, opportunity)
    add_member(alliance, organisation=OrganisationFactory())
    add_member(alliance, person=PersonFactory(public_name_consent=True))
    hidden = {
        "alliance": make_page(AlliancePage, title="Im Aufbau", publish=False),
        "need": make_page(NeedPage, title="Eingereicht"),  # live, but not yet public
    }
    return {
        "alliance": alliance,
        "service": service,
        "need": need,
        "opportunity": opportunity,
        "hidden": hidden,
    }


# Parameters and body fields that name catalogue entries by their slugs.
CATALOGUE_NAMES = {
    "district": District,
    "districts": District,
    "topic": Topic,
    "topics": Topic,
    "age_group": AgeGroup,
    "competences": Competence,
    "wanted_competence": Competence,
    "resources": Resource,
}


def existing_slugs(programme) -> dict:
    """The values of the parameters and fields that name a page, an organisation or a
    catalogue entry. A schema cannot say which of them exist (it says which list holds
    them), so valid requests draw them from what is there; invalid ones stay random."""
    public = {name: [programme[name].slug] for name in ("alliance", "service", "need")}
    public["opportunity"] = [programme["opportunity"].slug]
    public["organisation"] = [organisation.slug for organisation in Organisation.objects.all()]
    for name, model in CATALOGUE_NAMES.items():
        public[name] = list(model.objects.values_list("slug", flat=True))
    return public


def existing_value(data, values: list, generated):
    """One of `values` in the shape schemathesis generated: a list stays a list (empty if
    it was), null stays null."""
    if generated is None:
        return None
    if isinstance(generated, list):
        if not generated:
            return []
        return data.draw(st.lists(st.sampled_from(values), min_size=1, max_size=2))
    return data.draw(st.sampled_from(values))


@pytest.fixture
def app():
    """Django's WSGI application, as the test client runs it: the connection (inside the
    test's transaction) stays open after each request."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield WSGIHandler()
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def runner_token(db):
    """A token of a user who may run workflow steps (the Kernteam's tools)."""
    return Token.objects.create(user=make_user("kai.kernteam", runs=True)).key


def test_every_operation_answers_as_its_schema_says(app, programme, runner_token, settings):
    """The partner API's schema and the workflow API's (with a Kernteam token)."""
    settings.HANDIN_THROTTLE_RATE = "100000/hour"
    headers = {"Authorization": f"Token {runner_token}"}
    partner = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", app, config=CONFIG)
    workflow = schemathesis.openapi.from_wsgi(
        "/workflow-api/v1/schema/?format=json", app, headers=headers, config=CONFIG
    )
    operations = [
        result.ok() for schema in (partner, workflow) for result in schema.get_all_operations()
    ]
    labels = {operation.label for operation in operations}
    assert "POST /api/v1/submissions/" in labels
    assert "POST /workflow-api/v1/pages/{page_id}/transitions/" in labels
    existing = existing_slugs(programme)
    # Steps on items that exist, half of the time (valid requests only).
    existing["page_id"] = [make_ticket().pk, programme["need"].pk]
    failures = []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                fuzz(operation, mode, headers, existing)
            except (Exception, BaseExceptionGroup) as error:  # every failure, reported below
                failures.append(f"{operation.label} ({mode.value}): {error}")
    assert not failures, "\n\n".join(failures)


def fuzz(operation, mode, headers, existing):
    """EXAMPLES generated requests of one mode to one operation, each answer checked."""

    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case, data):
        positive = mode is GenerationMode.POSITIVE
        if positive and "page_id" in (case.path_parameters or {}) and data.draw(st.booleans()):
            case.path_parameters["page_id"] = data.draw(st.sampled_from(existing["page_id"]))
        if positive and isinstance(case.body, dict):
            for name in set(case.body) & set(existing):
                case.body[name] = existing_value(data, existing[name], case.body[name])
        if positive and case.query:
            for name in set(case.query) & set(existing):
                case.query[name] = existing_value(data, existing[name], case.query[name])
            # The one rule between two parameters (documented, not expressible in a schema).
            period = [case.query.get("period_from"), case.query.get("period_to")]
            if None not in period and period[1] < period[0]:
                case.query["period_from"], case.query["period_to"] = period[1], period[0]
        excluded = NOT_FOR_STEPS.get(operation.label, []) if mode is GenerationMode.POSITIVE else []
        case.call_and_validate(headers=headers, excluded_checks=excluded)

    try:
        run()
    except Unsatisfiable:
        # Nothing of this operation can be made invalid (no parameters, or only a path
        # slug that any string but one with "/" fits): there is no negative case to send.
        assert mode is GenerationMode.NEGATIVE, operation.label
