"""Import of offers from CSV or Excel: validate every row first, then write all or nothing.

Two layouts are understood, told apart by their column headings:

* the HSDS 3.0 CSV layout of ``services.csv`` (``id``, ``organization_id``, ``name``,
  ``description``, ``status`` …), plus KIM's own columns ``life_domains``,
  ``target_groups``, ``legal_domains``, ``municipalities``, ``languages``,
  ``appointment_only``, ``required_documents``, ``published``, ``organization_name``;
* the German Excel template (``Organisation``, ``Angebot``, ``Beschreibung``,
  ``Handlungsfelder`` …), see :data:`TEMPLATE_COLUMNS`.

Lists inside a cell are separated by semicolons. Catalogue entries are matched by
code or German label, municipalities by name, languages by code or German name.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from kim.core import audit
from kim.core.audit import Actor
from kim.core.errors import ApplicationError
from kim.core.models import Catalogue, CatalogueEntry, Municipality, Organisation, Region
from kim.directory.models import LANGUAGES, Service
from kim.directory.services import ServiceInput, contact_create, service_create

MAX_ROWS = 2000

# The German template: heading → field. The first block is what the template file shows.
TEMPLATE_COLUMNS: dict[str, str] = {
    "Organisation": "organisation",
    "Angebot": "name",
    "Beschreibung": "description",
    "Handlungsfelder": "life_domains",
    "Zielgruppen": "target_groups",
    "Rechtskreise": "legal_domains",
    "Kommunen": "municipalities",
    "Sprachen": "languages",
    "Nur mit Termin": "appointment_only",
    "Zugangsvoraussetzungen": "eligibility_description",
    "Zugangsweg": "application_process",
    "Kosten": "fees_description",
    "Unterlagen": "required_documents",
    "Website": "url",
    "E-Mail": "email",
    "Ansprechperson": "contact_name",
    "Telefon Ansprechperson": "contact_phone",
    "E-Mail Ansprechperson": "contact_email",
    "Status": "status",
    "Veröffentlicht": "published",
}

# Other German headings accepted for the same fields.
GERMAN_ALIASES: dict[str, str] = {
    "Lebensbereiche": "life_domains",
    "Träger": "organisation",
    "Name des Angebots": "name",
    "Sprachen der Beratung": "languages",
}

HSDS_COLUMNS: dict[str, str] = {
    "id": "id",
    "organization_id": "organization_id",
    "organization_name": "organisation",
    "name": "name",
    "alternate_name": "alternate_name",
    "description": "description",
    "url": "url",
    "email": "email",
    "status": "status",
    "interpretation_services": "interpretation_services",
    "application_process": "application_process",
    "fees_description": "fees_description",
    "eligibility_description": "eligibility_description",
    "minimum_age": "minimum_age",
    "maximum_age": "maximum_age",
    "life_domains": "life_domains",
    "target_groups": "target_groups",
    "legal_domains": "legal_domains",
    "municipalities": "municipalities",
    "languages": "languages",
    "appointment_only": "appointment_only",
    "required_documents": "required_documents",
    "published": "published",
}

# HSDS columns KIM does not keep: accepted and ignored, so official files load.
HSDS_IGNORED: frozenset[str] = frozenset(
    {
        "program_id",
        "wait_time",
        "fees",
        "accreditations",
        "assured_date",
        "assurer_email",
        "licenses",
        "alert",
        "last_modified",
    }
)

STATUS_VALUES: dict[str, str] = {
    "active": Service.Status.ACTIVE,
    "aktiv": Service.Status.ACTIVE,
    "inactive": Service.Status.INACTIVE,
    "inaktiv": Service.Status.INACTIVE,
    "defunct": Service.Status.DEFUNCT,
    "eingestellt": Service.Status.DEFUNCT,
    "temporarily closed": Service.Status.INACTIVE,
    "vorübergehend geschlossen": Service.Status.INACTIVE,
}
YES = {"ja", "j", "yes", "true", "1", "x", "wahr"}
NO = {"nein", "n", "no", "false", "0", "", "falsch"}


@dataclass(frozen=True)
class Problem:
    row: int  # row number as the spreadsheet shows it (heading = 1)
    column: str
    message: str
    file: str = ""  # the file of an HSDS package (empty for a single file)


class ImportInvalid(ApplicationError):
    """The file has problems; nothing was imported."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(_("The file has %(count)s problem(s). Nothing was imported.") % {"count": len(problems)})
        self.problems = problems


@dataclass
class ParsedRow:
    number: int
    data: ServiceInput
    service_id: uuid.UUID | None
    contact: dict[str, str]


# --- reading -----------------------------------------------------------------------------------


def read_rows(upload: IO[bytes], filename: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Headings and (row number, cells) of a CSV or XLSX file; empty rows are skipped."""
    if filename.lower().endswith(".xlsx"):
        return _read_xlsx(upload)
    return _read_csv(upload)


def _read_csv(upload: IO[bytes]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportInvalid([Problem(1, "", _("The file is not encoded in UTF-8."))]) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = list(reader)
    if not rows:
        raise ImportInvalid([Problem(1, "", _("The file is empty."))])
    body = [(index, row) for index, row in enumerate(rows[1:], start=2) if any(cell.strip() for cell in row)]
    return [cell.strip() for cell in rows[0]], body


def _read_xlsx(upload: IO[bytes]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:
        raise ImportInvalid([Problem(1, "", _("The file cannot be read as an Excel workbook."))]) from None
    sheet = workbook.worksheets[0]
    rows = [["" if cell is None else str(cell).strip() for cell in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    if not rows:
        raise ImportInvalid([Problem(1, "", _("The file is empty."))])
    body = [(index, row) for index, row in enumerate(rows[1:], start=2) if any(cell for cell in row)]
    return rows[0], body


# --- validating --------------------------------------------------------------------------------


class _Lookup:
    """The region's organisations, catalogues, municipalities, matched case-insensitively."""

    def __init__(self, region: Region) -> None:
        self.region = region
        self.organisations: dict[str, Organisation] = {}
        for organisation in Organisation.objects.filter(region=region, is_active=True):
            self.organisations[organisation.name.casefold()] = organisation
            if organisation.short_name:
                self.organisations.setdefault(organisation.short_name.casefold(), organisation)
            self.organisations[str(organisation.pk)] = organisation
        self.entries: dict[str, dict[str, CatalogueEntry]] = {}
        for entry in CatalogueEntry.objects.filter(region=region, is_active=True):
            bucket = self.entries.setdefault(entry.catalogue, {})
            bucket[entry.code.casefold()] = entry
            bucket[entry.label_de.casefold()] = entry
        self.municipalities = {m.name.casefold(): m for m in Municipality.objects.filter(region=region, is_active=True)}
        self.languages = {code: code for code in LANGUAGES} | {
            name.casefold(): code for code, name in LANGUAGES.items()
        }


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace("\n", ";").split(";") if part.strip()]


def _columns(headings: list[str], *, life_domains_required: bool = True) -> tuple[dict[int, str], list[Problem]]:
    """Map column positions to fields; unknown headings are problems (typos must not be silently lost)."""
    known = {**TEMPLATE_COLUMNS, **GERMAN_ALIASES, **HSDS_COLUMNS}
    lowered = {heading.casefold(): field for heading, field in known.items()}
    mapping: dict[int, str] = {}
    problems = []
    for position, heading in enumerate(headings):
        if not heading:
            continue
        field = lowered.get(heading.casefold())
        if field is None:
            if heading in HSDS_IGNORED:
                continue
            problems.append(Problem(1, heading, _("Unknown column.")))
            continue
        if field in mapping.values():
            problems.append(Problem(1, heading, _("This column appears twice.")))
            continue
        mapping[position] = field
    fields = set(mapping.values())
    for needed, label in (("name", "Angebot / name"), ("description", "Beschreibung / description")):
        if needed not in fields:
            problems.append(Problem(1, label, _("This column is missing.")))
    if not fields & {"organisation", "organization_id"}:
        problems.append(Problem(1, "Organisation / organization_id", _("This column is missing.")))
    if "life_domains" not in fields and life_domains_required:
        problems.append(Problem(1, "Handlungsfelder / life_domains", _("This column is missing.")))
    return mapping, problems


def _heading_of(headings: list[str], mapping: dict[int, str], field: str) -> str:
    for position, name in mapping.items():
        if name == field:
            return headings[position]
    return field


def _row_problems(  # noqa: PLR0912, PLR0915  (one check per column, kept in one readable place)
    *,
    number: int,
    values: dict[str, str],
    lookup: _Lookup,
    heading: Any,
    seen: set[tuple[str, str]],
    default_life_domain: CatalogueEntry | None = None,
) -> tuple[ParsedRow | None, list[Problem]]:
    problems: list[Problem] = []

    def problem(field: str, message: str) -> None:
        problems.append(Problem(number, heading(field), message))

    organisation: Organisation | None = None
    if values.get("organization_id"):
        organisation = lookup.organisations.get(values["organization_id"].strip())
        if organisation is None:
            problem("organization_id", _("No active organisation of this region has this id."))
    elif values.get("organisation"):
        organisation = lookup.organisations.get(values["organisation"].casefold())
        if organisation is None:
            problem("organisation", _("No active organisation of this region has this name."))
    else:
        problem("organisation", _("Please enter the organisation."))

    name = values.get("name", "").strip()
    if not name:
        problem("name", _("Please enter the name of the offer."))
    elif len(name) > 200:
        problem("name", _("At most 200 characters."))
    description = values.get("description", "").strip()
    if not description:
        problem("description", _("Please enter a description."))

    status: str = Service.Status.ACTIVE
    if values.get("status", "").strip():
        found_status = STATUS_VALUES.get(values["status"].strip().casefold())
        if found_status is None:
            problem("status", _("Unknown status; allowed: aktiv, inaktiv, eingestellt."))
        else:
            status = found_status

    def flag(field: str) -> bool:
        raw = values.get(field, "").strip().casefold()
        if raw in YES:
            return True
        if raw not in NO:
            problem(field, _("Please enter 'ja' or 'nein'."))
        return False

    appointment_only = flag("appointment_only")
    published = flag("published")

    def entries(field: str, catalogue: str) -> list[CatalogueEntry]:
        found = []
        for part in _split(values.get(field, "")):
            entry = lookup.entries.get(catalogue, {}).get(part.casefold())
            if entry is None:
                problem(field, _("Unknown entry: %(value)s.") % {"value": part})
            else:
                found.append(entry)
        return found

    life_domains = entries("life_domains", Catalogue.LIFE_DOMAIN)
    if not _split(values.get("life_domains", "")):
        if default_life_domain is not None:
            life_domains = [default_life_domain]
        else:
            problem(
                "life_domains",
                _(
                    "Please enter at least one life domain, or choose on the import page the life domain "
                    "for offers without one."
                ),
            )
    target_groups = entries("target_groups", Catalogue.TARGET_GROUP)
    legal_domains = entries("legal_domains", Catalogue.LEGAL_DOMAIN)
    municipalities = []
    for part in _split(values.get("municipalities", "")):
        municipality = lookup.municipalities.get(part.casefold())
        if municipality is None:
            problem("municipalities", _("Unknown municipality: %(value)s.") % {"value": part})
        else:
            municipalities.append(municipality)
    languages = []
    for part in _split(values.get("languages", "")):
        code = lookup.languages.get(part.casefold()) or lookup.languages.get(part)
        if code is None:
            problem("languages", _("Unknown language: %(value)s.") % {"value": part})
        else:
            languages.append(code)

    url = values.get("url", "").strip()
    if url:
        candidate = url if "://" in url else f"https://{url}"
        try:
            URLValidator()(candidate)
            url = candidate
        except DjangoValidationError:
            problem("url", _("This is not a valid web address."))
    for field in ("email", "contact_email"):
        if values.get(field, "").strip():
            try:
                EmailValidator()(values[field].strip())
            except DjangoValidationError:
                problem(field, _("This is not a valid e-mail address."))

    ages: dict[str, int | None] = {}
    for field in ("minimum_age", "maximum_age"):
        raw = values.get(field, "").strip()
        ages[field] = None
        if raw:
            try:
                ages[field] = int(float(raw))
                if not 0 <= ages[field] <= 120:  # type: ignore[operator]
                    raise ValueError
            except ValueError:
                problem(field, _("Please enter an age between 0 and 120."))

    service_id: uuid.UUID | None = None
    if values.get("id", "").strip():
        try:
            service_id = uuid.UUID(values["id"].strip())
        except ValueError:
            problem("id", _("This is not a valid UUID."))
        else:
            if Service.objects.filter(pk=service_id).exists():
                problem("id", _("An offer with this id already exists."))

    if organisation is not None and name:
        key = (str(organisation.pk), name.casefold())
        if key in seen:
            problem("name", _("This offer appears twice in the file."))
        seen.add(key)
        if Service.objects.filter(region=lookup.region, organisation=organisation, name__iexact=name).exists():
            problem("name", _("This organisation already has an offer with this name."))
    if (values.get("contact_phone") or values.get("contact_email")) and not values.get("contact_name", "").strip():
        problem("contact_name", _("Please enter the contact person's name."))

    if problems or organisation is None:
        return None, problems
    data = ServiceInput(
        organisation=organisation,
        name=name,
        description=description,
        status=status,
        published=published,
        alternate_name=values.get("alternate_name", "").strip(),
        url=url,
        email=values.get("email", "").strip(),
        eligibility_description=values.get("eligibility_description", "").strip(),
        application_process=values.get("application_process", "").strip(),
        fees_description=values.get("fees_description", "").strip()[:300],
        required_documents="\n".join(_split(values.get("required_documents", ""))),
        appointment_only=appointment_only,
        interpretation_services=values.get("interpretation_services", "").strip()[:300],
        minimum_age=ages["minimum_age"],
        maximum_age=ages["maximum_age"],
        life_domains=life_domains,
        target_groups=target_groups,
        legal_domains=legal_domains,
        municipalities=municipalities,
        languages=sorted(set(languages)),
    )
    contact = {
        "name": values.get("contact_name", "").strip(),
        "phone": values.get("contact_phone", "").strip(),
        "email": values.get("contact_email", "").strip(),
    }
    return ParsedRow(number, data, service_id, contact), problems


def validate(
    *,
    region: Region,
    headings: list[str],
    rows: list[tuple[int, list[str]]],
    default_life_domain: CatalogueEntry | None = None,
    lookup: _Lookup | None = None,
) -> tuple[list[ParsedRow], list[Problem]]:
    """Check every row; ``lookup`` may carry extra organisation keys (the ids of an HSDS package)."""
    mapping, problems = _columns(headings, life_domains_required=default_life_domain is None)
    if problems:
        return [], problems
    if not rows:
        return [], [Problem(2, "", _("The file contains no offers."))]
    if len(rows) > MAX_ROWS:
        return [], [Problem(MAX_ROWS + 2, "", _("At most %(count)s offers per file.") % {"count": MAX_ROWS})]
    lookup = lookup or _Lookup(region)
    parsed: list[ParsedRow] = []
    seen: set[tuple[str, str]] = set()

    def heading(field: str) -> str:
        return _heading_of(headings, mapping, field)

    for number, cells in rows:
        values = {field: (cells[position] if position < len(cells) else "") for position, field in mapping.items()}
        row, row_problems = _row_problems(
            number=number,
            values=values,
            lookup=lookup,
            heading=heading,
            seen=seen,
            default_life_domain=default_life_domain,
        )
        problems.extend(row_problems)
        if row is not None:
            parsed.append(row)
    return parsed, problems


# --- writing -----------------------------------------------------------------------------------


@transaction.atomic
def services_import(
    *,
    actor: Actor | None,
    region: Region,
    upload: IO[bytes],
    filename: str,
    default_life_domain: CatalogueEntry | None = None,
) -> list[Service]:
    """Validate the whole file; import every offer or none (raises ImportInvalid with the report)."""
    headings, rows = read_rows(upload, filename)
    parsed, problems = validate(region=region, headings=headings, rows=rows, default_life_domain=default_life_domain)
    if problems:
        raise ImportInvalid(problems)
    created = []
    for row in parsed:
        try:
            service = service_create(actor=actor, region=region, data=row.data, service_id=row.service_id)
            if row.contact["name"]:
                contact_create(
                    actor=actor,
                    service=service,
                    name=row.contact["name"],
                    phone=row.contact["phone"],
                    email=row.contact["email"],
                )
        except ApplicationError as error:
            raise ImportInvalid([Problem(row.number, error.field or "", error.message)]) from error
        created.append(service)
    audit.record(
        actor=actor,
        action="create",
        object_type="directory.import",
        region=region,
        changes={"services": [None, len(created)], "file": [None, filename[-100:]]},
    )
    return created


def template_rows() -> Iterator[list[str]]:
    """Headings and one example row of the German Excel template."""
    yield list(TEMPLATE_COLUMNS)
    yield [
        "Caritasverband Siegen-Wittgenstein e. V.",
        "Migrationsberatung für Erwachsene (MBE)",
        "Beratung zu Aufenthalt, Sprache, Arbeit und Alltag für Zugewanderte ab 27 Jahren.",
        "Erstorientierung; Sprache; Arbeit/Beschäftigung",
        "Neuzugewanderte (≤ 36 Monate)",
        "AufenthG (Aufenthaltsrecht)",
        "Kreuztal; Hilchenbach",
        "de; ar; Türkisch",
        "ja",
        "Zugewanderte ab 27 Jahren",
        "Terminvereinbarung per Telefon oder E-Mail",
        "kostenlos",
        "Ausweis; Aufenthaltstitel",
        "www.example.org",
        "mbe@example.org",
        "Erika Beispiel",
        "0271 000000",
        "erika.beispiel@example.org",
        "aktiv",
        "nein",
    ]
