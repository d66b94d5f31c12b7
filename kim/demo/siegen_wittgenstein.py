"""The reference installation: Kreis Siegen-Wittgenstein (domain brief §2).

Structure, posts, seats and dates follow the brief; every person is invented, and
every e-mail address ends in a domain that cannot receive mail. Organisation names
stand for the kinds of bodies a Kreis works with; their contact data is invented.
Funding amounts marked "Betrag angenommen (Demo)" are plausible assumptions, not
figures from the Kreis.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kim.core.models import FundedPost, KeyDate, Organisation, Region
from kim.demo.specs import (
    FundedPostSpec,
    KeyDateSpec,
    MunicipalitySpec,
    OrganisationSpec,
    PersonSpec,
    RegionSpec,
    RoleSpec,
    TeamSpec,
)

ADMINISTRATION = Organisation.Kind.ADMINISTRATION
AUTHORITY = Organisation.Kind.AUTHORITY
PROVIDER = Organisation.Kind.PROVIDER
PARTNER = Organisation.Kind.PARTNER

SIEGEN = "Siegen (Universitätsstadt)"

# The eleven municipalities with their official keys (AGS 05970 + three digits).
MUNICIPALITIES: tuple[MunicipalitySpec, ...] = tuple(
    MunicipalitySpec(name=name, ags=f"05970{4 * position:03d}")
    for position, name in enumerate(
        (
            "Bad Berleburg",
            "Bad Laasphe",
            "Burbach",
            "Erndtebrück",
            "Freudenberg",
            "Hilchenbach",
            "Kreuztal",
            "Netphen",
            "Neunkirchen",
            SIEGEN,
            "Wilnsdorf",
        ),
        start=1,
    )
)

ORGANISATIONS: tuple[OrganisationSpec, ...] = (
    # Kreis and Stadt Siegen
    OrganisationSpec(
        key="ki",
        name="Kommunales Integrationszentrum Kreis Siegen-Wittgenstein",
        short_name="KI Kreis Siegen-Wittgenstein",
        kind=ADMINISTRATION,
        seat=SIEGEN,
        email="ki@demo.kim.invalid",
    ),
    OrganisationSpec(
        key="kreis",
        name="Kreisverwaltung Siegen-Wittgenstein",
        short_name="Kreisverwaltung",
        kind=ADMINISTRATION,
        seat=SIEGEN,
        email="kreisverwaltung@demo.kim.invalid",
    ),
    OrganisationSpec(
        key="stadt-siegen",
        name="Universitätsstadt Siegen",
        short_name="Stadt Siegen",
        kind=ADMINISTRATION,
        seat=SIEGEN,
        email="integration.stadt-siegen@demo.kim.invalid",
    ),
    OrganisationSpec(
        key="stadt-hilchenbach",
        name="Stadt Hilchenbach",
        kind=ADMINISTRATION,
        seat="Hilchenbach",
        email="rathaus.hilchenbach@demo.kim.invalid",
    ),
    OrganisationSpec(
        key="gemeinde-wilnsdorf",
        name="Gemeinde Wilnsdorf",
        kind=ADMINISTRATION,
        seat="Wilnsdorf",
        email="rathaus.wilnsdorf@demo.kim.invalid",
    ),
    # Authorities (Baustein 3 and the legal domains)
    OrganisationSpec(
        key="abh-kreis",
        name="Ausländerbehörde Kreis Siegen-Wittgenstein",
        short_name="ABH Kreis",
        kind=AUTHORITY,
        seat=SIEGEN,
        email="abh.kreis@demo.kim.invalid",
    ),
    OrganisationSpec(
        key="ebh-kreis",
        name="Einbürgerungsbehörde Kreis Siegen-Wittgenstein",
        short_name="EBH Kreis",
        kind=AUTHORITY,
        seat=SIEGEN,
        email="ebh.kreis@demo.kim.invalid",
    ),
    OrganisationSpec(
        key="abh-stadt",
        name="Ausländerbehörde Universitätsstadt Siegen",
        short_name="ABH Stadt Siegen",
        kind=AUTHORITY,
        seat=SIEGEN,
        email="abh.stadt-siegen@demo.kim.invalid",
    ),
    OrganisationSpec(
        key="ebh-stadt",
        name="Einbürgerungsbehörde Universitätsstadt Siegen",
        short_name="EBH Stadt Siegen",
        kind=AUTHORITY,
        seat=SIEGEN,
        email="ebh.stadt-siegen@demo.kim.invalid",
    ),
    OrganisationSpec(
        key="jobcenter",
        name="Jobcenter Siegen-Wittgenstein",
        short_name="Jobcenter",
        kind=AUTHORITY,
        seat=SIEGEN,
        email="jobcenter@demo.kim.invalid",
    ),
    OrganisationSpec(
        key="agentur",
        name="Agentur für Arbeit Siegen",
        short_name="Agentur für Arbeit",
        kind=AUTHORITY,
        seat=SIEGEN,
        email="agentur@demo.kim.invalid",
    ),
    OrganisationSpec(
        key="bamf",
        name="Bundesamt für Migration und Flüchtlinge (Regionalkoordination)",
        short_name="BAMF",
        kind=AUTHORITY,
        email="bamf.regionalkoordination@demo.kim.invalid",
    ),
    # Providers (Träger) of case management
    OrganisationSpec(
        key="caritas",
        name="Caritasverband Siegen-Wittgenstein e. V.",
        short_name="Caritas",
        kind=PROVIDER,
        seat=SIEGEN,
        email="kim.caritas@demo.kim.invalid",
    ),
    OrganisationSpec(
        key="diakonie",
        name="Diakonisches Werk Siegen-Wittgenstein",
        short_name="Diakonie",
        kind=PROVIDER,
        seat=SIEGEN,
        email="kim.diakonie@demo.kim.invalid",
    ),
    OrganisationSpec(
        key="awo",
        name="AWO Kreisverband Siegen-Wittgenstein",
        short_name="AWO",
        kind=PROVIDER,
        seat="Wilnsdorf",
        email="kim.awo@demo.kim.invalid",
    ),
    OrganisationSpec(
        key="drk",
        name="DRK-Kreisverband Siegen-Wittgenstein e. V.",
        short_name="DRK",
        kind=PROVIDER,
        seat=SIEGEN,
        email="kim.drk@demo.kim.invalid",
    ),
    # Network partners
    OrganisationSpec(
        key="sprachschule",
        name="Sprachschule Siegerland (Demo)",
        short_name="Sprachschule Siegerland",
        kind=PARTNER,
        seat=SIEGEN,
        email="kurse.sprachschule@demo.kim.invalid",
    ),
    OrganisationSpec(
        key="kirchenkreis",
        name="Evangelischer Kirchenkreis Siegen-Wittgenstein",
        short_name="Ev. Kirchenkreis",
        kind=PARTNER,
        seat=SIEGEN,
        email="kirchenkreis@demo.kim.invalid",
    ),
    OrganisationSpec(
        key="arbeitgeber",
        name="Arbeitgeberverband Siegen-Wittgenstein (Demo)",
        short_name="Arbeitgeberverband",
        kind=PARTNER,
        seat=SIEGEN,
        email="arbeitgeberverband@demo.kim.invalid",
    ),
    OrganisationSpec(
        key="gewerkschaft",
        name="DGB-Kreisverband Siegen-Wittgenstein (Demo)",
        short_name="DGB",
        kind=PARTNER,
        seat=SIEGEN,
        email="dgb@demo.kim.invalid",
    ),
)

TEAM_SIEGEN = "Team Siegen"
TEAM_NORD = "Team Siegerland Nord"
TEAM_SUED = "Team Siegerland Süd"
TEAM_WEST = "Team Siegen-West/Freudenberg"
TEAM_WITTGENSTEIN = "Team Wittgenstein"

# Case management is deployed in the municipalities; together the teams cover all eleven.
TEAMS: tuple[TeamSpec, ...] = (
    TeamSpec(name=TEAM_SIEGEN, organisation="diakonie", municipalities=(SIEGEN,)),
    TeamSpec(name=TEAM_NORD, organisation="caritas", municipalities=("Hilchenbach", "Kreuztal", "Netphen")),
    TeamSpec(name=TEAM_SUED, organisation="awo", municipalities=("Burbach", "Neunkirchen", "Wilnsdorf")),
    TeamSpec(name=TEAM_WEST, organisation="drk", municipalities=("Freudenberg", SIEGEN)),
    TeamSpec(
        name=TEAM_WITTGENSTEIN,
        organisation="ki",
        municipalities=("Bad Berleburg", "Bad Laasphe", "Erndtebrück"),
    ),
)

# Funding rates of 2022 (they change by year: data, not code).
COORDINATION_RATE = Decimal("57000.00")  # per full-time coordination post
ASSISTANCE_HALF_TIME = Decimal("22500.00")  # the half-time administrative assistant
ASSUMED_CASE_MANAGEMENT_RATE = Decimal("60000.00")
ASSUMED_AUTHORITY_RATE = Decimal("60000.00")
ASSUMED = "Betrag angenommen (Demo)"

F = FundedPost.Function
B = FundedPost.BuildingBlock
CENT = Decimal("0.01")


def _amount(rate: Decimal, fte: Decimal) -> Decimal:
    return (rate * fte).quantize(CENT)


def _case_management(employer: str, fte: str) -> FundedPostSpec:
    share = Decimal(fte)
    return FundedPostSpec(
        function=F.CASE_MANAGEMENT,
        building_block=B.CASE_MANAGEMENT,
        employer=employer,
        fte=share,
        funding_amount=_amount(ASSUMED_CASE_MANAGEMENT_RATE, share),
        note=ASSUMED,
    )


def _authority(function: str, employer: str) -> FundedPostSpec:
    return FundedPostSpec(
        function=function,
        building_block=B.AUTHORITIES,
        employer=employer,
        fte=Decimal("1.0"),
        funding_amount=ASSUMED_AUTHORITY_RATE,
        note=ASSUMED,
    )


FUNDED_POSTS: tuple[FundedPostSpec, ...] = (
    # Baustein 1: coordination at the KI (3.5) and the Stadt Siegen (1.0), assistant 0.5 at the Kreis
    FundedPostSpec(
        function=F.COORDINATION,
        building_block=B.COORDINATION,
        employer="ki",
        fte=Decimal("3.5"),
        funding_amount=_amount(COORDINATION_RATE, Decimal("3.5")),
        note="57.000 EUR je Vollzeitstelle",
    ),
    FundedPostSpec(
        function=F.COORDINATION,
        building_block=B.COORDINATION,
        employer="stadt-siegen",
        fte=Decimal("1.0"),
        funding_amount=COORDINATION_RATE,
        note="57.000 EUR je Vollzeitstelle",
    ),
    FundedPostSpec(
        function=F.ASSISTANCE,
        building_block=B.COORDINATION,
        employer="ki",
        fte=Decimal("0.5"),
        funding_amount=ASSISTANCE_HALF_TIME,
        note="22.500 EUR für die halbe Stelle Verwaltungsassistenz",
    ),
    # Baustein 2: 14.0 FTE case management, split across the Kreis and the providers
    _case_management("ki", "3.0"),
    _case_management("caritas", "3.5"),
    _case_management("diakonie", "3.5"),
    _case_management("awo", "2.0"),
    _case_management("drk", "2.0"),
    # Baustein 3: ABH 1.0 + 1.0, EBH 1.0 + 1.0 (Kreis + Stadt Siegen)
    _authority(F.RESIDENCE_AUTHORITY, "abh-kreis"),
    _authority(F.RESIDENCE_AUTHORITY, "abh-stadt"),
    _authority(F.NATURALISATION_AUTHORITY, "ebh-kreis"),
    _authority(F.NATURALISATION_AUTHORITY, "ebh-stadt"),
)

KEY_DATES: tuple[KeyDateSpec, ...] = (
    KeyDateSpec(
        date=dt.date(2022, 6, 9),
        title="Konstituierende Sitzung der Lenkungsgruppe",
        kind=KeyDate.Kind.MEETING,
    ),
    KeyDateSpec(
        date=dt.date(2022, 10, 18),
        title="Zweite Sitzung der Lenkungsgruppe",
        kind=KeyDate.Kind.MEETING,
    ),
    KeyDateSpec(
        date=dt.date(2023, 6, 1),
        title="Sachbericht 2022 fällig",
        kind=KeyDate.Kind.DEADLINE,
        note="Jährlicher Sachbericht an den Fördermittelgeber",
    ),
)

STEERING_FROM = dt.date(2022, 6, 9)  # constituent meeting of the Lenkungsgruppe


def _mail(username: str) -> str:
    return f"{username}@demo.kim.invalid"


def _demo(username: str, first_name: str, last_name: str, *roles: RoleSpec) -> PersonSpec:
    """A demo login: signs in with the demo password."""
    return PersonSpec(username, first_name, last_name, _mail(username), roles, demo_login=True)


def _staff(username: str, first_name: str, last_name: str, *roles: RoleSpec) -> PersonSpec:
    """Further invented staff who populate posts and seats; they cannot sign in."""
    return PersonSpec(username, first_name, last_name, _mail(username), roles)


def _case_manager(team: str, fte: str) -> RoleSpec:
    return RoleSpec(role="case_manager", team=team, function=f"Fallmanagement ({fte} VZÄ)")


def _coordinator(employer: str, fte: str) -> RoleSpec:
    return RoleSpec(role="coordinator", function=f"Koordination KIM, {employer} ({fte} VZÄ)")


def _seat(organisation: str, seat: str) -> RoleSpec:
    return RoleSpec(role="steering_member", organisation=organisation, function=seat, valid_from=STEERING_FROM)


KI_NAME = "Kommunales Integrationszentrum"

PEOPLE: tuple[PersonSpec, ...] = (
    # The demo logins of this region (README.md)
    _demo("fallmanagement1", "Aylin", "Demir", _case_manager(TEAM_SIEGEN, "1,0")),
    _demo("fallmanagement2", "Jonas", "Weber", _case_manager(TEAM_SIEGEN, "1,0")),
    _demo("fallmanagement3", "Marta", "Kowalska", _case_manager(TEAM_NORD, "1,0")),
    _demo("teamleitung", "Sabine", "Hoffmann", RoleSpec(role="team_lead", team=TEAM_SIEGEN, function="Teamleitung")),
    _demo("koordination", "Tobias", "Krämer", _coordinator(KI_NAME, "1,0")),
    _demo(
        "assistenz",
        "Elena",
        "Petrova",
        RoleSpec(role="assistant", function="Verwaltungsassistenz KIM (0,5 VZÄ)"),
    ),
    _demo(
        "abh",
        "Markus",
        "Schäfer",
        RoleSpec(role="authority_staff", organisation="abh-kreis", function="Sachbearbeitung Aufenthaltsrecht"),
    ),
    _demo("lenkung", "Michael", "Stahl", _seat("kreis", "Dezernent Schule/Bildung/Soziales/Jugend")),
    _demo(
        "projektgruppe",
        "Samira",
        "Haddad",
        RoleSpec(role="project_member", organisation="jobcenter", function="Projektgruppe Wohnen"),
    ),
    _demo(
        "partner",
        "Luca",
        "Romano",
        RoleSpec(role="partner_staff", organisation="sprachschule", function="Kursberatung"),
    ),
    _demo(
        "datenschutz",
        "Petra",
        "Lindner",
        RoleSpec(role="dpo", function="Datenschutzbeauftragte Kreis Siegen-Wittgenstein"),
    ),
    _demo("admin", "Florian", "Becker", RoleSpec(role="region_admin", function="Fachadministration KIM")),
    # Case management: 14.0 FTE across five teams (people in post match the funded shares)
    _staff("katharina.schmidt", "Katharina", "Schmidt", _case_manager(TEAM_SIEGEN, "1,0")),
    _staff("hamid.rahimi", "Hamid", "Rahimi", _case_manager(TEAM_SIEGEN, "0,5")),
    _staff(
        "thomas.klein",
        "Thomas",
        "Klein",
        RoleSpec(role="team_lead", team=TEAM_NORD, function="Teamleitung"),
    ),
    _staff("olga.schneider", "Olga", "Schneider", _case_manager(TEAM_NORD, "1,0")),
    _staff("dimitrios.papadopoulos", "Dimitrios", "Papadopoulos", _case_manager(TEAM_NORD, "1,0")),
    _staff("lea.fischer", "Lea", "Fischer", _case_manager(TEAM_NORD, "0,5")),
    _staff("fatma.aydin", "Fatma", "Aydın", _case_manager(TEAM_SUED, "1,0")),
    _staff("sebastian.wagner", "Sebastian", "Wagner", _case_manager(TEAM_SUED, "1,0")),
    _staff("anna.nowak", "Anna", "Nowak", _case_manager(TEAM_WEST, "1,0")),
    _staff("yusuf.oeztuerk", "Yusuf", "Öztürk", _case_manager(TEAM_WEST, "1,0")),
    _staff("miriam.braun", "Miriam", "Braun", _case_manager(TEAM_WITTGENSTEIN, "1,0")),
    _staff("kemal.arslan", "Kemal", "Arslan", _case_manager(TEAM_WITTGENSTEIN, "1,0")),
    _staff("julia.zimmermann", "Julia", "Zimmermann", _case_manager(TEAM_WITTGENSTEIN, "1,0")),
    # Coordination: Kreis 3.5 FTE (with koordination above), Stadt Siegen 1.0 FTE; advisory in the steering group
    _staff(
        "nicole.hartmann",
        "Nicole",
        "Hartmann",
        _coordinator(KI_NAME, "1,0"),
        _seat("ki", "Koordinierungsteam KIM Kreis Siegen-Wittgenstein (beratend)"),
    ),
    _staff("daniel.roth", "Daniel", "Roth", _coordinator(KI_NAME, "1,0")),
    _staff("svetlana.iwanowa", "Svetlana", "Iwanowa", _coordinator(KI_NAME, "0,5")),
    _staff(
        "mehmet.kaya",
        "Mehmet",
        "Kaya",
        _coordinator("Universitätsstadt Siegen", "1,0"),
        _seat("stadt-siegen", "Koordinierungsteam KIM Universitätsstadt Siegen (beratend)"),
    ),
    # Baustein 3: the other ABH/EBH posts of Kreis and Stadt Siegen
    _staff(
        "christina.lange",
        "Christina",
        "Lange",
        RoleSpec(role="authority_staff", organisation="ebh-kreis", function="Sachbearbeitung Einbürgerung"),
    ),
    _staff(
        "ali.hassan",
        "Ali",
        "Hassan",
        RoleSpec(role="authority_staff", organisation="abh-stadt", function="Sachbearbeitung Aufenthaltsrecht"),
    ),
    _staff(
        "birgit.schulz",
        "Birgit",
        "Schulz",
        RoleSpec(role="authority_staff", organisation="ebh-stadt", function="Sachbearbeitung Einbürgerung"),
    ),
    # The other seats of the Lenkungsgruppe (the first is held by the demo login lenkung)
    _staff("peter.irle", "Peter", "Irle", _seat("kreis", "Dezernent Gesundheit/Sicherheit/Bevölkerungsschutz")),
    _staff("andreas.jung", "Andreas", "Jung", _seat("stadt-hilchenbach", "Sprecher der Bürgermeisterkonferenz")),
    _staff("claudia.held", "Claudia", "Held", _seat("gemeinde-wilnsdorf", "Vertretung der Kommunen (Arbeitsebene)")),
    _staff("martina.boehm", "Martina", "Böhm", _seat("kreis", "Leitung Schulverwaltungsamt")),
    _staff("serkan.yildiz", "Serkan", "Yıldız", _seat("ki", "Leitung Kommunales Integrationszentrum")),
    _staff("heike.reuter", "Heike", "Reuter", _seat("jobcenter", "Jobcenter (Geschäftsführung)")),
    _staff("frank.moeller", "Frank", "Möller", _seat("agentur", "Agentur für Arbeit (Geschäftsführung)")),
    _staff("bernd.kuhn", "Bernd", "Kuhn", _seat("caritas", "Vertretung der AG Wohlfahrt")),
    _staff("susanne.weiss", "Susanne", "Weiß", _seat("diakonie", "Vertretung der AG Wohlfahrt")),
    _staff("oliver.scholz", "Oliver", "Scholz", _seat("arbeitgeber", "Arbeitgeberverbände/Gewerkschaften")),
    _staff("ruth.schreiber", "Ruth", "Schreiber", _seat("kirchenkreis", "Kirchen")),
    _staff("marco.bianchi", "Marco", "Bianchi", _seat("bamf", "BAMF (Regionalkoordination)")),
)

REGION = RegionSpec(
    name="Kreis Siegen-Wittgenstein",
    ags="05970",
    slug="siegen-wittgenstein",
    kind=Region.Kind.KREIS,
    municipalities=MUNICIPALITIES,
    organisations=ORGANISATIONS,
    teams=TEAMS,
    funded_posts_year=2022,
    funded_posts=FUNDED_POSTS,
    key_dates=KEY_DATES,
    people=PEOPLE,
)
