"""Reads of the theme loop, scoped to the region and the person's role.

Coordination reads reports (never cases); steering and project members read themes that
went to the steering group, with figures only. ``BarrierReportSource`` is read in three
places only: the case team's own reports (``reports_of_case_teams``), the number of
distinct cases behind a theme (an aggregate, suppressed when shown) and the recipients
of the "measure implemented" notification (in services).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.accounts.roles import Capability
from kim.cases.models import Goal, Need
from kim.cases.permissions import user_case_team_ids
from kim.committees.models import Body, Decision, Meeting
from kim.core.models import Catalogue, CatalogueEntry, Municipality, Organisation, Region
from kim.referrals.models import Referral
from kim.themes.figures import MIN_SCORERS, Cell, is_suppressed, suppress_table
from kim.themes.models import (
    BarrierReport,
    BarrierReportSource,
    LocalInput,
    Measure,
    PrioritisationScore,
    Theme,
    ThemeAgendaItem,
    ThemeAssignment,
    ThemeDecision,
)

Id = uuid.UUID | str


# --- reports ---------------------------------------------------------------------------------


def _current_theme_prefetch() -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=ThemeAssignment.objects.filter(ended_at__isnull=True).select_related("theme"),
        to_attr="current_assignments",
    )


def reports_for_region(
    *,
    region: Region,
    life_domain: CatalogueEntry | None = None,
    barrier_type: CatalogueEntry | None = None,
    municipality: Municipality | None = None,
    organisation: Organisation | None = None,
    period_from: dt.date | None = None,
    period_to: dt.date | None = None,
    unassigned_only: bool = False,
) -> QuerySet[BarrierReport]:
    """The coordination inbox: the region's reports, filtered; no link to any case."""
    reports = BarrierReport.objects.filter(region=region)
    if life_domain is not None:
        reports = reports.filter(life_domain=life_domain)
    if barrier_type is not None:
        reports = reports.filter(barrier_type=barrier_type)
    if municipality is not None:
        reports = reports.filter(municipality=municipality)
    if organisation is not None:
        reports = reports.filter(organisations=organisation)
    if period_from is not None:
        reports = reports.filter(period_end__gte=period_from)
    if period_to is not None:
        reports = reports.filter(period_start__lte=period_to)
    if unassigned_only:
        reports = reports.exclude(Exists(ThemeAssignment.objects.filter(report=OuterRef("pk"), ended_at__isnull=True)))
    return (
        reports.select_related("life_domain", "barrier_type", "municipality")
        .prefetch_related("legal_domains", "organisations", _current_theme_prefetch())
        .distinct()
    )


def report_get_for_region(*, region: Region, id: Id) -> BarrierReport:
    return reports_for_region(region=region).get(pk=id)


def report_history(*, report: BarrierReport) -> QuerySet[ThemeAssignment]:
    return ThemeAssignment.objects.filter(report=report).select_related("theme").order_by("assigned_at")


def reports_of_case_teams(*, user: Any, region: Region) -> QuerySet[BarrierReportSource]:
    """What the user's case teams reported, with the case and the theme it went into (case team only)."""
    teams = user_case_team_ids(user, region)
    return (
        BarrierReportSource.objects.filter(region=region, team_id__in=teams)
        .select_related("report", "report__barrier_type", "report__life_domain", "report__municipality", "case")
        .prefetch_related(
            Prefetch(
                "report__assignments",
                queryset=ThemeAssignment.objects.filter(ended_at__isnull=True)
                .select_related("theme")
                .prefetch_related(
                    Prefetch("theme__measures", queryset=Measure.objects.prefetch_related("offers")),
                ),
                to_attr="current_assignments",
            ),
        )
        .order_by("-report__submitted_at")
    )


@dataclass
class ReportOrigin:
    """What a report is filed from (a need, goal or referral outcome of the case), with its prefill."""

    need: Need | None = None
    goal: Goal | None = None
    referral: Referral | None = None

    @property
    def kind(self) -> str:
        if self.need is not None:
            return BarrierReportSource.Origin.NEED
        if self.goal is not None:
            return BarrierReportSource.Origin.GOAL
        if self.referral is not None:
            return BarrierReportSource.Origin.REFERRAL
        return ""

    @property
    def life_domain_id(self) -> Any:
        if self.need is not None:
            return self.need.assessment.life_domain_id
        if self.goal is not None:
            if self.goal.life_domain_id:
                return self.goal.life_domain_id
            return self.goal.need.assessment.life_domain_id if self.goal.need is not None else None
        if self.referral is not None:
            if self.referral.need is not None:
                return self.referral.need.assessment.life_domain_id
            if self.referral.goal is not None:
                return self.referral.goal.life_domain_id
        return None

    @property
    def organisation_id(self) -> Any:
        return self.referral.organisation_id if self.referral is not None else None


def _parse_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise BarrierReportSource.DoesNotExist from None


def report_origin_for_case(*, case: Any, query: Any) -> ReportOrigin:
    """The need, goal or referral named in ``query`` (``?need=``/``?goal=``/``?referral=``) of ``case``.

    ``case`` has already been fetched for the acting user (their team's case); anything
    not of this case — or a referral without an outcome to report — raises ``DoesNotExist``
    (→ 404). A referral counts when it was declined or not completed.
    """
    from kim.themes.services import REFERRAL_OUTCOMES_TO_REPORT

    named = [key for key in ("need", "goal", "referral") if query.get(key)]
    if not named:
        return ReportOrigin()
    if len(named) > 1:
        raise BarrierReportSource.DoesNotExist
    key = named[0]
    pk = _parse_id(query.get(key))
    if key == "need":
        return ReportOrigin(
            need=Need.objects.select_related("assessment").get(region=case.region, assessment__case=case, pk=pk)
        )
    if key == "goal":
        return ReportOrigin(
            goal=Goal.objects.select_related("need__assessment").get(region=case.region, case=case, pk=pk)
        )
    return ReportOrigin(
        referral=Referral.objects.select_related("need__assessment", "goal").get(
            region=case.region, case=case, pk=pk, status__in=REFERRAL_OUTCOMES_TO_REPORT
        )
    )


def catalogue(*, region: Region, name: str) -> QuerySet[CatalogueEntry]:
    return CatalogueEntry.objects.filter(region=region, catalogue=name, is_active=True)


# --- themes ----------------------------------------------------------------------------------


def coordinates(user: Any, region: Region) -> bool:
    return bool(user.is_authenticated and user.has_perm(f"kim.{Capability.COORDINATE_THEMES}", region))


def themes_for_user(*, user: Any, region: Region) -> QuerySet[Theme]:
    """Coordination: every theme. Committee members: the themes that went to the steering group."""
    themes = Theme.objects.filter(region=region)
    if not coordinates(user, region):
        themes = themes.filter(Exists(ThemeAgendaItem.objects.filter(theme=OuterRef("pk"))))
    return themes.annotate(
        report_count=Count("assignments", filter=Q(assignments__ended_at__isnull=True), distinct=True),
    ).select_related("merged_into", "split_from")


def theme_get_for_user(*, user: Any, region: Region, id: Id) -> Theme:
    return themes_for_user(user=user, region=region).get(pk=id)


def open_themes(*, region: Region) -> QuerySet[Theme]:
    return Theme.objects.filter(
        region=region, status__in=[Theme.Status.COLLECTING, Theme.Status.SUBMITTED, Theme.Status.DECIDED]
    )


def theme_reports(*, theme: Theme) -> QuerySet[BarrierReport]:
    return reports_for_region(region=theme.region).filter(assignments__theme=theme, assignments__ended_at__isnull=True)


def upcoming_steering_meetings(*, region: Region) -> QuerySet[Meeting]:
    return (
        Meeting.objects.alive()
        .filter(
            region=region,
            body__kind=Body.Kind.STEERING_GROUP,
            body__deleted_at__isnull=True,
            status__in=[Meeting.Status.PLANNED, Meeting.Status.INVITED],
            start__gte=timezone.now() - dt.timedelta(hours=12),
        )
        .select_related("body")
        .order_by("start")
    )


def development_conferences(*, region: Region) -> QuerySet[Body]:
    return Body.objects.alive().filter(region=region, kind=Body.Kind.DEVELOPMENT_CONFERENCE)


def project_groups(*, region: Region) -> QuerySet[Body]:
    return Body.objects.alive().filter(region=region, kind=Body.Kind.PROJECT_GROUP)


def project_groups_of_member(*, theme: Theme, user: Any) -> QuerySet[Body]:
    """The project groups commissioned for ``theme`` in which ``user`` holds a current seat."""
    from kim.committees.models import BodyMembership

    seats = BodyMembership.objects.current().filter(user=user).values("body_id")
    commissioned = ThemeDecision.objects.filter(theme=theme, project_group__isnull=False).values("project_group_id")
    return project_groups(region=theme.region).filter(pk__in=commissioned).filter(pk__in=seats)


def is_project_group_member(*, user: Any, measure: Measure) -> bool:
    """``user`` holds a current seat in the project group working on ``measure``."""
    from kim.committees.models import BodyMembership

    if measure.project_group_id is None or not getattr(user, "is_authenticated", False):
        return False
    return BodyMembership.objects.current().filter(body_id=measure.project_group_id, user=user).exists()


def conferences_of_member(*, user: Any, region: Region) -> QuerySet[Body]:
    """The development conferences (with a municipality) in which ``user`` holds a current seat."""
    from kim.committees.models import BodyMembership

    seats = BodyMembership.objects.current().filter(user=user).values("body_id")
    return (
        development_conferences(region=region)
        .filter(pk__in=seats, municipality__isnull=False, is_active=True)
        .select_related("municipality")
    )


def measure_get_for_user(*, user: Any, region: Region, id: Id) -> Measure:
    themes = themes_for_user(user=user, region=region)
    return (
        Measure.objects.filter(region=region, theme__in=themes.values("pk"))
        .select_related(
            "theme", "project_group", "responsible_organisation", "adopted_decision__agenda_item__meeting__body"
        )
        .prefetch_related("milestones", "offers")
        .get(pk=id)
    )


def adopting_decisions(*, measure: Measure) -> QuerySet[Decision]:
    """The decisions that may adopt ``measure``: the strictest rule the data supports.

    An *adopted* decision of a steering group (Lenkungsgruppe) of the measure's region,
    taken on an agenda item that concerns the measure's theme (a ``ThemeAgendaItem``) of a
    meeting that was held — and not the decision already recorded on the theme itself
    (e.g. the one that commissioned the project group: it decided the theme, not the
    measure).
    """
    items = ThemeAgendaItem.objects.filter(theme_id=measure.theme_id).values("agenda_item_id")
    on_theme = ThemeDecision.objects.filter(theme_id=measure.theme_id, decision__isnull=False).values("decision_id")
    return (
        Decision.objects.filter(
            region_id=measure.region_id,
            result=Decision.Result.ADOPTED,
            agenda_item_id__in=items,
            agenda_item__deleted_at__isnull=True,
            agenda_item__meeting__deleted_at__isnull=True,
            agenda_item__meeting__status=Meeting.Status.HELD,
            agenda_item__meeting__body__kind=Body.Kind.STEERING_GROUP,
            agenda_item__meeting__body__deleted_at__isnull=True,
        )
        .exclude(pk__in=on_theme)
        .select_related("agenda_item__meeting__body")
        .order_by("agenda_item__meeting__start", "created_at")
    )


# --- evidence ---------------------------------------------------------------------------------


@dataclass
class Evidence:
    threshold: int
    reports: int
    cases: int
    municipalities: int
    by_municipality: list[tuple[str, int]]
    by_quarter: list[tuple[str, int]]
    by_type: list[tuple[str, int]]

    @property
    def municipality_cells(self) -> list[Cell]:
        """Reports per municipality as shown next to the total (primary and secondary suppression)."""
        return suppress_table(self.by_municipality, self.threshold)

    @property
    def quarter_cells(self) -> list[Cell]:
        return suppress_table(self.by_quarter, self.threshold)


def _quarter(day: dt.date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def theme_evidence(*, theme: Theme) -> Evidence:
    """The figures behind a theme (raw; templates and exports suppress small counts)."""
    reports = list(theme_reports(theme=theme))
    ids = [r.pk for r in reports]
    # The only read of the private source table outside the case team: a count, no rows.
    cases = BarrierReportSource.objects.filter(report_id__in=ids).values("case_id").distinct().count()
    municipalities = Counter(r.municipality.name for r in reports)
    quarters = Counter(_quarter(r.period_start) for r in reports)
    types = Counter(r.barrier_type.label for r in reports)
    return Evidence(
        threshold=theme.region.suppression_threshold,
        reports=len(reports),
        cases=cases,
        municipalities=len(municipalities),
        by_municipality=sorted(municipalities.items()),
        by_quarter=sorted(quarters.items()),
        by_type=types.most_common(),
    )


@dataclass
class Trend:
    """Reports on the theme in the months before and after the first implemented measure."""

    implemented_on: dt.date
    months: int
    before: int
    after: int
    threshold: int = 1

    @property
    def comparable(self) -> bool:
        """Both counts are shown (none suppressed) and there was something before to compare with."""
        return (
            self.before > 0
            and not is_suppressed(self.before, self.threshold)
            and not (is_suppressed(self.after, self.threshold))
        )

    @property
    def went_down(self) -> bool | None:
        """``None`` when the counts are too small to compare (they are suppressed where shown)."""
        if not self.comparable:
            return None
        return self.after < self.before


def theme_trend(*, theme: Theme, months: int = 12) -> Trend | None:
    first = (
        Measure.objects.filter(theme=theme, implemented_on__isnull=False)
        .order_by("implemented_on")
        .values_list("implemented_on", flat=True)
        .first()
    )
    if first is None:
        return None
    window = dt.timedelta(days=round(months * 30.44))
    reports = BarrierReport.objects.filter(assignments__theme=theme, assignments__ended_at__isnull=True)
    before = reports.filter(period_start__gte=first - window, period_start__lt=first).count()
    after = reports.filter(period_start__gte=first, period_start__lt=first + window).count()
    return Trend(
        implemented_on=first,
        months=months,
        before=before,
        after=after,
        threshold=theme.region.suppression_threshold,
    )


@dataclass
class ScoreSummary:
    """Mean scores of one meeting; ``None`` while fewer than ``MIN_SCORERS`` members scored."""

    meeting: Meeting
    count: int
    urgency: float | None
    reach: float | None

    @property
    def shown(self) -> bool:
        return self.urgency is not None and self.reach is not None

    @property
    def priority(self) -> float | None:
        if self.urgency is None or self.reach is None:
            return None
        return round((self.urgency + self.reach) / 2, 1)


def theme_scores(*, theme: Theme) -> list[ScoreSummary]:
    """Mean urgency and reach per meeting (individual scores are never shown).

    The means are given only when at least ``MIN_SCORERS`` (3) members scored; below that a
    member could work out another member's score from the mean and their own.
    """
    summaries: dict[uuid.UUID, list[PrioritisationScore]] = {}
    meetings: dict[uuid.UUID, Meeting] = {}
    for score in PrioritisationScore.objects.filter(theme=theme).select_related("meeting", "meeting__body"):
        summaries.setdefault(score.meeting_id, []).append(score)
        meetings[score.meeting_id] = score.meeting
    return [
        ScoreSummary(
            meeting=meetings[key],
            count=len(scores),
            urgency=round(sum(s.urgency for s in scores) / len(scores), 1) if len(scores) >= MIN_SCORERS else None,
            reach=round(sum(s.reach for s in scores) / len(scores), 1) if len(scores) >= MIN_SCORERS else None,
        )
        for key, scores in sorted(summaries.items(), key=lambda kv: meetings[kv[0]].start)
    ]


@dataclass
class Chain:
    agenda_links: list[ThemeAgendaItem]
    decisions: list[ThemeDecision]
    measures: list[Measure]
    local_inputs: list[LocalInput]
    scores: list[ScoreSummary]
    trend: Trend | None


def theme_chain(*, theme: Theme) -> Chain:
    return Chain(
        agenda_links=list(
            ThemeAgendaItem.objects.filter(theme=theme)
            .select_related("agenda_item__meeting__body", "paper")
            .order_by("agenda_item__meeting__start")
        ),
        decisions=list(
            ThemeDecision.objects.filter(theme=theme).select_related(
                "decision", "project_group", "agenda_item__meeting__body"
            )
        ),
        measures=list(
            Measure.objects.filter(theme=theme)
            .select_related("project_group", "responsible_organisation", "adopted_decision")
            .prefetch_related("milestones", "offers")
        ),
        local_inputs=list(LocalInput.objects.filter(theme=theme).select_related("municipality", "conference")),
        scores=theme_scores(theme=theme),
        trend=theme_trend(theme=theme),
    )


# --- suggestions -------------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"[a-zäöüß]{4,}")
STOPWORDS = frozenset(
    [
        "aber",
        "alle",
        "auch",
        "beim",
        "bevor",
        "dass",
        "dann",
        "denen",
        "deren",
        "diese",
        "dieser",
        "dieses",
        "durch",
        "eine",
        "einem",
        "einen",
        "einer",
        "eines",
        "für",
        "gibt",
        "habe",
        "haben",
        "hier",
        "immer",
        "jetzt",
        "kann",
        "keine",
        "können",
        "mehr",
        "muss",
        "nach",
        "nicht",
        "noch",
        "oder",
        "ohne",
        "sehr",
        "seit",
        "sich",
        "sind",
        "über",
        "unter",
        "viele",
        "vom",
        "wegen",
        "weil",
        "wenn",
        "werden",
        "wird",
        "wurde",
        "wurden",
        "zwei",
        "zwischen",
    ]
)
SUGGESTION_MIN_SCORE = 0.25


def tokens(text: str) -> list[str]:
    return [t for t in _TOKEN_RE.findall(text.lower()) if t not in STOPWORDS]


@dataclass
class Suggestion:
    theme: Theme
    score: float
    reasons: list[str] = field(default_factory=list)


def theme_suggestions(*, report: BarrierReport, limit: int = 3) -> list[Suggestion]:
    """Open themes that look like ``report``, with the reasons, computed locally.

    Score = 0.3 × share of the theme's reports in the same life domain + 0.3 × share with
    the same kind of barrier + 0.4 × cosine similarity of the words (TF-IDF over the
    region's reports) between the report and the theme's title, description and reports.
    """
    themes = list(open_themes(region=report.region))
    if not themes:
        return []
    current = {a.theme_id for a in ThemeAssignment.objects.filter(report=report, ended_at__isnull=True)}
    members: dict[uuid.UUID, list[BarrierReport]] = {t.pk: [] for t in themes}
    for assignment in ThemeAssignment.objects.filter(theme__in=themes, ended_at__isnull=True).select_related("report"):
        members[assignment.theme_id].append(assignment.report)
    documents = list(BarrierReport.objects.filter(region=report.region).values_list("description", flat=True))
    df: Counter[str] = Counter()
    for text in documents:
        df.update(set(tokens(text)))
    n = max(len(documents), 1)

    def vector(text: str) -> dict[str, float]:
        counts = Counter(tokens(text))
        return {t: c * (math.log((1 + n) / (1 + df[t])) + 1) for t, c in counts.items()}

    def cosine(a: dict[str, float], b: dict[str, float]) -> float:
        dot = sum(v * b.get(t, 0.0) for t, v in a.items())
        norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
        return dot / norm if norm else 0.0

    mine = vector(report.description)
    suggestions: list[Suggestion] = []
    for theme in themes:
        if theme.pk in current:
            continue
        reports = [r for r in members[theme.pk] if r.pk != report.pk]
        reasons: list[str] = []
        domain_share = type_share = 0.0
        if reports:
            same_domain = sum(r.life_domain_id == report.life_domain_id for r in reports)
            same_type = sum(r.barrier_type_id == report.barrier_type_id for r in reports)
            domain_share, type_share = same_domain / len(reports), same_type / len(reports)
            if same_domain:
                reasons.append(
                    _("same life domain as %(count)s of %(total)s reports")
                    % {"count": same_domain, "total": len(reports)}
                )
            if same_type:
                reasons.append(
                    _("same kind of barrier as %(count)s of %(total)s reports")
                    % {"count": same_type, "total": len(reports)}
                )
        theirs = vector(" ".join([theme.title, theme.description, *(r.description for r in reports)]))
        similarity = cosine(mine, theirs)
        shared = sorted(set(mine) & set(theirs), key=lambda t: -(mine[t] * theirs[t]))[:4]
        if shared:
            reasons.append(_("shared words: %(words)s") % {"words": ", ".join(shared)})
        score = 0.3 * domain_share + 0.3 * type_share + 0.4 * similarity
        if score >= SUGGESTION_MIN_SCORE:
            suggestions.append(Suggestion(theme=theme, score=round(score, 2), reasons=reasons))
    suggestions.sort(key=lambda s: -s.score)
    return suggestions[:limit]


def legal_domain_catalogue(region: Region) -> QuerySet[CatalogueEntry]:
    return catalogue(region=region, name=Catalogue.LEGAL_DOMAIN)
