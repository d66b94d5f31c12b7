"""The partner inbox API: same scoping and services as the pages."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from conftest import World
from kim.accounts.models import Role
from kim.accounts.tests.factories import MembershipFactory, UserFactory
from kim.core.tests.factories import OrganisationFactory
from kim.referrals.models import ReferralStatus
from kim.referrals.tests.builders import BIRTH_DATE, make_referral

BASE = "/api/v1/referrals/inbox"


def _post(client: Client, url: str, payload: dict[str, object] | None = None) -> Any:
    return client.post(url, data=json.dumps(payload or {}), content_type="application/json")


def test_partner_lists_and_reads_referrals_with_only_the_shared_fields(world: World) -> None:
    referral = make_referral(world)
    partner = world.client_for("partner")
    listing = partner.get(BASE)
    assert listing.status_code == 200
    assert [item["id"] for item in listing.json()] == [str(referral.pk)]
    detail = partner.get(f"{BASE}/{referral.pk}")
    assert detail.status_code == 200
    data = detail.json()
    assert {field["key"] for field in data["shared"]} == {"name", "phone", "need", "message"}
    raw = detail.content.decode()
    assert BIRTH_DATE.isoformat() not in raw
    assert BIRTH_DATE.strftime("%d.%m.%Y") not in raw
    assert "Aufenthaltserlaubnis" not in raw


def test_partner_accepts_and_finishes_through_the_api(world: World) -> None:
    referral = make_referral(world)
    partner = world.client_for("partner")
    accepted = _post(partner, f"{BASE}/{referral.pk}/accept")
    assert accepted.status_code == 200
    assert accepted.json()["status"] == ReferralStatus.ACCEPTED
    finished = _post(
        partner,
        f"{BASE}/{referral.pk}/finish",
        {"completed": False, "outcome": "not_taken_up", "feedback": "Termin nicht wahrgenommen."},
    )
    assert finished.status_code == 200
    body = finished.json()
    assert body["status"] == ReferralStatus.NOT_COMPLETED
    assert body["days_to_completion"] == 0


def test_illegal_transition_through_the_api_is_400_with_a_message(world: World) -> None:
    referral = make_referral(world)
    partner = world.client_for("partner")
    response = _post(
        partner, f"{BASE}/{referral.pk}/finish", {"completed": True, "outcome": "taken_up", "feedback": "x"}
    )
    assert response.status_code == 400
    assert str(ReferralStatus.SENT.label) in response.json()["detail"]


def test_decline_without_reason_is_400(world: World) -> None:
    referral = make_referral(world)
    response = _post(world.client_for("partner"), f"{BASE}/{referral.pk}/decline", {"reason": " "})
    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_partner_of_another_organisation_gets_404_from_the_api(world: World) -> None:
    referral = make_referral(world)
    org = OrganisationFactory.create(region=world.region, name="Migrationsberatung Beispiel", kind="partner")
    user = UserFactory.create(username="partner.api")
    MembershipFactory.create(
        user=user, role=Role.objects.get(code="partner_staff"), region=world.region, organisation=org
    )
    other = Client()
    other.force_login(user)
    assert other.get(f"{BASE}/{referral.pk}").status_code == 404
    assert _post(other, f"{BASE}/{referral.pk}/accept").status_code == 404
    assert other.get(BASE).json() == []


def test_case_manager_may_not_use_the_partner_inbox_api(world: World) -> None:
    referral = make_referral(world)
    assert world.client_for("fallmanagement1").get(f"{BASE}/{referral.pk}").status_code == 403


def test_finish_without_result_is_400_with_a_message(world: World) -> None:
    referral = make_referral(world)
    partner = world.client_for("partner")
    _post(partner, f"{BASE}/{referral.pk}/accept")
    response = _post(partner, f"{BASE}/{referral.pk}/finish", {})
    assert response.status_code == 400
    assert response.json()["field"] == "completed"
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
