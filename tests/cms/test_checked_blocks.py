"""The editor's block form data (StreamField and ListBlock counts, types and order):
malformed is the admin's German 400, never a 500, and numbers in digits 0-9 only."""

import pytest
from django.urls import reverse
from wagtail import blocks

from alliances.models import NeedIndexPage, NeedPage
from tests.alliances.test_pages import _form_for, _post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def add_need(redaktion_client):
    parent = NeedIndexPage.objects.get()
    url = reverse("wagtailadmin_pages:add", args=["alliances", "needpage", parent.pk])

    def post(**changes):
        data = _post_data(_form_for(NeedPage))
        for name, value in changes.items():
            if value is None:
                data.pop(name, None)
            else:
                data[name] = value
        return redaktion_client.post(url, data)

    return post


def test_the_valid_form_is_saved(add_need):
    assert add_need().status_code == 302


@pytest.mark.parametrize(
    "changes",
    [
        {"body-count": None},
        {"body-count": "abc"},
        {"body-count": "٢"},
        {"body-count": "-1"},
        {"body-count": "2"},  # one item more than the form has
        {"body-0-order": "x"},
        {"body-0-order": "٠"},
        {"body-0-order": None},
        {"body-0-deleted": None},
        {"body-0-type": None},
    ],
)
def test_malformed_stream_data_is_the_admins_400(add_need, changes):
    response = add_need(**changes)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ungültige Anfrage" in html
    assert "Inhaltsblöcke" in html
    assert not NeedPage.objects.exists()


def test_a_list_blocks_count_is_checked_too(rf):
    block = blocks.ListBlock(blocks.CharBlock())
    data = {"facts-count": "١", "facts-0-deleted": "", "facts-0-order": "0", "facts-0-value": "a"}
    from cms.middleware import RefusedInput

    with pytest.raises(RefusedInput):
        block.value_from_datadict(data, {}, "facts")
    data["facts-count"] = "1"
    assert list(block.value_from_datadict(data, {}, "facts")) == ["a"]
