"""Reads on the network directory: every query is scoped to one region.

The responsibility matrix and the overlap/gap analysis work on the *coverage* of
active offers: an offer without target groups is open to every target group, one
without municipalities serves the whole district.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from kim.core.models import Catalogue, CatalogueEntry, Municipality, Organisation, Region
from kim.directory.models import (
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceTranslation,
)


def _service_queryset(region: Region) -> QuerySet[Service]:
    return (
        Service.objects.filter(region=region)
        .select_related("organisation", "organisation__municipality", "organisation__directory_profile")
        .prefetch_related(
            "life_domains",
            "target_groups",
            "legal_domains",
            "municipalities",
            "languages",
            "contacts",
            "phones",
            Prefetch("schedules", queryset=Schedule.objects.select_related("service_at_location__location")),
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location", "location__municipality"),
            ),
            "translations",
        )
    )


def service_list(region: Region) -> QuerySet[Service]:
    """All offers of the region (for the people who maintain the directory)."""
    return _service_queryset(region).order_by("name")


def service_search(
    *,
    region: Region,
    query: str = "",
    life_domain: CatalogueEntry | None = None,
    municipality: Municipality | None = None,
    language: str = "",
    target_group: CatalogueEntry | None = None,
    legal_domain: CatalogueEntry | None = None,
    organisation: Organisation | None = None,
    include_inactive: bool = False,
) -> QuerySet[Service]:
    """Offer search for case managers: every filter narrows, the free text looks into all German texts.

    An offer without municipalities serves the whole district and an offer without
    target groups is open to everyone, so both match every municipality and group.
    """
    services = _service_queryset(region).filter(organisation__is_active=True)
    if not include_inactive:
        services = services.filter(status=Service.Status.ACTIVE)
    if life_domain is not None:
        services = services.filter(life_domains=life_domain)
    if municipality is not None:
        services = services.filter(Q(municipalities=municipality) | Q(municipalities__isnull=True))
    if target_group is not None:
        services = services.filter(Q(target_groups=target_group) | Q(target_groups__isnull=True))
    if legal_domain is not None:
        services = services.filter(legal_domains=legal_domain)
    if language:
        services = services.filter(languages__code=language)
    if organisation is not None:
        services = services.filter(organisation=organisation)
    for word in query.split()[:8]:
        services = services.filter(
            Q(name__icontains=word)
            | Q(alternate_name__icontains=word)
            | Q(description__icontains=word)
            | Q(eligibility_description__icontains=word)
            | Q(organisation__name__icontains=word)
            | Q(organisation__short_name__icontains=word)
            | Q(contacts__name__icontains=word)
        )
    return services.distinct().order_by("name", "organisation__name")


def service_get_for_region(*, region: Region, id: uuid.UUID | str) -> Service:
    """One offer of the region; raises Service.DoesNotExist for others' ids."""
    return _service_queryset(region).get(pk=id)


def offer_get_for_region(*, region: Region, id: uuid.UUID | str) -> Service:
    """An offer a case's need or goal can be linked to (used by referrals)."""
    return service_get_for_region(region=region, id=id)


def location_list(region: Region) -> QuerySet[Location]:
    return Location.objects.filter(region=region).select_related("organisation", "municipality")


def location_get_for_region(*, region: Region, id: uuid.UUID | str) -> Location:
    return location_list(region).get(pk=id)


def translation_get_for_service(*, service: Service, language: str) -> ServiceTranslation | None:
    return ServiceTranslation.objects.filter(service=service, language=language).first()


def catalogue_entries(region: Region, catalogue: str) -> QuerySet[CatalogueEntry]:
    return CatalogueEntry.objects.filter(region=region, catalogue=catalogue, is_active=True)


def municipalities_of(region: Region) -> QuerySet[Municipality]:
    return Municipality.objects.filter(region=region, is_active=True)


def organisation_get_for_region(*, region: Region, id: uuid.UUID | str) -> Organisation:
    return Organisation.objects.select_related("directory_profile").get(region=region, pk=id)


def organisations_of(region: Region) -> QuerySet[Organisation]:
    return Organisation.objects.filter(region=region, is_active=True)


# --- Coverage: responsibility matrix, overlaps, gaps ----------------------------------------


@dataclass(frozen=True)
class Coverage:
    """One combination an active offer covers."""

    life_domain: CatalogueEntry
    legal_domain: CatalogueEntry | None
    target_group: CatalogueEntry | None  # None: open to every target group
    municipality: Municipality
    service: Service


def _active_services(region: Region) -> QuerySet[Service]:
    return _service_queryset(region).filter(status=Service.Status.ACTIVE, organisation__is_active=True)


def coverage(
    *,
    region: Region,
    life_domain: CatalogueEntry | None = None,
    legal_domain: CatalogueEntry | None = None,
    target_group: CatalogueEntry | None = None,
    municipality: Municipality | None = None,
) -> list[Coverage]:
    """Every (life domain × legal domain × target group × municipality) an active offer covers."""
    all_municipalities = list(municipalities_of(region))
    rows: list[Coverage] = []
    for service in _active_services(region):
        municipalities = list(service.municipalities.all()) or all_municipalities
        groups: list[CatalogueEntry | None] = list(service.target_groups.all()) or [None]
        legal: list[CatalogueEntry | None] = list(service.legal_domains.all()) or [None]
        for domain in service.life_domains.all():
            if life_domain is not None and domain.pk != life_domain.pk:
                continue
            for law in legal:
                if legal_domain is not None and (law is None or law.pk != legal_domain.pk):
                    continue
                for group in groups:
                    if target_group is not None and group is not None and group.pk != target_group.pk:
                        continue
                    for place in municipalities:
                        if municipality is not None and place.pk != municipality.pk:
                            continue
                        rows.append(Coverage(domain, law, group, place, service))
    return rows


@dataclass
class MatrixRow:
    life_domain: CatalogueEntry
    legal_domain: CatalogueEntry | None
    target_group: CatalogueEntry | None
    municipality: Municipality
    services: list[Service] = field(default_factory=list)

    @property
    def organisations(self) -> list[Organisation]:
        seen: dict[object, Organisation] = {}
        for service in self.services:
            seen.setdefault(service.organisation_id, service.organisation)
        return sorted(seen.values(), key=lambda o: o.name)


def responsibility_matrix(
    *,
    region: Region,
    life_domain: CatalogueEntry | None = None,
    legal_domain: CatalogueEntry | None = None,
    target_group: CatalogueEntry | None = None,
    municipality: Municipality | None = None,
) -> list[MatrixRow]:
    """Life domain × legal domain × target group × municipality → responsible organisations and offers."""
    rows: dict[tuple[object, ...], MatrixRow] = {}
    for item in coverage(
        region=region,
        life_domain=life_domain,
        legal_domain=legal_domain,
        target_group=target_group,
        municipality=municipality,
    ):
        key = (
            item.life_domain.pk,
            item.legal_domain.pk if item.legal_domain else None,
            item.target_group.pk if item.target_group else None,
            item.municipality.pk,
        )
        row = rows.setdefault(key, MatrixRow(item.life_domain, item.legal_domain, item.target_group, item.municipality))
        if item.service not in row.services:
            row.services.append(item.service)
    return sorted(
        rows.values(),
        key=lambda r: (
            r.life_domain.sort_order,
            r.life_domain.label_de,
            r.legal_domain.label_de if r.legal_domain else "",
            r.target_group.label_de if r.target_group else "",
            r.municipality.name,
        ),
    )


# Dimensions the Arbeitskreis may switch on beside life domain and municipality.
DIMENSION_TARGET_GROUP = "target_group"
DIMENSION_LEGAL_DOMAIN = "legal_domain"
DIMENSION_LANGUAGE = "language"


@dataclass
class Overlap:
    life_domain: CatalogueEntry
    municipality: Municipality
    target_group: CatalogueEntry | None
    legal_domain: CatalogueEntry | None
    services: list[Service]

    @property
    def organisations(self) -> list[Organisation]:
        seen: dict[object, Organisation] = {}
        for service in self.services:
            seen.setdefault(service.organisation_id, service.organisation)
        return sorted(seen.values(), key=lambda o: o.name)


@dataclass(frozen=True)
class Gap:
    life_domain: CatalogueEntry
    municipality: Municipality
    target_group: CatalogueEntry | None
    language: str


@dataclass
class GapGroup:
    """The gaps of one life domain in one municipality, for a compact table."""

    life_domain: CatalogueEntry
    municipality: Municipality
    target_groups: list[CatalogueEntry]
    languages: list[str]
    everything: bool  # no active offer at all for this life domain here


@dataclass
class Analysis:
    dimensions: frozenset[str]
    overlaps: list[Overlap]
    gaps: list[Gap]

    @property
    def gap_groups(self) -> list[GapGroup]:
        groups: dict[tuple[object, object], GapGroup] = {}
        for gap in self.gaps:
            key = (gap.life_domain.pk, gap.municipality.pk)
            group = groups.setdefault(key, GapGroup(gap.life_domain, gap.municipality, [], [], False))
            if gap.target_group is not None and gap.target_group not in group.target_groups:
                group.target_groups.append(gap.target_group)
            if gap.language and gap.language not in group.languages:
                group.languages.append(gap.language)
            if gap.target_group is None and not gap.language:
                group.everything = True
        return list(groups.values())


def overlap_gap_analysis(
    *,
    region: Region,
    dimensions: Iterable[str] = (DIMENSION_TARGET_GROUP,),
    life_domain: CatalogueEntry | None = None,
    municipality: Municipality | None = None,
    languages: Sequence[str] = (),
) -> Analysis:
    """Doppelstrukturen and gaps for the Arbeitskreis Schnittstellenmanagement.

    Overlap: at least two active offers of *different* organisations share life
    domain × municipality (× target group, × legal domain when those dimensions are on).
    An offer open to everyone overlaps with each target-group offer of the same kind.

    Gap: life domain × municipality (× target group, × language) without any active
    offer. With the language dimension, ``languages`` are the languages looked at.
    """
    dims = frozenset(dimensions)
    by_group = DIMENSION_TARGET_GROUP in dims
    by_law = DIMENSION_LEGAL_DOMAIN in dims
    by_language = DIMENSION_LANGUAGE in dims
    groups = list(catalogue_entries(region, Catalogue.TARGET_GROUP))
    items = coverage(region=region, life_domain=life_domain, municipality=municipality)

    overlaps = _overlaps(items, groups=groups, by_group=by_group, by_law=by_law)
    covered = _covered(items, groups=groups, by_group=by_group, by_language=by_language)
    domains = [life_domain] if life_domain else list(catalogue_entries(region, Catalogue.LIFE_DOMAIN))
    places = [municipality] if municipality else list(municipalities_of(region))
    wanted_groups: list[CatalogueEntry | None] = list(groups) if by_group else [None]
    wanted_languages: list[str] = list(languages) if by_language else [""]
    gaps = [
        Gap(domain, place, group, code)
        for domain in domains
        for place in places
        for group in wanted_groups
        for code in wanted_languages
        if (domain.pk, place.pk, group.pk if group else None, code) not in covered
    ]
    return Analysis(dimensions=dims, overlaps=overlaps, gaps=gaps)


def _overlaps(items: list[Coverage], *, groups: list[CatalogueEntry], by_group: bool, by_law: bool) -> list[Overlap]:
    buckets: dict[tuple[object, ...], list[Coverage]] = defaultdict(list)
    for item in items:
        if by_law and item.legal_domain is None:
            continue
        law_key = item.legal_domain.pk if by_law and item.legal_domain else None
        item_groups: list[CatalogueEntry | None] = [None]
        if by_group:
            item_groups = [item.target_group] if item.target_group is not None else list(groups)
        for group in item_groups:
            key = (item.life_domain.pk, item.municipality.pk, group.pk if group else None, law_key)
            buckets[key].append(Coverage(item.life_domain, item.legal_domain, group, item.municipality, item.service))
    overlaps: list[Overlap] = []
    for bucket in buckets.values():
        services: list[Service] = []
        for entry in bucket:
            if entry.service not in services:
                services.append(entry.service)
        if len({service.organisation_id for service in services}) < 2:
            continue
        first = bucket[0]
        overlaps.append(
            Overlap(
                life_domain=first.life_domain,
                municipality=first.municipality,
                target_group=first.target_group,
                legal_domain=first.legal_domain if by_law else None,
                services=sorted(services, key=lambda s: (s.organisation.name, s.name)),
            )
        )
    overlaps.sort(
        key=lambda o: (
            o.life_domain.sort_order,
            o.municipality.name,
            o.target_group.label_de if o.target_group else "",
            o.legal_domain.label_de if o.legal_domain else "",
        )
    )
    return overlaps


def _covered(
    items: list[Coverage], *, groups: list[CatalogueEntry], by_group: bool, by_language: bool
) -> set[tuple[object, ...]]:
    covered: set[tuple[object, ...]] = set()
    for item in items:
        group_keys: list[object] = [None]
        if by_group:
            group_keys = [item.target_group.pk] if item.target_group is not None else [g.pk for g in groups]
        codes = [language.code for language in item.service.languages.all()] if by_language else [""]
        for group_key in group_keys:
            for code in codes:
                covered.add((item.life_domain.pk, item.municipality.pk, group_key, code))
    return covered
