"""Signing in and out, password reset and closed sign-up (django-allauth in the KERN look).

The pages are allauth's, rendered through templates/allauth/ (layouts extend our
base.html, elements give KERN markup); the texts are German through allauth's own
translations and ours.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from conftest import World
from kim.accounts.models import User
from kim.accounts.tests.factories import TEST_PASSWORD, UserFactory

LOGIN_URL = "/accounts/login/"
NEW_PASSWORD = "Neues-Kennwort-2024!"  # noqa: S105  (test-only credential)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """allauth keeps rate limits in the cache; every test starts without earlier attempts."""
    cache.clear()
    yield
    cache.clear()


def _sign_in(client: Client, login: str, password: str = TEST_PASSWORD):
    return client.post(LOGIN_URL, {"login": login, "password": password})


def _is_signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


# --- sign-in page ---------------------------------------------------------------------


@pytest.mark.django_db
def test_login_page_is_german_in_platform_frame_with_password_reset_link(client: Client) -> None:
    response = client.get(LOGIN_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="de"' in html
    assert "Zum Inhalt springen" in html  # our base.html, not allauth's bare layout
    assert '<h1 class="kern-heading-large">' in html
    assert "Anmeldung" in html
    assert "Anmeldename oder E-Mail" in html
    assert f'href="{reverse("account_reset_password")}"' in html
    assert "Passwort vergessen?" in html


@pytest.mark.django_db
def test_login_form_uses_kern_markup_with_labels(client: Client) -> None:
    html = client.get(LOGIN_URL).content.decode()
    assert '<form class="kim-form"' in html
    assert '<label class="kern-label" for="id_login">' in html
    assert '<label class="kern-label" for="id_password">' in html
    assert html.count('class="kern-form-input__input"') == 2
    assert 'class="kern-btn kern-btn--primary"' in html
    assert "placeholder=" not in html  # visible labels instead of placeholders


@pytest.mark.django_db
def test_login_page_does_not_invite_to_sign_up(client: Client) -> None:
    html = client.get(LOGIN_URL).content.decode()
    assert reverse("account_signup") not in html
    assert "erstelle" not in html


def test_case_manager_signs_in_with_username_and_lands_on_start(world: World) -> None:
    client = Client()
    response = _sign_in(client, "fallmanagement1")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:start")
    assert _is_signed_in(client)
    assert client.get(reverse("accounts:start")).status_code == 200


def test_case_manager_signs_in_with_email_address(world: World) -> None:
    client = Client()
    response = _sign_in(client, "fallmanagement1@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:start")
    assert client.session[SESSION_KEY] == str(world.users["fallmanagement1"].pk)


def test_wrong_password_shows_german_error_summary_and_signs_nobody_in(world: World) -> None:
    client = Client()
    response = _sign_in(client, "fallmanagement1", "falsches-passwort")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in html
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert "Der Anmeldename und/oder das Passwort sind leider falsch." in html
    assert not _is_signed_in(client)


def test_empty_sign_in_form_shows_errors_per_field_and_in_summary(world: World) -> None:
    client = Client()
    response = client.post(LOGIN_URL, {"login": "", "password": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Dieses Feld ist zwingend erforderlich.") == 4  # summary + field, for both fields
    assert 'href="#id_login"' in html
    assert 'id="id_login_error"' in html
    assert 'aria-invalid="true"' in html
    assert "kern-form-input--error" in html
    assert not _is_signed_in(client)


def test_deactivated_account_cannot_sign_in(world: World) -> None:
    user = world.users["fallmanagement1"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    client = Client()
    response = _sign_in(client, "fallmanagement1")
    assert not _is_signed_in(client)
    assert response.status_code in {200, 302}
    assert client.get(reverse("accounts:start")).status_code == 302


def test_signed_in_person_opening_login_page_goes_to_start(world: World) -> None:
    response = world.client_for("koordination").get(LOGIN_URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:start")


# --- sign-out -------------------------------------------------------------------------


def test_header_offers_sign_out_as_post_form(world: World) -> None:
    html = world.client_for("fallmanagement1").get(reverse("accounts:start")).content.decode()
    assert re.search(rf'<form method="post" action="{reverse("account_logout")}"', html)
    assert "Abmelden" in html


def test_sign_out_by_get_only_asks_for_confirmation(world: World) -> None:
    client = world.client_for("fallmanagement1")
    response = client.get(reverse("account_logout"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Abmelden" in html
    assert 'method="post"' in html
    assert _is_signed_in(client)


def test_sign_out_by_post_ends_session_and_returns_to_login(world: World) -> None:
    client = world.client_for("fallmanagement1")
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert not _is_signed_in(client)
    assert client.get(reverse("accounts:start"))["Location"].startswith(LOGIN_URL)


# --- password reset -------------------------------------------------------------------


@pytest.mark.django_db
def test_password_reset_page_is_german_in_kern_look(client: Client) -> None:
    response = client.get(reverse("account_reset_password"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Passwort zurücksetzen" in html
    assert '<label class="kern-label" for="id_email">' in html
    assert 'type="email"' in html


def _reset_link(message_body: str) -> str:
    match = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", message_body)
    assert match, message_body
    return match.group(1)


def test_password_reset_by_email_sets_new_password(world: World) -> None:
    client = Client()
    response = client.post(reverse("account_reset_password"), {"email": "fallmanagement1@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["fallmanagement1@example.org"]
    assert "E-Mail zum Zurücksetzen des Passworts" in message.subject
    assert message.body.startswith("Guten Tag,")
    assert "Sie erhalten diese E-Mail, weil für Ihr Benutzerkonto" in message.body  # formal, not allauth's "du"
    assert "Zur Erinnerung: Ihr Anmeldename lautet fallmanagement1." in message.body
    assert "KIM-Plattform" in message.body

    # allauth moves the key from the URL into the session before showing the form.
    form_page = client.get(_reset_link(str(message.body)), follow=True)
    assert form_page.status_code == 200
    assert "Neues Passwort" in form_page.content.decode()
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else _reset_link(str(message.body))
    done = client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == reverse("account_reset_password_from_key_done")

    user = User.objects.get(pk=world.users["fallmanagement1"].pk)
    assert user.check_password(NEW_PASSWORD)
    assert not _is_signed_in(client)  # ACCOUNT_LOGIN_ON_PASSWORD_RESET is off
    assert _sign_in(Client(), "fallmanagement1", NEW_PASSWORD)["Location"] == reverse("accounts:start")


def test_password_reset_rejects_short_password_in_german_and_keeps_old_one(world: World) -> None:
    client = Client()
    client.post(reverse("account_reset_password"), {"email": "fallmanagement1@example.org"})
    form_page = client.get(_reset_link(str(mail.outbox[0].body)), follow=True)
    action = form_page.redirect_chain[-1][0]
    response = client.post(action, {"password1": "kurz", "password2": "kurz"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dieses Passwort ist zu kurz." in html
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert User.objects.get(pk=world.users["fallmanagement1"].pk).check_password(TEST_PASSWORD)


def test_password_reset_with_broken_link_explains_in_german(world: World) -> None:
    response = Client().get("/accounts/password/reset/key/zz-ungueltig/", follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ungültiger Link" in html
    assert f'href="{reverse("account_reset_password")}"' in html


def test_password_reset_for_unknown_address_looks_the_same_and_invites_no_sign_up(world: World) -> None:
    response = Client().post(reverse("account_reset_password"), {"email": "unbekannt@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].to == ["unbekannt@example.org"]
    assert "von der Administration Ihrer Region eingerichtet" in body
    assert reverse("account_signup") not in body
    assert "/accounts/password/reset/key/" not in body


def test_password_reset_with_invalid_address_shows_german_error(world: World) -> None:
    response = Client().post(reverse("account_reset_password"), {"email": "kein-mail"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert "gültige E-Mail-Adresse" in html
    assert mail.outbox == []


# --- password change ------------------------------------------------------------------


def test_password_change_page_has_account_navigation(world: World) -> None:
    response = world.client_for("fallmanagement1").get(reverse("account_change_password"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Passwort ändern" in html
    assert f'href="{reverse("mfa_index")}"' in html
    assert 'aria-current="page">Passwort ändern' in html
    assert "Aktuelles Passwort" in html


def test_password_change_with_wrong_current_password_is_rejected(world: World) -> None:
    client = world.client_for("fallmanagement1")
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "falsch", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert 'id="id_oldpassword_error"' in response.content.decode()
    assert User.objects.get(pk=world.users["fallmanagement1"].pk).check_password(TEST_PASSWORD)


# --- sign-up is closed ----------------------------------------------------------------


@pytest.mark.django_db
def test_signup_page_says_closed_in_german(client: Client) -> None:
    response = client.get(reverse("account_signup"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Registrierung geschlossen" in html
    assert "<form" not in html.split('id="main"', 1)[1]  # no sign-up form in the page body


@pytest.mark.django_db
def test_signup_post_creates_no_account(client: Client) -> None:
    before = User.objects.count()
    response = client.post(
        reverse("account_signup"),
        {
            "username": "eindringling",
            "email": "eindringling@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "Registrierung geschlossen" in response.content.decode()
    assert User.objects.count() == before
    assert not User.objects.filter(username="eindringling").exists()
    assert not _is_signed_in(client)


# --- Django admin: superusers only ----------------------------------------------------

ADMIN_URL = "/django-admin/"


def test_region_admin_cannot_enter_django_admin(world: World) -> None:
    assert world.users["admin"].is_staff is False
    response = world.client_for("admin").get(ADMIN_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{ADMIN_URL}login/")


def test_staff_member_without_superuser_cannot_enter_django_admin(world: World) -> None:
    staff = UserFactory.create(username="technik", is_staff=True, is_superuser=False)
    client = Client()
    client.force_login(staff)
    assert client.get(ADMIN_URL).status_code == 302
    assert client.get(f"{ADMIN_URL}accounts/user/").status_code == 302
    # Not even the admin's own login form lets them in.
    client.post(f"{ADMIN_URL}login/", {"username": "technik", "password": TEST_PASSWORD})
    assert client.get(ADMIN_URL).status_code == 302


def test_superuser_enters_django_admin(world: World) -> None:
    root = UserFactory.create(username="systemadmin", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(root)
    response = client.get(ADMIN_URL)
    assert response.status_code == 200
    assert "KIM – Systemverwaltung" in response.content.decode()
