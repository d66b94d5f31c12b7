"""A report naming a member of the client's household is refused, through the service and the page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World
from kim.cases.models import Client, Household
from kim.core.errors import ValidationFailed
from kim.core.models import Catalogue
from kim.themes.models import BarrierReport, BarrierReportSource
from kim.themes.tests.matrix import entry, file_report, theme_world

pytestmark = pytest.mark.django_db

HOUSEHOLD_GIVEN = "Samir"
HOUSEHOLD_FAMILY = "Haushaltsname"


def _household_member(world: World) -> Client:
    t = theme_world(world)
    household = Household.objects.create(region=world.region)
    Client.objects.filter(pk=t.case.client_id).update(household=household)
    return Client.objects.create(
        region=world.region,
        household=household,
        given_names=HOUSEHOLD_GIVEN,
        family_name=HOUSEHOLD_FAMILY,
        birth_date=dt.date(2015, 3, 2),
    )


@pytest.mark.parametrize(
    "text",
    [
        f"Der Sohn {HOUSEHOLD_GIVEN} bekommt keinen Kitaplatz.",
        f"Familie {HOUSEHOLD_FAMILY} wartet auf einen Kitaplatz.",
        "Das Kind (geboren 02.03.2015) bekommt keinen Kitaplatz.",
    ],
)
def test_service_refuses_a_report_naming_a_household_member(world: World, text: str) -> None:
    _household_member(world)
    before = (BarrierReport.objects.count(), BarrierReportSource.objects.count())
    with pytest.raises(ValidationFailed) as raised:
        file_report(world, text=text)
    assert HOUSEHOLD_GIVEN not in raised.value.message
    assert HOUSEHOLD_FAMILY not in raised.value.message
    assert (BarrierReport.objects.count(), BarrierReportSource.objects.count()) == before


def test_page_refuses_a_report_naming_a_household_member(world: World) -> None:
    _household_member(world)
    t = theme_world(world)
    month = (timezone.localdate() - dt.timedelta(days=60)).strftime("%Y-%m")
    before = BarrierReport.objects.count()
    response = world.client_for("fallmanagement1").post(
        reverse("themes:report_create", args=[t.case.pk]),
        {
            "origin": "other",
            "life_domain": entry(world, Catalogue.LIFE_DOMAIN, "arbeit").pk,
            "barrier_type": entry(world, Catalogue.BARRIER_TYPE, "wartezeit").pk,
            "municipality": world.municipalities[0].pk,
            "period_start": month,
            "period_end": month,
            "description": f"Der Sohn {HOUSEHOLD_GIVEN.lower()} bekommt keinen Kitaplatz.",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["description"]
    assert BarrierReport.objects.count() == before
    errors = " ".join(response.context["form"].errors["description"])
    assert HOUSEHOLD_GIVEN.lower() not in errors.lower()
