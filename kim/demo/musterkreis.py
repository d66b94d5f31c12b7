"""A small second region that shows tenant separation: nothing here is visible in Siegen-Wittgenstein."""

from __future__ import annotations

from decimal import Decimal

from kim.core.models import FundedPost, Organisation, Region
from kim.demo.specs import (
    FundedPostSpec,
    MunicipalitySpec,
    OrganisationSpec,
    PersonSpec,
    RegionSpec,
    RoleSpec,
    TeamSpec,
)

REGION = RegionSpec(
    name="Musterkreis (Demo)",
    ags="05999",
    slug="musterkreis",
    kind=Region.Kind.KREIS,
    municipalities=(
        MunicipalitySpec(name="Musterstadt", ags="05999004"),
        MunicipalitySpec(name="Beispielheim", ags="05999008"),
    ),
    organisations=(
        OrganisationSpec(
            key="traeger",
            name="Beispielträger Musterkreis e. V.",
            short_name="Beispielträger",
            kind=Organisation.Kind.PROVIDER,
            seat="Musterstadt",
            email="kim.beispieltraeger@demo.kim.invalid",
        ),
    ),
    teams=(TeamSpec(name="Team Musterkreis", organisation="traeger", municipalities=("Musterstadt", "Beispielheim")),),
    funded_posts_year=2022,
    funded_posts=(
        FundedPostSpec(
            function=FundedPost.Function.CASE_MANAGEMENT,
            building_block=FundedPost.BuildingBlock.CASE_MANAGEMENT,
            employer="traeger",
            fte=Decimal("1.0"),
            funding_amount=Decimal("60000.00"),
            note="Betrag angenommen (Demo)",
        ),
    ),
    people=(
        PersonSpec(
            username="admin.andere-region",
            first_name="Nadine",
            last_name="Vogel",
            email="admin.andere-region@demo.kim.invalid",
            roles=(RoleSpec(role="region_admin", function="Fachadministration KIM"),),
            demo_login=True,
        ),
        PersonSpec(
            username="erik.lindqvist",
            first_name="Erik",
            last_name="Lindqvist",
            email="erik.lindqvist@demo.kim.invalid",
            roles=(RoleSpec(role="case_manager", team="Team Musterkreis", function="Fallmanagement (1,0 VZÄ)"),),
        ),
    ),
)
