"""Theme API under /api/v1/themes/: themes with their figures, read-only, for dashboards and reports.

Same scoping as the pages: coordination sees every theme of the region, members of
committees the themes that went to the steering group; everyone else 403, themes of
other regions or not visible 404. Figures below the region's threshold come back as
``null`` with ``suppressed: true`` — never the small number itself; the tables per
municipality and quarter are secondarily suppressed as on the theme page, the trend says
``went_down: null`` when its counts are suppressed, and prioritisation averages are
``null`` while fewer than three members scored. No report texts, no cases, no persons.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import SessionAuth

from kim.accounts.roles import Capability
from kim.core.errors import PermissionDeniedError
from kim.core.models import Region
from kim.themes import selectors
from kim.themes.figures import Cell, is_suppressed
from kim.themes.models import Theme


class ThemeReaderAuth(SessionAuth):
    """Signed in (else 401) and coordinating themes or seeing committees in the active region (else 403)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None:
            return None
        access = getattr(request, "access", None)
        if (
            getattr(request, "region", None) is None
            or access is None
            or not (access.can(Capability.COORDINATE_THEMES) or access.can(Capability.VIEW_COMMITTEES))
        ):
            raise PermissionDeniedError(_("You may not see themes in this region."))
        return user


router = Router(tags=["Themes"], auth=ThemeReaderAuth())


class Figure(Schema):
    value: int | None
    suppressed: bool


class MeasureOut(Schema):
    id: uuid.UUID
    title: str
    status: str
    responsible_organisation: str
    implemented_on: str | None


class CellOut(Schema):
    label: str
    value: int | None
    suppressed: bool


class TrendOut(Schema):
    implemented_on: str
    months: int
    before: Figure
    after: Figure
    went_down: bool | None  # null: not enough reports to compare (a count is suppressed)


class ScoreOut(Schema):
    meeting_date: str
    members: int
    urgency: float | None  # null while fewer than three members scored
    reach: float | None


class ThemeOut(Schema):
    id: uuid.UUID
    title: str
    status: str
    reports: Figure
    cases: Figure
    municipalities: Figure
    by_municipality: list[CellOut]
    by_quarter: list[CellOut]
    trend: TrendOut | None
    prioritisation: list[ScoreOut]
    measures: list[MeasureOut]


def _figure(count: int, threshold: int) -> Figure:
    hidden = is_suppressed(count, threshold)
    return Figure(value=None if hidden else count, suppressed=hidden)


def _cells(cells: list[Cell]) -> list[CellOut]:
    return [CellOut(label=cell.label, value=cell.value, suppressed=cell.suppressed) for cell in cells]


def _trend(theme: Theme, threshold: int) -> TrendOut | None:
    trend = selectors.theme_trend(theme=theme)
    if trend is None:
        return None
    return TrendOut(
        implemented_on=trend.implemented_on.isoformat(),
        months=trend.months,
        before=_figure(trend.before, threshold),
        after=_figure(trend.after, threshold),
        went_down=trend.went_down,
    )


def _out(theme: Theme) -> ThemeOut:
    evidence = selectors.theme_evidence(theme=theme)
    threshold = evidence.threshold
    return ThemeOut(
        id=theme.pk,
        title=theme.title,
        status=theme.status,
        reports=_figure(evidence.reports, threshold),
        cases=_figure(evidence.cases, threshold),
        municipalities=_figure(evidence.municipalities, threshold),
        by_municipality=_cells(evidence.municipality_cells),
        by_quarter=_cells(evidence.quarter_cells),
        trend=_trend(theme, threshold),
        prioritisation=[
            ScoreOut(
                meeting_date=timezone.localtime(summary.meeting.start).date().isoformat(),
                members=summary.count,
                urgency=summary.urgency,
                reach=summary.reach,
            )
            for summary in selectors.theme_scores(theme=theme)
        ],
        measures=[
            MeasureOut(
                id=m.pk,
                title=m.title,
                status=m.status,
                responsible_organisation=str(m.responsible_organisation),
                implemented_on=m.implemented_on.isoformat() if m.implemented_on else None,
            )
            for m in theme.measures.select_related("responsible_organisation")
        ],
    )


def _region(request: HttpRequest) -> Region:
    region = getattr(request, "region", None)
    if not isinstance(region, Region):
        raise PermissionDeniedError(_("You may not see themes in this region."))
    return region


@router.get(
    "", response=list[ThemeOut], url_name="themes_list", summary="Themes with their figures (small counts suppressed)"
)
def theme_list(request: HttpRequest) -> list[ThemeOut]:
    themes = selectors.themes_for_user(user=request.user, region=_region(request)).order_by("title")
    return [_out(theme) for theme in themes]


@router.get("/{theme_id}", response=ThemeOut, url_name="themes_detail", summary="One theme with its figures")
def theme_detail(request: HttpRequest, theme_id: uuid.UUID) -> ThemeOut:
    try:
        theme = selectors.theme_get_for_user(user=request.user, region=_region(request), id=theme_id)
    except ObjectDoesNotExist:
        raise HttpError(404, _("Not found.")) from None
    return _out(theme)
