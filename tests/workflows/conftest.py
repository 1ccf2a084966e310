"""The engine's tests run on the test-only Ticket (tests/workflow_testapp) with users who
hold the engine's permission or not: no group or model of the domain."""

import pytest

from tests.workflow_testapp.factories import make_user


@pytest.fixture
def runner(db):
    """Holds `workflows.run_transition` through a group that is not the domain's."""
    return make_user("rosa.runner", runs=True)


@pytest.fixture
def bystander(db):
    """An active admin user who edits pages, without the permission."""
    return make_user("bernd.bystander", edits=True)


@pytest.fixture
def runner_client(client, runner):
    client.force_login(runner)
    return client


@pytest.fixture
def bystander_client(client, bystander):
    client.force_login(bystander)
    return client
