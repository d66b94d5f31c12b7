"""The Art. 15 export names who received which of the person's data."""

from __future__ import annotations

import json

from conftest import World
from kim.referrals.tests.builders import make_referral


def test_art15_export_lists_releases_and_referrals_with_what_was_shared(world: World) -> None:
    referral = make_referral(world)
    client = referral.case.client
    response = world.client_for("fallmanagement1").get(f"/faelle/personen/{client.pk}/auskunft.json")
    assert response.status_code == 200
    body = json.loads(response.getvalue())
    assert [record["id"] for record in body["referrals"]] == [str(referral.pk)]
    assert referral.release is not None
    assert [record["id"] for record in body["releases"]] == [str(referral.release.pk)]
    exported = body["referrals"][0]
    assert exported["organisation"] == str(referral.organisation)
    # The frozen snapshot — exactly what the recipient received — is part of the export.
    assert exported["shared_snapshot"] == referral.shared_snapshot
    assert referral.shared_snapshot


def test_other_team_gets_no_export_of_the_referral(world: World) -> None:
    referral = make_referral(world)
    response = world.client_for("fallmanagement3").get(f"/faelle/personen/{referral.case.client.pk}/auskunft.json")
    assert response.status_code == 404
