"""Shapes of the demo data: plain, frozen records the builders turn into rows.

Organisations and teams refer to each other by a short ``key`` inside one region's
data; in the database their natural key is the name (unique per region).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

# Memberships of the demo staff start with the programme year of the reference data.
PROGRAMME_START = dt.date(2022, 1, 1)


@dataclass(frozen=True)
class MunicipalitySpec:
    name: str
    ags: str


@dataclass(frozen=True)
class OrganisationSpec:
    key: str
    name: str
    kind: str
    short_name: str = ""
    seat: str | None = None  # name of a municipality of the same region
    email: str = ""


@dataclass(frozen=True)
class TeamSpec:
    name: str
    organisation: str  # OrganisationSpec.key
    municipalities: tuple[str, ...]


@dataclass(frozen=True)
class FundedPostSpec:
    function: str
    building_block: int
    employer: str  # OrganisationSpec.key
    fte: Decimal
    funding_amount: Decimal
    note: str = ""


@dataclass(frozen=True)
class KeyDateSpec:
    date: dt.date
    title: str
    kind: str
    note: str = ""


@dataclass(frozen=True)
class RoleSpec:
    """One membership. ``team`` is a team name, ``organisation`` an OrganisationSpec.key."""

    role: str
    team: str | None = None
    organisation: str | None = None
    function: str = ""
    is_deputy: bool = False
    valid_from: dt.date = PROGRAMME_START


@dataclass(frozen=True)
class PersonSpec:
    """An invented person. Only ``demo_login`` people get the demo password; the rest cannot sign in."""

    username: str
    first_name: str
    last_name: str
    email: str
    roles: tuple[RoleSpec, ...]
    demo_login: bool = False


@dataclass(frozen=True)
class RegionSpec:
    name: str
    ags: str
    slug: str
    kind: str
    municipalities: tuple[MunicipalitySpec, ...]
    organisations: tuple[OrganisationSpec, ...]
    teams: tuple[TeamSpec, ...] = ()
    funded_posts_year: int = 2022
    funded_posts: tuple[FundedPostSpec, ...] = ()
    key_dates: tuple[KeyDateSpec, ...] = ()
    people: tuple[PersonSpec, ...] = field(default=())
