"""Public HSDS 3.0 read API: plain JSON views, no login, published offers only.

Mounted at /hsds/<region>/; ids of unpublished offers, inactive organisations or
other regions answer 404 like ids that never existed.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from kim.core.models import Region
from kim.directory import hsds

JSON_OPTIONS = {"ensure_ascii": False}


def _region(slug: str) -> Region:
    try:
        return Region.objects.get(slug=slug, is_active=True)
    except Region.DoesNotExist:
        raise Http404 from None


def _json(data: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params=JSON_OPTIONS)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _int(request: HttpRequest, name: str, default: int) -> int:
    try:
        return int(request.GET.get(name, default))
    except (TypeError, ValueError):
        return default


def _uuid_param(request: HttpRequest, name: str) -> uuid.UUID | None:
    """A UUID query parameter; a malformed one matches nothing (a random UUID)."""
    value = request.GET.get(name, "").strip()
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        return uuid.uuid4()


def _paged(request: HttpRequest, items: Any, render: Callable[[Any], dict[str, Any]]) -> JsonResponse:
    meta, contents = hsds.page(
        items,
        page_number=_int(request, "page", 1),
        per_page=_int(request, "per_page", hsds.DEFAULT_PER_PAGE),
    )
    return _json({**meta, "contents": [render(item) for item in contents]})


def _get(queryset: Any, pk: str) -> Any:
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None


def hsds_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET only; a 404 answers as JSON so machine clients need no HTML parsing."""

    @require_GET
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return _json({"detail": "Not found"}, status=404)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@hsds_view
def api_root(request: HttpRequest, region: str) -> HttpResponse:
    _region(region)
    return _json(
        {
            "version": hsds.HSDS_VERSION,
            "profile": hsds.PROFILE_URL,
            "openapi_url": request.build_absolute_uri(reverse("hsds:openapi", kwargs={"region": region})),
        }
    )


UPSTREAM_SCHEMA = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
UPSTREAM_OPENAPI = UPSTREAM_SCHEMA + "openapi.json"

# The HSDS paths this API serves and the official query parameters each one honours
# (names of components/parameters in the official openapi.json). Responses are the
# official ones, referenced rather than copied.
IMPLEMENTED_PATHS: dict[str, tuple[str, ...]] = {
    "/": (),
    "/services": ("search", "page", "per_page", "organization_id", "taxonomy_term_id"),
    "/services/{id}": (),
    "/organizations": ("search", "page", "per_page"),
    "/organizations/{id}": (),
    "/service_at_locations": ("page", "per_page"),
    "/taxonomies": ("page", "per_page"),
    "/taxonomies/{id}": (),
    "/taxonomy_terms": ("taxonomy_id", "page", "per_page"),
    "/taxonomy_terms/{id}": (),
}


def _pointer(*parts: str) -> str:
    return "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def openapi_document(base_url: str, region_name: str) -> dict[str, Any]:
    """The official HSDS 3.0 OpenAPI description, narrowed to what this API serves, with our server.

    Every response and parameter is a reference into the official file, so the
    description cannot drift from the standard; ``/locations/{id}`` is marked as an
    extension (HSDS 3.0 defines no location endpoint).
    """
    id_parameter = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    not_found = {"description": "Not found (unknown, unpublished or of another region)"}
    paths: dict[str, Any] = {}
    for path, parameters in IMPLEMENTED_PATHS.items():
        operation: dict[str, Any] = {
            "parameters": [
                *([id_parameter] if "{id}" in path else []),
                *({"$ref": f"{UPSTREAM_OPENAPI}#/components/parameters/{name}"} for name in parameters),
            ],
            "responses": {
                "200": {"$ref": f"{UPSTREAM_OPENAPI}#/{_pointer('paths', path, 'get', 'responses', '200')}"},
                **({"404": not_found} if "{id}" in path else {}),
            },
        }
        paths[path] = {"get": operation}
    paths["/locations/{id}"] = {
        "get": {
            "x-kim-extension": True,
            "summary": "One location of a published offer (not part of the HSDS 3.0 API)",
            "parameters": [id_parameter],
            "responses": {
                "200": {
                    "description": "A location",
                    "content": {"application/json": {"schema": {"$ref": UPSTREAM_SCHEMA + "location.json"}}},
                },
                "404": not_found,
            },
        }
    }
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": f"HSDS – {region_name}",
            "version": hsds.HSDS_VERSION,
            "description": (
                "Open Referral HSDS 3.0: published offers of the KIM network directory. Responses and "
                "parameters refer to the official HSDS OpenAPI file (Human Services Data Specification: "
                "an Open Referral resource, https://openreferral.org/, CC BY-SA 4.0)."
            ),
        },
        "servers": [{"url": base_url.rstrip("/")}],
        "externalDocs": {"url": UPSTREAM_OPENAPI},
        "paths": paths,
    }


@hsds_view
def openapi(request: HttpRequest, region: str) -> HttpResponse:
    """The OpenAPI description of this region's HSDS API (official definitions, our server)."""
    region_obj = _region(region)
    base = request.build_absolute_uri(reverse("hsds:root", kwargs={"region": region}))
    return _json(openapi_document(base, region_obj.name))


@hsds_view
def service_list(request: HttpRequest, region: str) -> HttpResponse:
    services = hsds.published_services(_region(region), nested=False)
    if text := request.GET.get("search", "").strip():
        services = hsds.search_services(services, text)
    if organisation_id := _uuid_param(request, "organization_id"):
        services = services.filter(organisation_id=organisation_id)
    if term_id := _uuid_param(request, "taxonomy_term_id"):
        services = services.filter(
            Q(life_domains=term_id) | Q(target_groups=term_id) | Q(legal_domains=term_id)
        ).distinct()
    return _paged(request, services, hsds.service_list_item)


@hsds_view
def service_detail(request: HttpRequest, region: str, pk: str) -> HttpResponse:
    service = _get(hsds.published_services(_region(region)), pk)
    return _json(hsds.service_full(service))


@hsds_view
def organization_list(request: HttpRequest, region: str) -> HttpResponse:
    organisations = hsds.published_organisations(_region(region))
    if text := request.GET.get("search", "").strip():
        organisations = organisations.filter(name__icontains=text)
    return _paged(request, organisations, hsds.organization_basic)


@hsds_view
def organization_detail(request: HttpRequest, region: str, pk: str) -> HttpResponse:
    region_obj = _region(region)
    organisation = _get(hsds.published_organisations(region_obj), pk)
    services = list(hsds.published_services(region_obj).filter(organisation=organisation))
    return _json(hsds.organization_full(organisation, services=services))


@hsds_view
def service_at_location_list(request: HttpRequest, region: str) -> HttpResponse:
    links = (
        hsds.ServiceAtLocation.objects.filter(
            region=_region(region), service__published=True, service__organisation__is_active=True
        )
        .select_related("location")
        .order_by("service__name", "location__name", "id")
    )
    return _paged(request, links, hsds.service_at_location_list_item)


@hsds_view
def location_detail(request: HttpRequest, region: str, pk: str) -> HttpResponse:
    location = _get(hsds.published_locations(_region(region)), pk)
    return _json(hsds.location_data(location))


@hsds_view
def taxonomy_list(request: HttpRequest, region: str) -> HttpResponse:
    region_obj = _region(region)
    items = [hsds.taxonomy_data(region_obj, catalogue) for catalogue in hsds.TAXONOMIES]
    return _paged(request, items, lambda item: item)


@hsds_view
def taxonomy_detail(request: HttpRequest, region: str, pk: str) -> HttpResponse:
    region_obj = _region(region)
    for catalogue in hsds.TAXONOMIES:
        if hsds.taxonomy_id(region_obj, catalogue) == pk:
            return _json(hsds.taxonomy_data(region_obj, catalogue))
    raise Http404


@hsds_view
def taxonomy_term_list(request: HttpRequest, region: str) -> HttpResponse:
    region_obj = _region(region)
    terms = hsds.taxonomy_terms(region_obj)
    if wanted := request.GET.get("taxonomy_id", "").strip():
        catalogues = [c for c in hsds.TAXONOMIES if hsds.taxonomy_id(region_obj, c) == wanted]
        terms = terms.filter(catalogue__in=catalogues)
    return _paged(request, terms, hsds.taxonomy_term_data)


@hsds_view
def taxonomy_term_detail(request: HttpRequest, region: str, pk: str) -> HttpResponse:
    term = _get(hsds.taxonomy_terms(_region(region)), pk)
    return _json(hsds.taxonomy_term_data(term))
