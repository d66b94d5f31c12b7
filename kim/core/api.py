"""Read API on the region's structure, for every signed-in member of the active region."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from kim.core.errors import PermissionDeniedError
from kim.core.models import Municipality, Organisation, Region, Team

router = Router(tags=["Region"])


class MunicipalityOut(Schema):
    id: str
    name: str
    ags: str


class OrganisationOut(Schema):
    id: str
    name: str
    short_name: str
    kind: str


class TeamOut(Schema):
    id: str
    name: str
    organisation_id: str
    municipality_ids: list[str]


class RegionStructureOut(Schema):
    id: str
    name: str
    ags: str
    kind: str
    municipalities: list[MunicipalityOut]
    organisations: list[OrganisationOut]
    teams: list[TeamOut]


def _active_region(request: HttpRequest) -> Region:
    region = getattr(request, "region", None)
    if region is None:
        raise PermissionDeniedError(_("You are not working in any region."))
    return region


@router.get(
    "/region",
    response=RegionStructureOut,
    url_name="region_structure",
    summary="Structure of the active region: municipalities, organisations, teams",
)
def region_structure(request: HttpRequest) -> RegionStructureOut:
    region = _active_region(request)
    teams = Team.objects.filter(region=region, is_active=True).prefetch_related("municipalities")
    return RegionStructureOut(
        id=str(region.pk),
        name=region.name,
        ags=region.ags,
        kind=region.kind,
        municipalities=[
            MunicipalityOut(id=str(m.pk), name=m.name, ags=m.ags)
            for m in Municipality.objects.filter(region=region, is_active=True)
        ],
        organisations=[
            OrganisationOut(id=str(o.pk), name=o.name, short_name=o.short_name, kind=o.kind)
            for o in Organisation.objects.filter(region=region, is_active=True)
        ],
        teams=[
            TeamOut(
                id=str(t.pk),
                name=t.name,
                organisation_id=str(t.organisation_id),
                municipality_ids=[str(m.pk) for m in t.municipalities.all()],
            )
            for t in teams
        ],
    )
