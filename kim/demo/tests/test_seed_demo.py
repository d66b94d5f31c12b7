"""``manage.py seed_demo``: the reference installation Kreis Siegen-Wittgenstein, idempotent and separated."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum
from django.utils import translation

from kim.accounts.models import Membership, User
from kim.core.models import (
    AuditEntry,
    CatalogueEntry,
    FundedPost,
    KeyDate,
    Municipality,
    Organisation,
    Region,
    Team,
)
from kim.core.services import region_create
from kim.demo.builders import DEMO_LOGINS, DEMO_PASSWORD

MUNICIPALITIES = [
    ("Bad Berleburg", "05970004"),
    ("Bad Laasphe", "05970008"),
    ("Burbach", "05970012"),
    ("Erndtebrück", "05970016"),
    ("Freudenberg", "05970020"),
    ("Hilchenbach", "05970024"),
    ("Kreuztal", "05970028"),
    ("Netphen", "05970032"),
    ("Neunkirchen", "05970036"),
    ("Siegen (Universitätsstadt)", "05970040"),
    ("Wilnsdorf", "05970044"),
]

# login → (role code, region slug or None for state level)
DEMO_ROLES: dict[str, tuple[str, str | None]] = {
    "fallmanagement1": ("case_manager", "siegen-wittgenstein"),
    "fallmanagement2": ("case_manager", "siegen-wittgenstein"),
    "fallmanagement3": ("case_manager", "siegen-wittgenstein"),
    "teamleitung": ("team_lead", "siegen-wittgenstein"),
    "koordination": ("coordinator", "siegen-wittgenstein"),
    "assistenz": ("assistant", "siegen-wittgenstein"),
    "abh": ("authority_staff", "siegen-wittgenstein"),
    "lenkung": ("steering_member", "siegen-wittgenstein"),
    "projektgruppe": ("project_member", "siegen-wittgenstein"),
    "partner": ("partner_staff", "siegen-wittgenstein"),
    "datenschutz": ("dpo", "siegen-wittgenstein"),
    "admin": ("region_admin", "siegen-wittgenstein"),
    "admin.andere-region": ("region_admin", "musterkreis"),
    "land": ("state_analyst", None),
}

STEERING_SEATS = {
    "Dezernent Schule/Bildung/Soziales/Jugend",
    "Dezernent Gesundheit/Sicherheit/Bevölkerungsschutz",
    "Sprecher der Bürgermeisterkonferenz",
    "Vertretung der Kommunen (Arbeitsebene)",
    "Leitung Schulverwaltungsamt",
    "Leitung Kommunales Integrationszentrum",
    "Jobcenter (Geschäftsführung)",
    "Agentur für Arbeit (Geschäftsführung)",
    "Vertretung der AG Wohlfahrt",
    "Arbeitgeberverbände/Gewerkschaften",
    "Kirchen",
    "BAMF (Regionalkoordination)",
}


def _seed(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
    }


@pytest.fixture
def debug(settings: Any) -> None:
    settings.DEBUG = True


@pytest.fixture
def seeded(db: None, debug: None) -> Region:
    _seed()
    return Region.objects.get(slug="siegen-wittgenstein")


def test_seed_loads_the_eleven_municipalities_with_their_official_keys(seeded: Region) -> None:
    assert seeded.name == "Kreis Siegen-Wittgenstein"
    assert seeded.ags == "05970"
    rows = list(Municipality.objects.filter(region=seeded).order_by("ags").values_list("name", "ags"))
    assert rows == MUNICIPALITIES


def test_seed_creates_the_regions_through_the_service_with_catalogues(seeded: Region) -> None:
    assert CatalogueEntry.objects.filter(region=seeded, catalogue="life_domain").count() == 14
    other = Region.objects.get(slug="musterkreis")
    assert other.ags == "05999"
    assert CatalogueEntry.objects.filter(region=other).count() == CatalogueEntry.objects.filter(region=seeded).count()


def test_seed_funded_posts_of_2022_add_up_per_function(seeded: Region) -> None:
    totals = dict(
        FundedPost.objects.filter(region=seeded, year=2022)
        .values_list("function")
        .annotate(total=Sum("fte"))
        .values_list("function", "total")
    )
    assert totals == {
        "case_management": Decimal("14.00"),
        "coordination": Decimal("4.50"),
        "assistance": Decimal("0.50"),
        "residence_authority": Decimal("2.00"),
        "naturalisation_authority": Decimal("2.00"),
    }
    case_management_employers = FundedPost.objects.filter(region=seeded, function="case_management")
    assert case_management_employers.values("employer").distinct().count() >= 3


def test_seed_funding_amounts_follow_the_rates_and_mark_assumptions(seeded: Region) -> None:
    coordination = FundedPost.objects.filter(region=seeded, function="coordination")
    for post in coordination:
        assert post.funding_amount == Decimal("57000") * post.fte
    kreis = coordination.get(employer__name="Kommunales Integrationszentrum Kreis Siegen-Wittgenstein")
    assert kreis.fte == Decimal("3.5")
    stadt = coordination.get(employer__name="Universitätsstadt Siegen")
    assert stadt.fte == Decimal("1.0")
    assistance = FundedPost.objects.get(region=seeded, function="assistance")
    assert assistance.funding_amount == Decimal("22500.00")
    assert assistance.building_block == FundedPost.BuildingBlock.COORDINATION
    assumed = FundedPost.objects.filter(
        region=seeded, function__in=["case_management", "residence_authority", "naturalisation_authority"]
    )
    assert assumed.count() == 9
    assert all("Betrag angenommen (Demo)" in post.note for post in assumed)


def test_seed_loads_the_three_key_dates(seeded: Region) -> None:
    dates = list(KeyDate.objects.filter(region=seeded).order_by("date").values_list("date", "kind"))
    assert dates == [
        (dt.date(2022, 6, 9), KeyDate.Kind.MEETING),
        (dt.date(2022, 10, 18), KeyDate.Kind.MEETING),
        (dt.date(2023, 6, 1), KeyDate.Kind.DEADLINE),
    ]
    assert "Sachbericht" in KeyDate.objects.get(region=seeded, date=dt.date(2023, 6, 1)).title


def test_seed_organisations_have_the_expected_kinds(seeded: Region) -> None:
    kinds = dict(Organisation.objects.filter(region=seeded).values_list("name", "kind"))
    assert kinds["Kommunales Integrationszentrum Kreis Siegen-Wittgenstein"] == "administration"
    assert kinds["Universitätsstadt Siegen"] == "administration"
    assert kinds["Ausländerbehörde Kreis Siegen-Wittgenstein"] == "authority"
    assert kinds["Einbürgerungsbehörde Universitätsstadt Siegen"] == "authority"
    assert kinds["Jobcenter Siegen-Wittgenstein"] == "authority"
    assert kinds["Agentur für Arbeit Siegen"] == "authority"
    providers = Organisation.objects.filter(region=seeded, kind=Organisation.Kind.PROVIDER)
    # The four case-management providers of the brief; the directory demo adds further Träger of offers.
    assert {"Caritas", "Diakonie", "AWO", "DRK"} <= set(providers.values_list("short_name", flat=True))
    assert sum(1 for kind in kinds.values() if kind == "partner") >= 3
    assert all("@demo.kim.invalid" in email for email in Organisation.objects.values_list("email", flat=True))


def test_seed_teams_cover_every_municipality_of_the_region(seeded: Region) -> None:
    teams = Team.objects.filter(region=seeded)
    assert teams.count() >= 4
    assert teams.values("organisation").distinct().count() >= 4
    covered = set(Municipality.objects.filter(region=seeded, teams__in=teams).values_list("name", flat=True))
    assert covered == {name for name, _ags in MUNICIPALITIES}


def test_all_demo_logins_sign_in_with_the_demo_password_and_hold_their_role(seeded: Region) -> None:
    assert set(DEMO_LOGINS) == set(DEMO_ROLES)
    for username, (role, region_slug) in DEMO_ROLES.items():
        user = authenticate(request=None, username=username, password="kim-demo")
        assert user is not None, username
        memberships = list(Membership.objects.current().filter(user=user).select_related("role", "region"))
        assert [m.role.code for m in memberships] == [role], username
        assert [m.region.slug if m.region else None for m in memberships] == [region_slug], username
        assert user.email.endswith(("@example.org", "@demo.kim.invalid"))


def test_demo_personas_sit_where_the_readme_says(seeded: Region) -> None:
    def only(username: str) -> Membership:
        return Membership.objects.select_related("team", "organisation").get(user__username=username)

    fm1, fm2, fm3, lead = (
        only(name) for name in ("fallmanagement1", "fallmanagement2", "fallmanagement3", "teamleitung")
    )
    assert fm1.team is not None
    assert fm1.team.name == "Team Siegen"
    assert fm1.team.organisation.kind == Organisation.Kind.PROVIDER
    assert fm2.team == fm1.team
    assert lead.team == fm1.team
    assert fm3.team is not None
    assert fm3.team != fm1.team
    abh = only("abh")
    assert abh.organisation is not None
    assert abh.organisation.name == "Ausländerbehörde Kreis Siegen-Wittgenstein"
    partner = only("partner")
    assert partner.organisation is not None
    assert partner.organisation.kind == Organisation.Kind.PARTNER
    assert only("lenkung").function


def test_further_staff_populate_posts_but_cannot_sign_in(seeded: Region) -> None:
    case_managers = Membership.objects.filter(region=seeded, role__code="case_manager")
    assert case_managers.count() >= 14
    staff = User.objects.exclude(username__in=DEMO_LOGINS)
    assert staff.exists()
    assert not any(user.has_usable_password() for user in staff)
    someone = staff.first()
    assert someone is not None
    assert authenticate(request=None, username=someone.username, password="kim-demo") is None


def test_steering_group_seats_are_memberships_with_organisation(seeded: Region) -> None:
    seats = Membership.objects.filter(region=seeded, role__code="steering_member").select_related("organisation")
    voting = [m for m in seats if "beratend" not in m.function]
    advisory = [m for m in seats if "beratend" in m.function]
    assert {m.function for m in voting} == STEERING_SEATS
    assert len([m for m in voting if m.function == "Vertretung der AG Wohlfahrt"]) == 2
    assert all(m.organisation is not None and m.organisation.region_id == seeded.pk for m in seats)
    assert len(advisory) == 2
    assert all("Koordinierungsteam" in m.function for m in advisory)


def test_seed_writes_are_audited_as_system_actions(seeded: Region) -> None:
    entries = AuditEntry.objects.filter(region=seeded, action=AuditEntry.Action.CREATE)
    assert entries.filter(object_type="core.municipality").count() == 11
    assert entries.filter(object_type="core.fundedpost").count() == FundedPost.objects.filter(region=seeded).count()
    assert entries.filter(object_type="core.keydate").count() == 3
    # The structure is seeded by the system; demo case work (cases, referrals) is done by the demo staff.
    structure = entries.filter(object_type__regex=r"^(core|accounts)\.")
    assert set(structure.values_list("actor_label", flat=True)) == {"system"}
    assert AuditEntry.objects.filter(object_type="accounts.user", action="create").count() == User.objects.count()


def test_second_run_creates_nothing_new(seeded: Region) -> None:
    before = _row_counts()
    output = _seed()
    assert _row_counts() == before
    assert "Nothing new" in output


def test_first_run_reports_what_it_created(db: None, debug: None) -> None:
    output = _seed()
    assert "Created:" in output
    # Both demo regions: 11 municipalities in Siegen-Wittgenstein, 2 in the Musterkreis.
    assert "13 Municipalities" in output
    assert "2 Regions" in output
    assert "Nothing new" not in output
    assert "fallmanagement1" in output


def test_seed_completes_a_partly_changed_installation(seeded: Region) -> None:
    Municipality.objects.filter(region=seeded, name="Burbach").update(ags="05970099")
    team = Team.objects.get(region=seeded, name="Team Siegen")
    team.municipalities.clear()
    output = _seed()
    assert "Updated:" in output
    assert Municipality.objects.get(region=seeded, name="Burbach").ags == "05970012"
    assert list(team.municipalities.values_list("name", flat=True)) == ["Siegen (Universitätsstadt)"]
    assert AuditEntry.objects.filter(object_type="core.municipality", action="update").count() == 1


def test_seed_uses_an_existing_region_instead_of_duplicating_it(db: None, debug: None) -> None:
    region = region_create(actor=None, name="Kreis Siegen-Wittgenstein", ags="05970", slug="siegen-wittgenstein")
    _seed()
    assert Region.objects.filter(ags="05970").get() == region
    assert Municipality.objects.filter(region=region).count() == 11


def test_seed_refuses_to_run_with_debug_off(db: None, settings: Any) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        _seed()
    assert not Region.objects.exists()
    assert not User.objects.exists()


def test_seed_runs_with_debug_off_when_forced(db: None, settings: Any) -> None:
    settings.DEBUG = False
    _seed("--force")
    assert Municipality.objects.filter(region__slug="siegen-wittgenstein").count() == 11


def test_seed_stops_with_a_message_and_writes_nothing_when_the_slug_is_taken(db: None, debug: None) -> None:
    region_create(actor=None, name="Ein anderer Kreis", ags="05971", slug="siegen-wittgenstein")
    with pytest.raises(CommandError, match="could not be loaded"):
        _seed()
    assert not Region.objects.filter(ags="05970").exists()
    assert not Municipality.objects.exists()
    assert not User.objects.exists()


def test_passwords_are_kept_unless_reset_is_requested(seeded: Region) -> None:
    user = User.objects.get(username="fallmanagement1")
    user.set_password("ein-eigenes-passwort-123")
    user.save(update_fields=["password"])

    _seed()
    assert authenticate(request=None, username="fallmanagement1", password="ein-eigenes-passwort-123") is not None

    output = _seed("--reset-passwords")
    assert "Demo passwords reset: 14" in output
    assert authenticate(request=None, username="fallmanagement1", password=DEMO_PASSWORD) is not None
    staff = User.objects.get(username="katharina.schmidt")
    assert not staff.has_usable_password()
    reset_entry = AuditEntry.objects.filter(object_type="accounts.user", action="update").first()
    assert reset_entry is not None
    assert reset_entry.changes == {"password": ["***", "***"]}


def test_second_region_stays_separate(seeded: Region) -> None:
    other = Region.objects.get(slug="musterkreis")
    assert other.name == "Musterkreis (Demo)"
    assert Municipality.objects.filter(region=other).count() == 2
    assert Team.objects.filter(region=other).count() == 1
    # No team covers a municipality of another region, and region B's rows never point into A.
    for team in Team.objects.prefetch_related("municipalities"):
        assert {m.region_id for m in team.municipalities.all()} <= {team.region_id}
        assert team.organisation.region_id == team.region_id
    assert not Team.objects.filter(region=other, municipalities__region=seeded).exists()
    for membership in Membership.objects.select_related("team", "organisation"):
        if membership.team is not None:
            assert membership.team.region_id == membership.region_id
        if membership.organisation is not None:
            assert membership.organisation.region_id == membership.region_id
    admin_b = User.objects.get(username="admin.andere-region")
    assert not Membership.objects.filter(user=admin_b, region=seeded).exists()
    case_manager_b = Membership.objects.get(region=other, role__code="case_manager")
    assert case_manager_b.team is not None
    assert case_manager_b.team.region_id == other.pk
