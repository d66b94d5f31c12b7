"""Shared test fixtures: the persona world every suite uses.

Personas carry the demo login names (see README): two case managers in one team,
one in another team, team lead, coordinator, assistant, residence authority,
steering-group member, project-group member, partner, data-protection officer,
region admin, the admin of another region, the state analyst — and the anonymous
visitor. ``world`` builds them in region A (and B for the other admin).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client

from kim.accounts.models import Membership, Role, User
from kim.accounts.tests.factories import MembershipFactory, UserFactory
from kim.core.models import Municipality, Organisation, Region, Team
from kim.core.services import region_seed_catalogues
from kim.core.tests.factories import (
    MunicipalityFactory,
    OrganisationFactory,
    RegionFactory,
    TeamFactory,
)

PERSONAS: tuple[str, ...] = (
    "anonymous",
    "fallmanagement1",
    "fallmanagement2",
    "fallmanagement3",
    "teamleitung",
    "koordination",
    "assistenz",
    "abh",
    "lenkung",
    "projektgruppe",
    "partner",
    "datenschutz",
    "admin",
    "admin.andere-region",
    "land",
)


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    """Tests render templates without a collected manifest and hash passwords fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@dataclass
class World:
    region: Region
    other_region: Region
    municipalities: list[Municipality]
    provider: Organisation
    partner_org: Organisation
    authority: Organisation
    team: Team
    other_team: Team
    other_region_team: Team
    users: dict[str, User] = field(default_factory=dict)

    def client_for(self, persona: str) -> Client:
        client = Client()
        if persona != "anonymous":
            client.force_login(self.users[persona])
        return client


def _member(user: User, role: str, **kwargs: object) -> Membership:
    return MembershipFactory.create(user=user, role=Role.objects.get(code=role), **kwargs)


@pytest.fixture
def world(db: None, settings: object) -> World:
    settings.KIM_MFA_REQUIRED = False  # type: ignore[attr-defined]
    region = RegionFactory.create(name="Kreis Siegen-Wittgenstein", ags="05970", slug="siegen-wittgenstein")
    other = RegionFactory.create(name="Kreis Olpe", ags="05966", slug="olpe")
    region_seed_catalogues(actor=None, region=region)
    municipalities = [MunicipalityFactory.create(region=region, name=n) for n in ("Siegen", "Kreuztal", "Netphen")]
    provider = OrganisationFactory.create(region=region, name="Diakonie Beispiel", kind=Organisation.Kind.PROVIDER)
    partner_org = OrganisationFactory.create(
        region=region, name="Sprachschule Beispiel", kind=Organisation.Kind.PARTNER
    )
    authority = OrganisationFactory.create(
        region=region, name="Ausländerbehörde Beispiel", kind=Organisation.Kind.AUTHORITY
    )
    team = TeamFactory.create(region=region, name="Team Siegen", organisation=provider)
    team.municipalities.set(municipalities[:1])
    other_team = TeamFactory.create(region=region, name="Team Kreuztal", organisation=provider)
    other_team.municipalities.set(municipalities[1:])
    other_region_team = TeamFactory.create(region=other, name="Team Olpe")
    w = World(
        region,
        other,
        municipalities,
        provider,
        partner_org,
        authority,
        team,
        other_team,
        other_region_team,
    )

    def person(username: str) -> User:
        user = UserFactory.create(username=username, first_name="Test", last_name=username.title())
        w.users[username] = user
        return user

    _member(person("fallmanagement1"), "case_manager", region=region, team=team)
    _member(person("fallmanagement2"), "case_manager", region=region, team=team)
    _member(person("fallmanagement3"), "case_manager", region=region, team=other_team)
    _member(person("teamleitung"), "team_lead", region=region, team=team)
    _member(person("koordination"), "coordinator", region=region)
    _member(person("assistenz"), "assistant", region=region)
    _member(person("abh"), "authority_staff", region=region, organisation=authority)
    _member(person("lenkung"), "steering_member", region=region)
    _member(person("projektgruppe"), "project_member", region=region)
    _member(person("partner"), "partner_staff", region=region, organisation=partner_org)
    _member(person("datenschutz"), "dpo", region=region)
    _member(person("admin"), "region_admin", region=region)
    _member(person("admin.andere-region"), "region_admin", region=other)
    _member(person("land"), "state_analyst", region=None)
    return w
