"""Demo cases (kim/demo/cases.py): realistic, every stage, idempotent, current."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from kim.accounts.models import User
from kim.cases.models import Case, Client, LegalDomainChange, Step
from kim.cases.monitoring import due_summary_for_user
from kim.cases.selectors_caseload import Horizon
from kim.core.models import Region
from kim.demo import cases as demo_cases
from kim.demo.builders import SeedReport


@pytest.fixture
def seeded(db: None, settings: object) -> Region:
    settings.DEBUG = True  # type: ignore[attr-defined]
    settings.KIM_MFA_REQUIRED = False  # type: ignore[attr-defined]
    call_command("seed_demo", stdout=StringIO())
    demo_cases.seed(report=SeedReport())
    return Region.objects.get(slug="siegen-wittgenstein")


def test_demo_has_about_thirty_cases_in_every_stage_and_team(seeded: Region) -> None:
    cases = list(Case.objects.filter(region=seeded).with_stage().select_related("team", "client__municipality"))
    assert len(cases) == len(demo_cases.SPECS) >= 28
    assert {case.stage for case in cases} == set(Case.Stage.values)
    assert len({case.team.name for case in cases}) == 5
    assert len({case.client.municipality_id for case in cases}) >= 8
    assert all(case.case_manager_id for case in cases)


def test_second_run_writes_nothing(seeded: Region) -> None:
    before = (Case.objects.count(), Client.objects.count(), Step.objects.count())
    report = SeedReport()
    demo_cases.seed(report=report)
    assert report.nothing_new
    assert (Case.objects.count(), Client.objects.count(), Step.objects.count()) == before


def test_refugee_family_moves_from_asylblg_to_sgb2_with_expiring_permit(seeded: Region) -> None:
    amal = Client.objects.get(region=seeded, given_names="Amal", family_name="Haddad")
    khaled = Client.objects.get(region=seeded, given_names="Khaled", family_name="Haddad")
    assert amal.household_id is not None
    assert khaled.household_id == amal.household_id
    assert amal.residence_valid_until is not None
    days_left = (amal.residence_valid_until - timezone.localdate()).days
    lead_days = Horizon.for_region(seeded).residence_until - timezone.localdate()
    assert 0 < days_left <= lead_days.days == 90  # "expiring" with the default lead time
    assert days_left == demo_cases.FAMILY_PERMIT_DAYS
    children = Client.objects.filter(household_id=amal.household_id, household_relation=Client.HouseholdRelation.CHILD)
    assert sorted(children.values_list("given_names", flat=True)) == ["Omar", "Yara"]
    assert not Case.objects.filter(client__in=children).exists()
    case = Case.objects.get(client=amal)
    assert case.current_legal_domain is not None
    assert case.current_legal_domain.code == "sgb2"
    change = LegalDomainChange.objects.select_related("from_domain", "to_domain").get(case=case)
    assert change.from_domain is not None
    assert (change.from_domain.code, change.to_domain.code) == ("asylblg", "sgb2")
    domains = set(case.goals.values_list("life_domain__code", flat=True))
    assert {"wohnen", "sprache", "anerkennung", "familie", "aufenthalt"} <= domains


def test_demo_logins_have_something_due(seeded: Region) -> None:
    horizon = Horizon.for_region(seeded)
    summary = due_summary_for_user(user=User.objects.get(username="fallmanagement1"), region=seeded, horizon=horizon)
    assert summary.due >= 1
    assert summary.overdue >= 1
    assert summary.residence_expiring >= 1
    assert summary.legal_domain_changes >= 1
    other_team = due_summary_for_user(user=User.objects.get(username="fallmanagement3"), region=seeded, horizon=horizon)
    assert other_team.overdue >= 1


def test_demo_dates_are_relative_to_today(seeded: Region) -> None:
    today = timezone.localdate()
    assert Step.objects.filter(region=seeded, due_on=today).exists()
    assert not Case.objects.filter(region=seeded, opened_on__gt=today).exists()
    assert Case.objects.filter(region=seeded, opened_on__gte=today - dt.timedelta(days=7)).exists()


def test_family_permit_is_listed_as_expiring_and_children_are_shown(seeded: Region) -> None:
    from django.test import Client as HttpClient
    from django.urls import reverse

    amal = Client.objects.get(region=seeded, given_names="Amal", family_name="Haddad")
    browser = HttpClient()
    browser.force_login(User.objects.get(username="fallmanagement1"))
    response = browser.get(reverse("cases:due"))
    assert amal.pk in {case.client_id for case in response.context["lists"].residence_cases}
    page = browser.get(reverse("cases:client_detail", kwargs={"pk": amal.pk})).content.decode()
    assert "Yara Haddad" in page
    assert "Omar Haddad" in page


def test_demo_pages_render_for_the_demo_logins(seeded: Region) -> None:
    from django.test import Client as HttpClient
    from django.urls import reverse

    amal = Client.objects.get(region=seeded, given_names="Amal", family_name="Haddad")
    case = Case.objects.get(client=amal)
    browser = HttpClient()
    browser.force_login(User.objects.get(username="fallmanagement1"))
    for url in (
        reverse("accounts:start"),
        reverse("cases:my_cases"),
        reverse("cases:team_cases") + "?q=أمل",
        reverse("cases:due"),
        reverse("cases:case_monitoring", kwargs={"pk": case.pk}),
        reverse("cases:client_export", kwargs={"pk": amal.pk}),
        reverse("cases:client_corrections", kwargs={"pk": amal.pk}),
    ):
        response = browser.get(url)
        assert response.status_code == 200, url
    lead = HttpClient()
    lead.force_login(User.objects.get(username="teamleitung"))
    assert lead.get(reverse("cases:caseload_figures")).status_code == 200
