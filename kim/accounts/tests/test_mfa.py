"""Two-factor authentication: TOTP set-up, recovery codes, the second sign-in step and
MfaRequiredMiddleware (who must set up TOTP before working).

Codes are computed here from the secret with RFC 6238 (HMAC-SHA1, 30 s, 6 digits),
independently of allauth's own implementation.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time
from collections.abc import Iterator

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from conftest import World
from kim.accounts.models import User
from kim.accounts.tests.factories import TEST_PASSWORD, UserFactory

LOGIN_URL = "/accounts/login/"
ACTIVATE_URL = "/accounts/2fa/totp/activate/"
API_ME = "/api/v1/me"

PERSONAS_SEEING_PERSONAL_DATA = (
    "fallmanagement1",
    "teamleitung",
    "koordination",
    "assistenz",
    "abh",
    "partner",
    "datenschutz",
    "admin",
)
PERSONAS_WITHOUT_PERSONAL_DATA = ("lenkung", "projektgruppe", "land")


def totp_code(secret: str, *, at: float | None = None) -> str:
    """The 6-digit TOTP code for ``secret`` (base32) at time ``at`` (RFC 6238)."""
    key = base64.b32decode(secret, casefold=True)
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


# A code allauth can never accept: it has five digits instead of six.
WRONG_CODE = "12345"


@pytest.fixture(autouse=True)
def _fresh_cache(settings) -> Iterator[None]:
    """Rate limits and used TOTP codes live in the cache; start clean.

    One time step of tolerance keeps the tests stable when a 30-second window ends
    between computing a code and posting it.
    """
    settings.MFA_TOTP_TOLERANCE = 1
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mfa_required(world: World, settings) -> World:
    settings.KIM_MFA_REQUIRED = True
    return world


def _with_totp(user: User) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def _sign_in(client: Client, username: str, secret: str | None = None) -> None:
    response = client.post(LOGIN_URL, {"login": username, "password": TEST_PASSWORD})
    assert response.status_code == 302
    if secret is not None:
        assert response["Location"] == reverse("mfa_authenticate")
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        assert response.status_code == 302
    assert SESSION_KEY in client.session


def _confirm_access(client: Client) -> None:
    """allauth asks for the password again before authenticators are added or changed."""
    response = client.post(reverse("account_reauthenticate"), {"password": TEST_PASSWORD})
    assert response.status_code == 302


def test_totp_helper_matches_rfc_6238_test_vector() -> None:
    secret = base64.b32encode(b"12345678901234567890").decode()
    assert totp_code(secret, at=59) == "287082"
    assert totp_code(secret, at=1111111109) == "081804"


# --- MfaRequiredMiddleware ------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS_SEEING_PERSONAL_DATA)
def test_person_seeing_personal_data_without_totp_is_sent_to_totp_setup(mfa_required: World, persona: str) -> None:
    response = mfa_required.client_for(persona).get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("persona", PERSONAS_WITHOUT_PERSONAL_DATA)
def test_person_without_access_to_personal_data_is_not_redirected(mfa_required: World, persona: str) -> None:
    response = mfa_required.client_for(persona).get("/")
    assert response.status_code == 200


def test_api_call_without_totp_gets_403_json_in_german(mfa_required: World) -> None:
    response = mfa_required.client_for("fallmanagement1").get(API_ME)
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "detail": "Zwei-Faktor-Authentifizierung ist erforderlich. Bitte richten Sie sie im Browser ein."
    }


def test_steering_member_uses_api_without_totp(mfa_required: World) -> None:
    response = mfa_required.client_for("lenkung").get(API_ME)
    assert response.status_code == 200
    assert response.json()["username"] == "lenkung"


def test_anonymous_visitor_is_sent_to_login_not_to_totp_setup(mfa_required: World) -> None:
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_superuser_without_totp_is_sent_to_totp_setup_even_for_django_admin(mfa_required: World) -> None:
    root = UserFactory.create(username="systemadmin", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(root)
    for path in ("/", "/django-admin/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")


def test_case_manager_with_totp_reaches_pages_and_api(mfa_required: World) -> None:
    _with_totp(mfa_required.users["fallmanagement1"])
    client = mfa_required.client_for("fallmanagement1")
    assert client.get("/").status_code == 200
    assert client.get(API_ME).status_code == 200


def test_recovery_codes_alone_do_not_count_as_totp(mfa_required: World) -> None:
    RecoveryCodes.activate(mfa_required.users["fallmanagement1"])
    response = mfa_required.client_for("fallmanagement1").get("/")
    assert response["Location"] == reverse("mfa_activate_totp")


def test_nobody_is_redirected_when_mfa_is_not_required(world: World, settings) -> None:
    settings.KIM_MFA_REQUIRED = False
    for persona in ("fallmanagement1", "admin", "datenschutz"):
        client = world.client_for(persona)
        assert client.get("/").status_code == 200
        assert client.get(API_ME).status_code == 200


def test_account_pages_stay_reachable_without_totp(mfa_required: World) -> None:
    client = mfa_required.client_for("fallmanagement1")
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("account_change_password")).status_code == 200
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_setup_page_is_exempt_when_platform_runs_below_a_sub_path(mfa_required: World) -> None:
    client = Client()
    _sign_in(client, "fallmanagement1")
    _confirm_access(client)
    response = client.get(ACTIVATE_URL, SCRIPT_NAME="/kim")
    assert response.status_code == 200  # no redirect loop onto itself


# --- TOTP set-up ----------------------------------------------------------------------


def test_opening_the_email_page_does_not_block_totp_setup(mfa_required: World) -> None:
    client = Client()
    _sign_in(client, "fallmanagement1")
    client.get(reverse("account_email"))
    _confirm_access(client)
    assert client.get(ACTIVATE_URL).status_code == 200


def test_totp_setup_first_asks_to_confirm_access_with_password(mfa_required: World) -> None:
    client = Client()
    _sign_in(client, "fallmanagement1")
    response = client.get(ACTIVATE_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Zugriff bestätigen" in html
    assert '<label class="kern-label" for="id_password">' in html

    wrong = client.post(response["Location"], {"password": "falsch"})
    assert wrong.status_code == 200
    assert 'id="id_password_error"' in wrong.content.decode()

    right = client.post(response["Location"], {"password": TEST_PASSWORD})
    assert right.status_code == 302
    assert right["Location"] == ACTIVATE_URL
    assert client.get(ACTIVATE_URL).status_code == 200


def test_totp_setup_shows_qr_code_and_secret_in_german(mfa_required: World) -> None:
    client = Client()
    _sign_in(client, "fallmanagement1")
    _confirm_access(client)
    response = client.get(ACTIVATE_URL)
    html = response.content.decode()
    secret = client.session["mfa.totp.secret"]
    assert response.status_code == 200
    assert "Authenticator-App aktivieren" in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert f'value="{secret}"' in html
    assert "Authentifizierungsgeheimnis" in html
    assert '<label class="kern-label" for="id_code">' in html
    assert f'href="{reverse("mfa_index")}"' in html  # account navigation


def test_totp_setup_rejects_wrong_code_in_german_and_activates_nothing(mfa_required: World) -> None:
    client = Client()
    _sign_in(client, "fallmanagement1")
    _confirm_access(client)
    client.get(ACTIVATE_URL)
    response = client.post(ACTIVATE_URL, {"code": WRONG_CODE})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Falscher Code." in html
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert 'id="id_code_error"' in html
    assert not Authenticator.objects.filter(user=mfa_required.users["fallmanagement1"]).exists()


def test_case_manager_sets_up_totp_gets_recovery_codes_and_can_work(mfa_required: World) -> None:
    user = mfa_required.users["fallmanagement1"]
    client = Client()
    _sign_in(client, "fallmanagement1")
    assert client.get("/")["Location"] == reverse("mfa_activate_totp")

    _confirm_access(client)
    client.get(ACTIVATE_URL)
    secret = client.session["mfa.totp.secret"]
    response = client.post(ACTIVATE_URL, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).count() == 1

    codes = RecoveryCodes(Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES))
    unused = codes.get_unused_codes()
    assert len(unused) == 10
    page = client.get(reverse("mfa_view_recovery_codes"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Wiederherstellungscodes" in html
    assert "Bewahren Sie diese Codes sicher auf" in html
    assert all(code in html for code in unused)
    assert f'href="{reverse("accounts:start")}"' in html  # the way on to work

    download = client.get(reverse("mfa_download_recovery_codes"))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/plain")
    assert "attachment" in download["Content-Disposition"]
    assert all(code in download.content.decode() for code in unused)

    assert client.get("/").status_code == 200


def test_new_recovery_codes_replace_the_old_ones(mfa_required: World) -> None:
    user = mfa_required.users["koordination"]
    secret = _with_totp(user)
    old = RecoveryCodes.activate(user).get_unused_codes()
    client = Client()
    _sign_in(client, "koordination", secret)
    _confirm_access(client)

    page = client.get(reverse("mfa_generate_recovery_codes"))
    assert page.status_code == 200
    assert "Diese Aktion wird Ihre vorhandenen Codes ungültig machen." in page.content.decode()
    response = client.post(reverse("mfa_generate_recovery_codes"))
    assert response.status_code == 302
    new = RecoveryCodes(Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES))
    assert set(new.get_unused_codes()).isdisjoint(old)


def test_mfa_overview_shows_panels_in_kern_look(mfa_required: World) -> None:
    user = mfa_required.users["fallmanagement1"]
    _with_totp(user)
    RecoveryCodes.activate(user)
    html = mfa_required.client_for("fallmanagement1").get(reverse("mfa_index")).content.decode()
    assert "Zwei-Faktor-Authentifizierung" in html
    assert "Die Authentifizierung mit einer Authenticator-App ist aktiv." in html
    assert html.count('class="kern-card kim-account-panel"') == 2
    assert 'aria-current="page">Zwei-Faktor-Authentifizierung' in html
    assert f'href="{reverse("mfa_download_recovery_codes")}"' in html


# --- signing in with a second factor --------------------------------------------------


def test_sign_in_with_totp_asks_for_code_before_letting_in(mfa_required: World) -> None:
    secret = _with_totp(mfa_required.users["fallmanagement1"])
    client = Client()
    response = client.post(LOGIN_URL, {"login": "fallmanagement1", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert SESSION_KEY not in client.session
    assert client.get("/")["Location"].startswith(LOGIN_URL)

    page = client.get(reverse("mfa_authenticate"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Zwei-Faktor-Authentifizierung" in html
    assert '<label class="kern-label" for="id_code">' in html
    assert 'autocomplete="one-time-code"' in html

    wrong = client.post(reverse("mfa_authenticate"), {"code": WRONG_CODE})
    assert wrong.status_code == 200
    assert "Falscher Code." in wrong.content.decode()
    assert SESSION_KEY not in client.session

    right = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert right.status_code == 302
    assert right["Location"] == reverse("accounts:start")
    assert client.session[SESSION_KEY] == str(mfa_required.users["fallmanagement1"].pk)
    assert client.get("/").status_code == 200


def test_totp_code_cannot_be_used_twice(mfa_required: World) -> None:
    secret = _with_totp(mfa_required.users["fallmanagement1"])
    code = totp_code(secret)
    first = Client()
    first.post(LOGIN_URL, {"login": "fallmanagement1", "password": TEST_PASSWORD})
    assert first.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302

    second = Client()
    second.post(LOGIN_URL, {"login": "fallmanagement1", "password": TEST_PASSWORD})
    replay = second.post(reverse("mfa_authenticate"), {"code": code})
    assert replay.status_code == 200
    assert "Falscher Code." in replay.content.decode()
    assert SESSION_KEY not in second.session


def test_recovery_code_signs_in_once(mfa_required: World) -> None:
    user = mfa_required.users["fallmanagement1"]
    _with_totp(user)
    recovery_code = RecoveryCodes.activate(user).get_unused_codes()[0]

    client = Client()
    client.post(LOGIN_URL, {"login": "fallmanagement1", "password": TEST_PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": recovery_code})
    assert response.status_code == 302
    assert SESSION_KEY in client.session

    again = Client()
    again.post(LOGIN_URL, {"login": "fallmanagement1", "password": TEST_PASSWORD})
    assert again.post(reverse("mfa_authenticate"), {"code": recovery_code}).status_code == 200
    assert SESSION_KEY not in again.session


def test_cancel_on_second_step_signs_nobody_in(mfa_required: World) -> None:
    _with_totp(mfa_required.users["fallmanagement1"])
    client = Client()
    client.post(LOGIN_URL, {"login": "fallmanagement1", "password": TEST_PASSWORD})
    response = client.post(reverse("account_logout"), {"next": LOGIN_URL})
    assert response.status_code == 302
    assert client.get(reverse("mfa_authenticate")).status_code == 302
    assert SESSION_KEY not in client.session
