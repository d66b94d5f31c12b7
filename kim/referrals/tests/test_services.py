"""The consent gate, the frozen snapshot, the transitions table, notifications and waiting times."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import World
from kim.accounts.models import Membership
from kim.cases.models import Case, Consent, ConsentPurpose, ConsentText
from kim.core.errors import InvalidTransition, PermissionDeniedError, ValidationFailed
from kim.core.models import AuditEntry
from kim.notifications.models import Notification
from kim.referrals import selectors, services
from kim.referrals.models import TRANSITIONS, DataCategory, Referral, ReferralEvent, ReferralStatus, Release
from kim.referrals.tests.builders import make_case, make_need, make_offer, make_referral, make_release


def _send(world: World, actor: str = "fallmanagement1", **kwargs: object) -> Referral:
    case = kwargs.pop("case", None) or make_case(world)
    need = kwargs.pop("need", None) or make_need(world, case)  # type: ignore[arg-type]
    return services.referral_send(
        actor=world.users[actor],
        case=case,  # type: ignore[arg-type]
        offer=kwargs.pop("offer", None) or make_offer(world),  # type: ignore[arg-type]
        need=need,  # type: ignore[arg-type]
        fields=kwargs.pop("fields", ["name", "phone", "need"]),  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )


# --- Consent gate ---


def test_referral_without_release_is_refused_naming_the_organisation(world: World) -> None:
    with pytest.raises(ValidationFailed) as error:
        _send(world)
    assert world.partner_org.name in error.value.message
    assert not Referral.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.DISCLOSE).exists()


def test_referral_without_consent_to_case_management_is_refused_even_with_release(world: World) -> None:
    case = make_case(world, number="2026-0099", consent=False)
    make_release(world, case)
    with pytest.raises(ValidationFailed):
        _send(world, case=case)
    assert not Referral.objects.exists()


def test_release_for_another_organisation_does_not_count(world: World) -> None:
    case = make_case(world)
    make_release(world, case, organisation=world.authority)
    with pytest.raises(ValidationFailed) as error:
        _send(world, case=case)
    assert world.partner_org.name in error.value.message


def test_release_without_health_refuses_a_health_need(world: World) -> None:
    case = make_case(world)
    make_release(world, case)  # identity, education/work, other — no health
    health_need = make_need(world, case, domain="gesundheit", text="Psychotherapie gesucht")
    with pytest.raises(ValidationFailed) as error:
        _send(world, case=case, need=health_need)
    assert str(DataCategory.HEALTH.label) in error.value.message
    assert not Referral.objects.exists()


def test_release_naming_health_lets_the_health_need_through(world: World) -> None:
    case = make_case(world)
    make_release(world, case, categories=(DataCategory.IDENTITY, DataCategory.HEALTH, DataCategory.EDUCATION_WORK))
    health_need = make_need(world, case, domain="gesundheit", text="Psychotherapie gesucht")
    referral = _send(world, case=case, need=health_need)
    assert referral.status == ReferralStatus.SENT
    assert DataCategory.HEALTH in referral.shared_categories


def test_withdrawn_or_expired_release_does_not_count(world: World) -> None:
    case = make_case(world)
    release = make_release(world, case)
    services.release_withdraw(actor=world.users["fallmanagement1"], release=release)
    with pytest.raises(ValidationFailed):
        _send(world, case=case)


def test_case_manager_without_override_right_cannot_override(world: World) -> None:
    with pytest.raises(PermissionDeniedError):
        _send(world, override_reason="Dringend, die Person hat mündlich zugestimmt, Formular folgt.")
    assert not Referral.objects.exists()


def _make_team_lead_work_cases(world: World) -> None:
    """The team lead is also named deputy of the team, so she works on its cases."""
    Membership.objects.filter(user=world.users["teamleitung"], team=world.team).update(is_deputy=True)


def test_team_lead_overrides_missing_release_with_reason_and_it_is_audited(world: World) -> None:
    _make_team_lead_work_cases(world)
    reason = "Dringend, die Person hat mündlich zugestimmt, Formular folgt."
    referral = _send(world, actor="teamleitung", override_reason=reason)
    assert referral.status == ReferralStatus.SENT
    assert referral.release is None
    assert referral.override_by == world.users["teamleitung"]
    disclosure = AuditEntry.objects.get(action=AuditEntry.Action.DISCLOSE)
    assert disclosure.changes["override_reason"] == reason
    assert disclosure.actor_label == "teamleitung"
    assert ReferralEvent.objects.get(referral=referral).note == reason


def test_override_needs_a_real_reason(world: World) -> None:
    _make_team_lead_work_cases(world)
    with pytest.raises(ValidationFailed) as error:
        _send(world, actor="teamleitung", override_reason="weil")
    assert error.value.field == "override_reason"
    assert not Referral.objects.exists()


def test_colleague_of_another_team_cannot_send(world: World) -> None:
    case = make_case(world)
    make_release(world, case)
    with pytest.raises(PermissionDeniedError):
        _send(world, actor="fallmanagement3", case=case)


def test_a_need_or_goal_is_required(world: World) -> None:
    case = make_case(world)
    make_release(world, case)
    with pytest.raises(ValidationFailed):
        services.referral_send(
            actor=world.users["fallmanagement1"], case=case, offer=make_offer(world), fields=["name"]
        )


def test_disclosure_audit_names_fields_but_not_their_values(world: World) -> None:
    referral = make_referral(world)
    entries = AuditEntry.objects.filter(object_id=str(referral.pk)) | AuditEntry.objects.filter(
        action=AuditEntry.Action.DISCLOSE
    )
    logged = " ".join(str(entry.changes) for entry in entries)
    assert "phone" in logged
    assert referral.case.client.phone not in logged


# --- Snapshot ---


def test_snapshot_is_frozen_at_sending(world: World) -> None:
    referral = make_referral(world)
    client = referral.case.client
    client.phone = "0171 999-9999"
    client.family_name = "Geändert"
    client.save()
    referral.refresh_from_db()
    values = {entry["key"]: entry["value"] for entry in referral.shared_snapshot}
    assert "555-0101" in values["phone"]
    assert "Geändert" not in values["name"]
    assert "birth_date" not in values


# --- Transitions ---

FINAL_OR_OPEN = list(ReferralStatus.values)


def _attempt(world: World, referral: Referral, target: str) -> Referral:
    partner = world.users["partner"]
    if target == ReferralStatus.ACCEPTED:
        return services.referral_accept(actor=partner, referral=referral)
    if target == ReferralStatus.DECLINED:
        return services.referral_decline(actor=partner, referral=referral, reason="Kurs ist voll.")
    if target == ReferralStatus.COMPLETED:
        return services.referral_finish(
            actor=partner, referral=referral, completed=True, outcome="taken_up", feedback="Teilgenommen."
        )
    if target == ReferralStatus.NOT_COMPLETED:
        return services.referral_finish(
            actor=partner, referral=referral, completed=False, outcome="not_taken_up", feedback="Nicht gekommen."
        )
    return services.referral_revoke(actor=world.users["fallmanagement1"], referral=referral, reason="Erledigt.")


@pytest.mark.parametrize("current", FINAL_OR_OPEN)
@pytest.mark.parametrize("target", [s for s in FINAL_OR_OPEN if s != ReferralStatus.SENT])
def test_transitions_follow_the_table(world: World, current: str, target: str) -> None:
    referral = make_referral(world)
    Referral.objects.filter(pk=referral.pk).update(status=current)
    referral.refresh_from_db()
    if target in TRANSITIONS[current]:
        assert _attempt(world, referral, target).status == target
    else:
        with pytest.raises(InvalidTransition) as error:
            _attempt(world, referral, target)
        assert str(ReferralStatus(current).label) in error.value.message
        referral.refresh_from_db()
        assert referral.status == current


def test_partner_of_another_organisation_cannot_change_the_status(world: World) -> None:
    referral = make_referral(world)
    with pytest.raises(PermissionDeniedError):
        services.referral_accept(actor=world.users["abh"], referral=referral)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_declining_needs_a_reason(world: World) -> None:
    referral = make_referral(world)
    with pytest.raises(ValidationFailed):
        services.referral_decline(actor=world.users["partner"], referral=referral, reason="  ")
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_outcome_must_fit_the_result(world: World) -> None:
    referral = services.referral_accept(actor=world.users["partner"], referral=make_referral(world))
    with pytest.raises(ValidationFailed):
        services.referral_finish(
            actor=world.users["partner"], referral=referral, completed=True, outcome="not_taken_up", feedback="x"
        )


def test_withdrawing_the_release_revokes_open_referrals(world: World) -> None:
    referral = make_referral(world)
    assert referral.release is not None
    services.release_withdraw(actor=world.users["fallmanagement1"], release=referral.release)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.REVOKED
    assert referral.revoked_at is not None


# --- Notifications ---


def test_case_manager_is_notified_of_every_change(world: World) -> None:
    _send_ok = make_referral(world)
    sender = world.users["fallmanagement1"]
    # make_referral sends as the system; the case's responsible case manager is fallmanagement1.
    partner_notes = Notification.objects.filter(recipient=world.users["partner"], kind=Notification.Kind.REFERRAL)
    assert partner_notes.count() == 1
    referral = services.referral_accept(actor=world.users["partner"], referral=_send_ok)
    assert Notification.objects.filter(recipient=sender, kind=Notification.Kind.REFERRAL).count() == 1
    services.referral_finish(
        actor=world.users["partner"], referral=referral, completed=True, outcome="taken_up", feedback="Gut gelaufen."
    )
    notes = Notification.objects.filter(recipient=sender, kind=Notification.Kind.REFERRAL)
    assert notes.count() == 2
    assert all(str(referral.pk) in note.url for note in notes)
    assert all(referral.case.client.family_name not in note.title for note in notes)


def test_sender_is_notified_and_partner_told_of_revocation(world: World) -> None:
    case = make_case(world)
    make_release(world, case)
    referral = _send(world, case=case, actor="fallmanagement2")
    services.referral_revoke(actor=world.users["fallmanagement2"], referral=referral, reason="Person verzogen.")
    # The sender does not notify herself; the responsible case manager (of the sending and the
    # revocation) and the partner hear of it.
    assert not Notification.objects.filter(recipient=world.users["fallmanagement2"]).exists()
    assert Notification.objects.filter(recipient=world.users["fallmanagement1"]).count() == 2
    assert Notification.objects.filter(recipient=world.users["partner"]).count() == 2


def test_case_manager_is_notified_when_a_colleague_sends_a_referral(world: World) -> None:
    case = make_case(world)
    make_release(world, case)

    referral = _send(world, case=case, actor="fallmanagement2")

    notes = Notification.objects.filter(recipient=world.users["fallmanagement1"], kind=Notification.Kind.REFERRAL)
    assert notes.count() == 1
    note = notes.get()
    assert referral.offer.name in note.title
    assert str(referral.pk) in note.url
    assert case.client.family_name not in note.title
    assert not Notification.objects.filter(recipient=world.users["fallmanagement2"]).exists()


def test_case_manager_sending_herself_gets_no_notification(world: World) -> None:
    case = make_case(world)
    make_release(world, case)

    _send(world, case=case, actor="fallmanagement1")

    assert not Notification.objects.filter(recipient=world.users["fallmanagement1"]).exists()
    assert Notification.objects.filter(recipient=world.users["partner"]).count() == 1


# --- Consent to data sharing ---


def _data_sharing_consent(world: World, case: Case, *, withdrawn: bool) -> Consent:
    text, _ = ConsentText.objects.get_or_create(
        region=world.region,
        purpose=ConsentPurpose.DATA_SHARING,
        language="de",
        version=1,
        defaults={"text": "Einwilligung Datenweitergabe (Test)", "valid_from": dt.date(2024, 1, 1)},
    )
    return Consent.objects.create(
        region=world.region,
        case=case,
        client=case.client,
        purpose=ConsentPurpose.DATA_SHARING,
        text=text,
        given_on=case.opened_on,
        language="de",
        withdrawn_on=timezone.localdate() if withdrawn else None,
    )


def test_withdrawn_data_sharing_consent_blocks_referrals_despite_a_release(world: World) -> None:
    case = make_case(world)
    make_release(world, case)
    _data_sharing_consent(world, case, withdrawn=True)

    gate = selectors.release_gate(case=case, organisation=world.partner_org, categories=[DataCategory.IDENTITY])
    with pytest.raises(ValidationFailed) as error:
        _send(world, case=case)

    assert not gate.allowed
    assert not gate.overridable
    assert "Einwilligung in die Weitergabe von Daten an Partner widerrufen" in error.value.message
    assert not Referral.objects.exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.DISCLOSE).exists()


def test_withdrawn_data_sharing_consent_cannot_be_overridden_by_the_team_lead(world: World) -> None:
    _make_team_lead_work_cases(world)
    case = make_case(world)
    _data_sharing_consent(world, case, withdrawn=True)

    with pytest.raises(ValidationFailed):
        _send(world, case=case, actor="teamleitung", override_reason="Dringender Termin, Person ist einverstanden.")

    assert not Referral.objects.exists()


def test_withdrawn_data_sharing_consent_blocks_new_releases(world: World) -> None:
    case = make_case(world)
    _data_sharing_consent(world, case, withdrawn=True)

    with pytest.raises(ValidationFailed) as error:
        make_release(world, case)

    assert "neue Einwilligung in die Datenweitergabe" in error.value.message
    assert not Release.objects.exists()


def test_new_data_sharing_consent_after_withdrawal_lets_referrals_through(world: World) -> None:
    case = make_case(world)
    _data_sharing_consent(world, case, withdrawn=True)
    _data_sharing_consent(world, case, withdrawn=False)
    make_release(world, case)

    assert _send(world, case=case).status == ReferralStatus.SENT


def test_no_data_sharing_consent_at_all_leaves_the_decision_to_the_release(world: World) -> None:
    case = make_case(world)
    make_release(world, case)

    gate = selectors.release_gate(case=case, organisation=world.partner_org, categories=[DataCategory.IDENTITY])

    assert gate.allowed
    assert not gate.data_sharing_withdrawn


# --- Waiting times ---


def test_waiting_times_are_counted_in_days(world: World) -> None:
    referral = make_referral(world)
    now = timezone.now()
    Referral.objects.filter(pk=referral.pk).update(sent_at=now - dt.timedelta(days=10))
    referral.refresh_from_db()
    assert referral.days_waiting == 10
    assert referral.days_to_answer is None
    Referral.objects.filter(pk=referral.pk).update(
        status=ReferralStatus.COMPLETED,
        accepted_at=now - dt.timedelta(days=7),
        completed_at=now - dt.timedelta(days=2),
    )
    referral.refresh_from_db()
    assert referral.days_waiting is None
    assert referral.days_to_acceptance == 3
    assert referral.days_to_answer == 3
    assert referral.days_to_completion == 5


def test_waiting_figures_give_medians_of_the_team_referrals(world: World) -> None:
    from kim.referrals.selectors import referral_waiting_figures, referrals_sent_for_user

    now = timezone.now()
    answers = {"2026-0001": 2, "2026-0002": 4, "2026-0003": 9}
    for number, days in answers.items():
        referral = make_referral(world, number=number)
        Referral.objects.filter(pk=referral.pk).update(
            status=ReferralStatus.ACCEPTED,
            sent_at=now - dt.timedelta(days=20),
            accepted_at=now - dt.timedelta(days=20 - days),
        )
    make_referral(world, number="2026-0004")
    figures = referral_waiting_figures(
        referrals=referrals_sent_for_user(user=world.users["fallmanagement2"], region=world.region)
    )
    assert figures.answered == 3
    assert figures.median_days_to_answer == 4
    assert figures.waiting == 1
    assert figures.median_days_to_completion is None
    other_team = referral_waiting_figures(
        referrals=referrals_sent_for_user(user=world.users["fallmanagement3"], region=world.region)
    )
    assert other_team.answered == 0
