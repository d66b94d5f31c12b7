"""Demo case management in Kreis Siegen-Wittgenstein: about thirty invented cases.

Every stage of the DGCC cycle, every team, several municipalities; among them the
family from the domain brief — recognised as refugees, moving from AsylbLG to SGB II,
residence permit ending in 45 days (within the default 90-day lead time), two children
recorded as household members, looking for a flat, a language course,
recognition of a nursing diploma, a school place and a Kita place. Some steps are due
today or overdue, so the case managers' start pages have something to show.

All people are invented. Dates are relative to the day of seeding, so a fresh demo is
always current. Writes go through the case services (actor=None: system). Idempotent:
a person is found by name and date of birth; a person who already has a case in the
team is left alone, so a second run writes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kim.accounts.models import User
from kim.cases import monitoring, services
from kim.cases.models import (
    Assessment,
    Case,
    Client,
    ClientLanguage,
    ConsentPurpose,
    ConsentText,
    Contact,
    FollowUp,
    Goal,
    IndicationCriterion,
    LegalDomainChange,
    Need,
    Note,
    Step,
    TargetGroupCheck,
    TargetGroupRule,
)
from kim.core.models import Catalogue, CatalogueEntry, Municipality, Organisation, Region, Team
from kim.demo.builders import SeedReport

REGION_SLUG = "siegen-wittgenstein"
SIEGEN = "Siegen (Universitätsstadt)"
T_SIEGEN = "Team Siegen"
T_NORD = "Team Siegerland Nord"
T_SUED = "Team Siegerland Süd"
T_WEST = "Team Siegen-West/Freudenberg"
T_WITT = "Team Wittgenstein"

INTAKE = Case.Stage.INTAKE
ASSESSMENT = Case.Stage.ASSESSMENT
PLAN = Case.Stage.PLAN
IMPLEMENTATION = Case.Stage.IMPLEMENTATION
CLOSURE = Case.Stage.CLOSURE

SPRACHSCHULE = "Sprachschule Siegerland (Demo)"
JOBCENTER = "Jobcenter Siegen-Wittgenstein"


@dataclass(frozen=True)
class StepSpec:
    description: str
    due_in: int  # days from today (negative: overdue)
    responsible: str = Step.Responsible.CASE_MANAGER
    partner: str = ""
    done: bool = False


@dataclass(frozen=True)
class GoalSpec:
    domain: str
    specific: str
    measurable: str
    due_in: int
    steps: tuple[StepSpec, ...] = ()
    achievement: str = ""  # only for closed cases


@dataclass(frozen=True)
class AssessmentSpec:
    domain: str
    situation: str
    resources: str = ""
    own_goals: str = ""
    needs: tuple[str, ...] = ()


@dataclass(frozen=True)
class CaseSpec:
    given_names: str
    family_name: str
    birth_date: dt.date
    team: str
    case_manager: str
    municipality: str
    stage: str
    opened_ago: int
    nationalities: tuple[str, ...] = ("SY",)
    original_name: str = ""
    script: str = ""
    gender: str = Client.Gender.NOT_STATED
    arrived_ago: int = 500
    residence_title: str = ""
    legal_basis: str = ""
    residence_in: int | None = None  # days until the residence title ends
    language: str = "ar"
    interpreter: bool = True
    referral_source: str = "selbst"
    legal_domain: str = "sgb2"
    assessments: tuple[AssessmentSpec, ...] = ()
    goals: tuple[GoalSpec, ...] = ()
    contacts: tuple[tuple[int, str, int, str], ...] = ()  # (days ago, channel, minutes, summary)
    note: str = ""
    closure_reason: str = "ziele_erreicht"
    legal_change: tuple[str, str, int] | None = None  # (from, to, days ago)
    follow_up: tuple[int, str] | None = None  # (in days, subject)
    household_with: tuple[str, str, str] | None = None  # (given, family, relation of this person)
    indications: tuple[str, ...] = (IndicationCriterion.COMPLEX_NEEDS, IndicationCriterion.SEVERAL_AGENCIES)


def _d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


A = AssessmentSpec
G = GoalSpec
S = StepSpec
AUFENTHALT_25_2 = ("Aufenthaltserlaubnis", "§ 25 Abs. 2 AufenthG")
AUFENTHALT_25_1 = ("Aufenthaltserlaubnis", "§ 25 Abs. 1 AufenthG")
AUFENTHALT_24 = ("Aufenthaltserlaubnis (vorübergehender Schutz)", "§ 24 AufenthG")
GESTATTUNG = ("Aufenthaltsgestattung", "§ 55 AsylG")
DULDUNG = ("Duldung", "§ 60a AufenthG")
FREIZUEGIG = ("Freizügigkeitsberechtigung (EU)", "§ 2 FreizügG/EU")
CHANCEN = ("Chancen-Aufenthaltsrecht", "§ 104c AufenthG")

# The refugee family's residence permits end within the default 90-day reminder lead time.
FAMILY_PERMIT_DAYS = 45
# The family's children: household members of Amal Haddad without a case of their own
# (given names, names in Arabic script, age in years, gender).
FAMILY_REFERENCE = ("Amal", "Haddad")
FAMILY_CHILDREN: tuple[tuple[str, str, int, str], ...] = (
    ("Yara", "يارا حداد", 9, Client.Gender.FEMALE),
    ("Omar", "عمر حداد", 4, Client.Gender.MALE),
)

SPECS: tuple[CaseSpec, ...] = (
    # The family from the brief: recognised refugees, AsylbLG → SGB II, permit ends within the
    # default 90-day lead time (so it shows as "expiring"); the children are household members.
    CaseSpec(
        "Amal",
        "Haddad",
        _d(1988, 3, 14),
        T_SIEGEN,
        "fallmanagement1",
        SIEGEN,
        IMPLEMENTATION,
        opened_ago=75,
        original_name="أمل حداد",
        script=Client.Script.ARABIC,
        gender=Client.Gender.FEMALE,
        arrived_ago=610,
        residence_title=AUFENTHALT_25_2[0],
        legal_basis=AUFENTHALT_25_2[1],
        residence_in=FAMILY_PERMIT_DAYS,
        legal_domain="asylblg",
        referral_source="abh",
        assessments=(
            A(
                "wohnen",
                "Familie (2 Erwachsene, Kinder 4 und 9 Jahre) lebt seit 18 Monaten in der Gemeinschaftsunterkunft.",
                "Mietschuldenfreiheit, Unterstützung durch Patin aus der Kirchengemeinde.",
                "Eigene Wohnung in Siegen, nahe der Grundschule.",
                ("Wohnung für 4 Personen", "Wohnberechtigungsschein"),
            ),
            A(
                "anerkennung",
                "Abschluss als Pflegefachkraft (Damaskus, 2010), 8 Jahre Berufserfahrung.",
                "Zeugnisse im Original vorhanden, hohe Motivation.",
                "Wieder in der Pflege arbeiten.",
                ("Anerkennung des Pflegediploms",),
            ),
            A(
                "sprache",
                "Integrationskurs bis A2 abgeschlossen.",
                "Lernt abends mit den Kindern.",
                "B1 und Fachsprache Pflege.",
                ("Sprachkurs B1",),
            ),
            A(
                "familie",
                "Sohn (9) braucht Schulplatz nach Umzug, Tochter (4) hat keinen Kita-Platz.",
                "Nachbarin kann stundenweise betreuen.",
                "Kinder gut versorgt, damit der Sprachkurs möglich ist.",
                ("Kita-Platz", "Schulplatz nach Umzug"),
            ),
            A(
                "aufenthalt",
                "Aufenthaltserlaubnis endet in etwa vier Monaten; Verlängerung noch nicht beantragt.",
                needs=("Verlängerung der Aufenthaltserlaubnis",),
            ),
        ),
        goals=(
            G(
                "aufenthalt",
                "Aufenthaltserlaubnis ist rechtzeitig verlängert",
                "Antrag bei der Ausländerbehörde gestellt, Fiktionsbescheinigung liegt vor",
                60,
                (
                    S("Termin bei der Ausländerbehörde vereinbaren", 0),
                    S("Unterlagen für die Verlängerung zusammenstellen", 14, Step.Responsible.CLIENT),
                ),
            ),
            G(
                "wohnen",
                "Familie hat eine eigene Wohnung",
                "Mietvertrag unterschrieben",
                150,
                (
                    S("Wohnberechtigungsschein beantragen", -3, Step.Responsible.CLIENT),
                    S("Wohnungsangebote mit der Patin sichten", 7, Step.Responsible.CLIENT),
                ),
            ),
            G(
                "anerkennung",
                "Anerkennungsverfahren für das Pflegediplom ist eingeleitet",
                "Antrag bei der Bezirksregierung eingereicht",
                90,
                (
                    S("Beratung Anerkennung (IQ-Netzwerk) vermitteln", -1),
                    S("Zeugnisse übersetzen lassen", 21, Step.Responsible.CLIENT),
                ),
            ),
            G(
                "sprache",
                "B1-Kurs hat begonnen",
                "Anmeldebestätigung der Sprachschule",
                45,
                (S("Kursberatung bei der Sprachschule", 5, Step.Responsible.PARTNER, SPRACHSCHULE),),
            ),
            G(
                "familie",
                "Tochter hat einen Kita-Platz",
                "Zusage des Jugendamts",
                120,
                (S("Kita-Anmeldung über den Kita-Navigator", 0, Step.Responsible.CLIENT),),
            ),
        ),
        contacts=(
            (75, "persoenlich", 90, "Erstgespräch mit Dolmetscherin, Einwilligung erklärt und unterschrieben."),
            (60, "persoenlich", 60, "Assessment Wohnen, Anerkennung, Familie."),
            (30, "telefon", 15, "Rückfrage zu Unterlagen für das Jobcenter."),
            (6, "begleitung", 120, "Begleitung zum Jobcenter: Antrag SGB II gestellt."),
        ),
        note="Rechtskreiswechsel: Leistungsbescheid AsylbLG endet zum Monatsende, SGB-II-Antrag gestellt.",
        legal_change=("asylblg", "sgb2", 3),
        follow_up=(7, "Bescheid Jobcenter da? Sonst nachfragen"),
    ),
    CaseSpec(
        "Khaled",
        "Haddad",
        _d(1985, 11, 2),
        T_SIEGEN,
        "fallmanagement2",
        SIEGEN,
        PLAN,
        opened_ago=70,
        original_name="خالد حداد",
        script=Client.Script.ARABIC,
        gender=Client.Gender.MALE,
        arrived_ago=610,
        residence_title=AUFENTHALT_25_2[0],
        legal_basis=AUFENTHALT_25_2[1],
        residence_in=FAMILY_PERMIT_DAYS,
        legal_domain="asylblg",
        referral_source="abh",
        assessments=(
            A(
                "arbeit",
                "Berufserfahrung als Elektriker, keine Nachweise.",
                "Handwerkliches Geschick, Führerschein Klasse B (Syrien).",
                "Arbeit im Handwerk.",
                ("Einstieg in Beschäftigung", "Umschreibung Führerschein"),
            ),
        ),
        legal_change=("asylblg", "sgb2", 3),
        household_with=("Amal", "Haddad", Client.HouseholdRelation.PARTNER),
    ),
    # Team Siegen, further cases
    CaseSpec(
        "Olena",
        "Kovalenko",
        _d(1979, 6, 30),
        T_SIEGEN,
        "fallmanagement1",
        SIEGEN,
        IMPLEMENTATION,
        opened_ago=200,
        nationalities=("UA",),
        original_name="Олена Коваленко",
        script=Client.Script.CYRILLIC,
        gender=Client.Gender.FEMALE,
        arrived_ago=900,
        residence_title=AUFENTHALT_24[0],
        legal_basis=AUFENTHALT_24[1],
        residence_in=60,
        language="uk",
        interpreter=False,
        referral_source="jobcenter",
        assessments=(
            A("arbeit", "Lehrerin (Mathematik), arbeitet als Reinigungskraft.", needs=("Anerkennung Lehramt",)),
            A("sprache", "B1 bestanden.", needs=("Berufssprachkurs B2",)),
        ),
        goals=(
            G(
                "sprache",
                "Berufssprachkurs B2 abgeschlossen",
                "Zertifikat B2",
                180,
                (S("Anmeldung Berufssprachkurs", -5, Step.Responsible.CLIENT),),
            ),
        ),
        contacts=((30, "video", 30, "Kurswahl besprochen."),),
        follow_up=(0, "Verlängerung § 24 besprechen"),
    ),
    CaseSpec(
        "Mohammad",
        "Rahimi",
        _d(2004, 1, 1),
        T_SIEGEN,
        "fallmanagement1",
        SIEGEN,
        ASSESSMENT,
        opened_ago=12,
        nationalities=("AF",),
        original_name="محمد رحیمی",
        script=Client.Script.ARABIC,
        gender=Client.Gender.MALE,
        arrived_ago=400,
        residence_title=GESTATTUNG[0],
        legal_basis=GESTATTUNG[1],
        residence_in=40,
        language="prs",
        legal_domain="asylblg",
        referral_source="schule_kita",
        contacts=((12, "persoenlich", 60, "Erstgespräch im Berufskolleg."),),
    ),
    CaseSpec(
        "Ayşe",
        "Yıldız",
        _d(1992, 8, 8),
        T_SIEGEN,
        "fallmanagement2",
        SIEGEN,
        INTAKE,
        opened_ago=2,
        nationalities=("TR",),
        gender=Client.Gender.FEMALE,
        arrived_ago=200,
        language="tr",
        referral_source="beratungsstelle",
    ),
    CaseSpec(
        "Samuel",
        "Tesfaye",
        _d(1999, 4, 20),
        T_SIEGEN,
        "fallmanagement2",
        SIEGEN,
        IMPLEMENTATION,
        opened_ago=150,
        nationalities=("ER",),
        original_name="ሳሙኤል ተስፋየ",
        script=Client.Script.ETHIOPIC,
        gender=Client.Gender.MALE,
        arrived_ago=800,
        residence_title=AUFENTHALT_25_2[0],
        legal_basis=AUFENTHALT_25_2[1],
        residence_in=400,
        language="ti",
        assessments=(A("ausbildung", "Möchte Ausbildung zum Mechatroniker.", needs=("Ausbildungsplatz",)),),
        goals=(
            G(
                "ausbildung",
                "Ausbildungsvertrag für August",
                "Unterschriebener Vertrag",
                200,
                (
                    S("Bewerbungsunterlagen fertigstellen", -2),
                    S("Praktikum beim Autohaus", 20, Step.Responsible.CLIENT, done=False),
                ),
            ),
        ),
        contacts=((20, "persoenlich", 45, "Bewerbungstraining."),),
    ),
    CaseSpec(
        "Leyla",
        "Ahmadi",
        _d(1975, 12, 12),
        T_SIEGEN,
        "katharina.schmidt",
        SIEGEN,
        CLOSURE,
        opened_ago=400,
        nationalities=("IR",),
        original_name="لیلا احمدی",
        script=Client.Script.ARABIC,
        gender=Client.Gender.FEMALE,
        arrived_ago=1200,
        residence_title=AUFENTHALT_25_1[0],
        legal_basis=AUFENTHALT_25_1[1],
        residence_in=700,
        language="fa",
        assessments=(A("arbeit", "Sucht Teilzeitstelle im Verkauf.", needs=("Arbeitsstelle",)),),
        goals=(G("arbeit", "Teilzeitstelle gefunden", "Arbeitsvertrag", -30, achievement=Goal.Achievement.FULLY),),
        closure_reason="ziele_erreicht",
    ),
    CaseSpec(
        "Daniel",
        "Popescu",
        _d(1990, 2, 17),
        T_SIEGEN,
        "hamid.rahimi",
        SIEGEN,
        PLAN,
        opened_ago=40,
        nationalities=("RO",),
        gender=Client.Gender.MALE,
        arrived_ago=300,
        residence_title=FREIZUEGIG[0],
        legal_basis=FREIZUEGIG[1],
        language="ro",
        interpreter=False,
        legal_domain="sgb2",
        assessments=(
            A("finanzen", "Mietschulden nach Arbeitsplatzverlust.", needs=("Schuldnerberatung",)),
            A("wohnen", "Räumungsklage angedroht.", needs=("Wohnung sichern",)),
        ),
    ),
    # Team Siegerland Nord (Hilchenbach, Kreuztal, Netphen)
    CaseSpec(
        "Fatima",
        "Al-Sayed",
        _d(1983, 5, 5),
        T_NORD,
        "fallmanagement3",
        "Kreuztal",
        IMPLEMENTATION,
        opened_ago=120,
        original_name="فاطمة السيد",
        script=Client.Script.ARABIC,
        gender=Client.Gender.FEMALE,
        arrived_ago=700,
        residence_title=AUFENTHALT_25_2[0],
        legal_basis=AUFENTHALT_25_2[1],
        residence_in=85,
        assessments=(A("gesundheit", "Chronische Erkrankung, kein Hausarzt.", needs=("Hausärztliche Versorgung",)),),
        goals=(
            G(
                "gesundheit",
                "Hausärztin gefunden",
                "Erster Termin hat stattgefunden",
                30,
                (S("Hausarztpraxen mit Arabisch anfragen", -4),),
            ),
        ),
        contacts=((14, "telefon", 20, "Praxisliste besprochen."),),
    ),
    CaseSpec(
        "Yusuf",
        "Osman",
        _d(2001, 9, 9),
        T_NORD,
        "fallmanagement3",
        "Netphen",
        ASSESSMENT,
        opened_ago=20,
        nationalities=("SO",),
        gender=Client.Gender.MALE,
        arrived_ago=250,
        residence_title=GESTATTUNG[0],
        legal_basis=GESTATTUNG[1],
        residence_in=25,
        language="so",
        legal_domain="asylblg",
    ),
    CaseSpec(
        "Natalia",
        "Wiśniewska",
        _d(1987, 7, 21),
        T_NORD,
        "olga.schneider",
        "Hilchenbach",
        IMPLEMENTATION,
        opened_ago=90,
        nationalities=("PL",),
        gender=Client.Gender.FEMALE,
        arrived_ago=365,
        residence_title=FREIZUEGIG[0],
        legal_basis=FREIZUEGIG[1],
        language="pl",
        interpreter=False,
        assessments=(A("familie", "Alleinerziehend, zwei Kinder.", needs=("Betreuung in Randzeiten",)),),
        goals=(
            G(
                "familie",
                "Betreuung in Randzeiten geregelt",
                "Betreuungsvertrag",
                60,
                (S("Tagesmutter-Vermittlung anfragen", 3),),
            ),
        ),
    ),
    CaseSpec(
        "Ahmad",
        "Noori",
        _d(1996, 10, 3),
        T_NORD,
        "dimitrios.papadopoulos",
        "Kreuztal",
        CLOSURE,
        opened_ago=300,
        nationalities=("AF",),
        gender=Client.Gender.MALE,
        arrived_ago=1000,
        residence_title=AUFENTHALT_25_2[0],
        legal_basis=AUFENTHALT_25_2[1],
        residence_in=500,
        language="ps",
        closure_reason="verzogen",
        goals=(G("arbeit", "Arbeitsstelle", "Vertrag", -60, achievement=Goal.Achievement.PARTLY),),
        assessments=(A("arbeit", "Lagerhelfer befristet.", needs=("Unbefristete Stelle",)),),
    ),
    CaseSpec(
        "Svitlana",
        "Bondarenko",
        _d(1968, 1, 25),
        T_NORD,
        "lea.fischer",
        "Netphen",
        PLAN,
        opened_ago=35,
        nationalities=("UA",),
        original_name="Світлана Бондаренко",
        script=Client.Script.CYRILLIC,
        gender=Client.Gender.FEMALE,
        arrived_ago=700,
        residence_title=AUFENTHALT_24[0],
        legal_basis=AUFENTHALT_24[1],
        residence_in=60,
        language="uk",
        assessments=(A("mobilitaet", "Führerschein aus der Ukraine, Umschreibung nötig.", needs=("Führerschein",)),),
    ),
    # Team Siegerland Süd (Burbach, Neunkirchen, Wilnsdorf)
    CaseSpec(
        "Hussein",
        "Jaber",
        _d(1980, 4, 4),
        T_SUED,
        "fatma.aydin",
        "Burbach",
        IMPLEMENTATION,
        opened_ago=180,
        nationalities=("IQ",),
        original_name="حسين جابر",
        script=Client.Script.ARABIC,
        gender=Client.Gender.MALE,
        arrived_ago=1500,
        residence_title=CHANCEN[0],
        legal_basis=CHANCEN[1],
        residence_in=70,
        legal_domain="aufenthg",
        assessments=(
            A(
                "aufenthalt",
                "Chancen-Aufenthaltsrecht endet; Übergang in § 25b prüfen.",
                needs=("Bleiberecht § 25b",),
            ),
        ),
        goals=(
            G(
                "aufenthalt",
                "Antrag nach § 25b gestellt",
                "Eingangsbestätigung der ABH",
                50,
                (
                    S("Nachweise Lebensunterhalt sammeln", -7, Step.Responsible.CLIENT),
                    S("A2-Zertifikat vorlegen", 10, Step.Responsible.CLIENT),
                ),
            ),
        ),
        follow_up=(3, "Termin ABH bestätigen"),
    ),
    CaseSpec(
        "Grace",
        "Okafor",
        _d(1994, 12, 24),
        T_SUED,
        "fatma.aydin",
        "Wilnsdorf",
        INTAKE,
        opened_ago=5,
        nationalities=("NG",),
        gender=Client.Gender.FEMALE,
        arrived_ago=150,
        language="en",
        interpreter=False,
        residence_title=GESTATTUNG[0],
        legal_basis=GESTATTUNG[1],
        residence_in=100,
        legal_domain="asylblg",
    ),
    CaseSpec(
        "Elif",
        "Demir",
        _d(1998, 6, 1),
        T_SUED,
        "sebastian.wagner",
        "Neunkirchen",
        IMPLEMENTATION,
        opened_ago=100,
        nationalities=("TR",),
        gender=Client.Gender.FEMALE,
        arrived_ago=600,
        residence_title="Aufenthaltserlaubnis (Familiennachzug)",
        legal_basis="§ 30 AufenthG",
        residence_in=900,
        language="tr",
        assessments=(A("ausbildung", "Abitur aus der Türkei, möchte studieren.", needs=("Studienplatz",)),),
        goals=(G("ausbildung", "Zulassung Studienkolleg", "Zulassungsbescheid", 140, (S("Zeugnisbewertung", 14),)),),
    ),
    CaseSpec(
        "Bashir",
        "Hamidi",
        _d(1972, 3, 3),
        T_SUED,
        "sebastian.wagner",
        "Burbach",
        CLOSURE,
        opened_ago=500,
        nationalities=("AF",),
        gender=Client.Gender.MALE,
        arrived_ago=2000,
        residence_title=AUFENTHALT_25_2[0],
        legal_basis=AUFENTHALT_25_2[1],
        residence_in=1000,
        language="prs",
        closure_reason="kontakt_abgebrochen",
    ),
    # Team Siegen-West/Freudenberg
    CaseSpec(
        "Mariam",
        "Kiros",
        _d(1991, 9, 19),
        T_WEST,
        "anna.nowak",
        "Freudenberg",
        IMPLEMENTATION,
        opened_ago=130,
        nationalities=("ER",),
        gender=Client.Gender.FEMALE,
        arrived_ago=800,
        residence_title=AUFENTHALT_25_2[0],
        legal_basis=AUFENTHALT_25_2[1],
        residence_in=30,
        language="ti",
        assessments=(A("sprache", "Alphabetisierung abgeschlossen.", needs=("Integrationskurs",)),),
        goals=(
            G(
                "sprache",
                "Integrationskurs begonnen",
                "Teilnahmebestätigung",
                40,
                (S("Berechtigungsschein beim BAMF beantragen", -10),),
            ),
        ),
    ),
    CaseSpec(
        "Anton",
        "Melnyk",
        _d(2006, 2, 2),
        T_WEST,
        "anna.nowak",
        SIEGEN,
        ASSESSMENT,
        opened_ago=15,
        nationalities=("UA",),
        original_name="Антон Мельник",
        script=Client.Script.CYRILLIC,
        gender=Client.Gender.MALE,
        arrived_ago=500,
        residence_title=AUFENTHALT_24[0],
        legal_basis=AUFENTHALT_24[1],
        residence_in=60,
        language="uk",
        referral_source="schule_kita",
    ),
    CaseSpec(
        "Rashid",
        "Karimi",
        _d(1983, 8, 30),
        T_WEST,
        "yusuf.oeztuerk",
        "Freudenberg",
        PLAN,
        opened_ago=50,
        nationalities=("IR",),
        gender=Client.Gender.MALE,
        arrived_ago=1100,
        residence_title=DULDUNG[0],
        legal_basis=DULDUNG[1],
        residence_in=20,
        language="fa",
        legal_domain="aufenthg",
        assessments=(A("aufenthalt", "Duldung seit 3 Jahren, Ausbildung abgeschlossen.", needs=("Bleiberecht",)),),
    ),
    CaseSpec(
        "Sara",
        "Tekle",
        _d(1995, 11, 11),
        T_WEST,
        "yusuf.oeztuerk",
        SIEGEN,
        IMPLEMENTATION,
        opened_ago=110,
        nationalities=("ET",),
        gender=Client.Gender.FEMALE,
        arrived_ago=900,
        residence_title=AUFENTHALT_25_2[0],
        legal_basis=AUFENTHALT_25_2[1],
        residence_in=300,
        language="am",
        assessments=(A("teilhabe", "Wenig Kontakte außerhalb der Familie.", needs=("Ehrenamt",)),),
        goals=(
            G(
                "teilhabe",
                "Ehrenamtliche Tätigkeit begonnen",
                "Erster Einsatz",
                60,
                (S("Freiwilligenagentur kontaktieren", 0, Step.Responsible.CLIENT),),
            ),
        ),
    ),
    # Team Wittgenstein (Bad Berleburg, Bad Laasphe, Erndtebrück)
    CaseSpec(
        "Nour",
        "Khalil",
        _d(1989, 7, 7),
        T_WITT,
        "miriam.braun",
        "Bad Berleburg",
        IMPLEMENTATION,
        opened_ago=160,
        original_name="نور خليل",
        script=Client.Script.ARABIC,
        gender=Client.Gender.FEMALE,
        arrived_ago=1000,
        residence_title=AUFENTHALT_25_2[0],
        legal_basis=AUFENTHALT_25_2[1],
        residence_in=75,
        assessments=(A("mobilitaet", "Ländlicher Wohnort, kein Auto.", needs=("Führerschein",)),),
        goals=(
            G(
                "mobilitaet",
                "Führerschein Klasse B",
                "Fahrerlaubnis erteilt",
                200,
                (S("Förderung Führerschein beim Jobcenter beantragen", -1, Step.Responsible.CLIENT),),
            ),
        ),
    ),
    CaseSpec(
        "Ibrahim",
        "Diallo",
        _d(2002, 5, 25),
        T_WITT,
        "miriam.braun",
        "Bad Laasphe",
        INTAKE,
        opened_ago=1,
        nationalities=("GN",),
        gender=Client.Gender.MALE,
        arrived_ago=300,
        language="fr",
        residence_title=GESTATTUNG[0],
        legal_basis=GESTATTUNG[1],
        residence_in=150,
        legal_domain="asylblg",
    ),
    CaseSpec(
        "Maryna",
        "Shevchenko",
        _d(1977, 10, 10),
        T_WITT,
        "kemal.arslan",
        "Erndtebrück",
        IMPLEMENTATION,
        opened_ago=140,
        nationalities=("UA",),
        original_name="Марина Шевченко",
        script=Client.Script.CYRILLIC,
        gender=Client.Gender.FEMALE,
        arrived_ago=800,
        residence_title=AUFENTHALT_24[0],
        legal_basis=AUFENTHALT_24[1],
        residence_in=60,
        language="uk",
        assessments=(A("anerkennung", "Ärztin, Approbation in Deutschland angestrebt.", needs=("Kenntnisprüfung",)),),
        goals=(
            G(
                "anerkennung",
                "Fachsprachprüfung Medizin bestanden",
                "Prüfungszeugnis",
                240,
                (S("Anmeldung Fachsprachkurs", 30),),
            ),
        ),
    ),
    CaseSpec(
        "Omar",
        "Barakat",
        _d(1966, 2, 28),
        T_WITT,
        "kemal.arslan",
        "Bad Berleburg",
        CLOSURE,
        opened_ago=380,
        original_name="عمر بركات",
        script=Client.Script.ARABIC,
        gender=Client.Gender.MALE,
        arrived_ago=2500,
        residence_title="Niederlassungserlaubnis",
        legal_basis="§ 9 AufenthG",
        language="ar",
        interpreter=False,
        legal_domain="sgb12",
        closure_reason="uebergeben",
        assessments=(A("gesundheit", "Pflegebedarf, Pflegegrad beantragt.", needs=("Pflegegrad",)),),
        goals=(G("gesundheit", "Pflegegrad festgestellt", "Bescheid", -20, achievement=Goal.Achievement.FULLY),),
    ),
    CaseSpec(
        "Zainab",
        "Hussaini",
        _d(2000, 12, 1),
        T_WITT,
        "julia.zimmermann",
        "Bad Laasphe",
        ASSESSMENT,
        opened_ago=25,
        nationalities=("AF",),
        gender=Client.Gender.FEMALE,
        arrived_ago=450,
        residence_title=AUFENTHALT_25_2[0],
        legal_basis=AUFENTHALT_25_2[1],
        residence_in=800,
        language="prs",
    ),
    CaseSpec(
        "Tigist",
        "Alemu",
        _d(1993, 3, 8),
        T_WITT,
        "julia.zimmermann",
        "Erndtebrück",
        PLAN,
        opened_ago=45,
        nationalities=("ET",),
        gender=Client.Gender.FEMALE,
        arrived_ago=700,
        residence_title=AUFENTHALT_25_2[0],
        legal_basis=AUFENTHALT_25_2[1],
        residence_in=110,
        language="am",
        assessments=(A("schule", "Sohn (7) ohne Förderung in Deutsch.", needs=("Sprachförderung Schule",)),),
    ),
    # More in Team Siegen so the demo logins' lists are full
    CaseSpec(
        "Dilan",
        "Aksoy",
        _d(1997, 1, 15),
        T_SIEGEN,
        "fallmanagement1",
        SIEGEN,
        PLAN,
        opened_ago=30,
        nationalities=("TR",),
        gender=Client.Gender.FEMALE,
        arrived_ago=350,
        residence_title="Aufenthaltserlaubnis (Familiennachzug)",
        legal_basis="§ 30 AufenthG",
        residence_in=500,
        language="ku",
        assessments=(A("sprache", "Keine Deutschkenntnisse.", needs=("Integrationskurs mit Kinderbetreuung",)),),
        contacts=((10, "persoenlich", 50, "Assessment Sprache mit Dolmetscherin."),),
    ),
    CaseSpec(
        "Abdulrahman",
        "Said",
        _d(1990, 7, 1),
        T_SIEGEN,
        "fallmanagement2",
        SIEGEN,
        IMPLEMENTATION,
        opened_ago=220,
        original_name="عبد الرحمن سعيد",
        script=Client.Script.ARABIC,
        gender=Client.Gender.MALE,
        arrived_ago=1300,
        residence_title=AUFENTHALT_25_2[0],
        legal_basis=AUFENTHALT_25_2[1],
        residence_in=45,
        assessments=(
            A("einbuergerung", "Lebt seit über 5 Jahren in Deutschland, B1 vorhanden.", needs=("Einbürgerung",)),
        ),
        goals=(
            G(
                "einbuergerung",
                "Einbürgerungsantrag gestellt",
                "Eingangsbestätigung der Einbürgerungsbehörde",
                90,
                (S("Einbürgerungstest ablegen", -6, Step.Responsible.CLIENT),),
            ),
        ),
    ),
    CaseSpec(
        "Miriam",
        "Haile",
        _d(1986, 4, 16),
        T_SIEGEN,
        "katharina.schmidt",
        SIEGEN,
        IMPLEMENTATION,
        opened_ago=95,
        nationalities=("ER",),
        gender=Client.Gender.FEMALE,
        arrived_ago=750,
        residence_title=AUFENTHALT_25_2[0],
        legal_basis=AUFENTHALT_25_2[1],
        residence_in=250,
        language="ti",
        assessments=(A("arbeit", "Erfahrung in der Gastronomie.", needs=("Arbeitsstelle in Teilzeit",)),),
        goals=(
            G(
                "arbeit",
                "Teilzeitstelle in der Gastronomie",
                "Arbeitsvertrag",
                100,
                (S("Vermittlungsgespräch Jobcenter", 2, Step.Responsible.PARTNER, JOBCENTER),),
            ),
        ),
    ),
)


# --- Seeding --------------------------------------------------------------------------------


class _Context:
    """Lookups of one region, loaded once."""

    def __init__(self, region: Region) -> None:
        self.region = region
        self.teams = {team.name: team for team in Team.objects.filter(region=region)}
        self.municipalities = {m.name: m for m in Municipality.objects.filter(region=region)}
        self.organisations = {o.name: o for o in Organisation.objects.filter(region=region)}
        entries = CatalogueEntry.objects.filter(region=region)
        self.catalogue = {(e.catalogue, e.code): e for e in entries}
        self.users = {u.username: u for u in User.objects.filter(memberships__region=region).distinct()}

    def entry(self, catalogue: str, code: str) -> CatalogueEntry:
        return self.catalogue[(catalogue, code)]


def _client_values(spec: CaseSpec, ctx: _Context, today: dt.date) -> dict[str, object]:
    title, basis = spec.residence_title, spec.legal_basis
    return {
        "given_names": spec.given_names,
        "family_name": spec.family_name,
        "names_original_script": spec.original_name,
        "name_script": spec.script,
        "birth_date": spec.birth_date,
        "gender": spec.gender,
        "nationalities": list(spec.nationalities),
        "arrived_germany_on": today - dt.timedelta(days=spec.arrived_ago),
        "arrived_region_on": today - dt.timedelta(days=spec.arrived_ago - 30),
        "residence_title": title,
        "residence_legal_basis": basis,
        "residence_valid_until": today + dt.timedelta(days=spec.residence_in)
        if spec.residence_in is not None
        else None,
        "municipality": ctx.municipalities[spec.municipality],
        "city": spec.municipality.split(" (")[0],
    }


def _take_on(case: Case, spec: CaseSpec, ctx: _Context, today: dt.date) -> None:
    """Target-group checks, consent and the decision to take the case on."""
    opened = case.opened_on
    answers = []
    for rule in TargetGroupRule.objects.filter(region=ctx.region, is_active=True):
        suggested = services.target_group_suggestion(rule, case.client, on=opened)
        result = suggested if suggested != TargetGroupCheck.Result.UNKNOWN else TargetGroupCheck.Result.MET
        answers.append(services.CheckAnswer(rule=rule, result=result))
    services.target_group_checks_record(actor=None, case=case, answers=answers)
    text = ConsentText.objects.get(region=ctx.region, purpose=ConsentPurpose.CASE_MANAGEMENT, language="de", version=1)
    # Recorded by the responsible case manager: a consent names who took it (the field is required).
    services.consent_record(
        actor=case.case_manager,
        case=case,
        text=text,
        given_on=opened,
        language=spec.language,
        interpreter_used=spec.interpreter,
    )
    not_met = TargetGroupCheck.objects.filter(case=case, result=TargetGroupCheck.Result.NOT_MET).exists()
    services.case_decide(
        actor=None,
        case=case,
        expected_version=None,
        decision=Case.Decision.TAKE_ON,
        indications=list(spec.indications),
        note="Komplexer Bedarf über mehrere Rechtskreise; Ausnahme mit der Koordination abgestimmt." if not_met else "",
        decided_on=min(today, opened + dt.timedelta(days=3)),
    )


def _plan(case: Case, spec: CaseSpec, ctx: _Context, today: dt.date, report: SeedReport) -> None:
    needs: dict[str, Need] = {}
    for item in spec.assessments:
        assessment = services.assessment_save(
            actor=None,
            case=case,
            life_domain=ctx.entry(Catalogue.LIFE_DOMAIN, item.domain),
            situation=item.situation,
            resources=item.resources,
            own_goals=item.own_goals,
        )
        report.count_created(Assessment)
        for description in item.needs:
            need = services.need_add(actor=None, assessment=assessment, description=description, priority="high")
            needs.setdefault(item.domain, need)  # goals of the domain address its first need
            report.count_created(Need)
    if spec.stage == PLAN:
        return
    for goal_spec in spec.goals:
        goal = services.goal_create(
            actor=None,
            case=case,
            values={
                "life_domain": ctx.entry(Catalogue.LIFE_DOMAIN, goal_spec.domain),
                "need": needs.get(goal_spec.domain),
                "specific": goal_spec.specific,
                "measurable": goal_spec.measurable,
                "due_on": today + dt.timedelta(days=goal_spec.due_in),
                "status": Goal.Status.IN_PROGRESS,
                "client_agreed_on": min(today, case.opened_on + dt.timedelta(days=14)),
            },
        )
        report.count_created(Goal)
        for step_spec in goal_spec.steps:
            services.step_create(
                actor=None,
                goal=goal,
                values={
                    "description": step_spec.description,
                    "responsible": step_spec.responsible,
                    "partner_organisation": ctx.organisations.get(step_spec.partner) if step_spec.partner else None,
                    "due_on": today + dt.timedelta(days=step_spec.due_in),
                    "status": Step.Status.DONE if step_spec.done else Step.Status.OPEN,
                },
            )
            report.count_created(Step)
        if spec.stage == CLOSURE:
            services.goal_evaluate(
                actor=None,
                goal=goal,
                expected_version=None,
                achievement=goal_spec.achievement or Goal.Achievement.PARTLY,
                note="Ausgewertet im Abschlussgespräch.",
            )


def _record_work(case: Case, spec: CaseSpec, ctx: _Context, today: dt.date, report: SeedReport) -> None:
    for days_ago, channel, minutes, summary in spec.contacts:
        services.contact_create(
            actor=None,
            case=case,
            occurred_on=max(case.opened_on, today - dt.timedelta(days=days_ago)),
            channel=ctx.entry(Catalogue.CONTACT_CHANNEL, channel),
            duration_minutes=minutes,
            language=spec.language,
            interpreter_used=spec.interpreter,
            summary=summary,
        )
        report.count_created(Contact)
    if spec.note:
        services.note_create(actor=None, case=case, text=spec.note)
        report.count_created(Note)
    if spec.legal_change:
        source, target, days_ago = spec.legal_change
        monitoring.legal_domain_change_record(
            actor=None,
            case=case,
            changed_on=today - dt.timedelta(days=days_ago),
            from_domain=ctx.entry(Catalogue.LEGAL_DOMAIN, source),
            to_domain=ctx.entry(Catalogue.LEGAL_DOMAIN, target),
            note="Anerkennung als Flüchtling; Leistungen wechseln vom Sozialamt zum Jobcenter.",
        )
        report.count_created(LegalDomainChange)
    if spec.follow_up:
        in_days, subject = spec.follow_up
        monitoring.follow_up_create(
            actor=None,
            case=case,
            due_on=today + dt.timedelta(days=in_days),
            subject=subject,
            assigned_to=case.case_manager,
        )
        report.count_created(FollowUp)


def _seed_case(spec: CaseSpec, ctx: _Context, today: dt.date, report: SeedReport) -> Case | None:
    team = ctx.teams[spec.team]
    existing = Client.objects.filter(
        region=ctx.region, given_names=spec.given_names, family_name=spec.family_name, birth_date=spec.birth_date
    ).first()
    if existing is not None and Case.objects.filter(client=existing, team=team).exists():
        return None
    opened = today - dt.timedelta(days=spec.opened_ago)
    case = services.case_open(
        actor=None,
        region=ctx.region,
        team=team,
        client=existing,
        client_values=None if existing else _client_values(spec, ctx, today),
        referral_source=ctx.entry(Catalogue.REFERRAL_SOURCE, spec.referral_source),
        opened_on=opened,
    )
    report.count_created(Case)
    if existing is None:
        report.count_created(Client)
        services.client_language_add(
            actor=None,
            client=case.client,
            language=spec.language,
            proficiency=ClientLanguage.Proficiency.NATIVE,
            interpreter_needed=spec.interpreter,
        )
        report.count_created(ClientLanguage)
    legal_domain = spec.legal_change[0] if spec.legal_change else spec.legal_domain
    case = services.case_update_intake(
        actor=None,
        case=case,
        expected_version=None,
        referral_source=case.referral_source,
        referral_note="",
        case_manager=ctx.users[spec.case_manager],
        current_legal_domain=ctx.entry(Catalogue.LEGAL_DOMAIN, legal_domain),
    )
    if spec.stage != INTAKE:
        _take_on(case, spec, ctx, today)
        case.refresh_from_db()
        _plan(case, spec, ctx, today, report)
        _record_work(case, spec, ctx, today, report)
    if spec.stage == CLOSURE:
        case.refresh_from_db()
        reason = ctx.entry(Catalogue.CLOSURE_REASON, spec.closure_reason)
        services.case_close(
            actor=None,
            case=case,
            expected_version=None,
            closure_reason=reason,
            closed_on=today - dt.timedelta(days=min(20, spec.opened_ago // 4)),
            handover_to="Pflegestützpunkt Bad Berleburg" if spec.closure_reason == "uebergeben" else "",
            note="Abschlussgespräch geführt.",
        )
    return case


def _link_households(ctx: _Context) -> None:
    for spec in SPECS:
        if spec.household_with is None:
            continue
        given, family, relation = spec.household_with
        member = Client.objects.filter(
            region=ctx.region, given_names=spec.given_names, family_name=spec.family_name, birth_date=spec.birth_date
        ).first()
        reference = (
            Client.objects.filter(region=ctx.region, given_names=given, family_name=family)
            .order_by("created_at")
            .first()
        )
        if member is None or reference is None or member.household_id is not None:
            continue
        services.household_link(actor=None, client=reference, member=member, relation=relation)


def _add_children(ctx: _Context, today: dt.date, report: SeedReport) -> None:
    """The family's children as household members (clients without a case); idempotent by name
    within the household, so a second run on a later day adds nobody."""
    given, family = FAMILY_REFERENCE
    parent = (
        Client.objects.filter(region=ctx.region, given_names=given, family_name=family).order_by("created_at").first()
    )
    if parent is None or parent.household_id is None:
        return
    for child_given, original, age, gender in FAMILY_CHILDREN:
        if Client.objects.filter(
            region=ctx.region, household_id=parent.household_id, given_names=child_given, family_name=family
        ).exists():
            continue
        services.household_member_create(
            actor=None,
            client=parent,
            values={
                "given_names": child_given,
                "family_name": family,
                "names_original_script": original,
                "name_script": Client.Script.ARABIC,
                "gender": gender,
                "birth_year": today.year - age,
                "birth_month": 3 if age == 9 else 10,
                "nationalities": ["SY"],
                "arrived_germany_on": parent.arrived_germany_on,
                "arrived_region_on": parent.arrived_region_on,
                "municipality": parent.municipality,
            },
            relation=Client.HouseholdRelation.CHILD,
        )
        report.count_created(Client)


def seed(*, report: SeedReport) -> None:
    """Load the demo cases of Kreis Siegen-Wittgenstein (nothing when the region is missing)."""
    region = Region.objects.filter(slug=REGION_SLUG).first()
    if region is None:
        return
    today = timezone.localdate()
    with transaction.atomic():
        services.cases_region_defaults_ensure(actor=None, region=region)
        ctx = _Context(region)
        for spec in SPECS:
            _seed_case(spec, ctx, today, report)
        _link_households(ctx)
        _add_children(ctx, today, report)
