"""The personal-data guard: what must not leave the case team in a barrier report's text.

``find_personal_data`` looks for the names of the client and household members
(transliteration-aware: "Müller" finds "Mueller", "Юлія" finds "Yuliia"), dates,
phone numbers, e-mail addresses, IBANs, file and ID numbers (Aktenzeichen, AZR numbers,
passport-like codes), street addresses and any other known value of the case (case
number, the person's phone, e-mail, street). Findings name the *kind* of data and where
it starts; they never carry the matched text, so messages built from them cannot leak
it. A month and year ("seit März 2022") is not a date in this sense: reports are kept at
month granularity.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from kim.cases.matching import normalise as _normalise_name


class Kind:
    NAME = "name"
    DATE = "date"
    PHONE = "phone"
    EMAIL = "email"
    IBAN = "iban"
    FILE_NUMBER = "file_number"
    ADDRESS = "address"
    KNOWN_VALUE = "known_value"


def kind_label(kind: str) -> str:
    labels = {
        Kind.NAME: _("the name of the person or of a household member"),
        Kind.DATE: _("a date (e.g. a date of birth or appointment)"),
        Kind.PHONE: _("a phone number"),
        Kind.EMAIL: _("an e-mail address"),
        Kind.IBAN: _("a bank account number (IBAN)"),
        Kind.FILE_NUMBER: _("a file, case or ID number"),
        Kind.ADDRESS: _("a street address"),
        Kind.KNOWN_VALUE: _("a detail from the case file (e.g. case number, contact details)"),
    }
    return str(labels.get(kind, kind))


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int  # position in the text (for highlighting); the matched text is not kept

    @property
    def label(self) -> str:
        return kind_label(self.kind)


_MONTHS = (
    "januar|jänner|februar|märz|maerz|april|mai|juni|juli|august|september|oktober|november|dezember|"
    "jan|feb|mär|apr|jun|jul|aug|sep|sept|okt|nov|dez"
)
_DATE_RES = (
    re.compile(r"\b\d{1,2}\s*[./]\s*\d{1,2}\s*[./]\s*(?:\d{4}|\d{2})\b"),  # 03.02.1990, 3/2/90
    re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b"),  # 1990-02-03
    re.compile(rf"\b\d{{1,2}}\.?\s*(?:{_MONTHS})\.?\s*(?:\d{{4}}|\d{{2}})?\b", re.IGNORECASE),  # 3. Februar (1990)
    re.compile(r"\b\d{1,2}\.\s?\d{1,2}\.(?=\s|$|[,;)])"),  # 03.02. (without year)
)
_EMAIL_RE = re.compile(r"[\w.+-]+\s?@\s?[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Obfuscated addresses: "person(at)example.org", "person [at] example [dot] org", "person at example dot org".
_AT = r"(?:\s*[(\[{]\s*(?:at|ät|@)\s*[)\]}]\s*)"
_DOT = r"(?:\s*[(\[{]\s*(?:dot|punkt)\s*[)\]}]\s*|\.)"
_OBFUSCATED_EMAIL_RES = (
    re.compile(rf"[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)+", re.IGNORECASE | re.UNICODE),
    re.compile(r"\b[\w.+-]+\s+(?:at|ät)\s+[\w-]+(?:\s+(?:dot|punkt)\s+[\w-]+)+\b", re.IGNORECASE | re.UNICODE),
)
_PHONE_RE = re.compile(r"(?<![\w/])(?:\+|00)?\(?\d[\d\s()/.-]{5,}\d(?![\w/])")
_IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,3})?\b")
# Labels of file, customer and ID numbers. Standalone labels ("Az.", "Aktenzeichen") count on their
# own; the others only with a number word ("BG-Nummer", "Kunden-Nr.", "Vorgangsnummer").
_NUMBER_WORD = r"[\s.-]*(?:nummer|nr|zeichen|id|no|kennzeichen|kennung)\b"
_FILE_LABEL_RE = re.compile(
    r"\b(?:"
    r"(?:az|gz|aktenzeichen|geschäftszeichen|geschaeftszeichen|azr|kdnr|kundennr)\b"
    r"|(?:kd|kunden|bg|bedarfsgemeinschafts?|vorgangs?|fall|akten|pass|ausweis|personal|steuer|"
    r"sozialversicherungs|versicherungs|rv|antrags|bescheid|mitglieds|referenz|azr|leistungs|"
    rf"aufenthaltstitel|dokumenten|register|versicherten){_NUMBER_WORD}"
    r")\.?[^\d\n]{0,20}\d",
    re.IGNORECASE,
)
_FILE_RES = (
    _FILE_LABEL_RE,
    re.compile(r"\b(?=[\w./-]*\d)[A-Za-z0-9]+(?:[./-][A-Za-z0-9]+){2,}\b"),  # III-2022/0815, 123/456-22
    re.compile(r"\b\d{6,}\b"),  # AZR numbers (12 digits), customer numbers, any long digit run
    re.compile(r"\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{8,12}\b"),  # passport or ID card numbers
)
# Street names: a capitalised word ending in a street suffix ("Hauptstraße", "Hauptstr.",
# "Hauptstr", "Sonnenhang", "Lindenweg") or the bare suffix ("Siegener Straße"), then a house
# number of up to three digits with an optional letter (four digits are years, not houses).
_STREET_SUFFIXES = (
    r"straße|strasse|str\.|str|weg|allee|platz|gasse|ring|damm|pfad|ufer|chaussee|markt|hang|berg|feld|hof|"
    r"garten|steig|stieg|graben|wall|grund|höhe|hoehe|bach|kamp|winkel|anger|aue|heide|siedlung|zeile|steg|"
    r"park|brink|twiete|wiese|gässchen"
)
# A count followed by a unit ("3 Monate", "5 Personen") is not a house number.
_COUNT_UNITS = (
    r"monat|woche|tag|jahr|stunde|minute|termin|person|platz|plätze|kurs|mal|famili|meldung|fäll|fall|kind|"
    r"leute|mensch|prozent|euro|eur|km|bis|von|teilnehm|mitglied|kommune|stelle|antr|monate|%"
)
_HOUSE_NUMBER = rf"\s?\d{{1,3}}(?:\s?[a-zA-Z])?(?![\w.,]?\d)\b(?!\s*(?i:{_COUNT_UNITS}))"
_STREET_RE = re.compile(
    rf"(?<![\w-])(?P<word>[A-ZÄÖÜ][\wäöüß-]*?(?i:{_STREET_SUFFIXES})|(?i:straße|strasse|str\.|weg|allee|gasse))"
    rf"{_HOUSE_NUMBER}"
)
# Compound words with a street suffix that are not streets ("Arbeitsmarkt 2", "Handlungsfeld 3").
_NOT_STREETS = (
    "arbeitsmarkt",
    "wohnungsmarkt",
    "ausbildungsmarkt",
    "stellenmarkt",
    "handlungsfeld",
    "arbeitsfeld",
    "berufsfeld",
    "tätigkeitsfeld",
    "themenfeld",
    "aufgabenfeld",
    "umfeld",
    "vorfeld",
    "spielfeld",
    "kindergarten",
    "hintergrund",
    "migrationshintergrund",
    "arbeitsplatz",
    "ausbildungsplatz",
    "kitaplatz",
    "kita-platz",
    "studienplatz",
    "kursplatz",
    "betreuungsplatz",
    "praktikumsplatz",
    "schulplatz",
    "wohnplatz",
    "stellplatz",
    "bahnhof",
)
# "Am Markt 5", "An der Kirche 3", "Im Wiesengrund 7", "Zum Sportplatz 2", "Auf dem Berg 4".
_PREP_STREET_RE = re.compile(
    r"(?<![\w-])(?:(?i:am|im|zum|zur|beim)|(?i:an|in|auf|hinter|unter|vor|über|bei)\s+(?i:der|den|dem|die|das))"
    rf"\s+(?P<noun>[A-ZÄÖÜ][\wäöüß-]+){_HOUSE_NUMBER}"
)
# Nouns after "am/im/zum …" that are not street names ("im Jahr 12", "im Kurs 3", "am Standort 2").
_NOT_STREET_NOUNS = frozenset(
    " ".join(
        [
            "jahr jahre jahren monat monate monaten tag tage tagen woche wochen quartal halbjahr schuljahr ",
            "kurs kurse modul baustein stufe niveau level standort schnitt durchschnitt alter ende anfang moment ",
            "termin punkt paragraph paragraphen paragraf paragrafen absatz kapitel abschnitt teil schritt rang team ",
            "bereich bezirk raum zimmer block gruppe klasse jahrgang semester sprachkurs integrationskurs ",
            "regel praxis summe zeit folge lage nähe region kommune stadt gemeinde kreis gesamt vergangenheit ",
            "zukunft beratung sitzung verfahren antrag schuljahr haushaltsjahr vorjahr ",
            "montag dienstag mittwoch donnerstag freitag samstag sonntag wochenende ",
            "januar jänner februar märz april mai juni juli august september oktober november dezember ",
        ]
    ).split()
)
_YEAR_RANGE_RE = re.compile(r"^(?:19|20)\d{2}\s*[-/]\s*(?:19|20)?\d{2}$")  # 2022/23, 2021-2022: periods, not files
_WORD_RE = re.compile(r"\w+", re.UNICODE)


_UMLAUT_SPELLINGS = (("ae", "a"), ("oe", "o"), ("ue", "u"))


def _normalise(text: str) -> str:
    """Transliterated, lower-case, and German umlaut spellings folded (Müller = Mueller = Muller)."""
    folded = _normalise_name(text)
    for spelled, plain in _UMLAUT_SPELLINGS:
        folded = folded.replace(spelled, plain)
    return folded


def _name_parts(names: Iterable[str]) -> set[str]:
    """Every normalised word of the names with three letters or more (skip "al", "de", "el" …)."""
    parts: set[str] = set()
    for name in names:
        for word in _normalise(name or "").split():
            if len(word) >= 3:
                parts.add(word)
    return parts


def _name_findings(text: str, names: set[str]) -> list[Finding]:
    findings: list[Finding] = []
    for match in _WORD_RE.finditer(text):
        if _normalise(match.group()) in names:
            findings.append(Finding(Kind.NAME, match.start()))
    return findings


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _date_formats(day: dt.date) -> set[str]:
    return {
        f"{day:%d.%m.%Y}",
        f"{day.day}.{day.month}.{day.year}",
        f"{day:%d.%m.%y}",
        day.isoformat(),
        f"{day:%d/%m/%Y}",
    }


def find_personal_data(
    text: str,
    *,
    client_names: Iterable[str] = (),
    household_names: Iterable[str] = (),
    known_dates: Iterable[dt.date] = (),
    known_values: Iterable[str] = (),
) -> list[Finding]:
    """Everything in ``text`` that may identify a person; empty when the text may leave the case team."""
    findings: list[Finding] = []
    names = _name_parts([*client_names, *household_names])
    if names:
        findings += _name_findings(text, names)
    findings += _known_findings(text, known_dates=known_dates, known_values=known_values)
    findings += _pattern_findings(text)
    return _unique(findings)


def _known_findings(text: str, *, known_dates: Iterable[dt.date], known_values: Iterable[str]) -> list[Finding]:
    findings: list[Finding] = []
    lowered = text.lower()
    for day in known_dates:
        for shown in _date_formats(day):
            position = lowered.find(shown.lower())
            if position >= 0:
                findings.append(Finding(Kind.DATE, position))
    for raw in known_values:
        value = (raw or "").strip()
        if len(value) >= 4:  # shorter values are not identifying and match ordinary words
            position = lowered.find(value.lower())
            if position >= 0:
                findings.append(Finding(Kind.KNOWN_VALUE, position))
    return findings


def _pattern_findings(text: str) -> list[Finding]:
    findings: list[Finding] = []
    for pattern in _DATE_RES:
        findings += [Finding(Kind.DATE, m.start()) for m in pattern.finditer(text)]
    findings += [Finding(Kind.EMAIL, m.start()) for m in _EMAIL_RE.finditer(text)]
    for pattern in _OBFUSCATED_EMAIL_RES:
        findings += [Finding(Kind.EMAIL, m.start()) for m in pattern.finditer(text)]
    findings += [Finding(Kind.IBAN, m.start()) for m in _IBAN_RE.finditer(text)]
    findings += _address_findings(text)
    findings += [Finding(Kind.FILE_NUMBER, m.start()) for m in _FILE_RES[0].finditer(text)]
    taken = {f.start for f in findings} | {m.end() - 1 for m in _FILE_RES[0].finditer(text)}
    for m in _PHONE_RE.finditer(text):
        if _digits(m.group()) >= 7 and m.start() not in taken and not _YEAR_RANGE_RE.match(m.group()):
            findings.append(Finding(Kind.PHONE, m.start()))
    taken |= {f.start for f in findings}
    for pattern in _FILE_RES:
        for m in pattern.finditer(text):
            if m.start() in taken or _YEAR_RANGE_RE.match(m.group()):
                continue
            findings.append(Finding(Kind.FILE_NUMBER, m.start()))
            taken.add(m.start())
    return findings


def _address_findings(text: str) -> list[Finding]:
    findings: list[Finding] = []
    covered: list[tuple[int, int]] = []
    for m in _PREP_STREET_RE.finditer(text):
        noun = m.group("noun").lower()
        if noun not in _NOT_STREET_NOUNS and not noun.endswith(_NOT_STREETS):
            findings.append(Finding(Kind.ADDRESS, m.start()))
            covered.append(m.span())
    for m in _STREET_RE.finditer(text):
        if any(start <= m.start() < end for start, end in covered):
            continue  # "Zum Sportplatz 2": already found as one address
        if m.group("word").lower().endswith(_NOT_STREETS):
            continue
        findings.append(Finding(Kind.ADDRESS, m.start()))
    return findings


def _unique(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, int]] = set()
    result = []
    for finding in sorted(findings, key=lambda f: (f.start, f.kind)):
        if (finding.kind, finding.start) not in seen:
            seen.add((finding.kind, finding.start))
            result.append(finding)
    return result


def _parts(findings: list[Finding]) -> list[str]:
    kinds: dict[str, int] = {}
    for finding in findings:
        kinds[finding.kind] = kinds.get(finding.kind, 0) + 1
    return [
        _("%(what)s (%(count)s×)") % {"what": kind_label(kind), "count": count} if count > 1 else kind_label(kind)
        for kind, count in kinds.items()
    ]


def system_text_message(findings: list[Finding]) -> str:
    """The message for texts of the system level (themes, papers, decisions, measures), by kind only."""
    return _(
        "This text is read by the steering group, project groups or the public and may identify a person. "
        "Please remove: %(items)s. Dates belong in the date fields."
    ) % {"items": "; ".join(_parts(findings))}


def findings_message(findings: list[Finding]) -> str:
    """A German message that says what to remove, by kind and count, without repeating it."""
    parts = _parts(findings)
    return _(
        "The description may identify a person. Please remove: %(items)s. "
        "Describe the barrier, not the person: no names, dates, contact details, numbers or addresses."
    ) % {"items": "; ".join(parts)}
