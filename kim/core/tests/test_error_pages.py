"""The German error pages (403, 404, 500) with DEBUG off: no stack trace, nothing echoed back."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from conftest import World
from kim.core.tests.urls_errors import PERSONAL_DETAIL

pytestmark = pytest.mark.urls("kim.core.tests.urls_errors")

DEBUG_PAGE_MARKERS = ("Traceback", "Using the URLconf", "Request Method:", "technical_500", "RuntimeError")


@pytest.fixture(autouse=True)
def _debug_off(settings) -> None:
    settings.DEBUG = False


def _assert_leaks_nothing(html: str) -> None:
    for marker in DEBUG_PAGE_MARKERS:
        assert marker not in html
    assert PERSONAL_DETAIL not in html


@pytest.mark.django_db
def test_missing_page_gives_german_404_for_anonymous_visitor() -> None:
    response = Client().get("/gibt-es-nicht/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'lang="de"' in html
    assert "Seite nicht gefunden" in html
    assert "Zur Startseite" in html
    _assert_leaks_nothing(html)


def test_missing_page_gives_german_404_in_platform_frame_for_signed_in_user(world: World) -> None:
    response = world.client_for("fallmanagement1").get("/gibt-es-nicht/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Seite nicht gefunden" in html
    assert "Kreis Siegen-Wittgenstein" in html  # header of base.html
    _assert_leaks_nothing(html)


@pytest.mark.django_db
def test_404_page_does_not_echo_the_requested_path() -> None:
    response = Client().get(f"/klienten/{PERSONAL_DETAIL}/?name={PERSONAL_DETAIL}")
    assert response.status_code == 404
    assert PERSONAL_DETAIL not in response.content.decode()


def test_forbidden_view_gives_german_403_page(world: World) -> None:
    response = world.client_for("fallmanagement1").get("/test/verboten/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Kein Zugriff" in html
    assert "Zur Startseite" in html
    _assert_leaks_nothing(html)


def test_page_without_capability_gives_german_403_page(world: World) -> None:
    response = world.client_for("fallmanagement1").get("/verwaltung/")
    assert response.status_code == 403
    assert "Kein Zugriff" in response.content.decode()


def test_exception_in_view_gives_500_page_without_traceback(world: World, caplog: pytest.LogCaptureFixture) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(world.users["fallmanagement1"])
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/test/fehler/")
    html = response.content.decode()
    assert response.status_code == 500
    assert 'lang="de"' in html
    assert "Ein Fehler ist aufgetreten" in html
    _assert_leaks_nothing(html)
    # The failure is logged for operations (with the trace), just not shown to the user.
    assert any(record.exc_info for record in caplog.records)
