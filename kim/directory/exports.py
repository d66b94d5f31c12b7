"""Tables of the responsibility matrix and the overlap/gap analysis, as CSV or XLSX downloads."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from django.http import HttpResponse
from django.utils.translation import gettext as _

from kim.directory.models import LANGUAGES
from kim.directory.selectors import Analysis, MatrixRow

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: str) -> str:
    """Cells that a spreadsheet would run as a formula are prefixed (CSV injection)."""
    return f"'{value}" if value.startswith(FORMULA_START) else value


def matrix_table(rows: Sequence[MatrixRow]) -> tuple[list[str], list[list[str]]]:
    headings = [
        _("Life domain"),
        _("Legal domain"),
        _("Target group"),
        _("Municipality"),
        _("Responsible organisations"),
        _("Offers"),
    ]
    body = [
        [
            row.life_domain.label_de,
            row.legal_domain.label_de if row.legal_domain else "–",
            row.target_group.label_de if row.target_group else _("all target groups"),
            row.municipality.name,
            "; ".join(organisation.name for organisation in row.organisations),
            "; ".join(service.name for service in row.services),
        ]
        for row in rows
    ]
    return headings, body


def overlap_table(analysis: Analysis) -> tuple[list[str], list[list[str]]]:
    headings = [
        _("Life domain"),
        _("Municipality"),
        _("Target group"),
        _("Legal domain"),
        _("Organisations"),
        _("Offers"),
    ]
    body = [
        [
            overlap.life_domain.label_de,
            overlap.municipality.name,
            overlap.target_group.label_de if overlap.target_group else "–",
            overlap.legal_domain.label_de if overlap.legal_domain else "–",
            "; ".join(organisation.name for organisation in overlap.organisations),
            "; ".join(f"{service.name} ({service.organisation})" for service in overlap.services),
        ]
        for overlap in analysis.overlaps
    ]
    return headings, body


def gap_table(analysis: Analysis) -> tuple[list[str], list[list[str]]]:
    headings = [_("Life domain"), _("Municipality"), _("Target group"), _("Language of counselling")]
    body = [
        [
            gap.life_domain.label_de,
            gap.municipality.name,
            gap.target_group.label_de if gap.target_group else "–",
            LANGUAGES.get(gap.language, "–") if gap.language else "–",
        ]
        for gap in analysis.gaps
    ]
    return headings, body


def csv_response(filename: str, sheets: Sequence[tuple[str, list[str], list[list[str]]]]) -> HttpResponse:
    """One CSV file (semicolon-separated for German Excel); several tables one below the other."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for position, (title, headings, rows) in enumerate(sheets):
        if len(sheets) > 1:
            if position:
                writer.writerow([])
            writer.writerow([title])
        writer.writerow(headings)
        writer.writerows([[_safe(cell) for cell in row] for row in rows])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(filename: str, sheets: Sequence[tuple[str, list[str], list[list[str]]]]) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for title, headings, rows in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append(headings)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_safe(cell) for cell in row])
        sheet.freeze_panes = "A2"
        for column, heading in zip(sheet.columns, headings, strict=False):
            width = max([len(heading), *(len(str(cell.value or "")) for cell in column)])
            sheet.column_dimensions[column[0].column_letter].width = min(60, max(12, width + 2))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def template_xlsx() -> HttpResponse:
    from kim.directory.importing import template_rows

    rows = list(template_rows())
    return xlsx_response("angebote-vorlage", [(_("Offers"), rows[0], rows[1:])])
