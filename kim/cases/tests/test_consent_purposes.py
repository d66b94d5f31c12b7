"""Consent purposes besides case management: electronic contact and data sharing; monitoring
entries need the consent to case management like all other case work."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from conftest import World
from kim.cases import monitoring, selectors, services
from kim.cases.models import Case, ConsentPurpose, ConsentText, Contact, FollowUp, LegalDomainChange
from kim.cases.tests.test_caseload_fixtures import catalogue, make_case, today
from kim.core.errors import ValidationFailed
from kim.core.models import Catalogue


def _consent(world: World, case: Case, purpose: str) -> None:
    text = ConsentText.objects.get(region=world.region, purpose=purpose, language="de", version=1)
    services.consent_record(
        actor=world.users["fallmanagement1"], case=case, text=text, given_on=case.opened_on, language="de"
    )


def _contact(world: World, case: Case, channel_code: str) -> Contact:
    return services.contact_create(
        actor=world.users["fallmanagement1"],
        case=case,
        occurred_on=today(),
        channel=catalogue(world, Catalogue.CONTACT_CHANNEL, channel_code),
        duration_minutes=10,
    )


def test_e_mail_contact_without_consent_to_electronic_contact_is_refused(world: World) -> None:
    case = make_case(world)
    with translation.override("en"), pytest.raises(ValidationFailed) as error:
        _contact(world, case, "email")
    assert error.value.field == "channel"
    assert "no consent to contact by e-mail" in str(error.value.message)
    assert not Contact.objects.filter(case=case).exists()


def test_phone_contact_needs_no_consent_to_electronic_contact(world: World) -> None:
    case = make_case(world)
    assert _contact(world, case, "telefon").pk


def test_e_mail_contact_with_consent_is_recorded_and_blocked_after_withdrawal(world: World) -> None:
    case = make_case(world)
    _consent(world, case, ConsentPurpose.ELECTRONIC_CONTACT)
    assert _contact(world, case, "email").pk
    consent = case.consents.get(purpose=ConsentPurpose.ELECTRONIC_CONTACT)
    services.consent_withdraw(actor=world.users["fallmanagement1"], consent=consent, withdrawn_on=today())
    with translation.override("en"), pytest.raises(ValidationFailed) as error:
        _contact(world, case, "email")
    assert "withdrawn the consent to contact by e-mail" in str(error.value.message)
    assert Contact.objects.filter(case=case).count() == 1


def test_contact_page_shows_the_electronic_contact_message_on_the_channel(world: World) -> None:
    case = make_case(world)
    response = world.client_for("fallmanagement1").post(
        reverse("cases:contact_add", args=[case.pk]),
        {
            "occurred_on": today().isoformat(),
            "channel": catalogue(world, Catalogue.CONTACT_CHANNEL, "email").pk,
            "duration_minutes": "15",
        },
    )
    assert response.status_code in (200, 400)
    assert response.context["form"].errors["channel"]
    assert not Contact.objects.filter(case=case).exists()


def test_consent_active_and_data_sharing_blocked_for_referrals(world: World) -> None:
    case = make_case(world)
    assert selectors.consent_active(case=case, purpose=ConsentPurpose.CASE_MANAGEMENT)
    assert not selectors.consent_active(case=case, purpose=ConsentPurpose.DATA_SHARING)
    assert not selectors.data_sharing_blocked(case=case)  # no consent at all: releases decide
    _consent(world, case, ConsentPurpose.DATA_SHARING)
    assert selectors.consent_active(case=case, purpose=ConsentPurpose.DATA_SHARING)
    consent = case.consents.get(purpose=ConsentPurpose.DATA_SHARING)
    services.consent_withdraw(actor=world.users["fallmanagement1"], consent=consent, withdrawn_on=today())
    assert not selectors.consent_active(case=case, purpose=ConsentPurpose.DATA_SHARING)
    assert selectors.data_sharing_blocked(case=case)


def test_follow_up_without_any_consent_is_refused(world: World) -> None:
    case = make_case(world, stage=Case.Stage.INTAKE)
    with translation.override("en"), pytest.raises(ValidationFailed) as error:
        monitoring.follow_up_create(actor=world.users["fallmanagement1"], case=case, due_on=today(), subject="x")
    assert "no valid consent to case management" in str(error.value.message)
    assert not FollowUp.objects.exists()


def test_legal_domain_change_after_withdrawal_is_refused(world: World) -> None:
    case = make_case(world)
    case.consents.update(withdrawn_on=today())
    with pytest.raises(ValidationFailed):
        monitoring.legal_domain_change_record(
            actor=world.users["fallmanagement1"],
            case=case,
            changed_on=today(),
            to_domain=catalogue(world, Catalogue.LEGAL_DOMAIN, "sgb2"),
        )
    assert not LegalDomainChange.objects.exists()


def test_monitoring_page_shows_the_consent_message_without_consent(world: World) -> None:
    case = make_case(world, stage=Case.Stage.INTAKE)
    response = world.client_for("fallmanagement1").post(
        reverse("cases:case_monitoring", args=[case.pk]),
        {"action": "follow_up", "follow_up-due_on": today().isoformat(), "follow_up-subject": "Rückruf"},
    )
    assert response.status_code == 400
    assert response.context["follow_up_form"].non_field_errors()
    assert not FollowUp.objects.exists()
