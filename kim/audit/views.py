"""The audit log for the data-protection officer: search, and export as CSV or JSON Lines.

Read-only by design: there is no page to change or delete an entry (the model and
database triggers refuse it anyway). Exports stream row by row, so a large log
never sits in memory, and each export is itself logged with its filters.

The log itself (model and writer) lives in ``kim.core`` so that every app can write
to it; these pages need the capability table and memberships of ``kim.accounts``,
so they are an app of their own above both.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, cast

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.template.defaultfilters import yesno
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kim.accounts.roles import Capability
from kim.audit.forms import AuditFilters, AuditSearchForm
from kim.audit.selectors import audit_entries_search
from kim.core import audit
from kim.core.access import capability_required
from kim.core.http import KimRequest
from kim.core.models import AuditEntry, Region

PAGE_SIZE = 50
EXPORT_CHUNK_SIZE = 2000
AUDIT_OBJECT_TYPE = AuditEntry._meta.label_lower  # "core.auditentry"

view_audit_required = capability_required(Capability.VIEW_AUDIT)


# --- Presenting entries -------------------------------------------------------------------


@cache
def _model_for(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    """``"Municipality (core.municipality)"`` in the user's language; the raw type if unknown."""
    model = _model_for(object_type)
    if model is None:
        return object_type
    return f"{model._meta.verbose_name} ({object_type})"


@dataclass(frozen=True)
class ChangeLine:
    """One line of an entry's changes: a changed field (old → new) or a plain value (export filters)."""

    label: str
    old: str
    new: str
    is_change: bool

    def as_text(self) -> str:
        if self.is_change:
            return f"{self.label}: {self.old} → {self.new}"
        return f"{self.label}: {self.new}"


def _field_for(object_type: str, name: str) -> models.Field[Any, Any] | None:
    model = _model_for(object_type)
    if model is None or (object_type == AUDIT_OBJECT_TYPE and name != "action"):
        return None  # an export's own entry lists filters; only "action" is also a field with labels
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _label_for(object_type: str, name: str) -> str:
    if object_type == AUDIT_OBJECT_TYPE:
        # An export's own entry lists the filters it used: label them as the form does.
        form_field = AuditSearchForm.base_fields.get(name)
        if form_field is not None and form_field.label:
            return str(form_field.label)
        return _("Format") if name == "format" else name
    field = _field_for(object_type, name)
    if field is None:
        return name
    return str(field.verbose_name)


def _value_text(value: Any, field: models.Field[Any, Any] | None = None) -> str:
    if value is None or value in ("", []):
        return _("(empty)")
    if isinstance(value, bool):
        return str(yesno(value))
    if isinstance(value, list | tuple):
        return ", ".join(_value_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def change_lines(entry: AuditEntry) -> list[ChangeLine]:
    """The entry's changes readably: ``{field: [old, new]}`` pairs, other values as they are."""
    changes = entry.changes if isinstance(entry.changes, dict) else {"": entry.changes}
    lines = []
    for name, value in changes.items():
        field = _field_for(entry.object_type, name)
        label = capfirst(_label_for(entry.object_type, name)) or name
        if isinstance(value, list) and len(value) == 2 and entry.action != AuditEntry.Action.EXPORT:
            lines.append(ChangeLine(label, _value_text(value[0], field), _value_text(value[1], field), True))
        else:
            lines.append(ChangeLine(label, "", _value_text(value, field), False))
    return lines


def _local_time_text(entry: AuditEntry) -> str:
    local = timezone.localtime(entry.at)
    return f"{date_format(local, 'SHORT_DATE_FORMAT')} {local:%H:%M:%S}"


@dataclass(frozen=True)
class EntryRow:
    entry: AuditEntry
    changes: list[ChangeLine]
    object_type_label: str


def _rows(entries: Iterable[AuditEntry]) -> list[EntryRow]:
    return [EntryRow(entry, change_lines(entry), object_type_label(entry.object_type)) for entry in entries]


# --- Pages ----------------------------------------------------------------------------------


def _search_form(request: KimRequest) -> AuditSearchForm:
    return AuditSearchForm(request.GET)


def _region(request: KimRequest) -> Region:
    if request.region is None:  # capability_required already refuses this; keep the type honest
        raise PermissionDenied
    return request.region


def _render_search(request: KimRequest, form: AuditSearchForm, *, status: int = 200) -> HttpResponse:
    context: dict[str, Any] = {"form": form, "page_obj": None, "rows": []}
    if form.is_valid():
        entries = audit_entries_search(region=_region(request), filters=form.filters())
        page_obj = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(page_obj=page_obj, rows=_rows(page_obj.object_list))
    return render(request, "audit/search.html", context, status=status)


@never_cache
@view_audit_required
@require_GET
def search(request: KimRequest) -> HttpResponse:
    return _render_search(request, _search_form(request))


# --- Exports --------------------------------------------------------------------------------


class _Echo:
    """A write-only file for csv.writer: hands each formatted line straight back."""

    def write(self, value: str) -> str:
        return value


# Cells starting with these are formulas in spreadsheet programs (CSV injection).
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_PREFIXES) else text


def _csv_header() -> list[str]:
    return [
        _("No."),
        _("Time"),
        _("Person"),
        _("User ID"),
        _("Action"),
        _("Object type"),
        _("Object ID"),
        _("Changes"),
        _("Accessed via"),
    ]


def _in_language(entries: Iterator[AuditEntry], language: str | None) -> Iterator[AuditEntry]:
    """Yield the entries with the request's language active.

    The server reads a streaming response after the view (and the locale middleware)
    has returned, so labels must not depend on whatever language the thread has then.
    """
    with translation.override(language):
        yield from entries


def _csv_lines(entries: Iterator[AuditEntry], *, language: str | None) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff"  # byte order mark: spreadsheet programs then read the file as UTF-8
    with translation.override(language):
        yield writer.writerow(_csv_header())
    for entry in _in_language(entries, language):
        yield writer.writerow(
            [
                _cell(entry.pk),
                _cell(_local_time_text(entry)),
                _cell(entry.actor_label),
                _cell(entry.actor_id or ""),
                _cell(entry.get_action_display()),
                _cell(object_type_label(entry.object_type)),
                _cell(entry.object_id),
                _cell("; ".join(line.as_text() for line in change_lines(entry))),
                _cell(entry.via),
            ]
        )


def _json_lines(entries: Iterator[AuditEntry], *, language: str | None) -> Iterator[str]:
    for entry in _in_language(entries, language):
        record = {
            "id": entry.pk,
            "at": timezone.localtime(entry.at).isoformat(),
            "actor_id": str(entry.actor_id) if entry.actor_id else None,
            "actor_label": entry.actor_label,
            "region_id": str(entry.region_id) if entry.region_id else None,
            "action": entry.action,
            "action_label": str(entry.get_action_display()),
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "changes": entry.changes,
            "via": entry.via,
        }
        yield json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n"


def _export(request: KimRequest, *, file_format: str) -> HttpResponseBase:
    form = _search_form(request)
    if not form.is_valid():
        return _render_search(request, form, status=400)
    region = _region(request)
    filters: AuditFilters = form.filters()
    # Logged before the first row is sent: an export that breaks off still counts.
    audit.record(
        actor=request.user,
        action=AuditEntry.Action.EXPORT,
        object_type=AUDIT_OBJECT_TYPE,
        region=region,
        changes={**filters.as_record(), "format": file_format},
    )
    entries = audit_entries_search(region=region, filters=filters).iterator(chunk_size=EXPORT_CHUNK_SIZE)
    language = translation.get_language()
    stem = f"protokoll-{region.slug}-{timezone.localdate():%Y-%m-%d}"
    if file_format == "csv":
        response = StreamingHttpResponse(_csv_lines(entries, language=language), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    else:
        response = StreamingHttpResponse(
            _json_lines(entries, language=language), content_type="application/x-ndjson; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{stem}.jsonl"'
    return response


@never_cache
@view_audit_required
@require_GET
def export_csv(request: KimRequest) -> HttpResponse:
    # capability_required is typed for HttpResponse; the streaming response passes through unchanged.
    return cast(HttpResponse, _export(request, file_format="csv"))


@never_cache
@view_audit_required
@require_GET
def export_json(request: KimRequest) -> HttpResponse:
    return cast(HttpResponse, _export(request, file_format="jsonl"))
