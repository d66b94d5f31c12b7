"""Every case-work page renders for the case team, in German and in English, without errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from conftest import World
from kim.cases.urls_case import urlpatterns
from tests.permission_matrix import URL_OBJECTS

POST_ONLY = {"client_language_remove", "household_leave", "need_remove", "document_delete"}
PAGES = [pattern.name for pattern in urlpatterns if pattern.name not in POST_ONLY]


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_case_page_renders_for_the_team(world: World, settings: object, tmp_path: Path, language: str) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    client = world.client_for("fallmanagement1")
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    for name in PAGES:
        key = f"cases:{name}"
        kwargs = URL_OBJECTS[key](world) if key in URL_OBJECTS else {}
        response = client.get(reverse(key, kwargs=kwargs))
        assert response.status_code in (200, 302), key
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            html = response.content.decode()
            assert f'<html lang="{language}"' in html, key
            assert html.count("<h1") == 1, key


def test_post_only_pages_answer_405_to_get(world: World) -> None:
    client = world.client_for("fallmanagement1")
    for name in POST_ONLY:
        key = f"cases:{name}"
        response = client.get(reverse(key, kwargs=URL_OBJECTS[key](world)))
        assert response.status_code == 405, key
