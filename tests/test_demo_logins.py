"""Every demo login from the README signs in through the login form and reaches its German start page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

README = Path(__file__).resolve().parent.parent / "README.md"


def _readme_logins() -> list[str]:
    section = README.read_text(encoding="utf-8").split("## Demo-Zugänge", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)` \|", section, flags=re.MULTILINE)


def test_readme_lists_the_fourteen_demo_logins() -> None:
    assert len(_readme_logins()) == 14


@pytest.fixture
def demo(db: None, settings: object) -> None:
    settings.DEBUG = True  # type: ignore[attr-defined]
    settings.KIM_MFA_REQUIRED = False  # type: ignore[attr-defined]
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False  # type: ignore[attr-defined]


@pytest.mark.parametrize("login", _readme_logins())
def test_demo_login_reaches_german_start_page(demo: None, login: str) -> None:
    client = Client()
    response = client.post("/accounts/login/", {"login": login, "password": "kim-demo"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain, "login did not redirect"
    assert response.redirect_chain[-1][0] == "/"
    html = response.content.decode()
    assert 'lang="de"' in html
    assert "Ihre Rollen" in html
    assert "Ihnen ist noch keine Rolle zugewiesen" not in html
