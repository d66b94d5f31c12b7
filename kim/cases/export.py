"""Rights of the person: the Art. 15 export of a client's data and the history of corrections (Art. 16).

The export holds what the acting team may see: the client's own record, languages,
household relation, and every case of the user's teams with all its records. Cases
of other teams are only counted (their team answers for them), so the export never
widens anyone's view. Corrections come from the audit log: each update entry of the
client or one of its records, field by field, old → new, who and when.
"""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import json
import re
import shutil
import uuid
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import IO, Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Prefetch, QuerySet
from django.template.defaultfilters import yesno
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from kim.cases.models import (
    Assessment,
    Case,
    CaseEvent,
    CaseIndication,
    Client,
    ClientLanguage,
    ClientSearchKey,
    Consent,
    Contact,
    Document,
    FollowUp,
    Goal,
    LegalDomainChange,
    Need,
    Note,
    Step,
    TargetGroupCheck,
)
from kim.cases.permissions import user_case_team_ids
from kim.cases.selectors import cases_for_user
from kim.core.models import AuditEntry, Region, Team

EXPORT_FORMAT = "kim-art15-export"
EXPORT_FORMAT_VERSION = 1

# Never part of an export: tenant key, edit counters, internal file paths and checksums.
INTERNAL_FIELDS = frozenset(
    {
        "id",
        "region",
        "version",
        "is_deleted",
        "anonymised_at",
        "file",
        "scan",
        "scan_sha256",
        "sha256",
        "client",
        "case",
    }
)


@dataclass(frozen=True)
class ExportField:
    name: str
    label: str
    value: Any  # JSON-safe
    display: str


@dataclass
class ExportRecord:
    kind: str
    title: str
    id: str
    fields: list[ExportField]
    children: list[ExportSection] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id}
        data.update({item.name: item.value for item in self.fields})
        for section in self.children:
            data[section.key] = [record.as_json() for record in section.records]
        return data


@dataclass
class ExportSection:
    key: str
    title: str
    records: list[ExportRecord]


@dataclass(frozen=True)
class ExportFile:
    """A stored file of the client (document or consent scan) as listed in the export and put
    into the ZIP: ``storage_name`` is internal (never shown), ``zip_path`` its place in the ZIP."""

    record_id: str
    storage_name: str
    zip_path: str
    name: str
    size: int | None
    sha256: str


@dataclass
class ClientExport:
    client: Client
    region: Region
    generated_at: dt.datetime
    generated_by: str
    sections: list[ExportSection]
    other_team_cases: int
    files: list[ExportFile] = field(default_factory=list)

    @property
    def case_ids(self) -> list[str]:
        cases = next((s for s in self.sections if s.key == "cases"), None)
        return [record.id for record in cases.records] if cases else []

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": EXPORT_FORMAT,
            "format_version": EXPORT_FORMAT_VERSION,
            "legal_basis": "Art. 15 DSGVO",
            "generated_at": self.generated_at.isoformat(),
            "generated_by": self.generated_by,
            "controller": self.region.name,
            "other_team_cases": self.other_team_cases,
        }
        for section in self.sections:
            if section.key == "client":
                data["client"] = section.records[0].as_json()
            else:
                data[section.key] = [record.as_json() for record in section.records]
        return data


# --- Turning model instances into readable and machine-readable fields -----------------------


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def _display(value: Any, model_field: models.Field[Any, Any] | None = None) -> str:
    if value is None or value in ("", []):
        text = "–"
    elif isinstance(value, bool):
        text = str(yesno(value, _("yes,no")))
    elif isinstance(value, dt.datetime):
        text = date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    elif isinstance(value, dt.date):
        text = date_format(value, "SHORT_DATE_FORMAT")
    elif isinstance(value, list | tuple):
        text = ", ".join(_display(item) for item in value)
    elif model_field is not None and model_field.choices:
        text = str(dict(model_field.flatchoices).get(value, value))
    else:
        text = str(value)
    return text


def _person_label(user: Any) -> str:
    if user is None:
        return ""
    full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return str(full_name or user)


def record_fields(instance: models.Model, *, exclude: Iterable[str] = ()) -> list[ExportField]:
    """Every concrete field of ``instance`` but the internal ones, foreign keys by their label."""
    skip = INTERNAL_FIELDS | set(exclude)
    result = []
    for model_field in instance._meta.concrete_fields:
        if model_field.name in skip:
            continue
        label = str(capfirst(model_field.verbose_name))
        if isinstance(model_field, models.ForeignKey):
            related = getattr(instance, model_field.name)
            text = _person_label(related) if model_field.related_model is _user_model() else str(related or "")
            result.append(ExportField(model_field.name, label, text or None, text or "–"))
            continue
        value = getattr(instance, model_field.attname)
        result.append(ExportField(model_field.name, label, _json_value(value), _display(value, model_field)))
    return result


def _user_model() -> type[models.Model]:
    from django.contrib.auth import get_user_model

    return get_user_model()


def _record(instance: models.Model, title: str, *, exclude: Iterable[str] = ()) -> ExportRecord:
    return ExportRecord(
        kind=instance._meta.model_name or "",
        title=title,
        id=str(instance.pk),
        fields=record_fields(instance, exclude=exclude),
    )


def _section(key: str, model: type[models.Model], records: list[ExportRecord]) -> ExportSection:
    return ExportSection(key, str(capfirst(model._meta.verbose_name_plural)), records)


# --- The export -------------------------------------------------------------------------------


def _cases_with_everything(cases: QuerySet[Case]) -> QuerySet[Case]:
    user_fields = ("recorded_by",)
    return cases.select_related("current_legal_domain", "referral_source", "closure_reason").prefetch_related(
        Prefetch("events", queryset=CaseEvent.objects.select_related("actor").order_by("on", "created_at")),
        Prefetch("target_group_checks", queryset=TargetGroupCheck.objects.select_related("rule", "checked_by")),
        Prefetch("indications", queryset=CaseIndication.objects.all()),
        Prefetch(
            "consents",
            queryset=Consent.objects.select_related("text", "withdrawn_by", *user_fields).order_by("given_on"),
        ),
        Prefetch(
            "assessments",
            queryset=Assessment.objects.select_related("life_domain", "assessed_by").prefetch_related(
                Prefetch("needs", queryset=Need.objects.order_by("created_at"))
            ),
        ),
        Prefetch(
            "goals",
            queryset=Goal.objects.select_related("life_domain", "need").prefetch_related(
                Prefetch("steps", queryset=Step.objects.select_related("partner_organisation"))
            ),
        ),
        Prefetch("contacts", queryset=Contact.objects.select_related("channel", *user_fields).order_by("occurred_on")),
        Prefetch("notes", queryset=Note.objects.select_related("author").order_by("created_at")),
        Prefetch("documents", queryset=Document.objects.select_related("uploaded_by").order_by("created_at")),
        Prefetch("follow_ups", queryset=FollowUp.objects.select_related("assigned_to", "created_by")),
        Prefetch(
            "legal_domain_changes",
            queryset=LegalDomainChange.objects.select_related("from_domain", "to_domain", *user_fields),
        ),
    )


def _case_record(case: Case) -> ExportRecord:
    record = _record(case, _("Case %(number)s") % {"number": case.number})
    record.fields.insert(0, ExportField("stage", _("Stage"), getattr(case, "stage_value", ""), case.stage_label))
    assessments = []
    for assessment in case.assessments.all():
        item = _record(assessment, str(assessment.life_domain))
        item.children.append(
            _section("needs", Need, [_record(need, need.description) for need in assessment.needs.all()])
        )
        assessments.append(item)
    goals = []
    for goal in case.goals.all():
        item = _record(goal, goal.specific)
        item.children.append(_section("steps", Step, [_record(step, step.description) for step in goal.steps.all()]))
        goals.append(item)
    record.children = [
        _section("events", CaseEvent, [_record(e, str(e.get_kind_display())) for e in case.events.all()]),
        _section(
            "target_group_checks", TargetGroupCheck, [_record(c, str(c.rule)) for c in case.target_group_checks.all()]
        ),
        _section("indications", CaseIndication, [_record(i, str(i)) for i in case.indications.all()]),
        _section("consents", Consent, [_consent_record(c) for c in case.consents.all()]),
        _section("assessments", Assessment, assessments),
        _section("goals", Goal, goals),
        _section("contacts", Contact, [_record(c, str(c)) for c in case.contacts.all()]),
        _section("notes", Note, [_record(n, date_format(timezone.localtime(n.created_at))) for n in case.notes.all()]),
        _section("documents", Document, [_record(d, d.title) for d in case.documents.all()]),
        _section("follow_ups", FollowUp, [_record(f, f.subject) for f in case.follow_ups.all()]),
        _section(
            "legal_domain_changes",
            LegalDomainChange,
            [_record(c, f"{c.from_domain or '–'} → {c.to_domain}") for c in case.legal_domain_changes.all()],
        ),
    ]
    return record


def _consent_record(consent: Consent) -> ExportRecord:
    record = _record(consent, str(consent.get_purpose_display()))
    # The wording the person agreed to belongs to the consent: include it, not only its version.
    record.fields.append(ExportField("text_wording", _("Wording agreed to"), consent.text.text, consent.text.text))
    record.fields.append(
        ExportField("scan_present", _("Signed form on file"), bool(consent.scan), _display(bool(consent.scan)))
    )
    return record


# --- Files, disclosures, search keys ------------------------------------------------------------

_UNSAFE_NAME = re.compile(r"[^\w.\-]+", re.UNICODE)


def _safe_name(name: str) -> str:
    """A file name fit for a ZIP entry: no directories, no odd characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE_NAME.sub("_", base).strip("._")
    return cleaned[:100] or "datei"


def _stored_size(storage_name: str) -> int | None:
    try:
        return int(default_storage.size(storage_name))
    except OSError:  # a file missing from storage is listed with an unknown size
        return None


def _export_files(cases: Sequence[Case]) -> list[ExportFile]:
    files = []
    for case in cases:
        folder = f"dateien/{_safe_name(case.number)}"
        for document in case.documents.all():
            files.append(
                ExportFile(
                    record_id=str(document.pk),
                    storage_name=document.file.name,
                    zip_path=f"{folder}/{document.pk}-{_safe_name(document.original_name or document.title)}",
                    name=document.original_name or document.title,
                    size=document.size,
                    sha256=document.sha256,
                )
            )
        for consent in case.consents.all():
            if not consent.scan:
                continue
            name = consent.scan.name.rsplit("/", 1)[-1]
            files.append(
                ExportFile(
                    record_id=str(consent.pk),
                    storage_name=consent.scan.name,
                    zip_path=f"{folder}/{consent.pk}-{_safe_name(name)}",
                    name=name,
                    size=_stored_size(consent.scan.name),
                    sha256=consent.scan_sha256,
                )
            )
    return files


def _field(name: str, label: str, value: Any) -> ExportField:
    return ExportField(name, label, _json_value(value), _display(value))


def _files_section(files: Sequence[ExportFile]) -> ExportSection:
    records = [
        ExportRecord(
            kind="file",
            title=item.name,
            id=item.record_id,
            fields=[
                _field("name", _("File name"), item.name),
                _field("size", _("Size (bytes)"), item.size),
                _field("sha256", _("Checksum (SHA-256)"), item.sha256),
                _field("zip_path", _("Place in the ZIP download"), item.zip_path),
            ],
        )
        for item in files
    ]
    return ExportSection("files", _("Stored files (documents and signed consent forms)"), records)


def _disclosures_section(*, client: Client, region: Region) -> ExportSection:
    """Who was told about the person: at intake, members of other teams learned which team
    to contact when their new person matched this one (each disclosure is in the audit log).
    Data passed to partner organisations is listed with the referrals."""
    entries = list(
        AuditEntry.objects.filter(
            region=region,
            action=AuditEntry.Action.DISCLOSE,
            object_type=Client._meta.label_lower,
            object_id=str(client.pk),
        ).order_by("at", "id")
    )
    team_ids: set[str] = set()
    for entry in entries:
        team_ids.update(_disclosed_team_ids(entry))
    valid_ids = [pk for pk in team_ids if _is_pk(Team, pk)]
    teams = {str(team.pk): str(team) for team in Team.objects.filter(region=region, pk__in=valid_ids)}
    records = []
    for entry in entries:
        names = [teams.get(pk, "–") for pk in _disclosed_team_ids(entry)]
        records.append(
            ExportRecord(
                kind="disclosure",
                title=_("Duplicate check at intake"),
                id=str(entry.pk),
                fields=[
                    _field("at", _("Time"), entry.at),
                    _field("disclosed_to", _("Disclosed to"), entry.actor_label),
                    _field(
                        "disclosed",
                        _("What was disclosed"),
                        _("That the person is known to: %(teams)s") % {"teams": ", ".join(names) or "–"},
                    ),
                ],
            )
        )
    return ExportSection("disclosures", _("Disclosures to other teams"), records)


def _disclosed_team_ids(entry: AuditEntry) -> list[str]:
    disclosed = (entry.changes or {}).get("disclosed")
    if isinstance(disclosed, list) and len(disclosed) == 2 and isinstance(disclosed[1], list):
        return [str(pk) for pk in disclosed[1]]
    return []


def _search_keys_section(client: Client) -> ExportSection:
    keys = sorted(ClientSearchKey.objects.filter(client=client).values_list("key", flat=True))
    record = ExportRecord(
        kind="search_keys",
        title=_("Search keys for duplicate detection"),
        id=str(client.pk),
        fields=[_field("keys", _("Keys derived from names and birth data"), keys)],
    )
    return ExportSection("search_keys", str(capfirst(ClientSearchKey._meta.verbose_name_plural)), [record])


# --- Contributions of apps that build on cases (referrals, releases …) -------------------------
#
# Apps that store more about a client (and depend on this one) add a module
# ``kim/<app>/art15.py`` with ``export_sections(*, client, cases) -> list[ExportSection]``
# and/or ``record_ids(*, client, cases) -> dict[object_type, set[id]]`` (for the history of
# corrections). They are found by name, so this app imports none of them.


@cache
def _contributors() -> list[Any]:
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("kim.") or config.name == "kim.cases":
            continue
        module_name = f"{config.name}.art15"
        if importlib.util.find_spec(module_name) is not None:
            modules.append(importlib.import_module(module_name))
    return modules


def _contributed_sections(*, client: Client, cases: Sequence[Case]) -> list[ExportSection]:
    sections: list[ExportSection] = []
    for module in _contributors():
        if hasattr(module, "export_sections"):
            sections.extend(module.export_sections(client=client, cases=cases))
    return sections


def _contributed_ids(*, client: Client, cases: Sequence[Case]) -> dict[str, set[str]]:
    ids: dict[str, set[str]] = defaultdict(set)
    for module in _contributors():
        if hasattr(module, "record_ids"):
            for object_type, object_ids in module.record_ids(client=client, cases=cases).items():
                ids[object_type] |= {str(object_id) for object_id in object_ids}
    return ids


def client_export_build(*, user: Any, region: Region, client: Client) -> ClientExport:
    """Everything stored about ``client`` that the user's teams hold, ready for JSON or the page.

    ``client`` must come from ``client_get_for_user`` (so the user works on one of its cases).
    """
    visible = cases_for_user(user=user, region=region).filter(client=client).order_by("opened_on", "number")
    cases = list(_cases_with_everything(visible))
    other = (
        Case.objects.filter(region=region, client=client).exclude(team_id__in=user_case_team_ids(user, region)).count()
    )
    client_record = _record(client, client.display_name, exclude=("household",))
    if client.household_id is not None:
        client_record.fields.append(
            ExportField(
                "household_relation_display",
                _("Household"),
                str(client.household),
                f"{client.household} ({client.get_household_relation_display() or '–'})",
            )
        )
    languages = [_record(language, language.language) for language in client.languages.all()]
    files = _export_files(cases)
    return ClientExport(
        client=client,
        region=region,
        generated_at=timezone.now(),
        generated_by=_person_label(user),
        sections=[
            ExportSection("client", _("Personal data"), [client_record]),
            _section("languages", ClientLanguage, languages),
            _section("cases", Case, [_case_record(case) for case in cases]),
            _files_section(files),
            _disclosures_section(client=client, region=region),
            _search_keys_section(client),
            *_contributed_sections(client=client, cases=cases),
        ],
        other_team_cases=other,
        files=files,
    )


def export_zip_write(export: ClientExport, *, html: str, target: IO[bytes]) -> list[str]:
    """Write the ZIP download to ``target``: the JSON, the readable HTML page and every stored
    file of the export. Returns the ZIP paths of files missing from storage (listed, not packed)."""
    missing = []
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("auskunft.json", json.dumps(export.as_json(), ensure_ascii=False, indent=2))
        archive.writestr("auskunft.html", html)
        for item in export.files:
            try:
                with (
                    default_storage.open(item.storage_name, "rb") as stored,
                    archive.open(item.zip_path, "w", force_zip64=True) as entry,
                ):
                    shutil.copyfileobj(stored, entry)
            except OSError:
                missing.append(item.zip_path)
    return missing


def export_filename(export: ClientExport, extension: str) -> str:
    """No name in the file name: the client's UUID and the date."""
    return f"auskunft-{export.client.pk}-{timezone.localdate():%Y-%m-%d}.{extension}"


# --- History of corrections (Art. 16) --------------------------------------------------------

# Fields whose changes are bookkeeping, not corrections of the person's data.
HIDDEN_CHANGE_KEYS = frozenset({"version", "updated_at", "created_at", "region"})

RECORD_MODELS: tuple[type[models.Model], ...] = (
    Client,
    ClientLanguage,
    Case,
    CaseIndication,
    TargetGroupCheck,
    Consent,
    Assessment,
    Need,
    Goal,
    Step,
    Contact,
    Note,
    Document,
    FollowUp,
    LegalDomainChange,
)


@dataclass(frozen=True)
class CorrectionLine:
    label: str
    old: str
    new: str
    is_change: bool = True


@dataclass(frozen=True)
class Correction:
    at: dt.datetime
    actor_label: str
    object_label: str
    object_id: str
    action: str
    lines: list[CorrectionLine]


def _record_ids(*, client: Client, cases: Sequence[Case]) -> dict[str, set[str]]:
    """Object type → ids of the client's records (in the given cases): a fixed number of queries."""
    case_ids = [case.pk for case in cases]
    ids: dict[str, set[str]] = defaultdict(set)
    ids["cases.client"].add(str(client.pk))
    ids["cases.case"].update(str(pk) for pk in case_ids)
    ids["cases.clientlanguage"].update(
        str(pk) for pk in ClientLanguage.objects.filter(client=client).values_list("pk", flat=True)
    )
    by_case: list[tuple[type[models.Model], str]] = [
        (CaseIndication, "case_id__in"),
        (TargetGroupCheck, "case_id__in"),
        (Consent, "case_id__in"),
        (Assessment, "case_id__in"),
        (Need, "assessment__case_id__in"),
        (Goal, "case_id__in"),
        (Step, "goal__case_id__in"),
        (Contact, "case_id__in"),
        (Note, "case_id__in"),
        (Document, "case_id__in"),
        (FollowUp, "case_id__in"),
        (LegalDomainChange, "case_id__in"),
    ]
    for model, lookup in by_case:
        ids[model._meta.label_lower].update(
            str(pk) for pk in model._default_manager.filter(**{lookup: case_ids}).values_list("pk", flat=True)
        )
    for object_type, object_ids in _contributed_ids(client=client, cases=cases).items():
        ids[object_type] |= object_ids
    return ids


def _model_field(object_type: str, name: str) -> models.Field[Any, Any] | None:
    try:
        model = apps.get_model(object_type)
        found = model._meta.get_field(name)
    except (LookupError, ValueError, FieldDoesNotExist):
        return None
    return found if isinstance(found, models.Field) else None


def _fk_labels(entries: Sequence[AuditEntry]) -> dict[tuple[type[models.Model], str], str]:
    """Labels of every foreign-key value named in the entries, one query per related model."""
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for entry in entries:
        for name, value in (entry.changes or {}).items():
            model_field = _model_field(entry.object_type, name)
            if isinstance(model_field, models.ForeignKey) and isinstance(value, list):
                wanted[model_field.related_model].update(str(v) for v in value if v)  # type: ignore[index]
    labels: dict[tuple[type[models.Model], str], str] = {}
    for model, pks in wanted.items():
        valid = [pk for pk in pks if _is_pk(model, pk)]
        for obj in model._default_manager.filter(pk__in=valid):
            text = _person_label(obj) if model is _user_model() else str(obj)
            labels[(model, str(obj.pk))] = text
    return labels


def _is_pk(model: type[models.Model], value: str) -> bool:
    try:
        model._meta.pk.to_python(value)
    except ValidationError:  # a malformed id in an old entry is simply not resolved
        return False
    return True


def _change_display(value: Any, model_field: models.Field[Any, Any] | None, labels: dict[Any, str]) -> str:
    if isinstance(model_field, models.ForeignKey) and value:
        return labels.get((model_field.related_model, str(value)), str(value))
    if (
        model_field is not None
        and isinstance(value, str)
        and isinstance(model_field, models.DateField | models.DateTimeField)
    ):
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        return _display(parsed if isinstance(model_field, models.DateTimeField) else parsed.date())
    return _display(value, model_field)


def corrections_for_client(*, user: Any, region: Region, client: Client) -> list[Correction]:
    """Every change (update entry) of the client and its records in the user's cases, newest first."""
    cases = list(cases_for_user(user=user, region=region).filter(client=client))
    ids = _record_ids(client=client, cases=cases)
    conditions = models.Q()
    for object_type, object_ids in ids.items():
        if object_ids:
            conditions |= models.Q(object_type=object_type, object_id__in=sorted(object_ids))
    entries = list(
        AuditEntry.objects.filter(conditions, region=region, action=AuditEntry.Action.UPDATE).order_by("-at", "-id")
    )
    labels = _fk_labels(entries)
    corrections = []
    for entry in entries:
        lines = []
        for name, value in (entry.changes or {}).items():
            if name in HIDDEN_CHANGE_KEYS:
                continue
            model_field = _model_field(entry.object_type, name)
            label = str(capfirst(model_field.verbose_name)) if model_field is not None else name
            if isinstance(value, list) and len(value) == 2:
                old, new = value
                lines.append(
                    CorrectionLine(
                        label, _change_display(old, model_field, labels), _change_display(new, model_field, labels)
                    )
                )
            else:
                lines.append(CorrectionLine(label, "", _display(value), is_change=False))
        if not lines:
            continue
        model = _model_or_none(entry.object_type)
        corrections.append(
            Correction(
                at=entry.at,
                actor_label=entry.actor_label,
                object_label=str(capfirst(model._meta.verbose_name)) if model else entry.object_type,
                object_id=entry.object_id,
                action=str(entry.get_action_display()),
                lines=lines,
            )
        )
    return corrections


def _model_or_none(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


# Public builders for contributing apps (kim/<app>/art15.py).
export_record = _record
export_section = _section
