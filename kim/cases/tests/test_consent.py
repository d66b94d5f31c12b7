"""Consent first: no case work without it, a withdrawal blocks at once and is visible on the case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from conftest import World
from kim.cases import services
from kim.cases.models import Case, Consent, ConsentPurpose, Contact, Note
from kim.cases.tests.matrix import PDF_BYTES, consent_text, life_domain, make_case
from kim.core.errors import ValidationFailed
from kim.core.models import AuditEntry, Catalogue, CatalogueEntry

TODAY = timezone.localdate


def _channel(world: World) -> CatalogueEntry:
    return CatalogueEntry.objects.get(region=world.region, catalogue=Catalogue.CONTACT_CHANNEL, code="telefon")


def test_without_consent_services_refuse_every_case_work_write(world: World) -> None:
    case = make_case(world, consent=False)
    actor = world.users["fallmanagement1"]
    writes = [
        lambda: services.note_create(actor=actor, case=case, text="Notiz"),
        lambda: services.contact_create(
            actor=actor, case=case, occurred_on=TODAY(), channel=_channel(world), duration_minutes=30
        ),
        lambda: services.assessment_save(
            actor=actor, case=case, life_domain=life_domain(world), situation="x", resources="", own_goals=""
        ),
        lambda: services.goal_create(
            actor=actor, case=case, values={"specific": "Ziel", "measurable": "x", "due_on": TODAY()}
        ),
        lambda: services.document_upload(
            actor=actor,
            case=case,
            kind="other",
            title="Test",
            upload=SimpleUploadedFile("a.pdf", PDF_BYTES, "application/pdf"),
        ),
    ]
    for write in writes:
        with pytest.raises(ValidationFailed) as error:
            write()
        assert "Einwilligung" in error.value.message
    assert not Note.objects.exists()
    assert not Contact.objects.exists()
    assert not case.assessments.exists()
    assert not case.goals.exists()
    assert not case.documents.exists()


def test_pages_explain_why_case_work_is_blocked(world: World) -> None:
    case = make_case(world, consent=False)
    client = world.client_for("fallmanagement1")
    response = client.get(reverse("cases:contact_add", args=[case.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "keine gültige Einwilligung" in html
    assert reverse("cases:consent_add", args=[case.pk]) in html
    response = client.post(reverse("cases:note_add", args=[case.pk]), {"text": "Soll nicht gespeichert werden"})
    assert response.status_code == 200
    assert not Note.objects.exists()
    detail = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Noch keine Einwilligung erfasst" in detail
    assert reverse("cases:note_add", args=[case.pk]) not in detail


def test_consent_is_recorded_with_text_version_language_interpreter_and_scan(
    world: World, settings: object, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    case = make_case(world, consent=False)
    text = consent_text(world)
    response = world.client_for("fallmanagement1").post(
        reverse("cases:consent_add", args=[case.pk]),
        {
            "text": str(text.pk),
            "given_on": TODAY().isoformat(),
            "language": "AR",
            "interpreter_used": "on",
            "interpreter_name": "Dolmetscherin Beispiel",
            "scan": SimpleUploadedFile("Unterschrift Rania.pdf", PDF_BYTES, "application/pdf"),
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get(case=case)
    assert consent.purpose == ConsentPurpose.CASE_MANAGEMENT
    assert consent.text == text
    assert consent.language == "ar"
    assert consent.interpreter_used
    assert consent.recorded_by == world.users["fallmanagement1"]
    assert consent.scan_sha256
    assert "Rania" not in consent.scan.name
    assert Path(consent.scan.path).is_relative_to(tmp_path)
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, object_type="cases.consent").exists()
    download = world.client_for("fallmanagement2").get(reverse("cases:consent_scan", args=[case.pk, consent.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert (
        world.client_for("fallmanagement3").get(reverse("cases:consent_scan", args=[case.pk, consent.pk])).status_code
        == 404
    )


def test_scan_of_a_wrong_type_is_refused_and_nothing_is_stored(world: World, settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    case = make_case(world, consent=False)
    response = world.client_for("fallmanagement1").post(
        reverse("cases:consent_add", args=[case.pk]),
        {
            "text": str(consent_text(world).pk),
            "given_on": TODAY().isoformat(),
            "language": "de",
            "scan": SimpleUploadedFile("scan.exe", b"MZ\x90\x00", "application/octet-stream"),
        },
    )
    assert response.status_code == 200
    assert "Dateityp ist nicht erlaubt" in response.content.decode()
    assert not Consent.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_second_active_consent_for_the_same_purpose_is_refused(world: World) -> None:
    case = make_case(world)
    with pytest.raises(ValidationFailed):
        services.consent_record(
            actor=world.users["fallmanagement1"], case=case, text=consent_text(world), given_on=TODAY(), language="de"
        )
    assert Consent.objects.filter(case=case).count() == 1


def test_consent_in_the_future_or_with_a_text_not_yet_valid_is_refused(world: World) -> None:
    case = make_case(world, consent=False)
    text = consent_text(world)
    with pytest.raises(ValidationFailed):
        services.consent_record(
            actor=None, case=case, text=text, given_on=TODAY() + dt.timedelta(days=1), language="de"
        )
    with pytest.raises(ValidationFailed):
        services.consent_record(actor=None, case=case, text=text, given_on=dt.date(2023, 1, 1), language="de")
    assert not Consent.objects.exists()


def test_withdrawal_blocks_further_writes_at_once_and_shows_on_the_case(world: World) -> None:
    case = make_case(world)
    consent = Consent.objects.get(case=case)
    client = world.client_for("fallmanagement1")
    assert client.post(reverse("cases:note_add", args=[case.pk]), {"text": "Vorher"}).status_code == 302
    response = client.post(
        reverse("cases:consent_withdraw", args=[case.pk, consent.pk]),
        {"withdrawn_on": TODAY().isoformat(), "reason": "Telefonisch widerrufen"},
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_on == TODAY()
    assert consent.withdrawn_by == world.users["fallmanagement1"]
    response = client.post(reverse("cases:note_add", args=[case.pk]), {"text": "Nachher"})
    assert response.status_code == 200
    assert list(Note.objects.values_list("text", flat=True)) == ["Vorher"]
    detail = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Einwilligung in das Case Management widerrufen" in detail
    assert 'role="alert"' in detail
    assert Case.objects.with_stage().get(pk=case.pk).stage == Case.Stage.INTAKE


def test_withdrawal_twice_or_before_the_consent_is_refused(world: World) -> None:
    case = make_case(world)
    consent = Consent.objects.get(case=case)
    with pytest.raises(ValidationFailed):
        services.consent_withdraw(actor=None, consent=consent, withdrawn_on=consent.given_on - dt.timedelta(days=1))
    services.consent_withdraw(actor=None, consent=consent, withdrawn_on=TODAY())
    with pytest.raises(ValidationFailed):
        services.consent_withdraw(actor=None, consent=consent, withdrawn_on=TODAY())


def test_withdrawn_case_can_still_be_closed_without_evaluating_goals(world: World) -> None:
    case = make_case(world)
    services.goal_create(
        actor=None, case=case, values={"specific": "Kita-Platz", "measurable": "Zusage", "due_on": TODAY()}
    )
    services.consent_withdraw(actor=None, consent=Consent.objects.get(case=case), withdrawn_on=TODAY())
    reason = CatalogueEntry.objects.get(
        region=world.region, catalogue=Catalogue.CLOSURE_REASON, code="einwilligung_widerrufen"
    )
    closed = services.case_close(
        actor=world.users["fallmanagement1"],
        case=case,
        expected_version=case.version,
        closure_reason=reason,
        closed_on=TODAY(),
    )
    assert closed.closed_on == TODAY()
    assert closed.stage == Case.Stage.CLOSURE


def test_consent_texts_show_the_newest_valid_version_per_language(world: World) -> None:
    from kim.cases.models import ConsentText
    from kim.cases.selectors import consent_texts_current

    old = consent_text(world)
    newer = ConsentText.objects.create(
        region=world.region, purpose=old.purpose, language="de", version=2, text="Neu", valid_from=TODAY()
    )
    ConsentText.objects.create(
        region=world.region,
        purpose=old.purpose,
        language="de",
        version=3,
        text="Künftig",
        valid_from=TODAY() + dt.timedelta(days=10),
    )
    current = list(consent_texts_current(region=world.region).filter(purpose=old.purpose, language="de"))
    assert current == [newer]


def test_withdrawal_also_blocks_changes_to_the_person_and_the_intake(world: World) -> None:
    case = make_case(world)
    actor = world.users["fallmanagement1"]
    services.consent_withdraw(actor=actor, consent=Consent.objects.get(case=case), withdrawn_on=TODAY())
    with pytest.raises(ValidationFailed, match="widerrufen"):
        services.client_update(actor=actor, client=case.client, expected_version=None, values={"phone": "0271 9"})
    with pytest.raises(ValidationFailed, match="widerrufen"):
        services.client_language_add(
            actor=actor, client=case.client, language="fa", proficiency="basic", interpreter_needed=False
        )
    with pytest.raises(ValidationFailed, match="widerrufen"):
        services.case_update_intake(
            actor=actor,
            case=case,
            expected_version=None,
            referral_source=None,
            referral_note="neu",
            case_manager=None,
            current_legal_domain=None,
        )
    case.client.refresh_from_db()
    assert case.client.phone == ""
    # A new consent lifts the block.
    services.consent_record(actor=actor, case=case, text=consent_text(world), given_on=TODAY(), language="de")
    services.client_update(actor=actor, client=case.client, expected_version=None, values={"phone": "0271 9"})
    case.client.refresh_from_db()
    assert case.client.phone == "0271 9"
