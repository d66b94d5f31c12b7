"""The persona × URL matrix: walk every URL pattern and API operation as every persona.

``docs/permissions.md`` holds the expected answers; ``tests/test_permission_matrix.py``
compares. To draft rows for new URLs, run

    pytest tests/test_permission_matrix.py -m draft -s

and review every cell before copying it into the table: the draft shows what the
code does, the table says what it should do.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import PERSONAS, World
from kim.accounts.models import Membership
from kim.core.models import CatalogueEntry, FundedPost, KeyDate

DOC = Path(__file__).resolve().parent.parent / "docs" / "permissions.md"
TABLE_HEADING = "## Who reaches which page"

# Namespaces of our own apps: every URL with parameters must name the object it is
# tested with (an object of region A, so that other regions must get 404).
OWN_NAMESPACES = (
    "accounts",
    "core",
    "manage",
    "audit",
    "api",
    "cases",
    "directory",
    "committees",
    "hsds",
    "oparl",
    "notifications",
    "referrals",
    "themes",
)

# Django admin pages answer alike (superusers only) and are one row, except these.
ADMIN_ROWS = {"admin:login", "admin:logout"}

# URL name → the objects to fill its parameters with.
URL_OBJECTS: dict[str, Callable[[World], dict[str, Any]]] = {}


def register_objects(name: str) -> Callable[[Callable[[World], dict[str, Any]]], Callable[[World], dict[str, Any]]]:
    def decorator(func: Callable[[World], dict[str, Any]]) -> Callable[[World], dict[str, Any]]:
        URL_OBJECTS[name] = func
        return func

    return decorator


@dataclass(frozen=True)
class Endpoint:
    """One row of the matrix: a URL name (pages) or ``api METHOD /path`` (API operations)."""

    key: str
    method: str
    route: str
    converters: tuple[tuple[str, str], ...]  # (parameter name, converter)

    @property
    def is_api_operation(self) -> bool:
        return self.key.startswith("api ")


_PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>")


def _converters(route: str) -> tuple[tuple[str, str], ...]:
    found = []
    for match in _PARAM.finditer(route):
        if match.group("name"):
            found.append((match.group("name"), match.group("conv") or "str"))
        else:
            found.append((match.group("rname"), "str"))
    return tuple(found)


def _walk(patterns: list[Any], namespace: str = "", prefix: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _walk(pattern.url_patterns, ns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield namespace + (pattern.name or f"<unnamed {prefix}{pattern.pattern}>"), prefix + str(pattern.pattern)


# Pages that take POST only (GET answers 405): they get a second row, "POST <name>",
# sent with an empty form, so that the permission check before the form is covered too.
POST_ROWS = {
    "accounts:region_switch",
    "manage:user_deactivate",
    "manage:user_reactivate",
    "manage:user_invitation_resend",
    "notifications:mark_read",
    "notifications:mark_all_read",
    "cases:client_language_remove",
    "cases:household_leave",
    "cases:need_remove",
    "cases:follow_up_done",
    "cases:document_delete",
    "cases:settings_rule_activate",
    "cases:settings_rule_deactivate",
    "cases:settings_rule_move",
    "directory:schedule_delete",
    "directory:contact_delete",
    "directory:phone_delete",
    "directory:service_location_remove",
    "referrals:accept",
    "committees:minutes_status",
    "committees:minutes_comment_create",
    "committees:agenda_item_move",
    "committees:action_item_status",
    "themes:report_assign",
    "themes:report_unassign",
}


def page_endpoints() -> list[Endpoint]:
    """Every named URL pattern except the API's operations (those come from the OpenAPI schema)."""
    endpoints = []
    operation_names = _api_url_names()
    for name, route in _walk(get_resolver().url_patterns):
        if name.startswith("api:") and name.split(":", 1)[1] in operation_names:
            continue
        key = name
        if name.startswith("admin:") and name not in ADMIN_ROWS:
            key = "django-admin:*"
        endpoints.append(Endpoint(key=key, method="GET", route=route, converters=_converters(route)))
        if name in POST_ROWS:
            endpoints.append(Endpoint(key=f"POST {name}", method="POST", route=route, converters=_converters(route)))
    return endpoints


def _api() -> Any:
    from config.api import api

    return api


def _api_url_names() -> set[str]:
    """The URL names of every API operation, nested routers included."""
    names: set[str] = set()
    routers = [entry[1] for entry in _api()._routers]  # (prefix, router)
    while routers:
        router = routers.pop()
        routers.extend(entry[1] for entry in getattr(router, "_routers", []))  # (prefix, router, tags)
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                if operation.url_name:
                    names.add(operation.url_name)
    return names


def api_endpoints() -> list[Endpoint]:
    schema = _api().get_openapi_schema()
    endpoints = []
    for path, methods in schema["paths"].items():
        for method in methods:
            route = re.sub(r"\{(\w+)\}", r"<\1>", path)
            endpoints.append(
                Endpoint(
                    key=f"api {method.upper()} {path}",
                    method=method.upper(),
                    route=route,
                    converters=_converters(route),
                )
            )
    return endpoints


def all_endpoints() -> list[Endpoint]:
    return page_endpoints() + api_endpoints()


def _dummy(converter: str) -> Any:
    return {"uuid": uuid.uuid4(), "int": 999999, "slug": "x", "path": "x"}.get(converter, "x")


def url_for(endpoint: Endpoint, world: World) -> str:
    name = endpoint.key.removeprefix("POST ")
    if endpoint.is_api_operation:
        kwargs = URL_OBJECTS[name](world) if name in URL_OBJECTS else {}
        path = endpoint.key.split(" ", 2)[2]
        for param, value in kwargs.items():
            path = path.replace("{" + param + "}", str(value))
        return path
    if not endpoint.converters:
        if name == "django-admin:*":
            return "/" + endpoint.route
        return reverse(name)
    if name in URL_OBJECTS:
        return reverse(name, kwargs=URL_OBJECTS[name](world))
    namespace = name.split(":", 1)[0] if ":" in name else ""
    if namespace in OWN_NAMESPACES:
        raise AssertionError(f"{name} has parameters: add an entry to URL_OBJECTS in tests/permission_matrix.py")
    kwargs = {param: _dummy(conv) for param, conv in endpoint.converters}
    if name == "django-admin:*":
        route = endpoint.route
        for param, value in kwargs.items():
            route = re.sub(rf"<(?:\w+:)?{param}>|\(\?P<{param}>[^)]*\)", str(value), route)
        return "/" + route.lstrip("^").rstrip("$")
    return reverse(name, kwargs=kwargs)


def classify(response: Any) -> str:
    """The cell value for a response: 200, 403, 404, 405, login (redirect to sign-in), 302 (other redirect)."""
    status = response.status_code
    if status in (301, 302, 303):
        location = response.get("Location", "")
        if "/accounts/login/" in location or "/django-admin/login/" in location:
            return "login"
        return "302"
    return str(status)


def request_as(client: Client, endpoint: Endpoint, url: str) -> str:
    """Send the request inside a rolled-back savepoint so no request changes the world for the next."""
    with transaction.atomic():
        if endpoint.method == "GET":
            response = client.get(url)
        elif not endpoint.is_api_operation:
            response = client.post(url, {})
        else:
            response = client.generic(endpoint.method, url, data="{}", content_type="application/json")
        transaction.set_rollback(True)
    return classify(response)


def parse_table(text: str | None = None) -> dict[str, dict[str, str]]:
    """Read the expected answers from docs/permissions.md: {row key: {persona: cell}}."""
    text = text if text is not None else DOC.read_text(encoding="utf-8")
    section = text.split(TABLE_HEADING, 1)[1]
    lines = [line.strip() for line in section.splitlines() if line.strip().startswith("|")]
    header = [cell.strip().strip("`") for cell in lines[0].strip("|").split("|")]
    personas = header[1:]
    if tuple(personas) != PERSONAS:
        raise AssertionError(f"docs/permissions.md: persona columns must be {PERSONAS}, found {personas}")
    table: dict[str, dict[str, str]] = {}
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        key = cells[0].strip("`")
        if key in table:
            raise AssertionError(f"docs/permissions.md lists {key} twice")
        table[key] = dict(zip(personas, cells[1:], strict=True))
    return table


# --- objects of region A for our URLs with parameters ------------------------------------
# Apps register their own in kim/<app>/tests/matrix.py (imported at the end of this module).


def _person(world: World) -> Any:
    return world.users["fallmanagement1"]


def _funded_post(world: World) -> FundedPost:
    post, _ = FundedPost.objects.get_or_create(
        region=world.region,
        year=2022,
        building_block=2,
        function="case_management",
        employer=world.provider,
        defaults={"fte": Decimal("14.00"), "funding_amount": Decimal("798000.00")},
    )
    return post


def _key_date(world: World) -> KeyDate:
    key_date, _ = KeyDate.objects.get_or_create(
        region=world.region, date=dt.date(2022, 6, 9), title="Konstituierende Sitzung", defaults={"kind": "meeting"}
    )
    return key_date


for _name in ("manage:municipality_update",):
    register_objects(_name)(lambda w: {"pk": w.municipalities[0].pk})
register_objects("manage:organisation_update")(lambda w: {"pk": w.provider.pk})
register_objects("manage:team_update")(lambda w: {"pk": w.team.pk})
for _name in (
    "manage:user_detail",
    "manage:user_update",
    "manage:user_deactivate",
    "manage:user_reactivate",
    "manage:user_invitation_resend",
    "manage:membership_create",
):
    register_objects(_name)(lambda w: {"pk": _person(w).pk})
register_objects("manage:membership_end")(
    lambda w: {"pk": _person(w).pk, "membership_pk": Membership.objects.get(user=_person(w), region=w.region).pk}
)
register_objects("manage:catalogue_entry_update")(
    lambda w: {"pk": CatalogueEntry.objects.get(region=w.region, catalogue="life_domain", code="wohnen").pk}
)
register_objects("manage:funded_post_update")(lambda w: {"pk": _funded_post(w).pk})
register_objects("manage:funded_post_delete")(lambda w: {"pk": _funded_post(w).pk})
register_objects("manage:key_date_update")(lambda w: {"pk": _key_date(w).pk})
register_objects("manage:key_date_delete")(lambda w: {"pk": _key_date(w).pk})


def _load_app_registrations() -> None:
    """Import every kim/<app>/tests/matrix*.py module: they call register_objects()."""
    import importlib
    from pathlib import Path

    from django.apps import apps

    for config in apps.get_app_configs():
        if not config.name.startswith("kim."):
            continue
        for module_path in sorted(Path(config.path, "tests").glob("matrix*.py")):
            importlib.import_module(f"{config.name}.tests.{module_path.stem}")


_load_app_registrations()
