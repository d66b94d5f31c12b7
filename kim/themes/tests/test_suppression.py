"""Small counts cannot be worked out: secondary suppression, the trend and the score averages."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from kim.accounts.models import User
from kim.committees.models import BodyMembership
from kim.themes import selectors, services
from kim.themes.figures import suppress_table
from kim.themes.models import Measure, PrioritisationScore
from kim.themes.selectors import Trend
from kim.themes.tests.matrix import adopting_decision, file_report, theme_world

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("items", "shown"),
    [
        # total 12: the 2 is hidden, then the next smallest (4) too: hidden sum 6 ≥ 5.
        ([("A", 6), ("B", 2), ("C", 4)], {"A": 6, "B": None, "C": None}),
        # total 10, nothing small: everything shown.
        ([("A", 5), ("B", 5), ("C", 0)], {"A": 5, "B": 5, "C": 0}),
        # total below the threshold: everything hidden.
        ([("A", 3), ("B", 1)], {"A": None, "B": None}),
        # two small cells already add up to 5: nothing more hidden; zeros stay shown.
        ([("A", 20), ("B", 3), ("C", 2), ("D", 0)], {"A": 20, "B": None, "C": None, "D": 0}),
    ],
)
def test_secondary_suppression_hides_cells_until_the_hidden_sum_reaches_the_threshold(
    items: list[tuple[str, int]], shown: dict[str, int | None]
) -> None:
    assert {cell.label: cell.value for cell in suppress_table(items, 5)} == shown


def _fill(world: World, theme: Any, municipality: Any, count: int) -> None:
    for _ in range(count):
        services.report_assign(actor=None, report=file_report(world, municipality=municipality), theme=theme)


def test_theme_page_api_and_csv_hide_a_small_municipality_that_the_total_would_reveal(world: World) -> None:
    t = theme_world(world)  # one report in municipality 0
    first, second = world.municipalities[0], world.municipalities[1]
    _fill(world, t.theme, first, 6)  # 7 in the first municipality
    _fill(world, t.theme, second, 3)  # 3 in the second: total 10
    response = world.client_for("lenkung").get(reverse("themes:theme_detail", args=[t.theme.pk]))
    cells = {cell.label: cell.value for cell in response.context["evidence"].municipality_cells}
    assert cells == {first.name: None, second.name: None}  # 7 would reveal 10 - 7 = 3
    body = response.content.decode()
    assert "<dd>10</dd>" in body
    assert ">7<" not in body
    assert ">3<" not in body
    data = world.client_for("lenkung").get(f"/api/v1/themes/{t.theme.pk}").json()
    assert data["reports"] == {"value": 10, "suppressed": False}
    assert {c["label"]: c["value"] for c in data["by_municipality"]} == {first.name: None, second.name: None}
    assert all(c["suppressed"] for c in data["by_municipality"])


def test_trend_is_not_compared_from_suppressed_counts() -> None:
    assert Trend(dt.date(2024, 1, 1), 12, before=12, after=3, threshold=5).went_down is None
    assert Trend(dt.date(2024, 1, 1), 12, before=3, after=0, threshold=5).went_down is None
    assert Trend(dt.date(2024, 1, 1), 12, before=12, after=5, threshold=5).went_down is True
    assert Trend(dt.date(2024, 1, 1), 12, before=6, after=0, threshold=5).went_down is True
    assert Trend(dt.date(2024, 1, 1), 12, before=5, after=7, threshold=5).went_down is False


def test_theme_page_and_csv_say_not_enough_reports_to_compare(world: World) -> None:
    t = theme_world(world)
    services.measure_transition(
        actor=None, measure=t.measure, target=Measure.Status.ADOPTED, adopted_decision=adopting_decision(world)
    )
    services.measure_transition(actor=None, measure=t.measure, target=Measure.Status.IMPLEMENTED)
    client = world.client_for("koordination")
    client.cookies["django_language"] = "en"
    body = client.get(reverse("themes:theme_detail", args=[t.theme.pk])).content.decode()
    assert "Not enough reports to compare." in body
    assert "Reports on the theme went down." not in body
    assert "Reports on the theme did not go down." not in body
    rows = list(csv.reader(io.StringIO(client.get(reverse("themes:theme_export")).content.decode()), delimiter=";"))
    row = next(r for r in rows if r[0] == t.theme.title)
    assert row[-1] == "Not enough reports to compare."
    data = client.get(f"/api/v1/themes/{t.theme.pk}").json()
    assert data["trend"]["went_down"] is None


def _seat(world: World, body: Any, username: str) -> User:
    user = User.objects.create_user(username=username, password="x")
    BodyMembership.objects.create(
        region=world.region, body=body, user=user, role="voting", start_on=dt.date(2022, 1, 1)
    )
    return user


def test_score_average_only_from_three_members(world: World) -> None:
    t = theme_world(world)
    meeting = t.committees.meeting
    members = [world.users["lenkung"], _seat(world, meeting.body, "lg2"), _seat(world, meeting.body, "lg3")]
    for member, urgency in zip(members[:2], (5, 3), strict=True):
        PrioritisationScore.objects.create(
            region=world.region, theme=t.theme, member=member, meeting=meeting, urgency=urgency, reach=2
        )
    client = world.client_for("koordination")
    client.cookies["django_language"] = "en"
    assert selectors.theme_scores(theme=t.theme)[0].urgency is None
    body = client.get(reverse("themes:theme_detail", args=[t.theme.pk])).content.decode()
    assert "urgency 4.0" not in body
    assert "at least 3 members" in body
    api = client.get(f"/api/v1/themes/{t.theme.pk}").json()
    assert api["prioritisation"][0] == {
        "meeting_date": api["prioritisation"][0]["meeting_date"],
        "members": 2,
        "urgency": None,
        "reach": None,
    }
    PrioritisationScore.objects.create(
        region=world.region, theme=t.theme, member=members[2], meeting=meeting, urgency=4, reach=2
    )
    body = client.get(reverse("themes:theme_detail", args=[t.theme.pk])).content.decode()
    assert "urgency 4.0, reach 2.0 (average of 3 members)" in body
    rows = list(csv.reader(io.StringIO(client.get(reverse("themes:theme_export")).content.decode()), delimiter=";"))
    assert next(r for r in rows if r[0] == t.theme.title)[6] == "3.0"
