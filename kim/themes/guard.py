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
_EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_PHONE_RE = re.compile(r"(?<![\w/])(?:\+|00)?\(?\d[\d\s()/.-]{5,}\d(?![\w/])")
_IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,3})?\b")
_FILE_RES = (
    re.compile(r"\b(?:Az|Aktenzeichen|Gz|Geschäftszeichen|AZR|Kd\.?-?Nr|Kundennummer|BG-?Nr)\b[^\d\n]{0,20}\d", re.I),
    re.compile(r"\b(?=[\w./-]*\d)[A-Za-z0-9]+(?:[./-][A-Za-z0-9]+){2,}\b"),  # III-2022/0815, 123/456-22
    re.compile(r"\b\d{6,}\b"),  # AZR numbers (12 digits), customer numbers, any long digit run
    re.compile(r"\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{8,12}\b"),  # passport or ID card numbers
)
_STREET_RE = re.compile(
    r"\b[\wäöüß-]*(?:straße|strasse|str\.|weg|allee|platz|gasse|ring|damm|pfad|ufer|chaussee)\s*\d{1,4}\s?[a-z]?\b",
    re.IGNORECASE,
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
    findings += [Finding(Kind.IBAN, m.start()) for m in _IBAN_RE.finditer(text)]
    findings += [Finding(Kind.ADDRESS, m.start()) for m in _STREET_RE.finditer(text)]
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


def _unique(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, int]] = set()
    result = []
    for finding in sorted(findings, key=lambda f: (f.start, f.kind)):
        if (finding.kind, finding.start) not in seen:
            seen.add((finding.kind, finding.start))
            result.append(finding)
    return result


def findings_message(findings: list[Finding]) -> str:
    """A German message that says what to remove, by kind and count, without repeating it."""
    kinds: dict[str, int] = {}
    for finding in findings:
        kinds[finding.kind] = kinds.get(finding.kind, 0) + 1
    parts = [
        _("%(what)s (%(count)s×)") % {"what": kind_label(kind), "count": count} if count > 1 else kind_label(kind)
        for kind, count in kinds.items()
    ]
    return _(
        "The description may identify a person. Please remove: %(items)s. "
        "Describe the barrier, not the person: no names, dates, contact details, numbers or addresses."
    ) % {"items": "; ".join(parts)}
