"""Fixtures for the administration tests: objects of region A the pages are tested with."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from conftest import World
from kim.accounts.models import Membership
from kim.core.models import CatalogueEntry, FundedPost, KeyDate
from kim.core.tests.factories import FundedPostFactory


@pytest.fixture
def admin_client(world: World) -> Client:
    return world.client_for("admin")


@pytest.fixture
def funded_post(world: World) -> FundedPost:
    return FundedPostFactory.create(
        region=world.region,
        employer=world.provider,
        year=2022,
        fte=Decimal("14.00"),
        funding_amount=Decimal("798000.00"),
    )


@pytest.fixture
def key_date(world: World) -> KeyDate:
    return KeyDate.objects.create(
        region=world.region, date=dt.date(2022, 6, 9), title="Konstituierende Sitzung", kind=KeyDate.Kind.MEETING
    )


@pytest.fixture
def catalogue_entry(world: World) -> CatalogueEntry:
    return CatalogueEntry.objects.get(region=world.region, catalogue="life_domain", code="wohnen")


@pytest.fixture
def case_manager_membership(world: World) -> Membership:
    return Membership.objects.get(user=world.users["fallmanagement1"], region=world.region)
