"""Factories for the tenant structure. Invented data only."""

from __future__ import annotations

from decimal import Decimal

import factory

from kim.core.models import FundedPost, Municipality, Organisation, Region, Team


class RegionFactory(factory.django.DjangoModelFactory[Region]):
    class Meta:
        model = Region
        django_get_or_create = ("ags",)

    name = factory.Sequence(lambda n: f"Kreis Beispiel {n}")
    ags = factory.Sequence(lambda n: f"{5900 + n:05d}")
    slug = factory.Sequence(lambda n: f"beispiel-{n}")


class MunicipalityFactory(factory.django.DjangoModelFactory[Municipality]):
    class Meta:
        model = Municipality

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Gemeinde {n}")


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.PROVIDER


class TeamFactory(factory.django.DjangoModelFactory[Team]):
    class Meta:
        model = Team

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    organisation = factory.SubFactory(OrganisationFactory, region=factory.SelfAttribute("..region"))


class FundedPostFactory(factory.django.DjangoModelFactory[FundedPost]):
    class Meta:
        model = FundedPost

    region = factory.SubFactory(RegionFactory)
    building_block = FundedPost.BuildingBlock.CASE_MANAGEMENT
    function = FundedPost.Function.CASE_MANAGEMENT
    year = 2022
    employer = factory.SubFactory(OrganisationFactory, region=factory.SelfAttribute("..region"))
    fte = Decimal("1.00")
    funding_amount = Decimal("57000.00")
