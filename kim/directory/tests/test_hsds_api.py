"""The public HSDS 3.0 API: every response is checked against the official schemas and OpenAPI file.

Two checks per response: the OpenAPI response schema of the path (with the Page wrapper
of list endpoints), and the compiled HSDS object schema with additional properties
forbidden everywhere (as upstream's own CI does), so a misspelt field name fails too.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from kim.directory.tests.factories import OfferWorld, offer_world
from tests.standards import require_standard

UPSTREAM = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
OPENAPI_URI = "urn:kim:hsds-openapi"


def schema_dir() -> Path:
    """The official HSDS schema folder; a missing folder fails the test (tests/standards.py)."""
    return require_standard("hsds", "schema")


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def registry() -> Registry:
    """Every schema under its bare name (relative $ref) and its upstream URL (OpenAPI $ref)."""
    resources = []
    schema_folder = schema_dir()
    for path in schema_folder.glob("*.json"):
        if path.name == "openapi.json":
            continue
        resource = Resource.from_contents(_load(path), default_specification=DRAFT202012)
        resources += [(path.name, resource), (UPSTREAM + path.name, resource)]
    for path in (schema_folder / "compiled").glob("*.json"):
        resource = Resource.from_contents(_load(path), default_specification=DRAFT202012)
        resources += [(f"compiled/{path.name}", resource), (f"{UPSTREAM}compiled/{path.name}", resource)]
    openapi = Resource.from_contents(_load(schema_folder / "openapi.json"), default_specification=DRAFT202012)
    resources.append((OPENAPI_URI, openapi))
    return Registry().with_resources(resources)


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def assert_openapi_response(path: str, body: Any) -> None:
    """Validate ``body`` against the 200 response schema the HSDS OpenAPI file gives for ``path``."""
    openapi = _load(schema_dir() / "openapi.json")
    assert path in openapi["paths"], f"{path} is not an HSDS OpenAPI path"
    pointer = _pointer("paths", path, "get", "responses", "200", "content", "application/json", "schema")
    validator = Draft202012Validator(
        {"$ref": f"{OPENAPI_URI}#/{pointer}"}, registry=registry(), format_checker=FormatChecker()
    )
    errors = sorted(validator.iter_errors(body), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def _forbid_additional(schema: Any) -> Any:
    if isinstance(schema, dict):
        result = {key: _forbid_additional(value) for key, value in schema.items()}
        if isinstance(schema.get("properties"), dict) and schema.get("type") in ("object", None):
            result["additionalProperties"] = False
        return result
    if isinstance(schema, list):
        return [_forbid_additional(value) for value in schema]
    return schema


def assert_strict(schema_file: str, body: Any) -> None:
    """Validate against a schema with additional properties forbidden everywhere."""
    schema = _forbid_additional(copy.deepcopy(_load(schema_dir() / schema_file)))
    validator = Draft202012Validator(schema, registry=registry(), format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(body), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def _get(client: Client, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"].startswith("application/json")
    return response.json()


BASE = "/hsds/siegen-wittgenstein"


@pytest.fixture
def offers(world: Any) -> OfferWorld:
    return offer_world(world)


def test_api_root_answers_version_and_openapi_url(offers: OfferWorld) -> None:
    body = _get(Client(), f"{BASE}/")

    assert_openapi_response("/", body)
    assert body["version"] == "3.0"
    assert body["openapi_url"].endswith("/hsds/siegen-wittgenstein/openapi.json")
    assert _get(Client(), f"{BASE}/openapi.json")["openapi"] == "3.1.0"


def test_service_list_is_a_valid_hsds_page_of_published_offers_of_the_region(offers: OfferWorld) -> None:
    body = _get(Client(), f"{BASE}/services")

    assert_openapi_response("/services", body)
    for item in body["contents"]:
        assert_strict("compiled/service_list.json", item)
    ids = {item["id"] for item in body["contents"]}
    assert ids == {str(offers.full.pk), str(offers.plain.pk)}
    assert body["total_items"] == 2
    assert body["empty"] is False


def test_service_list_pages_with_hsds_paging_fields(offers: OfferWorld) -> None:
    first = _get(Client(), f"{BASE}/services?per_page=1&page=1")
    second = _get(Client(), f"{BASE}/services?per_page=1&page=2")
    beyond = _get(Client(), f"{BASE}/services?per_page=1&page=3")

    for body in (first, second, beyond):
        assert_openapi_response("/services", body)
    assert (first["total_pages"], first["size"], first["first_page"], first["last_page"]) == (2, 1, True, False)
    assert (second["page_number"], second["first_page"], second["last_page"]) == (2, False, True)
    assert first["contents"][0]["id"] != second["contents"][0]["id"]
    assert beyond["contents"] == []
    assert _get(Client(), f"{BASE}/services?page=abc")["page_number"] == 1


def test_service_list_filters_by_search_organisation_and_taxonomy_term(offers: OfferWorld) -> None:
    by_text = _get(Client(), f"{BASE}/services?search=Integrationskursberatung")
    by_org = _get(Client(), f"{BASE}/services?organization_id={offers.plain.organisation_id}")
    term = offers.full.life_domains.get()
    by_term = _get(Client(), f"{BASE}/services?taxonomy_term_id={term.pk}")
    bad_term = _get(Client(), f"{BASE}/services?taxonomy_term_id=not-a-uuid")
    organisations = _get(Client(), f"{BASE}/organizations?search=Sprachschule")

    for body in (by_text, by_org, by_term):
        assert_openapi_response("/services", body)
        for item in body["contents"]:
            assert_strict("compiled/service_list.json", item)
    assert_openapi_response("/organizations", organisations)

    assert [item["id"] for item in by_text["contents"]] == [str(offers.full.pk)]
    assert [item["id"] for item in by_org["contents"]] == [str(offers.plain.pk)]
    assert [item["id"] for item in by_term["contents"]] == [str(offers.full.pk)]
    assert bad_term["empty"] is True
    assert_openapi_response("/services", bad_term)


def test_service_detail_is_a_valid_fully_nested_hsds_service(offers: OfferWorld) -> None:
    body = _get(Client(), f"{BASE}/services/{offers.full.pk}")

    assert_openapi_response("/services/{id}", body)
    assert_strict("compiled/service.json", body)
    assert body["organization"]["id"] == str(offers.full.organisation_id)
    assert {language["code"] for language in body["languages"]} == {"de", "ar", "uk"}
    assert len(body["schedules"]) == 2
    assert body["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "57072"
    assert body["contacts"][0]["name"] == "Erika Beispiel"
    assert [doc["document"] for doc in body["required_documents"]] == ["Aufenthaltstitel", "Berechtigungsschein"]
    assert {attribute["value"] for attribute in body["attributes"]} >= {"Sprache"}


def test_minimal_service_detail_is_valid_too(offers: OfferWorld) -> None:
    body = _get(Client(), f"{BASE}/services/{offers.plain.pk}")

    assert_openapi_response("/services/{id}", body)
    assert_strict("compiled/service.json", body)


@pytest.mark.parametrize("which", ["unpublished", "other_region"])
def test_unpublished_or_foreign_offer_is_not_found(offers: OfferWorld, which: str) -> None:
    service = getattr(offers, which)

    response = Client().get(f"{BASE}/services/{service.pk}")

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found"}
    listed = {item["id"] for item in _get(Client(), f"{BASE}/services?per_page=200")["contents"]}
    assert str(service.pk) not in listed


def test_offers_of_an_inactive_organisation_are_not_published(offers: OfferWorld) -> None:
    organisation = offers.plain.organisation
    organisation.is_active = False
    organisation.save(update_fields=["is_active"])

    assert Client().get(f"{BASE}/services/{offers.plain.pk}").status_code == 404
    assert Client().get(f"{BASE}/organizations/{organisation.pk}").status_code == 404


def test_unknown_region_and_malformed_id_are_not_found(offers: OfferWorld) -> None:
    assert Client().get("/hsds/gibt-es-nicht/services").status_code == 404
    assert Client().get(f"{BASE}/services/kein-uuid").status_code == 404


def test_organization_list_and_detail_are_valid(offers: OfferWorld) -> None:
    listing = _get(Client(), f"{BASE}/organizations")
    assert_openapi_response("/organizations", listing)
    for item in listing["contents"]:
        assert_strict("compiled/organization_list.json", item)
    assert {item["id"] for item in listing["contents"]} == {
        str(offers.full.organisation_id),
        str(offers.plain.organisation_id),
    }

    detail = _get(Client(), f"{BASE}/organizations/{offers.full.organisation_id}")
    assert_openapi_response("/organizations/{id}", detail)
    assert_strict("compiled/organization.json", detail)
    assert detail["description"] == "Sprachschule in Siegen"
    assert [service["id"] for service in detail["services"]] == [str(offers.full.pk)]
    assert detail["locations"][0]["name"] == "Sprachschule Hauptstelle"


def test_service_at_location_list_and_location_detail_are_valid(offers: OfferWorld) -> None:
    listing = _get(Client(), f"{BASE}/service_at_locations")
    assert_openapi_response("/service_at_locations", listing)
    for item in listing["contents"]:
        assert_strict("compiled/service_at_location_list.json", item)
    assert listing["total_items"] == 1

    location = _get(Client(), f"{BASE}/locations/{offers.location.pk}")
    assert_strict("location.json", location)
    assert location["latitude"] == pytest.approx(50.874)


def test_taxonomies_and_terms_are_valid(offers: OfferWorld) -> None:
    taxonomies = _get(Client(), f"{BASE}/taxonomies")
    assert_openapi_response("/taxonomies", taxonomies)
    assert taxonomies["total_items"] == 3
    first = taxonomies["contents"][0]
    assert_openapi_response("/taxonomies/{id}", _get(Client(), f"{BASE}/taxonomies/{first['id']}"))

    terms = _get(Client(), f"{BASE}/taxonomy_terms?taxonomy_id={first['id']}&per_page=100")
    assert_openapi_response("/taxonomy_terms", terms)
    assert terms["total_items"] == 14  # the life domains
    term = terms["contents"][0]
    assert_openapi_response("/taxonomy_terms/{id}", _get(Client(), f"{BASE}/taxonomy_terms/{term['id']}"))
    assert Client().get(f"{BASE}/taxonomies/00000000-0000-0000-0000-000000000000").status_code == 404


def test_the_api_is_read_only(offers: OfferWorld) -> None:
    response = Client().post(f"{BASE}/services", {})

    assert response.status_code == 405


def test_a_schema_violation_would_be_caught() -> None:
    """The checks above can fail: a wrong status value and a misspelt field are rejected."""
    with pytest.raises(AssertionError):
        assert_openapi_response(
            "/services/{id}", {"id": "00000000-0000-0000-0000-000000000000", "name": "x", "status": "open"}
        )
    with pytest.raises(AssertionError):
        assert_strict(
            "compiled/service.json",
            {"id": "00000000-0000-0000-0000-000000000000", "name": "x", "status": "active", "nmae": "typo"},
        )


def test_service_list_query_count_does_not_grow_with_offers(world: Any, offers: OfferWorld) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kim.directory.tests.factories import make_offer

    with CaptureQueriesContext(connection) as before:
        Client().get(f"{BASE}/services")
    for number in range(5):
        make_offer(region=world.region, organisation=world.provider, name=f"Angebot {number}")
    with CaptureQueriesContext(connection) as after:
        body = Client().get(f"{BASE}/services").json()

    assert body["total_items"] == 7
    assert len(after.captured_queries) == len(before.captured_queries)


def _resolve_upstream(ref: str) -> Any:
    """Follow a reference into the official openapi.json (kept beside the project) to its target."""
    document, _hash, pointer = ref.partition("#")
    assert document == UPSTREAM + "openapi.json", ref
    node: Any = _load(schema_dir() / "openapi.json")
    for part in pointer.strip("/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def test_openapi_description_refers_to_the_official_definitions_with_our_server(offers: OfferWorld) -> None:
    from kim.directory import urls_hsds

    body = _get(Client(), f"{BASE}/openapi.json")
    official = _load(schema_dir() / "openapi.json")

    assert body["servers"] == [{"url": "http://testserver/hsds/siegen-wittgenstein"}]
    served = {
        "/" + str(pattern.pattern).removeprefix("<slug:region>/").replace("<str:pk>", "{id}")
        for pattern in urls_hsds.urlpatterns
    } - {"/openapi.json"}
    assert served == set(body["paths"])
    for path, item in body["paths"].items():
        operation = item["get"]
        if operation.get("x-kim-extension"):
            assert path not in official["paths"]
            continue
        assert path in official["paths"], path
        official_names = {
            ref["$ref"].rsplit("/", 1)[-1] if "$ref" in ref else ref["name"]
            for ref in official["paths"][path]["get"].get("parameters", [])
        }
        for parameter in operation["parameters"]:
            if "$ref" in parameter:
                assert _resolve_upstream(parameter["$ref"])["name"] in official_names, (path, parameter)
        response = _resolve_upstream(operation["responses"]["200"]["$ref"])
        assert response == official["paths"][path]["get"]["responses"]["200"]


def test_openapi_description_is_no_longer_a_stub() -> None:
    from kim.directory.views_hsds import openapi_document

    document = openapi_document("https://kim.example.org/hsds/x/", "X")

    assert document["servers"] == [{"url": "https://kim.example.org/hsds/x"}]
    assert all(
        "$ref" in item["get"]["responses"]["200"]
        for path, item in document["paths"].items()
        if path != "/locations/{id}"
    )
