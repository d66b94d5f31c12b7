"""Every theme page renders in German and English, and list pages need a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from conftest import World
from kim.themes import services
from kim.themes.tests.matrix import file_report, theme_world

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_page_renders_for_the_coordinator(world: World, language: str) -> None:
    t = theme_world(world)
    client = world.client_for("koordination")
    client.cookies["django_language"] = language
    urls = [
        reverse("themes:inbox"),
        reverse("themes:inbox") + f"?municipality={world.municipalities[0].pk}&unassigned_only=on",
        reverse("themes:theme_list"),
        reverse("themes:theme_create"),
        reverse("themes:report_detail", args=[t.report.pk]),
        reverse("themes:theme_detail", args=[t.theme.pk]),
        reverse("themes:theme_edit", args=[t.theme.pk]),
        reverse("themes:theme_merge", args=[t.other_theme.pk]),
        reverse("themes:theme_split", args=[t.theme.pk]),
        reverse("themes:theme_send", args=[t.theme.pk]),
        reverse("themes:theme_decide", args=[t.theme.pk]),
        reverse("themes:local_input_add", args=[t.theme.pk]),
        reverse("themes:measure_create", args=[t.theme.pk]),
        reverse("themes:measure_detail", args=[t.measure.pk]),
        reverse("themes:measure_transition", args=[t.measure.pk]),
        reverse("themes:milestone_add", args=[t.measure.pk]),
        reverse("themes:measure_offer_add", args=[t.measure.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert f'lang="{language}"' in response.content.decode()


@pytest.mark.parametrize("language", ["de", "en"])
def test_case_team_pages_render(world: World, language: str) -> None:
    t = theme_world(world)
    client = world.client_for("fallmanagement1")
    client.cookies["django_language"] = language
    for url in (reverse("themes:my_reports"), reverse("themes:report_create", args=[t.case.pk])):
        assert client.get(url).status_code == 200, url


def test_inbox_and_theme_pages_need_few_queries(world: World, django_assert_max_num_queries: Any) -> None:
    t = theme_world(world)
    for _ in range(8):
        services.report_assign(actor=None, report=file_report(world), theme=t.theme)
    client = world.client_for("koordination")
    client.get(reverse("themes:inbox"))
    with django_assert_max_num_queries(20):
        assert client.get(reverse("themes:inbox")).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("themes:theme_list")).status_code == 200
    with django_assert_max_num_queries(45):
        assert client.get(reverse("themes:theme_detail", args=[t.theme.pk])).status_code == 200
