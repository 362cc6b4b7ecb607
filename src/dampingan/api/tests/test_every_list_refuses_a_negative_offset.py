"""Every list of the API refuses a negative ``offset`` with 422 (four lists answered 500, since a
queryset cannot be sliced from the end). The lists are found in the published schema, so a new list with a
hand-written offset is checked too."""

import re

import pytest


@pytest.fixture
def lists(api_as):
    schema = api_as("tkpk").get("/api/openapi.json").json()
    found = []
    for path, operations in schema["paths"].items():
        parameters = operations.get("get", {}).get("parameters", [])
        if any(p["name"] == "offset" and p["in"] == "query" for p in parameters):
            found.append(re.sub(r"\{[^}]+\}", "1", path))
    return found


def test_the_schema_names_the_lists_with_an_offset(lists):
    assert {"/api/action-items/", "/api/indicators/values", "/api/visits/reports", "/api/registry/households"} <= set(
        lists
    )
    assert "/api/interventions/1/beneficiaries" in lists


def test_a_negative_offset_is_refused_not_a_server_error(api_as, lists):
    client = api_as("tkpk")
    for path in lists:
        refused = client.get(path, {"offset": -1})
        assert refused.status_code == 422, (path, refused.status_code)
        assert "offset" in refused.content.decode()
        assert client.get(path, {"offset": 0}).status_code in (200, 404), path
