"""Import of an HSDS 3.0 CSV package: several tables that refer to each other by id.

The coordinator uploads a ZIP of the HSDS CSV files (or several CSV files at once).
Read are ``organizations.csv``, ``services.csv``, ``locations.csv`` with
``addresses.csv``, ``service_at_locations.csv`` (upstream's example calls it
``service_at_location.csv``; both are accepted), ``phones.csv``, ``schedules.csv``,
``languages.csv``, ``contacts.csv``, ``required_documents.csv`` and
``cost_options.csv``. Other HSDS tables (taxonomies, attributes, funding …) are not
kept by KIM and are listed as ignored.

* Organisations are not created here (that is the region administration's job): each
  row of ``organizations.csv`` is matched to an active organisation of the region by
  its id, else by name or alternative name (short name), case-insensitively.
  ``services.csv`` and ``locations.csv`` then refer to the HSDS id or the KIM id.
* ``services.csv`` is checked row by row exactly like a single services file
  (:mod:`kim.directory.importing`); KIM's own columns are optional. Offers without
  ``life_domains`` get the life domain chosen on the import page; without one they
  are a problem, because an offer without a life domain is missing from search,
  matrix and analysis.
* KIM keeps physical locations with an address in the region: a location needs an
  address (``addresses.csv``) whose town is a municipality of the region.

Every problem names the file, row, column and what is wrong; if there is one, nothing
is written.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath
from typing import IO

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.utils.translation import gettext as _

from kim.core import audit
from kim.core.audit import Actor
from kim.core.errors import ApplicationError
from kim.core.models import CatalogueEntry, Municipality, Organisation, Region
from kim.directory.importing import ImportInvalid, ParsedRow, Problem, _Lookup, _read_csv, _split, validate
from kim.directory.models import Location, Schedule, Service, ServiceAtLocation
from kim.directory.services import (
    contact_create,
    location_create,
    phone_create,
    schedule_create,
    service_create,
    service_location_add,
)

MAX_PACKAGE_BYTES = 20 * 1024 * 1024  # uncompressed, all files together
MAX_FILES = 40

TABLE_ALIASES: dict[str, str] = {
    "organizations": "organizations",
    "services": "services",
    "locations": "locations",
    "addresses": "addresses",
    "service_at_locations": "service_at_locations",
    "service_at_location": "service_at_locations",
    "phones": "phones",
    "schedules": "schedules",
    "languages": "languages",
    "contacts": "contacts",
    "required_documents": "required_documents",
    "cost_options": "cost_options",
}

Table = tuple[list[str], list[tuple[int, list[str]]]]
Values = dict[str, str]


def is_package(filenames: list[str]) -> bool:
    """A ZIP, or several files, or one CSV named like an HSDS table other than services.csv."""
    if len(filenames) != 1:
        return True
    name = PurePosixPath(filenames[0].lower()).name
    return name.endswith(".zip") or (name.endswith(".csv") and TABLE_ALIASES.get(name[:-4], "services") != "services")


# --- reading -----------------------------------------------------------------------------------


def _add(tables: dict[str, Table], ignored: list[str], name: str, content: bytes) -> None:
    base = PurePosixPath(name).name
    stem = base.lower().removesuffix(".csv")
    if not base.lower().endswith(".csv") or stem not in TABLE_ALIASES:
        ignored.append(base)
        return
    table = TABLE_ALIASES[stem]
    if table in tables:
        raise ImportInvalid([Problem(1, "", _("This table appears twice in the upload."), file=base)])
    try:
        tables[table] = _read_csv(io.BytesIO(content))
    except ImportInvalid as error:
        raise ImportInvalid([Problem(p.row, p.column, p.message, file=base) for p in error.problems]) from None


def read_package(uploads: list[tuple[str, IO[bytes]]]) -> tuple[dict[str, Table], list[str]]:
    """The known tables of a ZIP or of several CSV files, and the names of the files ignored."""
    tables: dict[str, Table] = {}
    ignored: list[str] = []
    total = 0
    for filename, upload in uploads:
        if filename.lower().endswith(".zip"):
            try:
                archive = zipfile.ZipFile(upload)
                members = [info for info in archive.infolist() if not info.is_dir()]
            except (zipfile.BadZipFile, OSError):
                raise ImportInvalid([Problem(1, "", _("The ZIP file cannot be read."), file=filename)]) from None
            if len(members) > MAX_FILES:
                raise ImportInvalid(
                    [Problem(1, "", _("At most %(count)s files per upload.") % {"count": MAX_FILES}, file=filename)]
                )
            for info in members:
                if info.filename.startswith("__MACOSX/") or PurePosixPath(info.filename).name.startswith("."):
                    continue
                total += info.file_size
                if total > MAX_PACKAGE_BYTES:
                    raise ImportInvalid([Problem(1, "", _("The files are larger than 20 MB together."), file=filename)])
                _add(tables, ignored, info.filename, archive.read(info))
        else:
            content = upload.read()
            total += len(content)
            if total > MAX_PACKAGE_BYTES:
                raise ImportInvalid([Problem(1, "", _("The files are larger than 20 MB together."), file=filename)])
            _add(tables, ignored, filename, content)
    if "services" not in tables:
        raise ImportInvalid([Problem(1, "", _("The upload contains no services.csv."), file="services.csv")])
    return tables, sorted(ignored)


# --- validating --------------------------------------------------------------------------------


@dataclass
class _LocationRow:
    number: int
    key: str
    existing: Location | None
    values: dict[str, object] = field(default_factory=dict)


@dataclass
class _ScheduleRow:
    number: int
    service_key: str
    link_key: str | None
    weekday: str
    opens_at: dt.time
    closes_at: dt.time
    valid_from: dt.date | None
    valid_to: dt.date | None
    attending_type: str
    notes: str


@dataclass
class _ContactRow:
    number: int
    key: str
    service_key: str
    name: str
    title: str
    department: str
    email: str
    phone: str = ""


@dataclass
class Package:
    """Everything of a valid package, ready to be written."""

    services: list[ParsedRow]
    locations: list[_LocationRow]
    links: list[tuple[int, str, str, str, str]]  # row, link key, service key, location key, note
    schedules: list[_ScheduleRow]
    contacts: list[_ContactRow]
    phones: list[tuple[int, str, str, str]]  # row, service key, number, note
    ignored_files: list[str]
    notes: list[Problem]


def _rows(table: Table) -> list[tuple[int, Values]]:
    headings = [heading.strip().casefold() for heading in table[0]]
    return [
        (number, {heading: (cells[i].strip() if i < len(cells) else "") for i, heading in enumerate(headings)})
        for number, cells in table[1]
    ]


def _time(value: str) -> dt.time | None:
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?::(\d{2}))?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?", value)
    if not match:
        return None
    try:
        return dt.time(int(match[1]), int(match[2]))
    except ValueError:
        return None


def _date(value: str) -> dt.date | None:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a date, no time of day
        except ValueError:
            continue
    return None


def _attending(value: str) -> str:
    lowered = value.casefold()
    if any(word in lowered for word in ("in person", "in-person", "persönlich", "vor ort")):
        return Schedule.Attending.IN_PERSON
    if any(word in lowered for word in ("phone", "telefon")):
        return Schedule.Attending.PHONE
    if any(word in lowered for word in ("online", "video", "remote")):
        return Schedule.Attending.ONLINE
    return Schedule.Attending.IN_PERSON


class _Checker:
    """Collects problems of one package; ``problem(file, row, column, message)``."""

    def __init__(self, region: Region, default_life_domain: CatalogueEntry | None) -> None:
        self.region = region
        self.default_life_domain = default_life_domain
        self.problems: list[Problem] = []
        self.notes: list[Problem] = []
        self.lookup = _Lookup(region)
        self.services: dict[str, ParsedRow] = {}
        self.existing_services = {str(pk) for pk in Service.objects.filter(region=region).values_list("pk", flat=True)}
        self.locations: dict[str, _LocationRow] = {}
        self.links: dict[str, tuple[str, str]] = {}  # link key → service key, location key
        # Ids a file names although its row has a problem of its own: rows depending on them
        # are skipped without a second problem, so the report points at the cause only.
        self.listed: dict[str, set[str]] = {"services": set(), "locations": set(), "links": set()}

    def problem(self, file: str, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(row, column, message, file=file))

    def note(self, file: str, row: int, column: str, message: str) -> None:
        self.notes.append(Problem(row, column, message, file=file))

    def service_key(self, file: str, number: int, values: Values) -> str | None:
        """The offer a row of a dependent table belongs to (in the upload or already in KIM)."""
        key = values.get("service_id", "")
        if not key and values.get("service_at_location_id", "") in self.links:
            return self.links[values["service_at_location_id"]][0]
        if not key:
            self.problem(file, number, "service_id", _("Please enter the id of the offer."))
            return None
        if key in self.listed["services"] and key not in self.services:
            return None
        if key not in self.services and key not in self.existing_services:
            self.problem(file, number, "service_id", _("No offer with this id in services.csv or in the directory."))
            return None
        return key

    # organisations

    def organisations(self, table: Table | None) -> None:
        for number, values in _rows(table) if table else []:
            hsds_id, name = values.get("id", ""), values.get("name", "")
            if not hsds_id:
                self.problem("organizations.csv", number, "id", _("Please enter the id of the organisation."))
                continue
            organisation = self.lookup.organisations.get(hsds_id)
            for candidate in (name, values.get("alternate_name", "")):
                if organisation is None and candidate:
                    organisation = self.lookup.organisations.get(candidate.casefold())
            if organisation is None:
                self.problem(
                    "organizations.csv",
                    number,
                    "name",
                    _(
                        "No active organisation of this region has this id or name (%(name)s). A region "
                        "administrator creates the organisation first; then import again."
                    )
                    % {"name": name or hsds_id},
                )
                continue
            self.lookup.organisations[hsds_id] = organisation

    # services (and what hangs on them directly)

    def services_table(self, table: Table) -> None:
        self.listed["services"] = {values.get("id", "") for _number, values in _rows(table)} - {""}
        parsed, problems = validate(
            region=self.region,
            headings=table[0],
            rows=table[1],
            default_life_domain=self.default_life_domain,
            lookup=self.lookup,
        )
        self.problems += [Problem(p.row, p.column, p.message, file="services.csv") for p in problems]
        for row in parsed:
            if row.service_id is None:
                self.problem("services.csv", row.number, "id", _("Please give every offer an id."))
                continue
            self.services[str(row.service_id)] = row

    def languages(self, table: Table | None) -> None:
        for number, values in _rows(table) if table else []:
            if not values.get("service_id"):
                self.note("languages.csv", number, "service_id", _("Not linked to an offer; ignored."))
                continue
            key = self.service_key("languages.csv", number, values)
            raw = values.get("code") or values.get("name", "")
            code = self.lookup.languages.get(raw.casefold())
            if code is None:
                self.problem(
                    "languages.csv",
                    number,
                    "code",
                    _("Unknown language: %(value)s. KIM knows the languages of its list only.") % {"value": raw},
                )
                continue
            if key in self.services:
                data = self.services[key].data
                data.languages = sorted({*data.languages, code})
            elif key is not None:
                self.note("languages.csv", number, "service_id", _("The offer exists already; not changed."))

    def required_documents(self, table: Table | None) -> None:
        for number, values in _rows(table) if table else []:
            key = self.service_key("required_documents.csv", number, values)
            document = values.get("document", "")
            if not document:
                self.problem("required_documents.csv", number, "document", _("Please enter the document."))
            elif key in self.services:
                data = self.services[key].data
                data.required_documents = "\n".join([*_split(data.required_documents), document])

    def cost_options(self, table: Table | None) -> None:
        for number, values in _rows(table) if table else []:
            key = self.service_key("cost_options.csv", number, values)
            parts = [values.get("option", ""), values.get("amount", ""), values.get("currency", "").upper()]
            text = " ".join(part for part in parts if part)
            if values.get("amount_description"):
                text = f"{text} ({values['amount_description']})" if text else values["amount_description"]
            if not text or key not in self.services:
                continue
            data = self.services[key].data
            data.fees_description = "; ".join(part for part in (data.fees_description, text) if part)
            if len(data.fees_description) > 300:
                self.problem(
                    "cost_options.csv",
                    number,
                    "option",
                    _("Costs of the offer together longer than 300 characters; please shorten them."),
                )

    # locations

    def locations_table(self, locations: Table | None, addresses: Table | None) -> None:
        by_location: dict[str, tuple[int, Values]] = {}
        for number, values in _rows(addresses) if addresses else []:
            kind = values.get("address_type", "physical").casefold() or "physical"
            if kind == "physical" or values.get("location_id", "") not in by_location:
                by_location[values.get("location_id", "")] = (number, values)
        municipalities = {m.name.casefold(): m for m in Municipality.objects.filter(region=self.region, is_active=True)}
        for number, values in _rows(locations) if locations else []:
            self.listed["locations"].add(values.get("id", ""))
            self._location(number, values, by_location, municipalities)

    def _location(  # noqa: PLR0912, PLR0915  (one check per column, kept in one readable place)
        self,
        number: int,
        values: Values,
        addresses: dict[str, tuple[int, Values]],
        municipalities: dict[str, Municipality],
    ) -> None:
        file = "locations.csv"
        key = values.get("id", "")
        if not key:
            self.problem(file, number, "id", _("Please enter the id of the location."))
            return
        if values.get("location_type", "physical").casefold() not in ("", "physical"):
            self.note(file, number, "location_type", _("KIM keeps physical locations only; ignored."))
            return
        existing = Location.objects.filter(pk=key).first() if _is_uuid(key) else None
        if existing is not None and existing.region_id == self.region.pk:
            self.locations[key] = _LocationRow(number, key, existing)
            return
        if existing is not None:
            self.problem(file, number, "id", _("A location with this id already exists."))
            return
        organisation: Organisation | None = self.lookup.organisations.get(values.get("organization_id", ""))
        if organisation is None:
            self.problem(
                file,
                number,
                "organization_id",
                _("No organisation with this id in organizations.csv or in this region."),
            )
        name = values.get("name", "")
        if not name:
            self.problem(file, number, "name", _("Please enter the name of the location."))
        elif len(name) > 200:
            self.problem(file, number, "name", _("At most 200 characters."))
        coordinates: dict[str, Decimal | None] = {"latitude": None, "longitude": None}
        for column, limit in (("latitude", 90), ("longitude", 180)):
            raw = values.get(column, "").replace(",", ".")
            if not raw:
                continue
            try:
                coordinates[column] = Decimal(raw).quantize(Decimal("0.000001"))
            except InvalidOperation:
                coordinates[column] = None
            value = coordinates[column]
            if value is None or abs(value) > limit:
                self.problem(
                    file,
                    number,
                    column,
                    _("Please enter a number between -%(limit)s and %(limit)s.") % {"limit": limit},
                )
        if (coordinates["latitude"] is None) != (coordinates["longitude"] is None):
            self.problem(file, number, "longitude", _("Please enter both latitude and longitude, or neither."))
        address = addresses.get(key)
        municipality: Municipality | None = None
        if address is None:
            self.problem(
                file,
                number,
                "id",
                _("This location has no address in addresses.csv (address_1, postal_code, city)."),
            )
        else:
            address_row, address_values = address
            for column in ("address_1", "postal_code", "city"):
                if not address_values.get(column):
                    self.problem("addresses.csv", address_row, column, _("This field is required."))
            if len(address_values.get("postal_code", "")) > 10:
                self.problem("addresses.csv", address_row, "postal_code", _("At most 10 characters."))
            city = address_values.get("city", "")
            municipality = municipalities.get(city.casefold())
            if city and municipality is None:
                self.problem(
                    "addresses.csv",
                    address_row,
                    "city",
                    _("%(value)s is not a municipality of this region.") % {"value": city},
                )
        if organisation is None or municipality is None or not name or address is None:
            return
        existing = Location.objects.filter(region=self.region, organisation=organisation, name=name).first()
        if existing is not None:
            self.locations[key] = _LocationRow(number, key, existing)
            return
        address_values = address[1]
        self.locations[key] = _LocationRow(
            number,
            key,
            None,
            {
                "organisation": organisation,
                "name": name,
                "description": values.get("description", ""),
                "address_1": " ".join(filter(None, (address_values["address_1"], address_values.get("address_2")))),
                "postal_code": address_values["postal_code"],
                "city": address_values["city"],
                "municipality": municipality,
                "transportation": values.get("transportation", "")[:300],
                **coordinates,
            },
        )

    def links_table(self, table: Table | None) -> list[tuple[int, str, str, str, str]]:
        result = []
        file = "service_at_locations.csv"
        seen: set[tuple[str, str]] = set()
        for number, values in _rows(table) if table else []:
            service_key = self.service_key(file, number, values)
            location_key = values.get("location_id", "")
            self.listed["links"].add(values.get("id", ""))
            if location_key in self.listed["locations"] and location_key not in self.locations:
                continue
            if location_key not in self.locations:
                self.problem(file, number, "location_id", _("No location with this id in locations.csv or in KIM."))
                continue
            note = values.get("description", "")
            if len(note) > 300:
                self.problem(file, number, "description", _("At most 300 characters."))
            if service_key is None:
                continue
            if (service_key, location_key) in seen:
                self.problem(file, number, "location_id", _("The offer is already available at this location."))
                continue
            seen.add((service_key, location_key))
            link_key = values.get("id", "") or f"{service_key}@{location_key}"
            self.links[link_key] = (service_key, location_key)
            result.append((number, link_key, service_key, location_key, note))
        return result

    def schedules_table(self, table: Table | None) -> list[_ScheduleRow]:  # noqa: PLR0912
        result = []
        file = "schedules.csv"
        for number, values in _rows(table) if table else []:
            service_key = self.service_key(file, number, values)
            link_key = values.get("service_at_location_id") or None
            link_skipped = link_key is not None and link_key not in self.links
            if link_skipped and link_key not in self.listed["links"]:
                self.problem(file, number, "service_at_location_id", _("No such row in service_at_locations.csv."))
            if values.get("freq", "").upper() not in ("", "WEEKLY"):
                self.problem(file, number, "freq", _("KIM keeps weekly opening times only (freq WEEKLY)."))
            days = [day.strip().upper()[-2:] for day in values.get("byday", "").split(",") if day.strip()]
            if not days:
                self.problem(file, number, "byday", _("Please name the weekdays (MO, TU, WE, TH, FR, SA, SU)."))
            elif any(day not in Schedule.Weekday.values for day in days):
                self.problem(file, number, "byday", _("Unknown weekday; allowed: MO, TU, WE, TH, FR, SA, SU."))
            opens, closes = _time(values.get("opens_at", "")), _time(values.get("closes_at", ""))
            for column, value in (("opens_at", opens), ("closes_at", closes)):
                if value is None:
                    self.problem(file, number, column, _("Please enter a time as HH:MM."))
            if opens and closes and closes <= opens:
                self.problem(file, number, "closes_at", _("The end must be after the start."))
            dates: dict[str, dt.date | None] = {}
            for column in ("valid_from", "valid_to"):
                raw = values.get(column, "")
                dates[column] = _date(raw) if raw else None
                if raw and dates[column] is None:
                    self.problem(file, number, column, _("Please enter a date as YYYY-MM-DD."))
            start, end = dates["valid_from"], dates["valid_to"]
            if start and end and end < start:
                self.problem(file, number, "valid_to", _("'Valid until' must not be before 'valid from'."))
            if service_key is None or opens is None or closes is None or link_skipped:
                continue
            if link_key is not None and self.links[link_key][0] != service_key:
                self.problem(file, number, "service_at_location_id", _("This row belongs to another offer."))
                continue
            notes = values.get("notes") or values.get("description", "")
            for day in days:
                result.append(
                    _ScheduleRow(
                        number,
                        service_key,
                        link_key,
                        day,
                        opens,
                        closes,
                        start,
                        end,
                        _attending(values.get("attending_type", "")),
                        notes[:300],
                    )
                )
        return result

    def contacts_table(self, table: Table | None) -> dict[str, _ContactRow]:
        result: dict[str, _ContactRow] = {}
        file = "contacts.csv"
        for number, values in _rows(table) if table else []:
            if not values.get("service_id"):
                self.note(file, number, "service_id", _("Not linked to an offer; ignored."))
                continue
            service_key = self.service_key(file, number, values)
            name = values.get("name", "")
            if not name:
                self.problem(file, number, "name", _("Please enter the contact person's name."))
            email = values.get("email", "")
            if email:
                try:
                    EmailValidator()(email)
                except DjangoValidationError:
                    self.problem(file, number, "email", _("This is not a valid e-mail address."))
            if service_key is None or not name:
                continue
            key = values.get("id", "") or f"contact-{number}"
            result[key] = _ContactRow(
                number,
                key,
                service_key,
                name[:150],
                values.get("title", "")[:150],
                values.get("department", "")[:150],
                email,
            )
        return result

    def phones_table(self, table: Table | None, contacts: dict[str, _ContactRow]) -> list[tuple[int, str, str, str]]:
        result = []
        file = "phones.csv"
        for number, values in _rows(table) if table else []:
            phone = values.get("number", "").strip().strip('"').strip()
            if not phone:
                self.problem(file, number, "number", _("Please enter the number."))
                continue
            if len(phone) > 40:
                self.problem(file, number, "number", _("At most 40 characters."))
                continue
            if values.get("extension"):
                phone = f"{phone}-{values['extension']}"[:40]
            contact = contacts.get(values.get("contact_id", ""))
            if contact is not None and not contact.phone:
                contact.phone = phone
                continue
            if not values.get("service_id") and values.get("service_at_location_id", "") not in self.links:
                self.note(file, number, "service_id", _("Not linked to an offer; ignored."))
                continue
            service_key = self.service_key(file, number, values)
            if service_key is not None:
                result.append((number, service_key, phone, values.get("description", "")[:200]))
        return result


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def validate_package(
    *,
    region: Region,
    tables: dict[str, Table],
    ignored_files: list[str],
    default_life_domain: CatalogueEntry | None = None,
) -> tuple[Package, list[Problem]]:
    checker = _Checker(region, default_life_domain)
    checker.organisations(tables.get("organizations"))
    checker.services_table(tables["services"])
    checker.languages(tables.get("languages"))
    checker.required_documents(tables.get("required_documents"))
    checker.cost_options(tables.get("cost_options"))
    checker.locations_table(tables.get("locations"), tables.get("addresses"))
    links = checker.links_table(tables.get("service_at_locations"))
    schedules = checker.schedules_table(tables.get("schedules"))
    contacts = checker.contacts_table(tables.get("contacts"))
    phones = checker.phones_table(tables.get("phones"), contacts)
    package = Package(
        services=list(checker.services.values()),
        locations=list(checker.locations.values()),
        links=links,
        schedules=schedules,
        contacts=list(contacts.values()),
        phones=phones,
        ignored_files=ignored_files,
        notes=checker.notes,
    )
    return package, checker.problems


# --- writing -----------------------------------------------------------------------------------


@contextmanager
def _reported(file: str, number: int) -> Iterator[None]:
    """A service refusing a row (a rare race with another edit) becomes a report line; all is rolled back."""
    try:
        yield
    except ApplicationError as error:
        raise ImportInvalid([Problem(number, error.field or "", error.message, file=file)]) from error


@transaction.atomic
def package_import(
    *,
    actor: Actor | None,
    region: Region,
    uploads: list[tuple[str, IO[bytes]]],
    default_life_domain: CatalogueEntry | None = None,
) -> Package:
    """Validate the whole package; write every table or nothing (raises ImportInvalid with the report)."""
    tables, ignored = read_package(uploads)
    package, problems = validate_package(
        region=region, tables=tables, ignored_files=ignored, default_life_domain=default_life_domain
    )
    if problems:
        raise ImportInvalid(problems)
    services: dict[str, Service] = {
        str(service.pk): service
        for service in Service.objects.filter(region=region, pk__in=_referenced_services(package))
    }
    for row in package.services:
        with _reported("services.csv", row.number):
            service = service_create(actor=actor, region=region, data=row.data, service_id=row.service_id)
            services[str(row.service_id)] = service
            if row.contact["name"]:
                contact_create(actor=actor, service=service, **row.contact)
    locations: dict[str, Location] = {}
    for location_row in package.locations:
        if location_row.existing is not None:
            locations[location_row.key] = location_row.existing
            continue
        with _reported("locations.csv", location_row.number):
            locations[location_row.key] = location_create(
                actor=actor,
                region=region,
                values=location_row.values,
                location_id=uuid.UUID(location_row.key) if _is_uuid(location_row.key) else None,
            )
    links: dict[str, ServiceAtLocation] = {}
    for number, link_key, service_key, location_key, note in package.links:
        with _reported("service_at_locations.csv", number):
            links[link_key] = service_location_add(
                actor=actor, service=services[service_key], location=locations[location_key], description=note
            )
    for schedule in package.schedules:
        with _reported("schedules.csv", schedule.number):
            schedule_create(
                actor=actor,
                service=services[schedule.service_key],
                service_at_location=links[schedule.link_key] if schedule.link_key else None,
                weekday=schedule.weekday,
                opens_at=schedule.opens_at,
                closes_at=schedule.closes_at,
                valid_from=schedule.valid_from,
                valid_to=schedule.valid_to,
                attending_type=schedule.attending_type,
                notes=schedule.notes,
            )
    for contact in package.contacts:
        with _reported("contacts.csv", contact.number):
            contact_create(
                actor=actor,
                service=services[contact.service_key],
                name=contact.name,
                title=contact.title,
                department=contact.department,
                email=contact.email,
                phone=contact.phone,
            )
    for number, service_key, phone, note in package.phones:
        with _reported("phones.csv", number):
            phone_create(actor=actor, service=services[service_key], number=phone, description=note)
    audit.record(
        actor=actor,
        action="create",
        object_type="directory.import",
        region=region,
        changes={
            "services": [None, len(package.services)],
            "locations": [None, sum(1 for row in package.locations if row.existing is None)],
            "files": [None, ", ".join(sorted({name for name, _upload in uploads}))[-200:]],
        },
    )
    return package


def _referenced_services(package: Package) -> set[str]:
    keys = {schedule.service_key for schedule in package.schedules}
    keys |= {contact.service_key for contact in package.contacts}
    keys |= {service_key for _number, service_key, _phone, _note in package.phones}
    keys |= {service_key for _number, _link, service_key, _location, _note in package.links}
    return {key for key in keys if _is_uuid(key)}
