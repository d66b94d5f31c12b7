"""Every URL pattern and API operation, for every persona, answers as docs/permissions.md says."""

from __future__ import annotations

import pytest

from conftest import PERSONAS, World
from tests.permission_matrix import all_endpoints, parse_table, request_as, url_for


def test_every_url_and_api_operation_is_in_the_table() -> None:
    table = parse_table()
    keys = {endpoint.key for endpoint in all_endpoints()}
    missing = sorted(keys - set(table))
    stale = sorted(set(table) - keys)
    assert not missing, f"Not in docs/permissions.md (add a row for each): {missing}"
    assert not stale, f"docs/permissions.md lists URLs that no longer exist: {stale}"


def test_a_url_missing_from_the_table_fails() -> None:
    """The guard itself: a table without one row must not cover all endpoints."""
    table = parse_table()
    some_key = next(iter(table))
    reduced = {k: v for k, v in table.items() if k != some_key}
    keys = {endpoint.key for endpoint in all_endpoints()}
    assert keys - set(reduced) == {some_key}


def test_every_post_only_page_has_a_post_row() -> None:
    table = parse_table()
    post_only = {key for key, cells in table.items() if "405" in cells.values() and not key.startswith("api ")}
    assert {key for key in post_only if f"POST {key}" not in table} == set()


@pytest.mark.parametrize("persona", PERSONAS)
def test_persona_gets_the_documented_answer_everywhere(world: World, persona: str) -> None:
    table = parse_table()
    client = world.client_for(persona)
    wrong = []
    for endpoint in all_endpoints():
        expected = table[endpoint.key][persona]
        got = request_as(client, endpoint, url_for(endpoint, world))
        if got != expected:
            wrong.append(
                f"{endpoint.key} ({endpoint.method} {url_for(endpoint, world)}): expected {expected}, got {got}"
            )
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)


@pytest.mark.draft
def test_draft_matrix_rows(world: World) -> None:
    """Print what the code answers today, as table rows to review (not a check)."""
    clients = {persona: world.client_for(persona) for persona in PERSONAS}
    seen = set()
    print("| Endpoint | " + " | ".join(f"`{p}`" for p in PERSONAS) + " |")  # noqa: T201
    print("|---" * (len(PERSONAS) + 1) + "|")  # noqa: T201
    for endpoint in all_endpoints():
        cells = [request_as(clients[p], endpoint, url_for(endpoint, world)) for p in PERSONAS]
        row = f"| `{endpoint.key}` | " + " | ".join(cells) + " |"
        if row not in seen:
            seen.add(row)
            print(row)  # noqa: T201
    assert seen
