"""Filing a barrier report from a need, a goal or a referral outcome (origin kept in the private source)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World
from kim.core.errors import ValidationFailed
from kim.core.models import Catalogue
from kim.referrals import services as referral_services
from kim.referrals.tests import builders as referral_builders
from kim.themes.models import BarrierReport, BarrierReportSource
from kim.themes.tests.matrix import CLEAN_TEXT, entry, file_report

pytestmark = pytest.mark.django_db


def _post(w: World, **extra: Any) -> dict[str, Any]:
    month = (timezone.localdate() - dt.timedelta(days=60)).strftime("%Y-%m")
    return {
        "origin": "other",
        "life_domain": entry(w, Catalogue.LIFE_DOMAIN, "arbeit").pk,
        "barrier_type": entry(w, Catalogue.BARRIER_TYPE, "wartezeit").pk,
        "municipality": w.municipalities[0].pk,
        "period_start": month,
        "period_end": month,
        "description": CLEAN_TEXT,
        **extra,
    }


def _declined_referral(w: World) -> Any:
    referral = referral_builders.make_referral(w, number="2026-0001")
    return referral_services.referral_decline(actor=None, referral=referral, reason="Kurs ist voll.")


def test_need_link_prefills_the_life_domain_and_stores_the_need_in_the_source_only(world: World) -> None:
    case = referral_builders.make_case(world, number="2026-0001")
    need = referral_builders.make_need(world, case, domain="sprache")
    client = world.client_for("fallmanagement1")
    url = reverse("themes:report_create", args=[case.pk]) + f"?need={need.pk}"
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["life_domain"] == need.assessment.life_domain_id
    assert form.initial["origin"] == "need"
    response = client.post(url, _post(world, origin="other"))
    assert response.status_code == 302
    source = BarrierReportSource.objects.get(need=need)
    assert source.origin == BarrierReportSource.Origin.NEED
    assert source.case_id == case.pk
    report_fields = {f.name for f in BarrierReport._meta.get_fields()}
    assert not {"need", "goal", "referral", "case"} & report_fields


def test_goal_link_stores_the_goal(world: World) -> None:
    case = referral_builders.make_case(world, number="2026-0001")
    goal = referral_builders.make_goal(world, case)
    client = world.client_for("fallmanagement1")
    url = reverse("themes:report_create", args=[case.pk]) + f"?goal={goal.pk}"
    assert client.get(url).context["form"].initial["life_domain"] == goal.life_domain_id
    assert client.post(url, _post(world)).status_code == 302
    assert BarrierReportSource.objects.get(goal=goal).origin == BarrierReportSource.Origin.GOAL


def test_declined_referral_prefills_the_organisation_and_is_stored(world: World) -> None:
    referral = _declined_referral(world)
    client = world.client_for("fallmanagement1")
    detail = client.get(reverse("referrals:sent_detail", args=[referral.pk])).content.decode()
    url = reverse("themes:report_create", args=[referral.case_id]) + f"?referral={referral.pk}"
    assert url.replace("&", "&amp;") in detail or url in detail
    form = client.get(url).context["form"]
    assert form.initial["organisations"] == [referral.organisation_id]
    assert client.post(url, _post(world)).status_code == 302
    assert BarrierReportSource.objects.get(referral=referral).origin == BarrierReportSource.Origin.REFERRAL


def test_open_referral_offers_no_link_and_is_404(world: World) -> None:
    referral = referral_builders.make_referral(world, number="2026-0001")
    client = world.client_for("fallmanagement1")
    detail = client.get(reverse("referrals:sent_detail", args=[referral.pk])).content.decode()
    assert f"?referral={referral.pk}" not in detail
    url = reverse("themes:report_create", args=[referral.case_id]) + f"?referral={referral.pk}"
    assert client.get(url).status_code == 404


def test_case_page_links_each_need_and_goal(world: World) -> None:
    case = referral_builders.make_case(world, number="2026-0001")
    need = referral_builders.make_need(world, case)
    goal = referral_builders.make_goal(world, case, need)
    page = world.client_for("fallmanagement1").get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert f"?need={need.pk}" in page
    assert f"?goal={goal.pk}" in page


@pytest.mark.parametrize("key", ["need", "goal", "referral"])
def test_origin_of_another_case_is_404_and_writes_nothing(world: World, key: str) -> None:
    other = referral_builders.make_case(world, number="2026-0001")
    items = {
        "need": lambda: referral_builders.make_need(world, other),
        "goal": lambda: referral_builders.make_goal(world, other),
        "referral": lambda: _declined_referral(world),
    }
    item = items[key]()
    case = referral_builders.make_case(world, number="2026-0002")
    client = world.client_for("fallmanagement1")
    url = reverse("themes:report_create", args=[case.pk]) + f"?{key}={item.pk}"
    before = BarrierReport.objects.count()
    assert client.get(url).status_code == 404
    assert client.post(url, _post(world)).status_code == 404
    assert BarrierReport.objects.count() == before


@pytest.mark.parametrize("query", ["?need=not-a-uuid", "?need=00000000-0000-0000-0000-000000000000"])
def test_malformed_or_unknown_origin_is_404(world: World, query: str) -> None:
    case = referral_builders.make_case(world, number="2026-0001")
    url = reverse("themes:report_create", args=[case.pk]) + query
    assert world.client_for("fallmanagement1").get(url).status_code == 404


def test_case_manager_of_another_team_gets_404_for_the_origin(world: World) -> None:
    case = referral_builders.make_case(world, number="2026-0001")
    need = referral_builders.make_need(world, case)
    url = reverse("themes:report_create", args=[case.pk]) + f"?need={need.pk}"
    assert world.client_for("fallmanagement3").get(url).status_code == 404


def test_service_refuses_an_origin_of_another_case(world: World) -> None:
    other = referral_builders.make_case(world, number="2026-0001")
    need = referral_builders.make_need(world, other)
    case = referral_builders.make_case(world, number="2026-0002")
    with pytest.raises(ValidationFailed):
        file_report_from(world, case=case, need=need)
    with pytest.raises(ValidationFailed):
        file_report_from(world, case=case, referral=referral_builders.make_referral(world, number="2026-0002"))


def file_report_from(w: World, *, case: Any, **origin: Any) -> BarrierReport:
    from kim.themes import services

    start = (timezone.localdate() - dt.timedelta(days=60)).replace(day=1)
    return services.barrier_report_submit(
        actor=None,
        case=case,
        life_domain=entry(w, Catalogue.LIFE_DOMAIN, "arbeit"),
        barrier_type=entry(w, Catalogue.BARRIER_TYPE, "wartezeit"),
        municipality=w.municipalities[0],
        period_start=start,
        period_end=start,
        description=CLEAN_TEXT,
        **origin,
    )


def test_report_without_origin_still_works(world: World) -> None:
    report = file_report(world)
    assert BarrierReportSource.objects.get(report=report).need_id is None
