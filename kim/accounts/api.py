from __future__ import annotations

from ninja import Router, Schema

from kim.core.http import KimRequest

router = Router(tags=["Account"])


class RegionOut(Schema):
    id: str
    name: str
    ags: str


class MembershipOut(Schema):
    role: str
    region: str | None
    team: str | None
    organisation: str | None
    is_deputy: bool


class MeOut(Schema):
    username: str
    display_name: str
    active_region: RegionOut | None
    memberships: list[MembershipOut]
    capabilities: list[str]


@router.get("/me", response=MeOut, url_name="me", summary="Own account, active region and capabilities")
def me(request: KimRequest) -> MeOut:
    user = request.user
    region = request.region
    return MeOut(
        username=user.get_username(),
        display_name=user.get_full_name() or user.get_username(),  # type: ignore[union-attr]
        active_region=RegionOut(id=str(region.pk), name=region.name, ags=region.ags) if region else None,
        memberships=[
            MembershipOut(
                role=m.role.code,
                region=str(m.region_id) if m.region_id else None,
                team=str(m.team_id) if m.team_id else None,
                organisation=str(m.organisation_id) if m.organisation_id else None,
                is_deputy=m.is_deputy,
            )
            for m in request.memberships
        ],
        capabilities=sorted(request.access.capabilities),
    )
