"""Monitoring (DGCC): follow-ups, changes of legal domain, what is due, and the daily reminders.

Writes follow the services rules (keyword-only, explicit actor, one transaction,
audited). The reminder run is meant for cron or a systemd timer
(``manage.py send_reminders``): each person gets at most one reminder per day, and
the reminder holds counts and a link only — names and case content stay in the
platform, where access is checked and logged.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kim.accounts.models import Membership, User
from kim.accounts.roles import RoleCode
from kim.cases.models import Case, FollowUp, LegalDomainChange, Step
from kim.cases.permissions import user_case_team_ids
from kim.cases.selectors import case_has_active_consent, consent_withdrawn
from kim.cases.selectors_caseload import Horizon, residence_expiring_condition
from kim.core import audit
from kim.core.audit import Actor
from kim.core.errors import PermissionDeniedError, ValidationFailed
from kim.core.models import Catalogue, CatalogueEntry, Region
from kim.notifications.models import Notification, ReminderDelivery
from kim.notifications.selectors import reminder_settings_for
from kim.notifications.services import notify

logger = logging.getLogger(__name__)

# Changes of legal domain shown (and reminded of) from a week before today to a month ahead.
LEGAL_CHANGE_PAST_DAYS = 7
LEGAL_CHANGE_AHEAD_DAYS = 30
# A change of legal domain may be recorded up to a year ahead (an announced decision).
LEGAL_CHANGE_MAX_AHEAD_DAYS = 366
SUBJECT_MAX_LENGTH = FollowUp._meta.get_field("subject").max_length or 200
LIST_LIMIT = 200


# --- Checks shared by the writes -----------------------------------------------------------


def _require_case_work(actor: Actor | None, case: Case) -> None:
    """The actor works on the case's team, the case is open and its consent not withdrawn."""
    if actor is not None and str(case.team_id) not in user_case_team_ids(actor, case.region):
        raise PermissionDeniedError(_("You do not work on this case."))
    if case.closed_on is not None:
        raise ValidationFailed(_("The case is closed. Reopen it first."))
    # Like all other case work: an active consent to case management is required; a withdrawn
    # one says so, a missing one asks for the consent first.
    if consent_withdrawn(case=case) is not None:
        raise ValidationFailed(
            _("The person has withdrawn the consent to case management; nothing more may be recorded.")
        )
    if not case_has_active_consent(case=case):
        raise ValidationFailed(
            _(
                "There is no valid consent to case management for this case. Record the consent first; "
                "after a withdrawal nothing more may be recorded."
            )
        )


# --- Follow-ups (Wiedervorlagen) -------------------------------------------------------------


@transaction.atomic
def follow_up_create(
    *,
    actor: User | None,
    case: Case,
    due_on: dt.date,
    subject: str,
    assigned_to: User | None = None,
) -> FollowUp:
    """A follow-up on ``case``; assigned to a member of the case's team (default: the actor)."""
    _require_case_work(actor, case)
    subject = " ".join(subject.split())
    if not subject:
        raise ValidationFailed(_("Please describe what the follow-up is about."), field="subject")
    if len(subject) > SUBJECT_MAX_LENGTH:
        raise ValidationFailed(_("The subject is too long (at most 200 characters)."), field="subject")
    if due_on < timezone.localdate() - dt.timedelta(days=1):
        raise ValidationFailed(_("A follow-up cannot be due in the past."), field="due_on")
    assignee = assigned_to if assigned_to is not None else actor
    if assignee is not None and str(case.team_id) not in user_case_team_ids(assignee, case.region):
        raise ValidationFailed(_("Follow-ups can only be assigned to members of the case's team."), field="assigned_to")
    follow_up = FollowUp.objects.create(
        region=case.region,
        case=case,
        due_on=due_on,
        subject=subject,
        assigned_to=assignee,
        created_by=actor,
    )
    audit.record_create(actor=actor, instance=follow_up)
    return follow_up


@transaction.atomic
def follow_up_complete(*, actor: User | None, follow_up: FollowUp, done_on: dt.date | None = None) -> FollowUp:
    """Mark a follow-up as done (today unless ``done_on`` is given); done twice changes nothing."""
    if actor is not None and str(follow_up.case.team_id) not in user_case_team_ids(actor, follow_up.region):
        raise PermissionDeniedError(_("You do not work on this case."))
    if follow_up.done_on is not None:
        return follow_up
    day = done_on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationFailed(_("A follow-up cannot be done in the future."), field="done_on")
    before = audit.snapshot(follow_up)
    follow_up.done_on = day
    follow_up.save(update_fields=["done_on", "updated_at"])
    audit.record_update(actor=actor, instance=follow_up, before=before)
    return follow_up


# --- Changes of legal domain (Rechtskreiswechsel) --------------------------------------------


def _legal_domain(region: Region, entry: CatalogueEntry | None, *, field_name: str) -> CatalogueEntry | None:
    if entry is None:
        return None
    if entry.region_id != region.pk or entry.catalogue != Catalogue.LEGAL_DOMAIN:
        raise ValidationFailed(_("Please choose a legal domain of this region."), field=field_name)
    return entry


def _set_current_legal_domain(*, actor: Actor | None, case: Case, today: dt.date) -> bool:
    """The case's current legal domain is the target of its latest change already in effect."""
    latest = (
        LegalDomainChange.objects.filter(case=case, changed_on__lte=today)
        .order_by("-changed_on", "-created_at")
        .first()
    )
    if latest is None or case.current_legal_domain_id == latest.to_domain_id:
        return False
    before = audit.snapshot(case)
    case.current_legal_domain_id = latest.to_domain_id
    case.version += 1
    case.save(update_fields=["current_legal_domain", "version", "updated_at"])
    audit.record_update(actor=actor, instance=case, before=before)
    return True


@transaction.atomic
def legal_domain_change_record(
    *,
    actor: User | None,
    case: Case,
    changed_on: dt.date,
    to_domain: CatalogueEntry,
    from_domain: CatalogueEntry | None = None,
    note: str = "",
) -> LegalDomainChange:
    """Record that the person moves from one legal domain to another (e.g. AsylbLG → SGB II).

    ``from_domain`` defaults to the case's current legal domain. A change already in
    effect (today or earlier) becomes the case's current legal domain; a future one
    does so on its date (applied by the daily reminder run).
    """
    _require_case_work(actor, case)
    region = case.region
    to_entry = _legal_domain(region, to_domain, field_name="to_domain")
    from_entry = _legal_domain(region, from_domain, field_name="from_domain")
    if from_entry is None:
        from_entry = case.current_legal_domain
    if to_entry is None:
        raise ValidationFailed(_("Please choose the new legal domain."), field="to_domain")
    if from_entry is not None and from_entry.pk == to_entry.pk:
        raise ValidationFailed(_("The new legal domain must differ from the previous one."), field="to_domain")
    today = timezone.localdate()
    if changed_on > today + dt.timedelta(days=LEGAL_CHANGE_MAX_AHEAD_DAYS):
        raise ValidationFailed(_("The change can be recorded at most one year ahead."), field="changed_on")
    change = LegalDomainChange(
        region=region,
        case=case,
        changed_on=changed_on,
        from_domain=from_entry,
        to_domain=to_entry,
        note=note.strip(),
        recorded_by=actor,
    )
    change.save()
    audit.record_create(actor=actor, instance=change)
    _set_current_legal_domain(actor=actor, case=case, today=today)
    return change


@transaction.atomic
def legal_domain_changes_apply_due(*, today: dt.date | None = None) -> int:
    """Bring every open case's current legal domain up to date with changes that took effect."""
    day = today or timezone.localdate()
    case_ids = (
        LegalDomainChange.objects.filter(changed_on__lte=day, case__closed_on__isnull=True)
        .exclude(case__current_legal_domain=F("to_domain"))
        .values_list("case_id", flat=True)
        .distinct()
    )
    changed = 0
    for case in Case.objects.filter(pk__in=list(case_ids)).select_related("region"):
        changed += _set_current_legal_domain(actor=None, case=case, today=day)
    return changed


# --- What is due: counts (start page, reminders) and lists (the "due" page) ------------------


@dataclass(frozen=True)
class DueSummary:
    steps_due: int = 0
    steps_overdue: int = 0
    follow_ups_due: int = 0
    follow_ups_overdue: int = 0
    residence_expiring: int = 0
    legal_domain_changes: int = 0

    @property
    def due(self) -> int:
        return self.steps_due + self.follow_ups_due

    @property
    def overdue(self) -> int:
        return self.steps_overdue + self.follow_ups_overdue

    @property
    def total(self) -> int:
        return self.due + self.overdue + self.residence_expiring + self.legal_domain_changes


def own_open_cases(*, user: User, region: Region) -> QuerySet[Case]:
    """Open cases of the user's case teams that the user is responsible for."""
    return Case.objects.filter(
        region=region,
        team_id__in=user_case_team_ids(user, region),
        case_manager=user,
        closed_on__isnull=True,
    )


def _own_follow_ups(*, user: User, region: Region) -> QuerySet[FollowUp]:
    """Open follow-ups assigned to the user, or unassigned on the user's own cases."""
    return FollowUp.objects.filter(
        Q(assigned_to=user) | Q(assigned_to__isnull=True, case__case_manager=user),
        region=region,
        done_on__isnull=True,
        case__closed_on__isnull=True,
        case__team_id__in=user_case_team_ids(user, region),
    )


def _legal_window(horizon: Horizon) -> tuple[dt.date, dt.date]:
    return (
        horizon.today - dt.timedelta(days=LEGAL_CHANGE_PAST_DAYS),
        horizon.today + dt.timedelta(days=LEGAL_CHANGE_AHEAD_DAYS),
    )


def due_summary_for_user(*, user: User, region: Region, horizon: Horizon) -> DueSummary:
    """Counts of what is due for the user's own cases: four aggregate queries, no rows."""
    today = horizon.today
    cases = own_open_cases(user=user, region=region)
    steps = Step.objects.filter(region=region, status=Step.Status.OPEN, goal__case__in=cases).aggregate(
        due=Count("pk", filter=Q(due_on__gte=today, due_on__lte=horizon.step_until)),
        overdue=Count("pk", filter=Q(due_on__lt=today)),
    )
    follow_ups = _own_follow_ups(user=user, region=region).aggregate(
        due=Count("pk", filter=Q(due_on=today)),
        overdue=Count("pk", filter=Q(due_on__lt=today)),
    )
    expiring = cases.filter(residence_expiring_condition(horizon)).values("client_id").distinct().count()
    start, end = _legal_window(horizon)
    changes = LegalDomainChange.objects.filter(case__in=cases, changed_on__gte=start, changed_on__lte=end).count()
    return DueSummary(
        steps_due=steps["due"],
        steps_overdue=steps["overdue"],
        follow_ups_due=follow_ups["due"],
        follow_ups_overdue=follow_ups["overdue"],
        residence_expiring=expiring,
        legal_domain_changes=changes,
    )


@dataclass
class DueLists:
    """The rows of the "due" page, each list with its case and client joined (no per-row query)."""

    overdue_steps: list[Step] = field(default_factory=list)
    due_steps: list[Step] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    residence_cases: list[Case] = field(default_factory=list)
    legal_domain_changes: list[LegalDomainChange] = field(default_factory=list)

    def case_ids(self) -> list[str]:
        ids = {str(step.goal.case_id) for step in [*self.overdue_steps, *self.due_steps]}
        ids |= {str(follow_up.case_id) for follow_up in self.follow_ups}
        ids |= {str(change.case_id) for change in self.legal_domain_changes}
        ids |= {str(case.pk) for case in self.residence_cases}
        return sorted(ids)


def due_lists_for_user(*, user: User, region: Region, horizon: Horizon) -> DueLists:
    today = horizon.today
    cases = own_open_cases(user=user, region=region)
    steps = Step.objects.filter(region=region, status=Step.Status.OPEN, goal__case__in=cases).select_related(
        "goal__case__client", "partner_organisation"
    )
    start, end = _legal_window(horizon)
    return DueLists(
        overdue_steps=list(steps.filter(due_on__lt=today).order_by("due_on")[:LIST_LIMIT]),
        due_steps=list(steps.filter(due_on__gte=today, due_on__lte=horizon.step_until).order_by("due_on")[:LIST_LIMIT]),
        follow_ups=list(
            _own_follow_ups(user=user, region=region)
            .filter(due_on__lte=today)
            .select_related("case__client", "assigned_to")
            .order_by("due_on")[:LIST_LIMIT]
        ),
        residence_cases=list(
            cases.filter(residence_expiring_condition(horizon))
            .select_related("client")
            .order_by("client__residence_valid_until")[:LIST_LIMIT]
        ),
        legal_domain_changes=list(
            LegalDomainChange.objects.filter(case__in=cases, changed_on__gte=start, changed_on__lte=end)
            .select_related("case__client", "from_domain", "to_domain")
            .order_by("changed_on")[:LIST_LIMIT]
        ),
    )


def follow_ups_for_case(*, case: Case) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(case=case).select_related("assigned_to", "created_by").order_by("done_on", "due_on")


def legal_domain_changes_for_case(*, case: Case) -> QuerySet[LegalDomainChange]:
    return LegalDomainChange.objects.filter(case=case).select_related("from_domain", "to_domain", "recorded_by")


def follow_up_get_for_user(*, user: User, region: Region, id: Any) -> FollowUp:
    """A follow-up on a case of the user's teams; ``DoesNotExist`` (→ 404) otherwise."""
    return FollowUp.objects.select_related("case", "region").get(
        region=region, case__team_id__in=user_case_team_ids(user, region), pk=id
    )


# --- The daily reminder run -------------------------------------------------------------------


@dataclass
class ReminderRun:
    """What one run did, for the command's summary (counts only)."""

    people_checked: int = 0
    reminded: int = 0
    emailed: int = 0
    already_reminded: int = 0
    mail_failures: int = 0
    legal_domains_updated: int = 0


def reminder_recipients(*, region: Region, today: dt.date) -> QuerySet[User]:
    """Active people who work on cases in ``region`` today (case managers and named deputies)."""
    memberships = (
        Membership.objects.current(today)
        .filter(region=region, team__isnull=False, team__is_active=True)
        .filter(Q(role__code=RoleCode.CASE_MANAGER) | Q(is_deputy=True))
    )
    return User.objects.filter(is_active=True, pk__in=memberships.values("user_id")).order_by("username")


def _notification_title(summary: DueSummary) -> str:
    return _(
        "Reminder: %(due)s due, %(overdue)s overdue, %(expiring)s residence titles expiring, "
        "%(changes)s changes of legal domain"
    ) % {
        "due": summary.due,
        "overdue": summary.overdue,
        "expiring": summary.residence_expiring,
        "changes": summary.legal_domain_changes,
    }


def _send_reminder_mail(*, user: User, region: Region, summary: DueSummary, today: dt.date, link: str) -> None:
    context = {"user": user, "region": region, "summary": summary, "today": today, "link": link}
    subject = render_to_string("cases/caseload/email/reminder_subject.txt", context).strip()
    body = render_to_string("cases/caseload/email/reminder_body.txt", context)
    send_mail(subject, body, None, [user.email])


def _remind(
    *, user: User, region: Region, horizon: Horizon, email_enabled: bool, base_url: str, run: ReminderRun
) -> None:
    summary = due_summary_for_user(user=user, region=region, horizon=horizon)
    if summary.total == 0:
        return
    path = reverse("cases:due")
    with transaction.atomic():
        delivery, created = ReminderDelivery.objects.get_or_create(
            region=region,
            recipient=user,
            day=horizon.today,
            defaults={
                "due_steps": summary.due,
                "overdue_steps": summary.overdue,
                "expiring_titles": summary.residence_expiring,
                "legal_domain_changes": summary.legal_domain_changes,
            },
        )
        if not created:
            run.already_reminded += 1
            return
        notification = notify(
            recipient=user,
            region=region,
            kind=Notification.Kind.REMINDER,
            title=_notification_title(summary),
            url=path,
        )
        delivery.notification = notification
        delivery.save(update_fields=["notification", "updated_at"])
        audit.record_create(actor=None, instance=delivery)
    run.reminded += 1
    if not (email_enabled and user.email):
        return
    try:
        _send_reminder_mail(
            user=user, region=region, summary=summary, today=horizon.today, link=base_url.rstrip("/") + path
        )
    except OSError:
        # Logged without address or name: the delivery row says whom it concerned.
        logger.exception("Reminder e-mail %s could not be sent", delivery.pk)
        run.mail_failures += 1
        return
    ReminderDelivery.objects.filter(pk=delivery.pk).update(emailed=True, updated_at=timezone.now())
    run.emailed += 1


def reminders_send(*, base_url: str, today: dt.date | None = None) -> ReminderRun:
    """Remind every case manager of what is due in each active region: once per person and day.

    The reminder is recorded (``ReminderDelivery``) before the e-mail goes out, so a
    second run on the same day — or a run that crashed half-way — never sends twice.
    """
    day = today or timezone.localdate()
    run = ReminderRun()
    run.legal_domains_updated = legal_domain_changes_apply_due(today=day)
    with translation.override(settings.LANGUAGE_CODE):
        for region in Region.objects.filter(is_active=True).order_by("name"):
            region_settings = reminder_settings_for(region=region)
            horizon = Horizon.from_settings(region_settings, day)
            for user in reminder_recipients(region=region, today=day):
                run.people_checked += 1
                _remind(
                    user=user,
                    region=region,
                    horizon=horizon,
                    email_enabled=region_settings.email_enabled,
                    base_url=base_url,
                    run=run,
                )
    return run
