"""Objects of region A for the case-work URLs in the permission matrix, and builders the case tests share.

Everything is found or created by a natural key, so repeated calls return the same
objects. Invented people only.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from conftest import World
from kim.cases.models import (
    Assessment,
    Case,
    Client,
    ClientLanguage,
    Consent,
    ConsentPurpose,
    ConsentText,
    Contact,
    Document,
    Goal,
    Need,
    Note,
    Step,
)
from kim.cases.services import cases_region_defaults_ensure
from kim.core.models import Catalogue, CatalogueEntry

PDF_BYTES = b"%PDF-1.4\n% invented test document\n%%EOF\n"


def life_domain(world: World, code: str = "sprache") -> CatalogueEntry:
    return CatalogueEntry.objects.get(region=world.region, catalogue=Catalogue.LIFE_DOMAIN, code=code)


def consent_text(world: World, purpose: str = ConsentPurpose.CASE_MANAGEMENT) -> ConsentText:
    cases_region_defaults_ensure(actor=None, region=world.region)
    return ConsentText.objects.get(region=world.region, purpose=purpose, language="de", version=1)


def make_client(world: World, *, family_name: str = "Testperson", given_names: str = "Rania") -> Client:
    client, _ = Client.objects.get_or_create(
        region=world.region,
        given_names=given_names,
        family_name=family_name,
        defaults={
            "birth_date": dt.date(1990, 5, 17),
            "arrived_germany_on": timezone.localdate() - dt.timedelta(days=400),
            "nationalities": ["SY"],
            "residence_title": "Aufenthaltserlaubnis",
            "residence_legal_basis": "§ 25 Abs. 2 AufenthG",
        },
    )
    return client


def make_case(
    world: World,
    *,
    number: str = "M-0001",
    consent: bool = True,
    taken_on: bool = True,
    team: object | None = None,
    family_name: str = "Testperson",
) -> Case:
    """A case of ``world.team`` (opened 60 days ago), by default taken on and with consent."""
    client = make_client(world, family_name=family_name)
    case, _ = Case.objects.get_or_create(
        region=world.region,
        number=number,
        defaults={
            "team": team or world.team,
            "client": client,
            "case_manager": world.users["fallmanagement1"],
            "opened_on": timezone.localdate() - dt.timedelta(days=60),
            "decision": Case.Decision.TAKE_ON if taken_on else Case.Decision.PENDING,
        },
    )
    if consent:
        Consent.objects.get_or_create(
            region=world.region,
            case=case,
            purpose=ConsentPurpose.CASE_MANAGEMENT,
            defaults={
                "client": client,
                "text": consent_text(world),
                "given_on": case.opened_on,
                "language": "de",
                "recorded_by": world.users["fallmanagement1"],
            },
        )
    return case


def make_language(world: World) -> ClientLanguage:
    entry, _ = ClientLanguage.objects.get_or_create(
        region=world.region, client=make_client(world), language="ar", defaults={"interpreter_needed": True}
    )
    return entry


def make_assessment(world: World) -> Assessment:
    assessment, _ = Assessment.objects.get_or_create(
        region=world.region,
        case=make_case(world),
        life_domain=life_domain(world),
        defaults={"situation": "Sprachkurs A2 abgeschlossen.", "assessed_on": timezone.localdate()},
    )
    return assessment


def make_need(world: World) -> Need:
    need, _ = Need.objects.get_or_create(
        region=world.region, assessment=make_assessment(world), description="Kurs B1 gesucht"
    )
    return need


def make_goal(world: World) -> Goal:
    goal, _ = Goal.objects.get_or_create(
        region=world.region,
        case=make_case(world),
        specific="B1-Kurs beginnen",
        defaults={"measurable": "Anmeldebestätigung liegt vor", "due_on": timezone.localdate() + dt.timedelta(days=90)},
    )
    return goal


def make_step(world: World) -> Step:
    step, _ = Step.objects.get_or_create(
        region=world.region,
        goal=make_goal(world),
        description="Beratungstermin bei der Sprachschule",
        defaults={"responsible": Step.Responsible.CLIENT, "due_on": timezone.localdate() + dt.timedelta(days=14)},
    )
    return step


def make_contact(world: World) -> Contact:
    contact, _ = Contact.objects.get_or_create(
        region=world.region,
        case=make_case(world),
        summary="Telefonat zur Terminabsprache",
        defaults={
            "occurred_on": timezone.localdate(),
            "channel": CatalogueEntry.objects.get(region=world.region, catalogue="contact_channel", code="telefon"),
            "duration_minutes": 10,
        },
    )
    return contact


def make_note(world: World) -> Note:
    note, _ = Note.objects.get_or_create(region=world.region, case=make_case(world), text="Erstgespräch geführt.")
    return note


def make_document(world: World) -> Document:
    case = make_case(world)
    name = "cases/test-fixtures/documents/matrix-test.pdf"
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(PDF_BYTES))
    document, _ = Document.objects.get_or_create(
        region=world.region,
        case=case,
        title="Testdokument",
        defaults={
            "kind": Document.Kind.OTHER,
            "file": name,
            "original_name": "test.pdf",
            "content_type": "application/pdf",
            "size": len(PDF_BYTES),
            "sha256": "0" * 64,
        },
    )
    return document


def make_consent(world: World) -> Consent:
    """The case's consent to case management, with a scanned form."""
    consent = Consent.objects.get(case=make_case(world), purpose=ConsentPurpose.CASE_MANAGEMENT)
    if not consent.scan:
        name = "cases/test-fixtures/consents/matrix-test.pdf"
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(PDF_BYTES))
        consent.scan.name = name
        consent.save(update_fields=["scan"])
    return consent


# --- Registrations for tests/permission_matrix.py ---
# Imported only here: permission_matrix imports every app's matrix modules, some of which
# import the builders above, so these must exist before the circle closes.
from tests.permission_matrix import register_objects  # noqa: E402

for _name in (
    "cases:client_detail",
    "cases:client_edit",
    "cases:client_case_open",
    "cases:client_language_add",
    "cases:household_add",
    "cases:household_leave",
):
    register_objects(_name)(lambda w: {"pk": make_case(w).client.pk})
register_objects("cases:client_language_remove")(
    lambda w: {"pk": make_client(w).pk, "language_pk": make_language(w).pk}
)
for _name in (
    "cases:case_detail",
    "cases:case_intake_edit",
    "cases:case_target_group",
    "cases:case_decision",
    "cases:consent_add",
    "cases:assessment_add",
    "cases:goal_add",
    "cases:contact_add",
    "cases:note_add",
    "cases:document_upload",
    "cases:case_close",
    "cases:case_reopen",
):
    register_objects(_name)(lambda w: {"pk": make_case(w).pk})
for _name in ("cases:consent_withdraw", "cases:consent_scan"):
    register_objects(_name)(lambda w: {"pk": make_case(w).pk, "consent_pk": make_consent(w).pk})
for _name in ("cases:assessment_edit", "cases:need_add"):
    register_objects(_name)(lambda w: {"pk": make_case(w).pk, "assessment_pk": make_assessment(w).pk})
register_objects("cases:need_remove")(lambda w: {"pk": make_case(w).pk, "need_pk": make_need(w).pk})
for _name in ("cases:goal_edit", "cases:goal_evaluate", "cases:step_add"):
    register_objects(_name)(lambda w: {"pk": make_case(w).pk, "goal_pk": make_goal(w).pk})
register_objects("cases:step_edit")(lambda w: {"pk": make_case(w).pk, "step_pk": make_step(w).pk})
register_objects("cases:contact_edit")(lambda w: {"pk": make_case(w).pk, "contact_pk": make_contact(w).pk})
register_objects("cases:note_edit")(lambda w: {"pk": make_case(w).pk, "note_pk": make_note(w).pk})
for _name in ("cases:document_download", "cases:document_delete"):
    register_objects(_name)(lambda w: {"pk": make_case(w).pk, "document_pk": make_document(w).pk})
