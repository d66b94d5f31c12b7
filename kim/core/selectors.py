"""Reads on the tenant structure, always scoped to one region.

Single objects come through ``<entity>_get_for_region``: an id of another region
raises ``DoesNotExist``, which views answer with 404 (never 403).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from kim.core.models import CatalogueEntry, FundedPost, KeyDate, Municipality, Organisation, Region, Team

Id = uuid.UUID | str


def municipalities_for_region(*, region: Region, active_only: bool = False) -> QuerySet[Municipality]:
    queryset = Municipality.objects.filter(region=region).annotate(team_count=Count("teams", distinct=True))
    if active_only:
        queryset = queryset.filter(is_active=True)
    return queryset.order_by("name")


def municipality_get_for_region(*, region: Region, id: Id) -> Municipality:
    return Municipality.objects.get(region=region, pk=id)


def organisations_for_region(
    *, region: Region, kind: str | None = None, active_only: bool = False
) -> QuerySet[Organisation]:
    queryset = Organisation.objects.filter(region=region).select_related("municipality")
    if kind:
        queryset = queryset.filter(kind=kind)
    if active_only:
        queryset = queryset.filter(is_active=True)
    return queryset.order_by("name")


def organisation_get_for_region(*, region: Region, id: Id) -> Organisation:
    return Organisation.objects.select_related("municipality").get(region=region, pk=id)


def teams_for_region(*, region: Region) -> QuerySet[Team]:
    return (
        Team.objects.filter(region=region)
        .select_related("organisation")
        .prefetch_related("municipalities")
        .order_by("name")
    )


def team_get_for_region(*, region: Region, id: Id) -> Team:
    return teams_for_region(region=region).get(pk=id)


def catalogue_entries_for_region(*, region: Region, catalogue: str | None = None) -> QuerySet[CatalogueEntry]:
    queryset = CatalogueEntry.objects.filter(region=region)
    if catalogue:
        queryset = queryset.filter(catalogue=catalogue)
    return queryset.order_by("catalogue", "sort_order", "label_de")


def catalogue_entry_get_for_region(*, region: Region, id: Id) -> CatalogueEntry:
    return CatalogueEntry.objects.get(region=region, pk=id)


def funded_posts_for_region(*, region: Region, year: int | None = None) -> QuerySet[FundedPost]:
    queryset = FundedPost.objects.filter(region=region).select_related("employer")
    if year is not None:
        queryset = queryset.filter(year=year)
    return queryset.order_by("-year", "building_block", "function", "employer__name")


def funded_post_get_for_region(*, region: Region, id: Id) -> FundedPost:
    return FundedPost.objects.select_related("employer").get(region=region, pk=id)


def funded_post_years(*, region: Region) -> list[int]:
    """The years that have funded posts, newest first."""
    return list(FundedPost.objects.filter(region=region).order_by("-year").values_list("year", flat=True).distinct())


@dataclass(frozen=True)
class FundedPostTotal:
    building_block: int
    label: str
    fte: Decimal
    funding_amount: Decimal
    count: int


def funded_post_totals(*, region: Region, year: int | None = None) -> list[FundedPostTotal]:
    """FTE and funding per Baustein (one query), every Baustein listed even without posts."""
    rows = (
        FundedPost.objects.filter(region=region, **({"year": year} if year is not None else {}))
        .values("building_block")
        .annotate(fte=Sum("fte"), amount=Sum("funding_amount"), count=Count("id"))
        .order_by("building_block")
    )
    by_block = {row["building_block"]: row for row in rows}
    zero = Decimal("0")
    return [
        FundedPostTotal(
            building_block=block.value,
            label=str(block.label),
            fte=by_block.get(block.value, {}).get("fte") or zero,
            funding_amount=by_block.get(block.value, {}).get("amount") or zero,
            count=by_block.get(block.value, {}).get("count") or 0,
        )
        for block in FundedPost.BuildingBlock
    ]


def key_dates_for_region(*, region: Region) -> QuerySet[KeyDate]:
    return KeyDate.objects.filter(region=region).order_by("date", "title")


def key_date_get_for_region(*, region: Region, id: Id) -> KeyDate:
    return KeyDate.objects.get(region=region, pk=id)


@dataclass(frozen=True)
class RegionCounts:
    municipalities: int
    municipalities_active: int
    organisations: int
    teams: int
    catalogue_entries: int
    funded_posts: int
    key_dates: int


def region_structure_counts(*, region: Region) -> RegionCounts:
    """Counts for the administration overview (one aggregate query per table)."""
    municipalities = Municipality.objects.filter(region=region).aggregate(
        total=Count("id"), active=Count("id", filter=Q(is_active=True))
    )
    return RegionCounts(
        municipalities=municipalities["total"],
        municipalities_active=municipalities["active"],
        organisations=Organisation.objects.filter(region=region).count(),
        teams=Team.objects.filter(region=region).count(),
        catalogue_entries=CatalogueEntry.objects.filter(region=region).count(),
        funded_posts=FundedPost.objects.filter(region=region).count(),
        key_dates=KeyDate.objects.filter(region=region).count(),
    )
