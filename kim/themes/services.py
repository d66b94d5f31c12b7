"""Writes of the theme loop: keyword-only, explicit actor, one transaction, audited.

Reports are filed from a case by its team and checked by the personal-data guard; the
coordination groups them into themes (assign, merge, split), puts a theme before the
steering group (paper + agenda item through the committee services), steering members
score it, the decision and the measures are recorded, and when a measure is implemented
the case managers whose reports fed the theme are told (through the private source
table, after the commit, with a title that names no person).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.cases.models import Case, Client, Goal, Need
from kim.committees import services as committee_services
from kim.committees.models import AgendaItem, Body, BodyMembership, Decision, Meeting
from kim.core import audit, writes
from kim.core.audit import Actor
from kim.core.errors import ApplicationError, ConflictError, InvalidTransition, PermissionDeniedError, ValidationFailed
from kim.core.models import Catalogue, CatalogueEntry, Municipality, Organisation, Region
from kim.directory.models import Service
from kim.referrals.models import Referral, ReferralStatus
from kim.themes import guard
from kim.themes.models import (
    BarrierReport,
    BarrierReportSource,
    LocalInput,
    Measure,
    Milestone,
    PrioritisationScore,
    Theme,
    ThemeAgendaItem,
    ThemeAssignment,
    ThemeDecision,
)

MEASURE_TRANSITIONS: dict[str, frozenset[str]] = {
    Measure.Status.PROPOSED: frozenset({Measure.Status.ADOPTED, Measure.Status.REJECTED}),
    Measure.Status.ADOPTED: frozenset({Measure.Status.IN_PROGRESS, Measure.Status.IMPLEMENTED}),
    Measure.Status.IN_PROGRESS: frozenset({Measure.Status.IMPLEMENTED}),
    Measure.Status.IMPLEMENTED: frozenset({Measure.Status.EVALUATED}),
    Measure.Status.EVALUATED: frozenset(),
    Measure.Status.REJECTED: frozenset({Measure.Status.PROPOSED}),
}
OPEN_THEME_STATUSES = (Theme.Status.COLLECTING, Theme.Status.SUBMITTED, Theme.Status.DECIDED)


# --- helpers -------------------------------------------------------------------------------


def _full_clean(instance: models.Model, *, exclude: Iterable[str] | None = None) -> None:
    """Field validation and the model's constraints, as a domain error naming the first bad field."""
    writes.full_clean(instance, exclude=exclude, constraints=True)


def _create(*, actor: Actor | None, instance: models.Model, conflict: ApplicationError | None = None) -> None:
    _full_clean(instance)
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as exc:
        raise conflict or ConflictError(_("The entry could not be saved. Please try again.")) from exc
    audit.record_create(actor=actor, instance=instance)


def _update(*, actor: Actor | None, instance: models.Model, values: dict[str, Any]) -> None:
    before = audit.snapshot(instance)
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, values[name])
    if not changed:
        return
    _full_clean(instance)
    instance.save(update_fields=[*changed, "updated_at"])
    audit.record_update(actor=actor, instance=instance, before=before)


def _same_region(region: Region, *objects: models.Model | None) -> None:
    for obj in objects:
        if obj is not None and getattr(obj, "region_id", None) != region.pk:
            raise ValidationFailed(_("The selection does not belong to this region."))


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _lock(instance: models.Model) -> None:
    fresh = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    for field in instance._meta.concrete_fields:
        setattr(instance, field.attname, getattr(fresh, field.attname))


_BIRTH_CONTEXT_RE = re.compile(r"\b(geb\.|geboren|geburt\w*|born|birth|\*)\s*(am|on|:)?\s*$", re.IGNORECASE)


def _guard_system_texts(**texts: str) -> None:
    """Refuse contact details, file/ID numbers, street addresses and dates in texts of the system level.

    Themes, papers, decisions, measures, milestones and local input go to the steering
    group, project groups and (through OParl) the public. The coordination knows no names to
    look for, so the pattern part of the guard applies. Dates of meetings and deadlines
    are ordinary in these texts; a date is refused only where it reads as a date of birth.
    """
    for field, text in texts.items():
        findings = [
            finding
            for finding in guard.find_personal_data(text or "")
            if finding.kind != guard.Kind.DATE or _BIRTH_CONTEXT_RE.search((text or "")[: finding.start][-25:])
        ]
        if findings:
            raise ValidationFailed(guard.system_text_message(findings), field=field)


# --- barrier reports -----------------------------------------------------------------------


def _guard_context(case: Case) -> dict[str, Any]:
    client: Client = case.client
    household: list[Client] = []
    if client.household_id is not None:
        household = list(
            Client.objects.filter(region=case.region, household_id=client.household_id).exclude(pk=client.pk)
        )
    people = [client, *household]
    return {
        "client_names": [client.given_names, client.family_name, client.names_original_script],
        "household_names": [n for p in household for n in (p.given_names, p.family_name, p.names_original_script)],
        "known_dates": [d for p in people for d in (p.birth_date, p.arrived_germany_on) if d is not None],
        "known_values": [case.number, *(v for p in people for v in (p.phone, p.email, p.street))],
    }


REFERRAL_OUTCOMES_TO_REPORT = (ReferralStatus.DECLINED, ReferralStatus.NOT_COMPLETED)


def _report_origin(*, case: Case, origin: str, need: Need | None, goal: Goal | None, referral: Referral | None) -> str:
    """The origin of a report filed from ``need``/``goal``/``referral``, checked against ``case``."""
    given = [item for item in (need, goal, referral) if item is not None]
    if len(given) > 1:
        raise ValidationFailed(_("A report arises from one need, goal or referral at most."), field="origin")
    if need is not None:
        if need.region_id != case.region_id or need.assessment.case_id != case.pk:
            raise ValidationFailed(_("The need does not belong to this case."), field="origin")
        return BarrierReportSource.Origin.NEED
    if goal is not None:
        if goal.region_id != case.region_id or goal.case_id != case.pk:
            raise ValidationFailed(_("The goal does not belong to this case."), field="origin")
        return BarrierReportSource.Origin.GOAL
    if referral is not None:
        if referral.region_id != case.region_id or referral.case_id != case.pk:
            raise ValidationFailed(_("The referral does not belong to this case."), field="origin")
        if referral.status not in REFERRAL_OUTCOMES_TO_REPORT:
            raise ValidationFailed(
                _("Only a declined or not completed referral can be the origin of a report."), field="origin"
            )
        return BarrierReportSource.Origin.REFERRAL
    return origin


def report_check_text(*, case: Case, text: str) -> list[guard.Finding]:
    """The guard's findings for ``text`` written from ``case`` (used by the form and the service)."""
    return guard.find_personal_data(text, **_guard_context(case))


@transaction.atomic
def barrier_report_submit(
    *,
    actor: Actor | None,
    case: Case,
    life_domain: CatalogueEntry,
    barrier_type: CatalogueEntry,
    municipality: Municipality,
    period_start: dt.date,
    period_end: dt.date,
    description: str,
    legal_domains: Sequence[CatalogueEntry] = (),
    organisations: Sequence[Organisation] = (),
    origin: str = BarrierReportSource.Origin.OTHER,
    need: Need | None = None,
    goal: Goal | None = None,
    referral: Referral | None = None,
) -> BarrierReport:
    """File an anonymised report from ``case``; refused while the guard finds personal data.

    ``need``, ``goal`` or ``referral`` (at most one, of this case; a referral only with an
    outcome: declined or not completed) names what the report arose from. It is kept in the
    private ``BarrierReportSource`` only, never on the report.
    """
    region = case.region
    origin = _report_origin(case=case, origin=origin, need=need, goal=goal, referral=referral)
    _same_region(region, life_domain, barrier_type, municipality, *legal_domains, *organisations)
    if life_domain.catalogue != Catalogue.LIFE_DOMAIN:
        raise ValidationFailed(_("Please choose a life domain."), field="life_domain")
    if barrier_type.catalogue != Catalogue.BARRIER_TYPE:
        raise ValidationFailed(_("Please choose a kind of barrier."), field="barrier_type")
    if any(entry.catalogue != Catalogue.LEGAL_DOMAIN for entry in legal_domains):
        raise ValidationFailed(_("Please choose legal domains only."), field="legal_domains")
    description = description.strip()
    if not description:
        raise ValidationFailed(_("Please describe the barrier."), field="description")
    findings = report_check_text(case=case, text=description)
    if findings:
        raise ValidationFailed(guard.findings_message(findings), field="description")
    start = period_start.replace(day=1)
    end = _month_end(period_end)
    if end < start:
        raise ValidationFailed(_("The end of the period lies before its start."), field="period_end")
    if start > timezone.localdate():
        raise ValidationFailed(_("The period cannot start in the future."), field="period_start")
    if origin not in BarrierReportSource.Origin.values:
        raise ValidationFailed(_("Unknown origin."), field="origin")
    report = BarrierReport(
        region=region,
        life_domain=life_domain,
        barrier_type=barrier_type,
        municipality=municipality,
        period_start=start,
        period_end=end,
        description=description,
        submitted_at=timezone.now(),
    )
    _create(actor=actor, instance=report)
    report.legal_domains.set(legal_domains)
    report.organisations.set(organisations)
    source = BarrierReportSource(
        region=region,
        report=report,
        case=case,
        team_id=case.team_id,
        submitted_by=actor if getattr(actor, "pk", None) else None,  # type: ignore[misc]
        origin=origin,
        need=need,
        goal=goal,
        referral=referral,
    )
    _create(actor=actor, instance=source)
    return report


# --- themes ------------------------------------------------------------------------------------


@transaction.atomic
def theme_create(*, actor: Actor | None, region: Region, title: str, description: str = "") -> Theme:
    title = " ".join(title.split())
    if not title:
        raise ValidationFailed(_("Please give the theme a title."), field="title")
    _guard_system_texts(title=title, description=description)
    if Theme.objects.filter(region=region, title__iexact=title).exists():
        raise ValidationFailed(_("A theme with this title already exists."), field="title")
    theme = Theme(
        region=region,
        title=title,
        description=description.strip(),
        created_by=actor if getattr(actor, "pk", None) else None,  # type: ignore[misc]
    )
    _create(actor=actor, instance=theme, conflict=ValidationFailed(_("A theme with this title already exists.")))
    return theme


@transaction.atomic
def theme_update(*, actor: Actor | None, theme: Theme, title: str, description: str) -> Theme:
    title = " ".join(title.split())
    if not title:
        raise ValidationFailed(_("Please give the theme a title."), field="title")
    _guard_system_texts(title=title, description=description)
    if Theme.objects.filter(region=theme.region, title__iexact=title).exclude(pk=theme.pk).exists():
        raise ValidationFailed(_("A theme with this title already exists."), field="title")
    _update(actor=actor, instance=theme, values={"title": title, "description": description.strip()})
    return theme


def _ensure_open(theme: Theme) -> None:
    if theme.status not in OPEN_THEME_STATUSES:
        raise ValidationFailed(_("This theme is closed or merged and can no longer be changed."))


def _end_assignment(*, actor: Actor | None, assignment: ThemeAssignment, reason: str, at: dt.datetime) -> None:
    _update(actor=actor, instance=assignment, values={"ended_at": at, "end_reason": reason})


def _assign(*, actor: Actor | None, report: BarrierReport, theme: Theme, at: dt.datetime) -> ThemeAssignment:
    assignment = ThemeAssignment(
        region=theme.region,
        report=report,
        theme=theme,
        assigned_at=at,
        assigned_by=actor if getattr(actor, "pk", None) else None,  # type: ignore[misc]
    )
    _create(actor=actor, instance=assignment)
    return assignment


@transaction.atomic
def report_assign(*, actor: Actor | None, report: BarrierReport, theme: Theme) -> ThemeAssignment:
    """Put ``report`` into ``theme``; a report in another theme moves (its history is kept)."""
    _same_region(theme.region, report)
    _ensure_open(theme)
    now = timezone.now()
    current = ThemeAssignment.objects.select_for_update().filter(report=report, ended_at__isnull=True).first()
    if current is not None:
        if current.theme_id == theme.pk:
            raise ValidationFailed(_("The report already belongs to this theme."), field="theme")
        _end_assignment(actor=actor, assignment=current, reason=ThemeAssignment.EndReason.MOVED, at=now)
    return _assign(actor=actor, report=report, theme=theme, at=now)


@transaction.atomic
def report_unassign(*, actor: Actor | None, report: BarrierReport) -> None:
    current = ThemeAssignment.objects.select_for_update().filter(report=report, ended_at__isnull=True).first()
    if current is None:
        raise ValidationFailed(_("The report belongs to no theme."))
    _end_assignment(actor=actor, assignment=current, reason=ThemeAssignment.EndReason.REMOVED, at=timezone.now())


@transaction.atomic
def theme_merge(*, actor: Actor | None, source: Theme, target: Theme) -> Theme:
    """Move every current report of ``source`` into ``target``; ``source`` is then marked merged."""
    _same_region(target.region, source)
    if source.pk == target.pk:
        raise ValidationFailed(_("A theme cannot be merged into itself."), field="target")
    _lock(source)
    _ensure_open(source)
    _ensure_open(target)
    if source.agenda_links.exists():
        raise ValidationFailed(_("A theme that is already before the steering group cannot be merged away."))
    now = timezone.now()
    for assignment in ThemeAssignment.objects.select_for_update().filter(theme=source, ended_at__isnull=True):
        _end_assignment(actor=actor, assignment=assignment, reason=ThemeAssignment.EndReason.MERGED, at=now)
        _assign(actor=actor, report=assignment.report, theme=target, at=now)
    _update(actor=actor, instance=source, values={"status": Theme.Status.MERGED, "merged_into": target})
    return target


@transaction.atomic
def theme_split(
    *, actor: Actor | None, theme: Theme, reports: Sequence[BarrierReport], title: str, description: str = ""
) -> Theme:
    """Move the chosen reports of ``theme`` into a new theme (``split_from`` keeps the origin)."""
    _lock(theme)
    _ensure_open(theme)
    if not reports:
        raise ValidationFailed(_("Please choose the reports for the new theme."), field="reports")
    current = {
        a.report_id: a for a in ThemeAssignment.objects.select_for_update().filter(theme=theme, ended_at__isnull=True)
    }
    if any(report.pk not in current for report in reports):
        raise ValidationFailed(_("Only reports of this theme can be split off."), field="reports")
    if len(reports) == len(current):
        raise ValidationFailed(_("Leave at least one report in the theme (or rename it instead)."), field="reports")
    new = theme_create(actor=actor, region=theme.region, title=title, description=description)
    _update(actor=actor, instance=new, values={"split_from": theme})
    now = timezone.now()
    for report in reports:
        _end_assignment(actor=actor, assignment=current[report.pk], reason=ThemeAssignment.EndReason.SPLIT, at=now)
        _assign(actor=actor, report=report, theme=new, at=now)
    return new


# --- steering group ---------------------------------------------------------------------------


@transaction.atomic
def theme_send_to_steering_group(
    *,
    actor: Actor | None,
    theme: Theme,
    meeting: Meeting,
    paper_reference: str,
    paper_text: str,
    confidential: bool = False,
) -> ThemeAgendaItem:
    """Create the paper and the agenda item on ``meeting`` (a steering-group meeting) for ``theme``."""
    _same_region(theme.region, meeting)
    _ensure_open(theme)
    if meeting.body.kind != Body.Kind.STEERING_GROUP:
        raise ValidationFailed(_("Please choose a meeting of the steering group."), field="meeting")
    if meeting.status in (Meeting.Status.HELD, Meeting.Status.CANCELLED) or meeting.deleted_at is not None:
        raise ValidationFailed(_("Please choose an upcoming meeting."), field="meeting")
    if ThemeAgendaItem.objects.filter(theme=theme, agenda_item__meeting=meeting).exists():
        raise ValidationFailed(_("The theme is already on the agenda of this meeting."), field="meeting")
    text = paper_text.strip()
    _guard_system_texts(paper_text=text)
    paper = committee_services.paper_create(
        actor=actor,
        body=meeting.body,
        reference=paper_reference,
        title=_("Generative theme: %(title)s") % {"title": theme.title},
        kind="proposal",
        text=text,
        published_on=timezone.localdate(),
        confidential=confidential,
    )
    item = committee_services.agenda_item_add(
        actor=actor, meeting=meeting, title=theme.title, text=theme.description, public=not confidential, paper=paper
    )
    link = ThemeAgendaItem(region=theme.region, theme=theme, agenda_item=item, paper=paper)
    _create(actor=actor, instance=link)
    if theme.status == Theme.Status.COLLECTING:
        _update(actor=actor, instance=theme, values={"status": Theme.Status.SUBMITTED})
    return link


def steering_seat(*, user: Any, body: Body) -> BodyMembership | None:
    """The user's current voting or advisory seat in ``body`` (who may score a theme)."""
    seat = BodyMembership.objects.current().filter(body=body, user=user).order_by("role").first()
    return seat if seat is not None and seat.is_entitled_to_confidential else None


@transaction.atomic
def prioritisation_record(
    *, actor: Any, theme: Theme, meeting: Meeting, urgency: int, reach: int
) -> PrioritisationScore:
    """A steering-group member's score for ``theme`` at ``meeting`` (a second score replaces the first)."""
    _same_region(theme.region, meeting)
    if not ThemeAgendaItem.objects.filter(theme=theme, agenda_item__meeting=meeting).exists():
        raise ValidationFailed(_("The theme is not on the agenda of this meeting."), field="meeting")
    if steering_seat(user=actor, body=meeting.body) is None:
        raise PermissionDeniedError(_("Only members of the steering group can prioritise themes."))
    for name, value in (("urgency", urgency), ("reach", reach)):
        if not 1 <= value <= 5:
            raise ValidationFailed(_("Please choose a value from 1 to 5."), field=name)
    score = PrioritisationScore.objects.filter(theme=theme, member=actor, meeting=meeting).first()
    if score is not None:
        _update(actor=actor, instance=score, values={"urgency": urgency, "reach": reach})
        return score
    score = PrioritisationScore(
        region=theme.region, theme=theme, member=actor, meeting=meeting, urgency=urgency, reach=reach
    )
    _create(actor=actor, instance=score)
    return score


@transaction.atomic
def theme_decision_record(
    *,
    actor: Actor | None,
    theme: Theme,
    agenda_item: AgendaItem,
    kind: str,
    text: str,
    reason: str = "",
    project_group_name: str = "",
    mandate: str = "",
    deadline: dt.date | None = None,
    structure_name: str = "",
    votes: tuple[int | None, int | None, int | None] = (None, None, None),
) -> ThemeDecision:
    """Record the steering group's decision on ``theme`` (and, for a commission, set up the project group)."""
    if not ThemeAgendaItem.objects.filter(theme=theme, agenda_item=agenda_item).exists():
        raise ValidationFailed(_("Please choose the agenda item of this theme."), field="agenda_item")
    _ensure_open(theme)
    if kind not in ThemeDecision.Kind.values:
        raise ValidationFailed(_("Please choose what was decided."), field="kind")
    _guard_system_texts(
        text=text,
        reason=reason,
        project_group_name=project_group_name,
        mandate=mandate,
        structure_name=structure_name,
    )
    project_group: Body | None = None
    if kind == ThemeDecision.Kind.COMMISSION:
        if not project_group_name.strip() or not mandate.strip() or deadline is None:
            raise ValidationFailed(
                _("A project group needs a name, a mandate and a deadline."), field="project_group_name"
            )
        if deadline <= agenda_item.meeting.start.date():
            raise ValidationFailed(_("The deadline must lie after the meeting."), field="deadline")
    elif kind == ThemeDecision.Kind.HAND_OVER:
        if not structure_name.strip():
            raise ValidationFailed(_("Please name the structure the theme is handed to."), field="structure_name")
    elif not reason.strip():
        raise ValidationFailed(_("Please give the reason why no action is taken."), field="reason")
    result = Decision.Result.ADOPTED if kind != ThemeDecision.Kind.NO_ACTION else Decision.Result.NOTED
    decision = committee_services.decision_record(
        actor=actor,
        agenda_item=agenda_item,
        text=text,
        result=result,
        votes_for=votes[0],
        votes_against=votes[1],
        abstentions=votes[2],
    )
    if kind == ThemeDecision.Kind.COMMISSION:
        project_group = committee_services.body_create(
            actor=actor,
            region=theme.region,
            kind=Body.Kind.PROJECT_GROUP,
            name=project_group_name,
            parent=agenda_item.meeting.body,
            mandate=mandate,
            mandate_deadline=deadline,
        )
    theme_decision = ThemeDecision(
        region=theme.region,
        theme=theme,
        agenda_item=agenda_item,
        decision=decision,
        kind=kind,
        reason=reason.strip(),
        project_group=project_group,
        mandate=mandate.strip(),
        deadline=deadline,
        structure_name=structure_name.strip(),
    )
    _create(actor=actor, instance=theme_decision)
    _update(actor=actor, instance=theme, values={"status": Theme.Status.DECIDED})
    return theme_decision


# --- measures ------------------------------------------------------------------------------


@transaction.atomic
def measure_propose(
    *,
    actor: Actor | None,
    theme: Theme,
    title: str,
    responsible_organisation: Organisation,
    description: str = "",
    project_group: Body | None = None,
    budget_line: str = "",
    budget_amount: Decimal | None = None,
) -> Measure:
    _same_region(theme.region, responsible_organisation, project_group)
    _ensure_open(theme)
    if project_group is not None and project_group.kind != Body.Kind.PROJECT_GROUP:
        raise ValidationFailed(_("Please choose a project group."), field="project_group")
    title = " ".join(title.split())
    _guard_system_texts(title=title, description=description, budget_line=budget_line)
    conflict = ValidationFailed(_("This theme already has a measure with this title."), field="title")
    if Measure.objects.filter(theme=theme, title__iexact=title).exists():
        raise conflict
    measure = Measure(
        region=theme.region,
        theme=theme,
        project_group=project_group,
        title=title,
        description=description.strip(),
        responsible_organisation=responsible_organisation,
        budget_line=budget_line.strip(),
        budget_amount=budget_amount,
    )
    _create(actor=actor, instance=measure, conflict=conflict)
    return measure


def reporting_case_managers(*, theme: Theme) -> list[Any]:
    """The people who filed the theme's current reports (read from the private source table).

    Only for notifications: nothing of it is shown to the coordination.
    """
    from kim.accounts.models import User

    user_ids = BarrierReportSource.objects.filter(
        report__assignments__theme=theme, report__assignments__ended_at__isnull=True, submitted_by__isnull=False
    ).values_list("submitted_by_id", flat=True)
    return list(User.objects.filter(pk__in=set(user_ids), is_active=True))


def _notify_implemented(measure: Measure) -> None:
    from kim.accounts.models import Membership
    from kim.notifications.services import notify

    region = measure.region
    title = _("A measure on a theme you reported on has been implemented: %(measure)s") % {"measure": measure.title}
    url = reverse("themes:my_reports")
    for user in reporting_case_managers(theme=measure.theme):
        if Membership.objects.current().filter(user=user, region=region).exists():
            notify(recipient=user, region=region, kind="theme", title=title[:200], url=url)


@transaction.atomic
def measure_transition(
    *,
    actor: Actor | None,
    measure: Measure,
    target: str,
    adopted_decision: Decision | None = None,
    implemented_on: dt.date | None = None,
    evaluation: str = "",
) -> Measure:
    """Move a measure along proposed → adopted → in progress → implemented → evaluated."""
    _lock(measure)
    if target not in MEASURE_TRANSITIONS.get(measure.status, frozenset()):
        raise InvalidTransition(
            _("A measure that is “%(current)s” cannot become “%(target)s”.")
            % {
                "current": Measure.Status(measure.status).label,
                "target": Measure.Status(target).label if target in Measure.Status.values else target,
            }
        )
    values: dict[str, Any] = {"status": target}
    if target == Measure.Status.ADOPTED:
        # Only the steering group adopts measures: an adopting decision on an agenda item of this theme.
        from kim.themes.selectors import adopting_decisions

        if adopted_decision is None:
            raise ValidationFailed(
                _("Please choose the decision of the steering group that adopted the measure."),
                field="adopted_decision",
            )
        if not adopting_decisions(measure=measure).filter(pk=adopted_decision.pk).exists():
            raise ValidationFailed(
                _(
                    "Only an adopting decision of the steering group on an agenda item of this theme "
                    "can adopt the measure."
                ),
                field="adopted_decision",
            )
        values["adopted_decision"] = adopted_decision
    if target == Measure.Status.IMPLEMENTED:
        values["implemented_on"] = implemented_on or timezone.localdate()
    if target == Measure.Status.EVALUATED:
        if not evaluation.strip():
            raise ValidationFailed(_("Please summarise the evaluation."), field="evaluation")
        _guard_system_texts(evaluation=evaluation)
        values["evaluation"] = evaluation.strip()
    _update(actor=actor, instance=measure, values=values)
    if target == Measure.Status.IMPLEMENTED:
        transaction.on_commit(lambda: _notify_implemented(measure))
    return measure


@transaction.atomic
def measure_link_offer(*, actor: Actor | None, measure: Measure, offer: Service) -> Measure:
    _same_region(measure.region, offer)
    if measure.offers.filter(pk=offer.pk).exists():
        raise ValidationFailed(_("This offer is already linked."), field="offer")
    measure.offers.add(offer)
    audit.record(
        actor=actor,
        action="update",
        object_type=audit.object_type_of(measure),
        object_id=measure.pk,
        region=measure.region,
        changes={"offers": [None, str(offer.pk)]},
    )
    return measure


@transaction.atomic
def milestone_add(
    *, actor: Actor | None, measure: Measure, title: str, due_on: dt.date, done_on: dt.date | None = None
) -> Milestone:
    if not title.strip():
        raise ValidationFailed(_("Please name the milestone."), field="title")
    _guard_system_texts(title=title)
    if done_on is not None and done_on > timezone.localdate():
        raise ValidationFailed(_("A milestone cannot be reached in the future."), field="done_on")
    milestone = Milestone(region=measure.region, measure=measure, title=title.strip(), due_on=due_on, done_on=done_on)
    _create(actor=actor, instance=milestone)
    return milestone


@transaction.atomic
def milestone_update(
    *, actor: Actor | None, milestone: Milestone, title: str, due_on: dt.date, done_on: dt.date | None = None
) -> Milestone:
    """Rename, reschedule or mark a milestone as reached (``done_on``)."""
    title = title.strip()
    if not title:
        raise ValidationFailed(_("Please name the milestone."), field="title")
    _guard_system_texts(title=title)
    if done_on is not None and done_on > timezone.localdate():
        raise ValidationFailed(_("A milestone cannot be reached in the future."), field="done_on")
    _update(actor=actor, instance=milestone, values={"title": title, "due_on": due_on, "done_on": done_on})
    return milestone


@transaction.atomic
def local_input_record(
    *,
    actor: Actor | None,
    theme: Theme,
    municipality: Municipality,
    priority: str,
    notes: str = "",
    conference: Body | None = None,
) -> LocalInput:
    """The development conference's view of ``theme`` for ``municipality`` (a second input replaces the first)."""
    _same_region(theme.region, municipality, conference)
    if conference is not None and conference.kind != Body.Kind.DEVELOPMENT_CONFERENCE:
        raise ValidationFailed(_("Please choose a development conference."), field="conference")
    if conference is not None and conference.municipality_id not in (None, municipality.pk):
        raise ValidationFailed(
            _("A development conference gives local input for its own municipality only."), field="municipality"
        )
    if priority not in LocalInput.Priority.values:
        raise ValidationFailed(_("Please choose a priority."), field="priority")
    _guard_system_texts(notes=notes)
    existing = LocalInput.objects.filter(theme=theme, municipality=municipality).first()
    if existing is not None:
        _update(
            actor=actor,
            instance=existing,
            values={"priority": priority, "notes": notes.strip(), "conference": conference},
        )
        return existing
    local = LocalInput(
        region=theme.region,
        theme=theme,
        municipality=municipality,
        conference=conference,
        priority=priority,
        notes=notes.strip(),
    )
    _create(actor=actor, instance=local)
    return local
