from __future__ import annotations

from conftest import World


def test_region_structure_lists_only_the_active_region(world: World) -> None:
    response = world.client_for("admin").get("/api/v1/region")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Kreis Siegen-Wittgenstein"
    assert {m["name"] for m in body["municipalities"]} == {"Siegen", "Kreuztal", "Netphen"}
    assert "Team Olpe" not in {t["name"] for t in body["teams"]}


def test_other_region_admin_sees_only_their_region(world: World) -> None:
    body = world.client_for("admin.andere-region").get("/api/v1/region").json()
    assert body["name"] == "Kreis Olpe"
    assert {t["name"] for t in body["teams"]} == {"Team Olpe"}
    assert body["municipalities"] == []


def test_state_analyst_without_region_gets_403_in_german(world: World) -> None:
    response = world.client_for("land").get("/api/v1/region")
    assert response.status_code == 403
    assert response.json()["detail"] == "Sie arbeiten in keiner Region."


def test_anonymous_gets_401(world: World) -> None:
    assert world.client_for("anonymous").get("/api/v1/region").status_code == 401


def test_me_reports_roles_and_capabilities(world: World) -> None:
    body = world.client_for("datenschutz").get("/api/v1/me").json()
    assert body["username"] == "datenschutz"
    assert body["capabilities"] == ["view_audit"]
    assert [m["role"] for m in body["memberships"]] == ["dpo"]
    assert body["active_region"]["ags"] == "05970"
