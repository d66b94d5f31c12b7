"""Reads for the caseload lists (my cases, team cases) and the caseload figures.

Lists are scoped through ``kim.cases.selectors.cases_for_user`` (the user's case teams);
everything a row shows is joined or annotated in the one page query, so the number of
queries does not grow with the page size. Figures hold counts only, never names, and
counts below the region's threshold are suppressed for everyone outside the team.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.accounts.models import Membership, User
from kim.accounts.roles import RoleCode
from kim.cases.matching import name_query_keys
from kim.cases.models import Assessment, Case, CaseQuerySet, ClientSearchKey, FollowUp, Goal, Step
from kim.cases.selectors import cases_for_user
from kim.core.models import Municipality, Region, Team
from kim.notifications.models import ReminderSettings
from kim.notifications.selectors import reminder_settings_for

SCOPE_MINE = "mine"
SCOPE_TEAM = "team"

DUE_TODAY = "today"
DUE_OVERDUE = "overdue"
DUE_ANY = "any"


@dataclass(frozen=True)
class CaseloadFilters:
    """The cleaned filters of a caseload list (ids as strings, empty means "all")."""

    stage: str = ""
    municipality: str = ""
    life_domain: str = ""
    due: str = ""
    residence_expiring: bool = False
    include_closed: bool = False
    query: str = ""


@dataclass(frozen=True)
class Horizon:
    """The dates a region's reminder settings turn into: what counts as due and as expiring."""

    today: dt.date
    step_until: dt.date
    residence_until: dt.date

    @classmethod
    def for_region(cls, region: Region, today: dt.date | None = None) -> Horizon:
        return cls.from_settings(reminder_settings_for(region=region), today)

    @classmethod
    def from_settings(cls, settings: ReminderSettings, today: dt.date | None = None) -> Horizon:
        day = today or timezone.localdate()
        return cls(
            today=day,
            step_until=day + dt.timedelta(days=settings.step_lead_days),
            residence_until=day + dt.timedelta(days=settings.residence_lead_days),
        )


def _count_of(queryset: QuerySet[Any], group_by: str) -> Coalesce:
    """A correlated COUNT(*) of ``queryset`` per outer case (0 when none)."""
    counted = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _open_steps() -> QuerySet[Step]:
    return Step.objects.filter(goal__case=OuterRef("pk"), status=Step.Status.OPEN)


def _open_follow_ups() -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(case=OuterRef("pk"), done_on__isnull=True)


def with_monitoring(cases: QuerySet[Case], horizon: Horizon) -> QuerySet[Case]:
    """Annotate what the lists show about due work: next open step, counts due and overdue."""
    today = horizon.today
    next_step = _open_steps().order_by("due_on").values("due_on")[:1]
    next_follow_up = _open_follow_ups().order_by("due_on").values("due_on")[:1]
    return cases.annotate(
        next_step_due_on=Subquery(next_step),
        next_follow_up_on=Subquery(next_follow_up),
        steps_due=_count_of(_open_steps().filter(due_on__gte=today, due_on__lte=horizon.step_until), "goal__case"),
        steps_overdue=_count_of(_open_steps().filter(due_on__lt=today), "goal__case"),
        follow_ups_due=_count_of(_open_follow_ups().filter(due_on=today), "case"),
        follow_ups_overdue=_count_of(_open_follow_ups().filter(due_on__lt=today), "case"),
    )


def _due_condition(due: str, horizon: Horizon) -> Q:
    today = horizon.today
    due_now = Exists(_open_steps().filter(due_on__gte=today, due_on__lte=horizon.step_until)) | Exists(
        _open_follow_ups().filter(due_on=today)
    )
    overdue = Exists(_open_steps().filter(due_on__lt=today)) | Exists(_open_follow_ups().filter(due_on__lt=today))
    if due == DUE_TODAY:
        return Q(due_now)
    if due == DUE_OVERDUE:
        return Q(overdue)
    return Q(due_now) | Q(overdue)


def residence_expiring_condition(horizon: Horizon, prefix: str = "client__") -> Q:
    """Titles ending within the lead time, and those already ended (the most urgent)."""
    return Q(
        **{
            f"{prefix}residence_valid_until__isnull": False,
            f"{prefix}residence_valid_until__lte": horizon.residence_until,
        }
    )


def name_search_condition(*, region: Region, query: str) -> Q:
    """Cases whose client matches ``query`` across scripts, or whose number contains it.

    The query is turned into the same transliteration-aware keys as the stored
    ``ClientSearchKey`` rows (kim.cases.matching), so "Mohammed", "Muhammad" and
    "محمد" find one another; a plain substring match on the Latin names is added for
    partial input such as the first letters of a family name.
    """
    query = " ".join(query.split())
    condition = (
        Q(number__icontains=query)
        | Q(client__family_name__icontains=query)
        | Q(client__given_names__icontains=query)
        | Q(client__names_original_script__icontains=query)
    )
    keys = name_query_keys(query)
    if keys:
        matching_clients = ClientSearchKey.objects.filter(region=region, key__in=keys).values("client_id")
        condition |= Q(client_id__in=matching_clients)
    return condition


def caseload_for_user(
    *,
    user: User,
    region: Region,
    scope: str,
    filters: CaseloadFilters,
    horizon: Horizon,
) -> QuerySet[Case]:
    """The cases of a caseload list with everything a row shows, ordered by urgency then number.

    ``scope`` "mine": cases the user is responsible for; "team": every case of the
    user's case teams. Closed cases only with ``include_closed`` or the closure stage.
    """
    cases = cases_for_user(user=user, region=region).select_related("client__municipality", "current_legal_domain")
    if scope == SCOPE_MINE:
        cases = cases.filter(case_manager=user)
    if filters.stage:
        cases = cases.filter(Q(("stage_value", filters.stage)))  # annotated by with_stage()
    elif not filters.include_closed:
        cases = cases.filter(closed_on__isnull=True)
    if filters.municipality:
        cases = cases.filter(client__municipality_id=filters.municipality)
    if filters.life_domain:
        cases = cases.filter(
            Exists(Assessment.objects.filter(case=OuterRef("pk"), life_domain_id=uuid.UUID(filters.life_domain)))
            | Exists(Goal.objects.filter(case=OuterRef("pk"), life_domain_id=uuid.UUID(filters.life_domain)))
        )
    if filters.due:
        cases = cases.filter(_due_condition(filters.due, horizon))
    if filters.residence_expiring:
        cases = cases.filter(residence_expiring_condition(horizon))
    if filters.query:
        cases = cases.filter(name_search_condition(region=region, query=filters.query))
    return with_monitoring(cases, horizon).order_by(
        F("closed_on").desc(nulls_first=True), F("next_step_due_on").asc(nulls_last=True), "number"
    )


def municipalities_for_filter(*, region: Region) -> QuerySet[Municipality]:
    return Municipality.objects.filter(region=region, is_active=True).order_by("name")


# --- Caseload figures (team lead, coordinator): counts only ---------------------------------


SUPPRESSED = None  # a cell below the threshold: shown as "< threshold"


@dataclass
class FigureRow:
    label: str
    count: int | None  # None: suppressed


@dataclass
class FigureTable:
    """One dimension of the figures (stage, municipality, team, month) with its total."""

    key: str
    rows: list[FigureRow] = field(default_factory=list)
    total: int | None = None
    show_total: bool = True


@dataclass
class MonthRow:
    month: dt.date
    opened: int | None
    closed: int | None


@dataclass
class CaseloadFigures:
    """The figures of one scope: the whole region (suppressed) or one team (exact for its lead)."""

    title: str
    exact: bool
    threshold: int
    open_cases: int | None
    by_stage: FigureTable
    by_municipality: FigureTable
    by_team: FigureTable | None
    by_month: list[MonthRow]


def suppress(values: Iterable[tuple[str, int]], *, threshold: int, key: str, show_total: bool = True) -> FigureTable:
    """Counts with small cells suppressed (primary) and, while the total is shown, further cells
    until the hidden cells add up to at least the threshold (secondary suppression), so no small
    count can be worked out from the total. A total below the threshold hides everything."""
    items = list(values)
    total = sum(count for _label, count in items)
    if show_total and 0 < total < threshold:
        return FigureTable(key, [FigureRow(label, SUPPRESSED) for label, _count in items], SUPPRESSED, show_total)
    hidden = {index for index, (_label, count) in enumerate(items) if 0 < count < threshold}
    if show_total and hidden:
        # Secondary suppression: with the total shown, the hidden cells add up to a known
        # sum; hide further non-zero cells (smallest first) until that sum reaches the threshold.
        candidates = sorted(
            (count, index) for index, (_label, count) in enumerate(items) if index not in hidden and count > 0
        )
        hidden_sum = sum(items[index][1] for index in hidden)
        for count, index in candidates:
            if hidden_sum >= threshold:
                break
            hidden.add(index)
            hidden_sum += count
    rows = [FigureRow(label, SUPPRESSED if index in hidden else count) for index, (label, count) in enumerate(items)]
    return FigureTable(key, rows, total if show_total else None, show_total)


def exact(values: Iterable[tuple[str, int]], *, key: str) -> FigureTable:
    items = list(values)
    return FigureTable(key, [FigureRow(label, count) for label, count in items], sum(c for _l, c in items))


def _months_back(today: dt.date, months: int) -> list[dt.date]:
    first = today.replace(day=1)
    result = []
    for _step in range(months):
        result.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return list(reversed(result))


def _month_counts(cases: QuerySet[Case], field_name: str, since: dt.date) -> Counter[dt.date]:
    rows = (
        cases.filter(**{f"{field_name}__gte": since})
        .annotate(month=TruncMonth(field_name))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
    )
    counts: Counter[dt.date] = Counter()
    for row in rows:
        month = row["month"]
        if isinstance(month, dt.datetime):
            month = month.date()
        counts[month] += row["n"]
    return counts


def figures_for_cases(
    *,
    cases: CaseQuerySet,
    region: Region,
    title: str,
    exact_counts: bool,
    with_teams: bool,
    today: dt.date,
    months: int = 12,
) -> CaseloadFigures:
    """Counts of ``cases`` by stage, municipality, team and month: a fixed number of queries."""
    threshold = region.suppression_threshold
    staged = cases.with_stage()
    stage_field = "stage_value"  # annotated by with_stage(); a name the type checker cannot see
    stage_counts = Counter(dict(staged.order_by().values_list(stage_field).annotate(n=Count("pk"))))
    stage_values = [(str(stage.label), stage_counts.get(stage.value, 0)) for stage in Case.Stage]
    open_cases = cases.filter(closed_on__isnull=True)
    municipality_counts = dict(open_cases.order_by().values_list("client__municipality_id").annotate(n=Count("pk")))
    municipality_values: list[tuple[str, int]] = [
        (m.name, municipality_counts.get(m.pk, 0)) for m in municipalities_for_filter(region=region)
    ]
    if municipality_counts.get(None):
        municipality_values.append(("–", municipality_counts[None]))
    team_table = None
    if with_teams:
        team_counts = dict(open_cases.order_by().values_list("team_id").annotate(n=Count("pk")))
        team_values = [
            (team.name, team_counts.get(team.pk, 0))
            for team in Team.objects.filter(region=region, is_active=True).order_by("name")
        ]
        team_table = (
            exact(team_values, key="team") if exact_counts else suppress(team_values, threshold=threshold, key="team")
        )
    month_list = _months_back(today, months)
    opened = _month_counts(cases, "opened_on", month_list[0])
    closed = _month_counts(cases, "closed_on", month_list[0])

    def cell(count: int) -> int | None:
        return count if exact_counts or count == 0 or count >= threshold else SUPPRESSED

    open_total = open_cases.count()
    return CaseloadFigures(
        title=title,
        exact=exact_counts,
        threshold=threshold,
        open_cases=open_total if exact_counts or open_total >= threshold or open_total == 0 else SUPPRESSED,
        by_stage=exact(stage_values, key="stage")
        if exact_counts
        else suppress(stage_values, threshold=threshold, key="stage"),
        by_municipality=exact(municipality_values, key="municipality")
        if exact_counts
        else suppress(municipality_values, threshold=threshold, key="municipality"),
        by_team=team_table,
        by_month=[MonthRow(month, cell(opened.get(month, 0)), cell(closed.get(month, 0))) for month in month_list],
    )


def led_teams_for_user(*, user: User, region: Region) -> QuerySet[Team]:
    """The teams ``user`` leads in ``region`` today (exact figures for these)."""
    led = Membership.objects.current().filter(
        user=user, region=region, role__code=RoleCode.TEAM_LEAD, team__isnull=False
    )
    return Team.objects.filter(region=region, pk__in=led.values("team_id")).order_by("name")


def region_cases(*, region: Region) -> CaseQuerySet:
    """All cases of ``region`` — only for counting; never hand rows of this to a template."""
    return Case.objects.filter(region=region)


def caseload_figures_for_user(*, user: User, region: Region, today: dt.date | None = None) -> list[CaseloadFigures]:
    """The figures a team lead or coordinator sees: their own teams exactly, the region suppressed."""
    day = today or timezone.localdate()
    figures = [
        figures_for_cases(
            cases=region_cases(region=region).filter(team=team),
            region=region,
            title=_("Team %(team)s") % {"team": team.name},
            exact_counts=True,
            with_teams=False,
            today=day,
        )
        for team in led_teams_for_user(user=user, region=region)
    ]
    figures.append(
        figures_for_cases(
            cases=region_cases(region=region),
            region=region,
            title=_("Whole region: %(region)s") % {"region": region.name},
            exact_counts=False,
            with_teams=True,
            today=day,
        )
    )
    return figures
