"""Demo offers of the network directory in Kreis Siegen-Wittgenstein.

Offers, addresses, phone numbers and every contact person are invented (addresses
name real towns, numbers are not in use, e-mail domains cannot receive mail). Two
things are planted on purpose for the overlap/gap analysis of the Arbeitskreis
Schnittstellenmanagement:

* overlaps: three organisations offer language-course counselling for newly arrived
  people in Siegen; two organisations help refugees to find a flat in Siegen;
* gaps: no counselling on the recognition of foreign qualifications in the
  Wittgenstein municipalities Bad Berleburg, Bad Laasphe and Erndtebrück, and no
  health counselling in Arabic anywhere in the district.

Idempotent: offers and locations are looked up by organisation and name; an
existing offer is left as it is (people may have edited it since).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kim.core.models import Catalogue, CatalogueEntry, Municipality, Organisation, Region
from kim.demo.builders import SeedReport
from kim.directory import services
from kim.directory.models import Location, OrganisationProfile, Schedule, Service, ServiceTranslation

REGION_SLUG = "siegen-wittgenstein"
SIEGEN = "Siegen (Universitätsstadt)"
WITTGENSTEIN = ("Bad Berleburg", "Bad Laasphe", "Erndtebrück")
NOT_WITTGENSTEIN = (
    "Burbach",
    "Freudenberg",
    "Hilchenbach",
    "Kreuztal",
    "Netphen",
    "Neunkirchen",
    SIEGEN,
    "Wilnsdorf",
)

# Organisations the directory needs beyond the foundation's (name, short name, kind, seat, description).
EXTRA_ORGANISATIONS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "Jugendmigrationsdienst Siegen (Demo)",
        "JMD Siegen",
        Organisation.Kind.PROVIDER,
        SIEGEN,
        "Begleitung junger Zugewanderter von 12 bis 27 Jahren bei Schule, Ausbildung und Beruf.",
    ),
    (
        "Volkshochschule Siegen-Wittgenstein (Demo)",
        "VHS",
        Organisation.Kind.PARTNER,
        SIEGEN,
        "Integrationskurse, Berufssprachkurse und Einstufungstests.",
    ),
    (
        "IQ Netzwerk NRW – Anerkennungsberatung Südwestfalen (Demo)",
        "IQ Anerkennungsberatung",
        Organisation.Kind.PARTNER,
        SIEGEN,
        "Beratung zur Anerkennung ausländischer Berufs- und Studienabschlüsse.",
    ),
    (
        "Wohnungsamt Universitätsstadt Siegen (Demo)",
        "Wohnungsamt Siegen",
        Organisation.Kind.ADMINISTRATION,
        SIEGEN,
        "Wohnberechtigungsscheine, Wohnungsvermittlung und Hilfe bei drohender Wohnungslosigkeit.",
    ),
    (
        "Gesundheitsamt Kreis Siegen-Wittgenstein (Demo)",
        "Gesundheitsamt",
        Organisation.Kind.AUTHORITY,
        SIEGEN,
        "Impfberatung, Schuleingangsuntersuchung, sozialpsychiatrischer Dienst.",
    ),
    (
        "Schulamt für den Kreis Siegen-Wittgenstein (Demo)",
        "Schulamt",
        Organisation.Kind.AUTHORITY,
        SIEGEN,
        "Schulaufsicht und Zuweisung von Schulplätzen für neu zugewanderte Kinder und Jugendliche.",
    ),
    (
        "Kreisjugendamt Siegen-Wittgenstein – Kita-Anmeldung (Demo)",
        "Kita-Anmeldung Kreis",
        Organisation.Kind.ADMINISTRATION,
        SIEGEN,
        "Kita-Platzvergabe und Beratung zur Kindertagespflege.",
    ),
    (
        "Psychosoziales Zentrum für Geflüchtete Siegen (Demo)",
        "PSZ Siegen",
        Organisation.Kind.PROVIDER,
        SIEGEN,
        "Psychosoziale Beratung und Therapievermittlung für geflüchtete Menschen.",
    ),
    (
        "Stadt Bad Berleburg – Bürgerbüro (Demo)",
        "Bürgerbüro Bad Berleburg",
        Organisation.Kind.ADMINISTRATION,
        "Bad Berleburg",
        "Bürgerbüro mit Integrationslotsin.",
    ),
)

# Locations: (organisation, name, street, postcode, town, municipality, accessibility).
LOCATIONS: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    (
        "Jobcenter Siegen-Wittgenstein",
        "Jobcenter Siegen",
        "Beispielstraße 1",
        "57072",
        "Siegen",
        SIEGEN,
        "Stufenloser Zugang, Aufzug",
    ),
    (
        "Jobcenter Siegen-Wittgenstein",
        "Jobcenter Bad Berleburg",
        "Musterweg 4",
        "57319",
        "Bad Berleburg",
        "Bad Berleburg",
        "Eingang mit Rampe",
    ),
    (
        "Agentur für Arbeit Siegen",
        "Agentur für Arbeit Siegen",
        "Beispielallee 10",
        "57072",
        "Siegen",
        SIEGEN,
        "Stufenloser Zugang, Aufzug, barrierefreies WC",
    ),
    (
        "Caritasverband Siegen-Wittgenstein e. V.",
        "Caritas-Haus Siegen",
        "Musterstraße 12",
        "57072",
        "Siegen",
        SIEGEN,
        "Aufzug vorhanden",
    ),
    (
        "Caritasverband Siegen-Wittgenstein e. V.",
        "Caritas Kreuztal",
        "Beispielplatz 3",
        "57223",
        "Kreuztal",
        "Kreuztal",
        "",
    ),
    (
        "Diakonisches Werk Siegen-Wittgenstein",
        "Diakonie-Zentrum Siegen",
        "Musterallee 5",
        "57076",
        "Siegen",
        SIEGEN,
        "Stufenloser Zugang",
    ),
    (
        "Diakonisches Werk Siegen-Wittgenstein",
        "Diakonie Bad Berleburg",
        "Beispielgasse 8",
        "57319",
        "Bad Berleburg",
        "Bad Berleburg",
        "",
    ),
    (
        "AWO Kreisverband Siegen-Wittgenstein",
        "AWO Wilnsdorf",
        "Musterring 2",
        "57234",
        "Wilnsdorf",
        "Wilnsdorf",
        "Erdgeschoss",
    ),
    ("DRK-Kreisverband Siegen-Wittgenstein e. V.", "DRK Siegen", "Beispielweg 20", "57074", "Siegen", SIEGEN, ""),
    (
        "Sprachschule Siegerland (Demo)",
        "Sprachschule Siegen",
        "Musterstraße 30",
        "57072",
        "Siegen",
        SIEGEN,
        "Aufzug vorhanden",
    ),
    ("Jugendmigrationsdienst Siegen (Demo)", "JMD Siegen", "Beispielstraße 44", "57072", "Siegen", SIEGEN, ""),
    (
        "Volkshochschule Siegen-Wittgenstein (Demo)",
        "VHS Siegen",
        "Musterplatz 1",
        "57072",
        "Siegen",
        SIEGEN,
        "Stufenloser Zugang, Aufzug",
    ),
    (
        "Volkshochschule Siegen-Wittgenstein (Demo)",
        "VHS Bad Berleburg",
        "Beispielstraße 9",
        "57319",
        "Bad Berleburg",
        "Bad Berleburg",
        "",
    ),
    (
        "IQ Netzwerk NRW – Anerkennungsberatung Südwestfalen (Demo)",
        "IQ-Beratungsstelle Siegen",
        "Musterweg 15",
        "57076",
        "Siegen",
        SIEGEN,
        "Stufenloser Zugang",
    ),
    (
        "Wohnungsamt Universitätsstadt Siegen (Demo)",
        "Rathaus Siegen",
        "Beispielmarkt 1",
        "57072",
        "Siegen",
        SIEGEN,
        "Aufzug, barrierefreies WC",
    ),
    (
        "Gesundheitsamt Kreis Siegen-Wittgenstein (Demo)",
        "Kreishaus Siegen",
        "Musterstraße 100",
        "57072",
        "Siegen",
        SIEGEN,
        "Stufenloser Zugang, Aufzug",
    ),
    (
        "Schulamt für den Kreis Siegen-Wittgenstein (Demo)",
        "Kreishaus Siegen (Schulamt)",
        "Musterstraße 100",
        "57072",
        "Siegen",
        SIEGEN,
        "Stufenloser Zugang, Aufzug",
    ),
    (
        "Kreisjugendamt Siegen-Wittgenstein – Kita-Anmeldung (Demo)",
        "Kreishaus Siegen (Jugendamt)",
        "Musterstraße 100",
        "57072",
        "Siegen",
        SIEGEN,
        "Stufenloser Zugang, Aufzug",
    ),
    (
        "Psychosoziales Zentrum für Geflüchtete Siegen (Demo)",
        "PSZ Siegen",
        "Beispielweg 7",
        "57074",
        "Siegen",
        SIEGEN,
        "",
    ),
    (
        "Ausländerbehörde Kreis Siegen-Wittgenstein",
        "Kreishaus Siegen (Ausländerbehörde)",
        "Musterstraße 100",
        "57072",
        "Siegen",
        SIEGEN,
        "Stufenloser Zugang, Aufzug",
    ),
    (
        "Einbürgerungsbehörde Kreis Siegen-Wittgenstein",
        "Kreishaus Siegen (Einbürgerung)",
        "Musterstraße 100",
        "57072",
        "Siegen",
        SIEGEN,
        "Stufenloser Zugang, Aufzug",
    ),
    (
        "Kommunales Integrationszentrum Kreis Siegen-Wittgenstein",
        "KI Siegen",
        "Musterstraße 100",
        "57072",
        "Siegen",
        SIEGEN,
        "Stufenloser Zugang, Aufzug",
    ),
    (
        "Stadt Bad Berleburg – Bürgerbüro (Demo)",
        "Rathaus Bad Berleburg",
        "Beispielplatz 1",
        "57319",
        "Bad Berleburg",
        "Bad Berleburg",
        "Stufenloser Zugang",
    ),
    (
        "Evangelischer Kirchenkreis Siegen-Wittgenstein",
        "Gemeindehaus Netphen",
        "Musterstraße 3",
        "57250",
        "Netphen",
        "Netphen",
        "",
    ),
)

MO, TU, WE, TH, FR = "MO", "TU", "WE", "TH", "FR"


@dataclass(frozen=True)
class OfferSpec:
    organisation: str
    name: str
    description: str
    life_domains: tuple[str, ...]
    target_groups: tuple[str, ...] = ()
    legal_domains: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()  # empty: whole district
    languages: tuple[str, ...] = ("de",)
    appointment_only: bool = False
    location: str = ""
    contact: tuple[str, str, str] = ("", "", "")  # name, function, phone
    times: tuple[tuple[str, str, str], ...] = ()  # weekday, from, until
    eligibility: str = ""
    documents: str = ""
    fees: str = "kostenlos"
    published: bool = True
    extra: dict[str, str] = field(default_factory=dict)


JC = "Jobcenter Siegen-Wittgenstein"
AA = "Agentur für Arbeit Siegen"
CARITAS = "Caritasverband Siegen-Wittgenstein e. V."
DIAKONIE = "Diakonisches Werk Siegen-Wittgenstein"
AWO = "AWO Kreisverband Siegen-Wittgenstein"
DRK = "DRK-Kreisverband Siegen-Wittgenstein e. V."
SPRACHSCHULE = "Sprachschule Siegerland (Demo)"
JMD = "Jugendmigrationsdienst Siegen (Demo)"
VHS = "Volkshochschule Siegen-Wittgenstein (Demo)"
IQ = "IQ Netzwerk NRW – Anerkennungsberatung Südwestfalen (Demo)"
WOHNUNGSAMT = "Wohnungsamt Universitätsstadt Siegen (Demo)"
GESUNDHEITSAMT = "Gesundheitsamt Kreis Siegen-Wittgenstein (Demo)"
SCHULAMT = "Schulamt für den Kreis Siegen-Wittgenstein (Demo)"
KITA = "Kreisjugendamt Siegen-Wittgenstein – Kita-Anmeldung (Demo)"
PSZ = "Psychosoziales Zentrum für Geflüchtete Siegen (Demo)"
ABH = "Ausländerbehörde Kreis Siegen-Wittgenstein"
EBH = "Einbürgerungsbehörde Kreis Siegen-Wittgenstein"
KI = "Kommunales Integrationszentrum Kreis Siegen-Wittgenstein"
BERLEBURG = "Stadt Bad Berleburg – Bürgerbüro (Demo)"
KIRCHENKREIS = "Evangelischer Kirchenkreis Siegen-Wittgenstein"

OFFERS: tuple[OfferSpec, ...] = (
    # Jobcenter and Agentur für Arbeit
    OfferSpec(
        JC,
        "Leistungen nach dem SGB II (Bürgergeld)",
        "Antrag und Beratung zu Bürgergeld, Kosten der Unterkunft und Bildung und Teilhabe.",
        ("finanzen",),
        ("gefluechtete", "familien"),
        ("sgb2",),
        (),
        ("de", "en", "ar", "uk"),
        True,
        "Jobcenter Siegen",
        ("Jana Demoberg", "Leistungssachbearbeitung", "0271 5550-101"),
        ((MO, "08:00", "12:00"), (TH, "13:30", "17:00")),
        "Erwerbsfähige Leistungsberechtigte und ihre Bedarfsgemeinschaft",
        "Personalausweis oder Aufenthaltstitel\nMietvertrag\nKontoauszüge der letzten drei Monate",
    ),
    OfferSpec(
        JC,
        "Integrationscoaching für Geflüchtete",
        "Begleitung in Arbeit und Ausbildung mit Sprachmittlung; Job-Turbo.",
        ("arbeit",),
        ("gefluechtete",),
        ("sgb2",),
        (),
        ("de", "ar", "fa", "uk"),
        True,
        "Jobcenter Siegen",
        ("Tobias Exempel", "Integrationscoach", "0271 5550-102"),
        ((TU, "09:00", "12:00"), (WE, "09:00", "12:00")),
    ),
    OfferSpec(
        JC,
        "Jobcenter-Sprechstunde Wittgenstein",
        "Sprechstunde des Jobcenters für Leistungsberechtigte in Wittgenstein.",
        ("finanzen", "arbeit"),
        (),
        ("sgb2",),
        WITTGENSTEIN,
        ("de",),
        False,
        "Jobcenter Bad Berleburg",
        ("Sabine Probst", "Arbeitsvermittlung", "02751 5550-11"),
        ((TU, "08:30", "12:00"),),
    ),
    OfferSpec(
        AA,
        "Berufsberatung für Zugewanderte",
        "Beratung zu Ausbildung, Studium und Arbeit für Menschen mit ausländischen Abschlüssen.",
        ("arbeit", "ausbildung"),
        ("neuzugewanderte", "eu_zugewanderte"),
        ("sgb3",),
        (),
        ("de", "en", "tr"),
        True,
        "Agentur für Arbeit Siegen",
        ("Markus Beispielmann", "Berufsberater", "0271 5550-201"),
        ((MO, "08:00", "16:00"), (WE, "08:00", "16:00")),
    ),
    OfferSpec(
        AA,
        "Arbeitgeber-Service: Einstellung internationaler Fachkräfte",
        "Beratung von Betrieben zur Beschäftigung von Zugewanderten.",
        ("arbeit",),
        (),
        ("sgb3",),
        (),
        ("de", "en"),
        True,
        "Agentur für Arbeit Siegen",
        ("Petra Fallbeispiel", "Arbeitgeber-Service", "0271 5550-202"),
    ),
    OfferSpec(
        AA,
        "Anerkennungsberatung in der Berufsberatung",
        "Erste Orientierung zur Anerkennung beruflicher Abschlüsse im Rahmen der Berufsberatung.",
        ("anerkennung", "arbeit"),
        ("neuzugewanderte",),
        ("sgb3",),
        (SIEGEN, "Kreuztal", "Netphen"),
        ("de", "en"),
        True,
        "Agentur für Arbeit Siegen",
        ("Markus Beispielmann", "Berufsberater", "0271 5550-201"),
        ((TH, "09:00", "12:00"),),
    ),
    # Migration counselling (MBE, JMD)
    OfferSpec(
        CARITAS,
        "Migrationsberatung für Erwachsene (MBE) Siegen",
        "Beratung für Zugewanderte ab 27 Jahren zu Aufenthalt, Sprache, Arbeit und Alltag.",
        ("erstorientierung", "aufenthalt", "sprache"),
        ("neuzugewanderte",),
        ("aufenthg",),
        (SIEGEN,),
        ("de", "ar", "fa", "tr"),
        False,
        "Caritas-Haus Siegen",
        ("Amira Beispiel", "Migrationsberaterin", "0271 5550-301"),
        ((MO, "09:00", "12:00"), (TH, "14:00", "17:00")),
        "Zugewanderte ab 27 Jahren",
    ),
    OfferSpec(
        CARITAS,
        "Sprachkursberatung der MBE",
        "Beratung zu Integrationskursen, Fahrtkostenzuschuss und Kinderbetreuung während des Kurses.",
        ("sprache",),
        ("neuzugewanderte",),
        (),
        (SIEGEN,),
        ("de", "ar", "tr"),
        False,
        "Caritas-Haus Siegen",
        ("Amira Beispiel", "Migrationsberaterin", "0271 5550-301"),
        ((TU, "09:00", "12:00"),),
    ),
    OfferSpec(
        CARITAS,
        "Migrationsberatung für Erwachsene (MBE) Nord",
        "Migrationsberatung in Kreuztal, Hilchenbach und Netphen.",
        ("erstorientierung", "aufenthalt"),
        ("neuzugewanderte",),
        ("aufenthg",),
        ("Kreuztal", "Hilchenbach", "Netphen"),
        ("de", "ru", "uk"),
        True,
        "Caritas Kreuztal",
        ("Oleg Mustermann", "Migrationsberater", "02732 5550-31"),
        ((WE, "09:00", "13:00"),),
    ),
    OfferSpec(
        DIAKONIE,
        "Migrationsberatung für Erwachsene (MBE) Wittgenstein",
        "Migrationsberatung in Bad Berleburg, Bad Laasphe und Erndtebrück, auch aufsuchend.",
        ("erstorientierung", "aufenthalt", "sprache"),
        ("neuzugewanderte",),
        ("aufenthg",),
        WITTGENSTEIN,
        ("de", "ar", "kmr"),
        True,
        "Diakonie Bad Berleburg",
        ("Lena Exempel", "Migrationsberaterin", "02751 5550-41"),
        ((MO, "09:00", "12:00"),),
    ),
    OfferSpec(
        DIAKONIE,
        "Asylverfahrensberatung",
        "Unabhängige Beratung zum Asylverfahren, zur Anhörung und zu Rechtsmitteln.",
        ("aufenthalt",),
        ("gefluechtete", "geduldete"),
        ("aufenthg", "asylblg"),
        (),
        ("de", "en", "fa", "ar"),
        True,
        "Diakonie-Zentrum Siegen",
        ("Hannah Probe", "Asylverfahrensberaterin", "0271 5550-401"),
        ((TU, "10:00", "13:00"), (FR, "10:00", "12:00")),
    ),
    OfferSpec(
        DIAKONIE,
        "Schuldner- und Insolvenzberatung",
        "Beratung bei Schulden, Pfändungsschutzkonto und Verbraucherinsolvenz.",
        ("finanzen",),
        (),
        ("sonstige",),
        (),
        ("de", "ru"),
        True,
        "Diakonie-Zentrum Siegen",
        ("Felix Musterfrau", "Schuldnerberater", "0271 5550-402"),
        ((WE, "13:00", "16:00"),),
    ),
    OfferSpec(
        DIAKONIE,
        "Wohnungsnotfallhilfe",
        "Hilfe bei drohendem Wohnungsverlust und bei der Suche nach einer Wohnung.",
        ("wohnen",),
        ("gefluechtete",),
        ("sgb12",),
        (SIEGEN,),
        ("de", "en"),
        False,
        "Diakonie-Zentrum Siegen",
        ("Jonas Beispielhaus", "Sozialarbeiter", "0271 5550-403"),
        ((MO, "10:00", "12:00"), (TH, "10:00", "12:00")),
    ),
    OfferSpec(
        JMD,
        "Jugendmigrationsdienst: Begleitung in Schule und Ausbildung",
        "Case Management für junge Zugewanderte von 12 bis 27 Jahren.",
        ("schule", "ausbildung", "erstorientierung"),
        ("junge_menschen",),
        ("sgb8",),
        NOT_WITTGENSTEIN,
        ("de", "ar", "fa", "uk", "en"),
        True,
        "JMD Siegen",
        ("Yusuf Demo", "Berater im JMD", "0271 5550-501"),
        ((TU, "13:00", "17:00"), (TH, "13:00", "17:00")),
        "Junge Menschen von 12 bis 27 Jahren",
    ),
    OfferSpec(
        JMD,
        "Bewerbungswerkstatt für junge Zugewanderte",
        "Lebenslauf, Bewerbung, Vorbereitung auf Vorstellungsgespräche.",
        ("ausbildung", "arbeit"),
        ("junge_menschen",),
        (),
        (SIEGEN,),
        ("de", "en", "ar"),
        False,
        "JMD Siegen",
        ("Yusuf Demo", "Berater im JMD", "0271 5550-501"),
        ((WE, "15:00", "18:00"),),
    ),
    # Language courses (planted overlap: Sprachkursberatung for Neuzugewanderte in Siegen)
    OfferSpec(
        VHS,
        "Sprachkursberatung und Einstufung",
        "Einstufungstest und Beratung zu Integrations- und Berufssprachkursen.",
        ("sprache",),
        ("neuzugewanderte",),
        (),
        (SIEGEN,),
        ("de", "en", "ar", "uk"),
        False,
        "VHS Siegen",
        ("Claudia Kursfeld", "Fachbereichsleitung Deutsch", "0271 5550-601"),
        ((MO, "10:00", "12:00"), (WE, "14:00", "17:00")),
    ),
    OfferSpec(
        VHS,
        "Integrationskurs (allgemein)",
        "Sprachkurs bis B1 mit Orientierungskurs; Abendkurse und Kurse mit Kinderbetreuung.",
        ("sprache",),
        ("neuzugewanderte", "gefluechtete", "eu_zugewanderte"),
        ("aufenthg",),
        (SIEGEN, "Kreuztal", "Netphen", "Wilnsdorf"),
        ("de",),
        False,
        "VHS Siegen",
        ("Claudia Kursfeld", "Fachbereichsleitung Deutsch", "0271 5550-601"),
        (),
        "Berechtigung oder Verpflichtung durch BAMF, Ausländerbehörde oder Jobcenter",
        "Berechtigungsschein",
        "kostenlos bei Kostenbefreiung, sonst 2,29 € je Unterrichtsstunde",
    ),
    OfferSpec(
        VHS,
        "Integrationskurs Wittgenstein",
        "Integrationskurs in Bad Berleburg mit Fahrtkostenerstattung.",
        ("sprache",),
        ("neuzugewanderte", "gefluechtete"),
        ("aufenthg",),
        WITTGENSTEIN,
        ("de",),
        False,
        "VHS Bad Berleburg",
        ("Dirk Lehrbeispiel", "Kursleitung", "02751 5550-61"),
        ((MO, "08:30", "12:30"),),
    ),
    OfferSpec(
        VHS,
        "Berufssprachkurs B2",
        "Berufsbezogene Deutschsprachförderung nach der DeuFöV.",
        ("sprache", "arbeit"),
        ("neuzugewanderte",),
        ("sgb2", "sgb3"),
        (SIEGEN,),
        ("de",),
        True,
        "VHS Siegen",
        ("Claudia Kursfeld", "Fachbereichsleitung Deutsch", "0271 5550-601"),
    ),
    OfferSpec(
        SPRACHSCHULE,
        "Beratung zu Integrations- und Berufssprachkursen",
        "Kursberatung, Anmeldung und Einstufung für alle Kursarten der Sprachschule.",
        ("sprache",),
        ("neuzugewanderte",),
        (),
        (SIEGEN,),
        ("de", "ru", "uk", "tr"),
        False,
        "Sprachschule Siegen",
        ("Natalia Wortreich", "Kursberatung", "0271 5550-701"),
        ((TU, "09:00", "12:00"), (TH, "09:00", "12:00")),
    ),
    OfferSpec(
        SPRACHSCHULE,
        "Alphabetisierungskurs",
        "Integrationskurs mit Alphabetisierung für Menschen, die nicht in lateinischer Schrift lesen.",
        ("sprache",),
        ("gefluechtete",),
        ("aufenthg",),
        (SIEGEN,),
        ("de",),
        False,
        "Sprachschule Siegen",
        ("Natalia Wortreich", "Kursberatung", "0271 5550-701"),
    ),
    # Recognition (planted gap: nothing in Bad Berleburg, Bad Laasphe, Erndtebrück)
    OfferSpec(
        IQ,
        "Anerkennungs- und Qualifizierungsberatung",
        "Beratung zur Anerkennung ausländischer Berufs- und Hochschulabschlüsse und zu Anpassungsqualifizierungen.",
        ("anerkennung",),
        (),
        (),
        NOT_WITTGENSTEIN,
        ("de", "en", "ar", "fa", "ru", "uk"),
        True,
        "IQ-Beratungsstelle Siegen",
        ("Dr. Mira Anerkennt", "Anerkennungsberaterin", "0271 5550-801"),
        ((MO, "09:00", "15:00"), (TH, "09:00", "15:00")),
        "",
        "Zeugnisse und Fächerübersicht im Original und in Übersetzung\nLebenslauf",
    ),
    OfferSpec(
        IQ,
        "Anerkennung in Pflege- und Gesundheitsberufen",
        "Begleitung im Anerkennungsverfahren für Pflegefachkräfte, Ärzt:innen und Therapeut:innen.",
        ("anerkennung", "arbeit"),
        ("neuzugewanderte",),
        (),
        (SIEGEN, "Kreuztal"),
        ("de", "en", "ar"),
        True,
        "IQ-Beratungsstelle Siegen",
        ("Dr. Mira Anerkennt", "Anerkennungsberaterin", "0271 5550-801"),
    ),
    # Housing
    OfferSpec(
        WOHNUNGSAMT,
        "Wohnungsvermittlung und Wohnberechtigungsschein",
        "Antrag auf Wohnberechtigungsschein und Vermittlung öffentlich geförderter Wohnungen.",
        ("wohnen",),
        ("gefluechtete", "familien"),
        ("sonstige",),
        (SIEGEN,),
        ("de",),
        False,
        "Rathaus Siegen",
        ("Katrin Wohnlich", "Sachbearbeiterin Wohnungswesen", "0271 5550-901"),
        ((MO, "08:00", "12:00"), (WE, "08:00", "12:00"), (TH, "14:00", "17:30")),
        "",
        "Personalausweis oder Aufenthaltstitel\nEinkommensnachweise",
    ),
    OfferSpec(
        BERLEBURG,
        "Integrationslotsin Bad Berleburg",
        "Erste Anlaufstelle im Rathaus: Anmeldung, Wohnungssuche, Wege zu Beratungsstellen.",
        ("erstorientierung", "wohnen"),
        ("neuzugewanderte", "gefluechtete"),
        (),
        ("Bad Berleburg",),
        ("de", "ar"),
        False,
        "Rathaus Bad Berleburg",
        ("Svenja Lotsenberg", "Integrationslotsin", "02751 5550-1"),
        ((TU, "09:00", "12:00"),),
    ),
    OfferSpec(
        DRK,
        "Wohnraumberatung für Familien",
        "Beratung zu Mietrecht, Nebenkosten und Nachbarschaft für zugewanderte Familien.",
        ("wohnen",),
        ("familien",),
        (),
        (SIEGEN, "Freudenberg"),
        ("de", "tr"),
        True,
        "DRK Siegen",
        ("Mehmet Wohnbeispiel", "Sozialberater", "0271 5550-1001"),
    ),
    # Health (planted gap: no health counselling in Arabic)
    OfferSpec(
        GESUNDHEITSAMT,
        "Impfberatung und Impfsprechstunde",
        "Beratung zu Impfungen und Nachholimpfungen für Kinder und Erwachsene.",
        ("gesundheit",),
        (),
        (),
        (),
        ("de", "en", "ru"),
        False,
        "Kreishaus Siegen",
        ("Dr. Paul Impfbeispiel", "Amtsarzt", "0271 5550-1101"),
        ((WE, "14:00", "16:00"),),
    ),
    OfferSpec(
        GESUNDHEITSAMT,
        "Sozialpsychiatrischer Dienst",
        "Beratung für Menschen in psychischen Krisen und ihre Angehörigen.",
        ("gesundheit",),
        (),
        ("sgb12",),
        (),
        ("de", "en"),
        True,
        "Kreishaus Siegen",
        ("Ines Seelbach", "Sozialarbeiterin", "0271 5550-1102"),
        ((MO, "09:00", "12:00"), (TH, "09:00", "12:00")),
    ),
    OfferSpec(
        GESUNDHEITSAMT,
        "Schuleingangsuntersuchung für neu zugewanderte Kinder",
        "Untersuchung vor der Schulaufnahme, auch im laufenden Schuljahr.",
        ("gesundheit", "schule"),
        ("familien",),
        ("schulrecht",),
        (),
        ("de",),
        True,
        "Kreishaus Siegen",
        ("Dr. Paul Impfbeispiel", "Amtsarzt", "0271 5550-1101"),
    ),
    OfferSpec(
        PSZ,
        "Psychosoziale Beratung für Geflüchtete",
        "Beratung, Stabilisierung und Vermittlung in Therapie, mit Sprachmittlung auf Farsi und Tigrinya.",
        ("gesundheit",),
        ("gefluechtete",),
        ("asylblg",),
        (),
        ("de", "fa", "ti", "en"),
        True,
        "PSZ Siegen",
        ("Farah Ruhewald", "Psychologin", "0271 5550-1201"),
        ((TU, "10:00", "16:00"),),
    ),
    OfferSpec(
        DRK,
        "Gesundheitslotsen",
        "Begleitung zu Arztterminen und Erklärung des Gesundheitssystems durch geschulte Ehrenamtliche.",
        ("gesundheit", "teilhabe"),
        ("neuzugewanderte",),
        (),
        (SIEGEN, "Freudenberg"),
        ("de", "tr", "ru"),
        False,
        "DRK Siegen",
        ("Mehmet Wohnbeispiel", "Koordination Ehrenamt", "0271 5550-1001"),
        ((FR, "10:00", "12:00"),),
    ),
    # School and childcare
    OfferSpec(
        SCHULAMT,
        "Schulplatzvermittlung für neu zugewanderte Kinder",
        "Beratung und Zuweisung eines Schulplatzes nach Zuzug, gemeinsam mit dem Kommunalen Integrationszentrum.",
        ("schule",),
        ("familien", "junge_menschen"),
        ("schulrecht",),
        (),
        ("de", "ar", "uk"),
        True,
        "Kreishaus Siegen (Schulamt)",
        ("Ruth Schulze-Beispiel", "Schulfachliche Beratung", "0271 5550-1301"),
        ((MO, "08:30", "12:00"), (TH, "08:30", "12:00")),
        "",
        "Meldebescheinigung\nbisherige Zeugnisse, wenn vorhanden",
    ),
    OfferSpec(
        KI,
        "Seiteneinstiegsberatung",
        "Beratung von Familien und Schulen zum Seiteneinstieg in das Schulsystem.",
        ("schule",),
        ("familien",),
        ("schulrecht",),
        (),
        ("de", "ar", "fa", "uk"),
        True,
        "KI Siegen",
        ("Elif Brückenbauer", "Bildungsberaterin", "0271 5550-1401"),
        ((WE, "09:00", "12:00"),),
    ),
    OfferSpec(
        KITA,
        "Kita-Anmeldung und Beratung Kindertagespflege",
        "Anmeldung über das Kita-Portal, Beratung zu Betreuungsplätzen und Elternbeiträgen.",
        ("familie",),
        ("familien",),
        ("sgb8",),
        (),
        ("de", "en"),
        False,
        "Kreishaus Siegen (Jugendamt)",
        ("Miriam Kitamann", "Fachberatung Kindertagesbetreuung", "0271 5550-1501"),
        ((TU, "08:30", "12:00"), (TH, "13:30", "15:30")),
        "",
        "Geburtsurkunde des Kindes\nMeldebescheinigung",
    ),
    OfferSpec(
        AWO,
        "Familienberatung und Elterncafé",
        "Offener Treff und Beratung für zugewanderte Eltern.",
        ("familie", "teilhabe"),
        ("familien", "frauen"),
        (),
        ("Wilnsdorf", "Burbach", "Neunkirchen"),
        ("de", "ar", "tr"),
        False,
        "AWO Wilnsdorf",
        ("Gül Familienstein", "Sozialpädagogin", "0271 5550-1601"),
        ((WE, "09:30", "11:30"),),
    ),
    OfferSpec(
        AWO,
        "Frauentreff und Beratung für zugewanderte Frauen",
        "Austausch, Deutsch im Alltag und Beratung in geschütztem Rahmen.",
        ("teilhabe", "sprache"),
        ("frauen",),
        (),
        ("Wilnsdorf",),
        ("de", "ar", "fa"),
        False,
        "AWO Wilnsdorf",
        ("Gül Familienstein", "Sozialpädagogin", "0271 5550-1601"),
        ((FR, "09:00", "11:00"),),
    ),
    # Residence and naturalisation
    OfferSpec(
        ABH,
        "Beratung zur Aufenthaltsverfestigung (§§ 25a, 25b AufenthG)",
        "Information über Voraussetzungen für Bleiberechte und Übergang aus dem Chancen-Aufenthaltsrecht.",
        ("aufenthalt",),
        ("geduldete", "junge_menschen"),
        ("aufenthg",),
        (),
        ("de", "en"),
        True,
        "Kreishaus Siegen (Ausländerbehörde)",
        ("Thomas Bleibert", "Sachbearbeiter Bleiberecht", "0271 5550-1701"),
        ((MO, "08:00", "12:00"),),
        "",
        "Pass oder Passersatz\nDuldung\nNachweise über Schule oder Arbeit",
    ),
    OfferSpec(
        EBH,
        "Einbürgerungsberatung",
        "Information zu den Voraussetzungen nach § 10 StAG und zum Antrag.",
        ("einbuergerung",),
        (),
        ("stag",),
        (),
        ("de",),
        True,
        "Kreishaus Siegen (Einbürgerung)",
        ("Anja Pass-Beispiel", "Sachbearbeiterin Einbürgerung", "0271 5550-1801"),
        ((TU, "08:00", "12:00"), (TH, "14:00", "16:00")),
        "",
        "Pass\nAufenthaltstitel\nSprachzertifikat B1\nEinbürgerungstest",
        "255 € je Erwachsene:r",
    ),
    OfferSpec(
        CARITAS,
        "Vorbereitung auf den Einbürgerungstest",
        "Kurs und Beratung zur Vorbereitung auf den Test „Leben in Deutschland“.",
        ("einbuergerung", "sprache"),
        (),
        (),
        (SIEGEN,),
        ("de", "tr", "ar"),
        False,
        "Caritas-Haus Siegen",
        ("Amira Beispiel", "Migrationsberaterin", "0271 5550-301"),
        ((WE, "17:00", "19:00"),),
    ),
    # Social participation and mobility
    OfferSpec(
        KIRCHENKREIS,
        "Ehrenamtliche Patenschaften",
        "Vermittlung von Patinnen und Paten für neu zugewanderte Familien.",
        ("teilhabe",),
        ("neuzugewanderte", "familien"),
        (),
        ("Netphen", "Hilchenbach", "Kreuztal"),
        ("de",),
        False,
        "Gemeindehaus Netphen",
        ("Pfarrerin Eva Beispielmann", "Koordination Ehrenamt", "02738 5550-1"),
    ),
    OfferSpec(
        DRK,
        "Führerschein-Beratung für Zugewanderte",
        "Umschreibung ausländischer Führerscheine und Fahrschulsuche mit Fachwortschatz.",
        ("mobilitaet",),
        (),
        (),
        (),
        ("de", "ar", "fa"),
        True,
        "DRK Siegen",
        ("Mehmet Wohnbeispiel", "Sozialberater", "0271 5550-1001"),
    ),
    OfferSpec(
        KI,
        "Sprach- und Integrationsmittler-Pool",
        "Vermittlung qualifizierter Sprachmittler:innen für Beratungsgespräche der Netzwerkpartner.",
        ("erstorientierung",),
        (),
        (),
        (),
        ("ar", "fa", "ti", "so", "ps", "uk", "ru", "tr", "kmr"),
        True,
        "KI Siegen",
        ("Elif Brückenbauer", "Bildungsberaterin", "0271 5550-1401"),
        (),
        "",
        "",
        "kostenlos für Netzwerkpartner",
        False,
    ),
    OfferSpec(
        DIAKONIE,
        "Rückkehrberatung (eingestellt)",
        "Das Angebot wurde 2024 eingestellt.",
        ("aufenthalt",),
        ("gefluechtete",),
        ("aufenthg",),
        (),
        ("de",),
        False,
        "Diakonie-Zentrum Siegen",
        published=False,
        extra={"status": Service.Status.DEFUNCT},
    ),
)

# Translations shown in the demo: (organisation, offer, language, name, description).
TRANSLATIONS: tuple[tuple[str, str, str, str, str], ...] = (
    (
        VHS,
        "Sprachkursberatung und Einstufung",
        "en",
        "Language course counselling and placement test",
        "Placement test and advice on integration and vocational language courses.",
    ),
    (
        VHS,
        "Sprachkursberatung und Einstufung",
        "ar",
        "استشارة دورات اللغة واختبار تحديد المستوى",
        "اختبار تحديد المستوى واستشارة حول دورات الاندماج ودورات اللغة المهنية.",
    ),
    (
        SCHULAMT,
        "Schulplatzvermittlung für neu zugewanderte Kinder",
        "uk",
        "Надання місця в школі для новоприбулих дітей",
        "Консультація та надання місця в школі після переїзду.",
    ),
)


def _region() -> Region | None:
    return Region.objects.filter(slug=REGION_SLUG).first()


def _time(value: str) -> dt.time:
    hours, minutes = value.split(":")
    return dt.time(int(hours), int(minutes))


def _organisations(region: Region, report: SeedReport) -> dict[str, Organisation]:
    municipalities = {m.name: m for m in Municipality.objects.filter(region=region)}
    for name, short_name, kind, seat, _description in EXTRA_ORGANISATIONS:
        _organisation, created = Organisation.objects.get_or_create(
            region=region,
            name=name,
            defaults={
                "short_name": short_name,
                "kind": kind,
                "municipality": municipalities.get(seat),
                "email": f"{short_name.lower().replace(' ', '-').replace('ü', 'ue')}@demo.kim.invalid",
            },
        )
        if created:
            report.count_created(Organisation)
    organisations = {o.name: o for o in Organisation.objects.filter(region=region)}
    descriptions = {name: description for name, _s, _k, _seat, description in EXTRA_ORGANISATIONS}
    for name, organisation in organisations.items():
        description = descriptions.get(name)
        if description and not OrganisationProfile.objects.filter(organisation=organisation).exists():
            services.organisation_profile_save(actor=None, organisation=organisation, description=description)
            report.count_created(OrganisationProfile)
    return organisations


def _locations(region: Region, organisations: dict[str, Organisation], report: SeedReport) -> dict[str, Location]:
    municipalities = {m.name: m for m in Municipality.objects.filter(region=region)}
    for org_name, name, street, postcode, town, municipality, accessibility in LOCATIONS:
        organisation = organisations[org_name]
        if Location.objects.filter(region=region, organisation=organisation, name=name).exists():
            continue
        services.location_create(
            actor=None,
            region=region,
            values={
                "organisation": organisation,
                "name": name,
                "address_1": street,
                "postal_code": postcode,
                "city": town,
                "municipality": municipalities[municipality],
                "accessibility": accessibility,
            },
        )
        report.count_created(Location)
    return {location.name: location for location in Location.objects.filter(region=region)}


def _offer(
    *,
    region: Region,
    spec: OfferSpec,
    organisations: dict[str, Organisation],
    locations: dict[str, Location],
    entries: dict[tuple[str, str], CatalogueEntry],
    municipalities: dict[str, Municipality],
    report: SeedReport,
) -> None:
    organisation = organisations[spec.organisation]
    if Service.objects.filter(region=region, organisation=organisation, name=spec.name).exists():
        return
    contact_name, contact_title, contact_phone = spec.contact
    service = services.service_create(
        actor=None,
        region=region,
        data=services.ServiceInput(
            organisation=organisation,
            name=spec.name,
            description=spec.description,
            status=spec.extra.get("status", Service.Status.ACTIVE),
            published=spec.published,
            eligibility_description=spec.eligibility,
            required_documents=spec.documents,
            fees_description=spec.fees,
            appointment_only=spec.appointment_only,
            email=organisation.email,
            life_domains=[entries[(Catalogue.LIFE_DOMAIN, code)] for code in spec.life_domains],
            target_groups=[entries[(Catalogue.TARGET_GROUP, code)] for code in spec.target_groups],
            legal_domains=[entries[(Catalogue.LEGAL_DOMAIN, code)] for code in spec.legal_domains],
            municipalities=[municipalities[name] for name in spec.municipalities],
            languages=list(spec.languages),
        ),
    )
    report.count_created(Service)
    link = None
    if spec.location:
        link = services.service_location_add(actor=None, service=service, location=locations[spec.location])
    if contact_name:
        local = contact_name.split()[-1].lower().replace("ä", "ae").replace("ü", "ue").replace("ö", "oe")
        services.contact_create(
            actor=None,
            service=service,
            name=contact_name,
            title=contact_title,
            phone=contact_phone,
            email=f"{local}@demo.kim.invalid",
        )
    for weekday, opens, closes in spec.times:
        services.schedule_create(
            actor=None,
            service=service,
            service_at_location=link,
            weekday=weekday,
            opens_at=_time(opens),
            closes_at=_time(closes),
            attending_type=Schedule.Attending.IN_PERSON,
            notes="Offene Sprechstunde" if not spec.appointment_only else "Nur nach Terminvereinbarung",
        )


def seed(*, report: SeedReport) -> None:
    region = _region()
    if region is None:
        return
    organisations = _organisations(region, report)
    locations = _locations(region, organisations, report)
    entries = {(e.catalogue, e.code): e for e in CatalogueEntry.objects.filter(region=region)}
    municipalities = {m.name: m for m in Municipality.objects.filter(region=region)}
    for spec in OFFERS:
        _offer(
            region=region,
            spec=spec,
            organisations=organisations,
            locations=locations,
            entries=entries,
            municipalities=municipalities,
            report=report,
        )
    for org_name, offer_name, language, name, description in TRANSLATIONS:
        service = Service.objects.get(region=region, organisation=organisations[org_name], name=offer_name)
        if service.translations.filter(language=language).exists():
            continue
        services.service_translation_save(
            actor=None,
            service=service,
            language=language,
            name=name,
            description=description,
            status=ServiceTranslation.Status.CURRENT,
        )
        report.count_created(ServiceTranslation)
