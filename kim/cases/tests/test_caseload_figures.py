"""Caseload figures: counts only, small counts suppressed outside the team, exact for its lead."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from conftest import World
from kim.cases.models import Case
from kim.cases.selectors_caseload import caseload_figures_for_user, suppress
from kim.cases.tests.test_caseload_fixtures import make_case, today


def _rows(table) -> dict[str, int | None]:
    return {row.label: row.count for row in table.rows}


def test_suppress_hides_small_counts_and_one_more_when_derivable() -> None:
    table = suppress([("A", 10), ("B", 3), ("C", 7)], threshold=5, key="x")
    assert _rows(table) == {"A": 10, "B": None, "C": None}
    assert table.total == 20


def test_suppress_keeps_counts_when_two_are_hidden_anyway() -> None:
    table = suppress([("A", 10), ("B", 3), ("C", 2), ("D", 0)], threshold=5, key="x")
    assert _rows(table) == {"A": 10, "B": None, "C": None, "D": 0}


def test_suppress_never_uses_a_zero_cell_as_the_second_hidden_cell() -> None:
    """Hiding a 0 next to a 3 would leave the 3 derivable from the total."""
    table = suppress([("A", 10), ("B", 3), ("C", 0), ("D", 8)], threshold=5, key="x")
    assert _rows(table) == {"A": 10, "B": None, "C": 0, "D": None}
    assert table.total == 21


def test_suppress_hides_until_the_hidden_cells_reach_the_threshold() -> None:
    table = suppress([("A", 2), ("B", 1), ("C", 20), ("D", 30)], threshold=5, key="x")
    assert _rows(table) == {"A": None, "B": None, "C": None, "D": 30}


def test_suppress_hides_everything_below_the_threshold_in_total() -> None:
    table = suppress([("A", 3), ("B", 1)], threshold=5, key="x")
    assert table.total is None
    assert _rows(table) == {"A": None, "B": None}


def test_coordinator_sees_suppressed_region_figures_without_names(world: World) -> None:
    for _ in range(6):
        make_case(world, municipality=world.municipalities[0], given_names="Farid", family_name="Nouri")
    make_case(world, persona="fallmanagement3", team=world.other_team, municipality=world.municipalities[1])
    response = world.client_for("koordination").get(reverse("cases:caseload_figures"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nouri" not in content
    assert "Farid" not in content
    assert "2026-T" not in content
    figures = response.context["figures"]
    assert len(figures) == 1
    region = figures[0]
    assert not region.exact
    by_team = _rows(region.by_team)
    # 1 in the other team is hidden; then 6 could be worked out from the total, so it is hidden too
    assert by_team == {world.team.name: None, world.other_team.name: None}
    assert region.by_team.total == 7
    assert _rows(region.by_municipality)[world.municipalities[1].name] is None
    assert "&lt; 5" in content


def test_team_lead_sees_exact_counts_of_the_own_team(world: World) -> None:
    make_case(world)
    make_case(world, stage=Case.Stage.INTAKE)
    make_case(world, persona="fallmanagement3", team=world.other_team)
    figures = caseload_figures_for_user(user=world.users["teamleitung"], region=world.region)
    own, region = figures
    assert own.exact
    assert own.open_cases == 2
    assert _rows(own.by_stage)[str(Case.Stage.INTAKE.label)] == 1
    assert _rows(own.by_stage)[str(Case.Stage.IMPLEMENTATION.label)] == 1
    assert not region.exact
    assert region.open_cases is None  # 3 open cases in the region: below 5


def test_months_count_opened_and_closed_cases(world: World) -> None:
    for _ in range(5):
        make_case(world, opened_on=today().replace(day=1))
    make_case(world, opened_on=today().replace(day=1) - dt.timedelta(days=40), closed_on=today())
    own = caseload_figures_for_user(user=world.users["teamleitung"], region=world.region)[0]
    this_month = own.by_month[-1]
    assert this_month.month == today().replace(day=1)
    assert this_month.opened == 5
    assert this_month.closed == 1
    assert len(own.by_month) == 12


def test_threshold_is_the_regions_setting(world: World) -> None:
    world.region.suppression_threshold = 2
    world.region.save()
    for _ in range(3):
        make_case(world, persona="fallmanagement3", team=world.other_team)
    region = caseload_figures_for_user(user=world.users["koordination"], region=world.region)[0]
    assert _rows(region.by_team)[world.other_team.name] == 3


@pytest.mark.parametrize(
    ("persona", "status"),
    [("teamleitung", 200), ("koordination", 200), ("fallmanagement1", 403), ("lenkung", 403), ("land", 403)],
)
def test_figures_need_the_caseload_figures_capability(world: World, persona: str, status: int) -> None:
    assert world.client_for(persona).get(reverse("cases:caseload_figures")).status_code == status


def test_figures_do_not_count_other_regions(world: World) -> None:
    from kim.core.services import region_seed_catalogues

    region_seed_catalogues(actor=None, region=world.other_region)
    make_case(world, persona=None, team=world.other_region_team)
    region = caseload_figures_for_user(user=world.users["koordination"], region=world.region)[0]
    assert region.by_stage.total == 0
