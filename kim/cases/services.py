"""Writes on case data. Every function: keyword-only, explicit actor, one transaction, audited.

Rules enforced here (not only in the pages):

- a case is worked on only by members and named deputies of its team;
- no assessment, plan, contact, note or document without the person's active consent
  to case management — a withdrawal blocks further writes at once;
- records edited by several people carry a version: a save based on an old version
  raises ``EditConflict`` with the current record, so the page can show both.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kim.cases import matching
from kim.cases.models import (
    Assessment,
    Case,
    CaseEvent,
    CaseIndication,
    CaseNumberSequence,
    Client,
    ClientLanguage,
    ClientSearchKey,
    Consent,
    ConsentPurpose,
    ConsentText,
    Contact,
    Document,
    Goal,
    Household,
    IndicationCriterion,
    Need,
    Note,
    Priority,
    Step,
    TargetGroupCheck,
    TargetGroupRule,
    VersionedModel,
)
from kim.cases.permissions import user_case_team_ids
from kim.cases.selectors import target_group_checks_version
from kim.core import audit
from kim.core.audit import Actor
from kim.core.errors import ApplicationError, ConflictError, PermissionDeniedError, ValidationFailed
from kim.core.models import AuditEntry, Catalogue, CatalogueEntry, Region, Team
from kim.core.writes import full_clean as _full_clean

VersionedT = TypeVar("VersionedT", bound=VersionedModel)

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# Allowed uploads: extension → (content type, magic bytes at the start of the file).
DOCUMENT_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
}
SCAN_TYPES = ("pdf", "jpg", "jpeg", "png")

CLIENT_FIELDS: tuple[str, ...] = (
    "given_names",
    "family_name",
    "names_original_script",
    "name_script",
    "birth_date",
    "birth_year",
    "birth_month",
    "gender",
    "gender_self_described",
    "nationalities",
    "arrived_germany_on",
    "arrived_region_on",
    "residence_title",
    "residence_legal_basis",
    "residence_valid_until",
    "phone",
    "email",
    "street",
    "postal_code",
    "city",
    "municipality",
)
MATCHING_FIELDS = frozenset(
    {"given_names", "family_name", "names_original_script", "birth_date", "birth_year", "birth_month"}
)
NATIONALITY_RE = re.compile(r"^[A-Z]{2}$")

DEFAULT_TARGET_GROUP_RULES: tuple[tuple[str, str, str, str, int | None], ...] = (
    (
        "arrived_36_months",
        TargetGroupRule.Kind.ARRIVED_WITHIN_MONTHS,
        "Einreise nach Deutschland vor höchstens 36 Monaten",
        "Arrived in Germany no more than 36 months ago",
        36,
    ),
    (
        "no_other_case_management",
        TargetGroupRule.Kind.NO_OTHER_CASE_MANAGEMENT,
        "Kein anderes Case Management (z. B. MBE, JMD, Fallmanagement des Jobcenters)",
        "No other case management (e.g. MBE, JMD, job centre case management)",
        None,
    ),
)

DEFAULT_CONSENT_TEXTS: dict[tuple[str, str], str] = {
    (ConsentPurpose.CASE_MANAGEMENT, "de"): (
        "Ich willige ein, dass das Kommunale Integrationsmanagement meine personenbezogenen Daten "
        "(Name, Kontaktdaten, Aufenthaltsstatus, Angaben zu meiner Lebenssituation und meinen Zielen) "
        "für die Beratung und Begleitung im Case Management speichert und verarbeitet. Die Daten werden "
        "nur vom zuständigen Team gelesen. Ich kann diese Einwilligung jederzeit ohne Nachteile für die "
        "Zukunft widerrufen. Nach Abschluss des Falls werden die Daten nach der Löschfrist gelöscht."
    ),
    (ConsentPurpose.CASE_MANAGEMENT, "en"): (
        "I consent to the municipal integration management storing and processing my personal data "
        "(name, contact details, residence status, information on my situation and my goals) for advice "
        "and support in case management. Only the responsible team reads the data. I can withdraw this "
        "consent at any time for the future without disadvantage. After the case is closed, the data is "
        "deleted when the retention period ends."
    ),
    (ConsentPurpose.DATA_SHARING, "de"): (
        "Ich entbinde die Fallmanager:innen von der Schweigepflicht gegenüber den im Einzelfall "
        "genannten Stellen, soweit dies für die vereinbarten Schritte erforderlich ist."
    ),
    (ConsentPurpose.DATA_SHARING, "en"): (
        "I release the case managers from their duty of confidentiality towards the bodies named in "
        "each individual case, as far as the agreed steps require it."
    ),
    (ConsentPurpose.ELECTRONIC_CONTACT, "de"): (
        "Ich bin damit einverstanden, per E-Mail oder Messenger kontaktiert zu werden. Mir ist bekannt, "
        "dass diese Wege nicht Ende-zu-Ende verschlüsselt sein können."
    ),
    (ConsentPurpose.ELECTRONIC_CONTACT, "en"): (
        "I agree to be contacted by e-mail or messenger. I am aware that these channels may not be "
        "end-to-end encrypted."
    ),
}


class EditConflict(ConflictError):
    """The record was saved by someone else since the form was loaded; ``current`` is the saved state."""

    def __init__(self, current: models.Model) -> None:
        super().__init__(
            _(
                "Someone else saved this record while you were editing it. Your input is still in the form; "
                "the values saved in the meantime are shown beside it. Please check and save again."
            )
        )
        self.current = current


class TargetGroupConflict(EditConflict):
    """The case's target-group checks were saved by someone else since the form was loaded.

    ``version`` is the current version of the check set, ``saved`` the saved answers as
    (rule, answer) pairs for the page to show beside the user's input.
    """

    def __init__(self, current: Case, *, version: str, saved: list[tuple[str, str]]) -> None:
        super().__init__(current)
        self.version = version
        self.saved = saved


# --- Helpers ---


def _user(actor: Actor | None) -> Any:
    """The actor as a user row to store (system jobs have none)."""
    return actor if getattr(actor, "pk", None) is not None else None


def _today() -> dt.date:
    return timezone.localdate()


def _not_in_future(value: dt.date | None, field: str) -> None:
    if value is not None and value > _today():
        raise ValidationFailed(_("The date must not be in the future."), field=field)


def _require_team_member(actor: Actor | None, case: Case | None = None, *, team: Team | None = None) -> None:
    """Only members and named deputies of the case's team write on it (``actor=None``: system jobs)."""
    if actor is None:
        return
    target = team if team is not None else case.team if case is not None else None
    if target is None or str(target.pk) not in user_case_team_ids(actor, target.region):
        raise PermissionDeniedError(_("Only the team responsible for the case may change it."))


def _require_open(case: Case) -> None:
    if not case.is_open:
        raise ValidationFailed(_("The case is closed. Reopen it first if work is to continue."))


def _require_consent(case: Case) -> None:
    active = Consent.objects.filter(case=case, purpose=ConsentPurpose.CASE_MANAGEMENT, withdrawn_on__isnull=True)
    if not active.exists():
        raise ValidationFailed(
            _(
                "There is no valid consent to case management for this case. Record the consent first; "
                "after a withdrawal nothing more may be recorded."
            )
        )


def _withdrawn_message() -> str:
    return _(
        "The person has withdrawn the consent to case management. Nothing more may be recorded "
        "unless the person gives a new consent."
    )


def _require_not_withdrawn(case: Case) -> None:
    """Intake work before any consent is allowed; after a withdrawal (and no new consent) it is not."""
    consents = Consent.objects.filter(case=case, purpose=ConsentPurpose.CASE_MANAGEMENT)
    if consents.filter(withdrawn_on__isnull=False).exists() and not consents.filter(withdrawn_on__isnull=True).exists():
        raise ValidationFailed(_withdrawn_message())


def _require_client_not_withdrawn(client: Client) -> None:
    consents = Consent.objects.filter(client=client, purpose=ConsentPurpose.CASE_MANAGEMENT)
    if consents.filter(withdrawn_on__isnull=False).exists() and not consents.filter(withdrawn_on__isnull=True).exists():
        raise ValidationFailed(_withdrawn_message())


def _require_case_work(actor: Actor | None, case: Case) -> None:
    _require_team_member(actor, case)
    _require_open(case)
    _require_consent(case)


def _require_taken_on(case: Case) -> None:
    if case.decision != Case.Decision.TAKE_ON:
        raise ValidationFailed(_("Record the decision to take on the case before the assessment and the plan."))


def _lock(instance: VersionedT, expected_version: int | None) -> VersionedT:
    """Reload ``instance`` under a row lock and compare its version with the one the form was loaded with."""
    fresh = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise EditConflict(fresh)
    return fresh


def _apply(instance: models.Model, values: Mapping[str, Any]) -> list[str]:
    changed = []
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def _save_versioned(*, actor: Actor | None, instance: VersionedT, before: dict[str, Any], changed: list[str]) -> None:
    instance.version += 1
    instance.save(update_fields=[*changed, "version", "updated_at"])
    audit.record_update(actor=actor, instance=instance, before=before)


def _check_catalogue(entry: CatalogueEntry | None, *, region: Region, catalogue: str, field: str) -> None:
    if entry is not None and (entry.region_id != region.pk or entry.catalogue != catalogue):
        raise ValidationFailed(_("Please choose an entry from the list."), field=field)


def _event(case: Case, kind: str, *, actor: Actor | None, on: dt.date, reason: str = "") -> None:
    CaseEvent.objects.create(
        region_id=case.region_id,
        case=case,
        kind=kind,
        on=on,
        reason=reason,
        actor=_user(actor),
    )


# --- Region defaults ---


@transaction.atomic
def cases_region_defaults_ensure(*, actor: Actor | None, region: Region) -> None:
    """Give ``region`` the default target-group rules and consent texts it does not have yet."""
    existing_rules = set(TargetGroupRule.objects.filter(region=region).values_list("code", flat=True))
    for position, (code, kind, label_de, label_en, months) in enumerate(DEFAULT_TARGET_GROUP_RULES, start=1):
        if code not in existing_rules:
            rule = TargetGroupRule.objects.create(
                region=region,
                code=code,
                kind=kind,
                label_de=label_de,
                label_en=label_en,
                months=months,
                sort_order=position * 10,
            )
            audit.record_create(actor=actor, instance=rule)
    existing_texts = set(ConsentText.objects.filter(region=region).values_list("purpose", "language"))
    for (purpose, language), text in DEFAULT_CONSENT_TEXTS.items():
        if (purpose, language) not in existing_texts:
            consent_text = ConsentText.objects.create(
                region=region,
                purpose=purpose,
                language=language,
                version=1,
                text=text,
                valid_from=dt.date(2024, 1, 1),
            )
            audit.record_create(actor=actor, instance=consent_text)


# --- Clients ---


def person_record(client: Client) -> matching.PersonRecord:
    return matching.PersonRecord(
        id=str(client.pk),
        given_names=client.given_names,
        family_name=client.family_name,
        names_original=client.names_original_script,
        birth_date=client.birth_date,
        birth_year=client.birth_year,
        birth_month=client.birth_month,
    )


def _refresh_search_keys(client: Client) -> None:
    keys = matching.blocking_keys(person_record(client))
    ClientSearchKey.objects.filter(client=client).delete()
    ClientSearchKey.objects.bulk_create(
        [ClientSearchKey(region_id=client.region_id, client=client, key=key[:120]) for key in sorted(keys)]
    )


def _normalise_client_values(values: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(CLIENT_FIELDS)
    if unknown:
        raise ValueError(f"Unknown client fields: {sorted(unknown)}")
    cleaned = dict(values)
    for name in ("given_names", "family_name", "names_original_script", "gender_self_described", "phone", "city"):
        if isinstance(cleaned.get(name), str):
            cleaned[name] = " ".join(cleaned[name].split())
    if "nationalities" in cleaned:
        codes = [str(code).strip().upper() for code in cleaned["nationalities"] or [] if str(code).strip()]
        cleaned["nationalities"] = list(dict.fromkeys(codes))
    return cleaned


def _check_client(client: Client) -> None:
    if not client.given_names.strip() and not client.family_name.strip():
        raise ValidationFailed(_("Please enter at least one name."), field="family_name")
    if client.birth_date is not None and (client.birth_year or client.birth_month):
        raise ValidationFailed(
            _("Enter either the full date of birth or only year and month, not both."), field="birth_year"
        )
    if client.birth_month is not None and client.birth_year is None:
        raise ValidationFailed(_("A month of birth needs the year of birth."), field="birth_year")
    today = _today()
    if client.birth_date is not None and client.birth_date > today:
        raise ValidationFailed(_("The date of birth must not be in the future."), field="birth_date")
    if client.birth_year is not None and client.birth_year > today.year:
        raise ValidationFailed(_("The year of birth must not be in the future."), field="birth_year")
    for field in ("arrived_germany_on", "arrived_region_on"):
        _not_in_future(getattr(client, field), field)
    if client.arrived_germany_on and client.arrived_region_on and client.arrived_region_on < client.arrived_germany_on:
        raise ValidationFailed(
            _("The arrival in the district cannot be before the arrival in Germany."), field="arrived_region_on"
        )
    if not isinstance(client.nationalities, list) or not all(
        isinstance(code, str) and NATIONALITY_RE.match(code) for code in client.nationalities
    ):
        raise ValidationFailed(
            _("Please give nationalities as two-letter country codes (ISO 3166), e.g. SY, UA."),
            field="nationalities",
        )
    if client.gender == Client.Gender.SELF_DESCRIBED and not client.gender_self_described.strip():
        raise ValidationFailed(_("Please enter the gender in the person's own words."), field="gender_self_described")
    if client.municipality is not None and client.municipality.region_id != client.region_id:
        raise ValidationFailed(_("Please choose a municipality of this region."), field="municipality")


def _client_new(*, actor: Actor | None, region: Region, values: Mapping[str, Any]) -> Client:
    client = Client(region=region, **_normalise_client_values(values))
    _full_clean(client)
    _check_client(client)
    client.save()
    _refresh_search_keys(client)
    audit.record_create(actor=actor, instance=client)
    return client


@transaction.atomic
def client_update(
    *, actor: Actor | None, client: Client, expected_version: int | None, values: Mapping[str, Any]
) -> Client:
    """Change a client's data (Art. 16 corrections are visible as the audited old → new values)."""
    if (
        actor is not None
        and not Case.objects.filter(client=client, team_id__in=user_case_team_ids(actor, client.region)).exists()
    ):
        raise PermissionDeniedError(_("Only the team responsible for the case may change it."))
    _require_client_not_withdrawn(client)
    fresh = _lock(client, expected_version)
    before = audit.snapshot(fresh)
    changed = _apply(fresh, _normalise_client_values(values))
    if not changed:
        return fresh
    _full_clean(fresh)
    _check_client(fresh)
    _save_versioned(actor=actor, instance=fresh, before=before, changed=changed)
    if MATCHING_FIELDS & set(changed):
        _refresh_search_keys(fresh)
    return fresh


def _require_client_access(actor: Actor | None, client: Client) -> None:
    if actor is None:
        return
    teams = user_case_team_ids(actor, client.region)
    if not Case.objects.filter(client=client, team_id__in=teams).exists():
        raise PermissionDeniedError(_("Only the team responsible for the case may change it."))


@transaction.atomic
def client_language_add(
    *, actor: Actor | None, client: Client, language: str, proficiency: str, interpreter_needed: bool
) -> ClientLanguage:
    _require_client_access(actor, client)
    _require_client_not_withdrawn(client)
    return _language_new(
        actor=actor, client=client, language=language, proficiency=proficiency, interpreter_needed=interpreter_needed
    )


def _language_new(
    *, actor: Actor | None, client: Client, language: str, proficiency: str, interpreter_needed: bool
) -> ClientLanguage:
    code = language.strip().lower()
    if ClientLanguage.objects.filter(client=client, language=code).exists():
        raise ValidationFailed(_("This language is already recorded."), field="language")
    entry = ClientLanguage(
        region_id=client.region_id,
        client=client,
        language=code,
        proficiency=proficiency,
        interpreter_needed=interpreter_needed,
    )
    _full_clean(entry)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as exc:
        raise ValidationFailed(_("This language is already recorded."), field="language") from exc
    audit.record_create(actor=actor, instance=entry)
    return entry


@transaction.atomic
def client_language_remove(*, actor: Actor | None, entry: ClientLanguage) -> None:
    _require_client_access(actor, entry.client)
    audit.record_delete(actor=actor, instance=entry)
    entry.delete()


@transaction.atomic
def household_link(*, actor: Actor | None, client: Client, member: Client, relation: str) -> Household:
    """Put ``member`` into ``client``'s household (a household is created for the first link)."""
    _require_client_access(actor, client)
    _require_client_access(actor, member)
    _require_client_not_withdrawn(client)
    _require_client_not_withdrawn(member)
    if member.pk == client.pk or member.region_id != client.region_id:
        raise ValidationFailed(_("Please choose another person."), field="member")
    if relation not in Client.HouseholdRelation.values:
        raise ValidationFailed(_("Please choose the relation."), field="relation")
    if member.household_id is not None and member.household_id != client.household_id:
        raise ValidationFailed(_("This person already belongs to another household."), field="member")
    if client.household is None:
        household = Household.objects.create(region_id=client.region_id)
        audit.record_create(actor=actor, instance=household)
        before = audit.snapshot(client)
        client.household = household
        if not client.household_relation:
            client.household_relation = Client.HouseholdRelation.REFERENCE
        client.version += 1
        client.save(update_fields=["household", "household_relation", "version", "updated_at"])
        audit.record_update(actor=actor, instance=client, before=before)
    household = client.household
    assert household is not None  # noqa: S101
    before = audit.snapshot(member)
    member.household = household
    member.household_relation = relation
    member.version += 1
    member.save(update_fields=["household", "household_relation", "version", "updated_at"])
    audit.record_update(actor=actor, instance=member, before=before)
    return household


@transaction.atomic
def household_member_create(*, actor: Actor | None, client: Client, values: Mapping[str, Any], relation: str) -> Client:
    """Record a household member who is not in case management themselves (e.g. a child) as a
    client without a case, linked to ``client``'s household. Names and birth data only as needed."""
    _require_client_access(actor, client)
    _require_client_not_withdrawn(client)
    if relation not in Client.HouseholdRelation.values or relation == Client.HouseholdRelation.REFERENCE:
        raise ValidationFailed(_("Please choose the relation."), field="relation")
    member = _client_new(actor=actor, region=client.region, values=values)
    household_link(actor=actor, client=client, member=member, relation=relation)
    member.refresh_from_db()
    return member


@transaction.atomic
def household_leave(*, actor: Actor | None, client: Client) -> None:
    _require_client_access(actor, client)
    if client.household_id is None:
        return
    before = audit.snapshot(client)
    client.household = None
    client.household_relation = ""
    client.version += 1
    client.save(update_fields=["household", "household_relation", "version", "updated_at"])
    audit.record_update(actor=actor, instance=client, before=before)


# --- Intake: duplicates, opening a case ---


@dataclass(frozen=True)
class IntakeMatch:
    """A possible duplicate: the client itself for the own teams, only team and provider for others."""

    score: float
    reasons: tuple[str, ...]
    client: Client | None = None
    teams: tuple[Team, ...] = ()


@transaction.atomic
def intake_find_duplicates(*, actor: Actor, region: Region, candidate: matching.PersonRecord) -> list[IntakeMatch]:
    """Likely duplicates of ``candidate`` in ``region``, prefiltered by blocking keys, ranked by matching.

    Matches outside the actor's teams reveal only which team (and provider) to contact;
    each such disclosure is written to the audit log.
    """
    keys = matching.prefilter_keys(candidate) or matching.blocking_keys(candidate)
    if not keys:
        return []
    client_ids = ClientSearchKey.objects.filter(region=region, key__in=keys).values("client_id")
    clients = {
        str(client.pk): client
        for client in Client.objects.filter(region=region, is_deleted=False, pk__in=client_ids)[:1000]
    }
    ranked = matching.rank(candidate, [person_record(c) for c in clients.values()], limit=10)
    own_teams = user_case_team_ids(actor, region)
    cases_by_client: dict[str, list[Case]] = {}
    for case in (
        Case.objects.filter(region=region, client_id__in=[m.record_id for m in ranked])
        .select_related("team__organisation")
        .order_by("closed_on", "-opened_on")
    ):
        cases_by_client.setdefault(str(case.client_id), []).append(case)
    results: list[IntakeMatch] = []
    for match in ranked:
        client = clients[match.record_id]
        cases = cases_by_client.get(match.record_id, [])
        if any(str(case.team_id) in own_teams for case in cases):
            results.append(IntakeMatch(score=match.score, reasons=match.reasons, client=client))
            continue
        teams = tuple({case.team_id: case.team for case in cases}.values())
        if not teams:
            continue
        audit.record(
            actor=actor,
            action=AuditEntry.Action.DISCLOSE,
            object_type=audit.object_type_of(client),
            object_id=client.pk,
            region=region,
            changes={"disclosed": ["team", [str(team.pk) for team in teams]], "score": round(match.score, 3)},
        )
        results.append(IntakeMatch(score=match.score, reasons=match.reasons, teams=teams))
    return results


def _next_case_number(region: Region, on: dt.date) -> str:
    sequence, _created = CaseNumberSequence.objects.select_for_update().get_or_create(region=region, year=on.year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number", "updated_at"])
    return f"{on.year}-{sequence.last_number:04d}"


@transaction.atomic
def case_open(
    *,
    actor: Actor | None,
    region: Region,
    team: Team,
    client: Client | None = None,
    client_values: Mapping[str, Any] | None = None,
    referral_source: CatalogueEntry | None = None,
    referral_note: str = "",
    opened_on: dt.date | None = None,
    first_language: str = "",
    interpreter_needed: bool = False,
) -> Case:
    """Open a case for an existing client of the own teams, or for a new client (``client_values``,
    optionally with the first language and whether an interpreter is needed)."""
    if team.region_id != region.pk or not team.is_active:
        raise ValidationFailed(_("Please choose one of your teams."), field="team")
    _require_team_member(actor, team=team)
    _check_catalogue(referral_source, region=region, catalogue=Catalogue.REFERRAL_SOURCE, field="referral_source")
    day = opened_on or _today()
    _not_in_future(day, "opened_on")
    cases_region_defaults_ensure(actor=actor, region=region)
    if client is None:
        if client_values is None:
            raise ValueError("case_open needs a client or client_values")
        client = _client_new(actor=actor, region=region, values=client_values)
        if first_language.strip():
            _language_new(
                actor=actor,
                client=client,
                language=first_language,
                proficiency=ClientLanguage.Proficiency.NATIVE,
                interpreter_needed=interpreter_needed,
            )
    else:
        if client.region_id != region.pk or client.is_deleted:
            raise ValidationFailed(_("Please choose another person."))
        _require_client_access(actor, client)
        if Case.objects.filter(client=client, team=team, closed_on__isnull=True).exists():
            raise ValidationFailed(_("This person already has an open case in this team."))
    case = Case(
        region=region,
        team=team,
        client=client,
        number=_next_case_number(region, day),
        case_manager=_user(actor),
        opened_on=day,
        referral_source=referral_source,
        referral_note=referral_note.strip(),
    )
    _full_clean(case)
    case.save()
    audit.record_create(actor=actor, instance=case)
    _event(case, CaseEvent.Kind.OPENED, actor=actor, on=day)
    return case


@transaction.atomic
def case_update_intake(
    *,
    actor: Actor | None,
    case: Case,
    expected_version: int | None,
    referral_source: CatalogueEntry | None,
    referral_note: str,
    case_manager: Any,
    current_legal_domain: CatalogueEntry | None,
) -> Case:
    """Referral, responsible case manager and current legal domain of a case."""
    _require_team_member(actor, case)
    _require_open(case)
    _require_not_withdrawn(case)
    _check_catalogue(referral_source, region=case.region, catalogue=Catalogue.REFERRAL_SOURCE, field="referral_source")
    _check_catalogue(
        current_legal_domain, region=case.region, catalogue=Catalogue.LEGAL_DOMAIN, field="current_legal_domain"
    )
    if case_manager is not None and str(case.team_id) not in user_case_team_ids(case_manager, case.region):
        raise ValidationFailed(_("The responsible case manager must belong to the case's team."), field="case_manager")
    fresh = _lock(case, expected_version)
    before = audit.snapshot(fresh)
    changed = _apply(
        fresh,
        {
            "referral_source": referral_source,
            "referral_note": referral_note.strip(),
            "case_manager": case_manager,
            "current_legal_domain": current_legal_domain,
        },
    )
    if changed:
        _full_clean(fresh)
        _save_versioned(actor=actor, instance=fresh, before=before, changed=changed)
    return fresh


def target_group_suggestion(rule: TargetGroupRule, client: Client, *, on: dt.date | None = None) -> str:
    """What the data says about ``rule`` for ``client``: met, not met, or unknown (to be confirmed)."""
    result = TargetGroupCheck.Result
    if rule.kind == TargetGroupRule.Kind.ARRIVED_WITHIN_MONTHS and rule.months:
        if client.arrived_germany_on is None:
            return result.UNKNOWN
        day = on or _today()
        months = (day.year - client.arrived_germany_on.year) * 12 + day.month - client.arrived_germany_on.month
        if day.day < client.arrived_germany_on.day:
            months -= 1
        return (
            result.MET
            if months < rule.months or (months == rule.months and day.day == client.arrived_germany_on.day)
            else result.NOT_MET
        )
    return result.UNKNOWN


@dataclass(frozen=True)
class CheckAnswer:
    rule: TargetGroupRule
    result: str
    reason: str = ""


@transaction.atomic
def target_group_checks_record(
    *, actor: Actor | None, case: Case, answers: Sequence[CheckAnswer], expected_version: str | None = None
) -> list[TargetGroupCheck]:
    """Record the case manager's answer to every active rule; deviating from the data needs a reason.

    ``expected_version`` is the version of the case's check set the form was loaded with
    (``selectors.target_group_checks_version``); if the set changed since, nothing is saved
    and :class:`TargetGroupConflict` names the saved answers.
    """
    _require_team_member(actor, case)
    _require_open(case)
    _require_not_withdrawn(case)
    # The case row serialises concurrent saves of its check set.
    Case.objects.select_for_update().only("pk").get(pk=case.pk)
    if expected_version is not None:
        current_version = target_group_checks_version(case=case)
        if current_version != expected_version:
            saved_answers = [
                (
                    str(check.rule.label),
                    f"{check.get_result_display()} – {check.override_reason}"
                    if check.override_reason
                    else str(check.get_result_display()),
                )
                for check in TargetGroupCheck.objects.filter(case=case).select_related("rule")
            ]
            raise TargetGroupConflict(case, version=current_version, saved=saved_answers)
    rules = list(TargetGroupRule.objects.filter(region=case.region, is_active=True))
    given = {answer.rule.pk: answer for answer in answers}
    if set(given) != {rule.pk for rule in rules}:
        raise ValidationFailed(_("Please answer every target-group check."))
    existing = {check.rule_id: check for check in TargetGroupCheck.objects.filter(case=case)}
    day = _today()
    saved = []
    for rule in rules:
        answer = given[rule.pk]
        if answer.result not in (TargetGroupCheck.Result.MET, TargetGroupCheck.Result.NOT_MET):
            raise ValidationFailed(_("Please answer every target-group check."), field=f"rule_{rule.pk}")
        suggested = target_group_suggestion(rule, case.client, on=case.opened_on)
        reason = answer.reason.strip()
        if suggested not in (TargetGroupCheck.Result.UNKNOWN, answer.result) and not reason:
            raise ValidationFailed(
                _("Please give a reason for deviating from the check “%(rule)s”.") % {"rule": rule.label},
                field=f"reason_{rule.pk}",
            )
        check = existing.get(rule.pk)
        if check is None:
            check = TargetGroupCheck.objects.create(
                region_id=case.region_id,
                case=case,
                rule=rule,
                suggested=suggested,
                result=answer.result,
                override_reason=reason,
                checked_by=_user(actor),
                checked_on=day,
            )
            audit.record_create(actor=actor, instance=check)
        else:
            before = audit.snapshot(check)
            if _apply(check, {"suggested": suggested, "result": answer.result, "override_reason": reason}):
                check.checked_on = day
                check.checked_by = _user(actor)
                check.save(
                    update_fields=[
                        "suggested",
                        "result",
                        "override_reason",
                        "checked_on",
                        "checked_by",
                        "updated_at",
                    ]
                )
                audit.record_update(actor=actor, instance=check, before=before)
        saved.append(check)
    return saved


@transaction.atomic
def case_decide(
    *,
    actor: Actor | None,
    case: Case,
    expected_version: int | None,
    decision: str,
    indications: Iterable[str],
    note: str = "",
    referred_to: str = "",
    decided_on: dt.date | None = None,
) -> Case:
    """Take the case on, or refer the person elsewhere (which closes the case as handed over)."""
    _require_team_member(actor, case)
    _require_open(case)
    _require_not_withdrawn(case)
    criteria = set(indications)
    if not criteria <= set(IndicationCriterion.values):
        raise ValidationFailed(_("Please choose from the listed criteria."), field="indications")
    if decision not in (Case.Decision.TAKE_ON, Case.Decision.REFER_ELSEWHERE):
        raise ValidationFailed(_("Please choose a decision."), field="decision")
    day = decided_on or _today()
    _not_in_future(day, "decided_on")
    if day < case.opened_on:
        raise ValidationFailed(_("The decision cannot be before the case was opened."), field="decided_on")
    rules = TargetGroupRule.objects.filter(region=case.region, is_active=True)
    checks = {check.rule_id: check for check in TargetGroupCheck.objects.filter(case=case)}
    if any(rule.pk not in checks for rule in rules):
        raise ValidationFailed(_("Please complete the target-group checks first."))
    note = note.strip()
    if decision == Case.Decision.TAKE_ON:
        if any(check.result == TargetGroupCheck.Result.NOT_MET for check in checks.values()) and not note:
            raise ValidationFailed(
                _("Not every target-group condition is met. Please give the reason for taking the case on anyway."),
                field="note",
            )
        if not criteria:
            raise ValidationFailed(
                _("Please tick at least one indication criterion for case management."), field="indications"
            )
    elif not referred_to.strip():
        raise ValidationFailed(_("Please say where the person was referred to."), field="referred_to")
    fresh = _lock(case, expected_version)
    before = audit.snapshot(fresh)
    values: dict[str, Any] = {
        "decision": decision,
        "decision_on": day,
        "decision_note": note,
        "referred_to": referred_to.strip() if decision == Case.Decision.REFER_ELSEWHERE else "",
    }
    if decision == Case.Decision.REFER_ELSEWHERE:
        values.update(
            closed_on=day,
            handover_to=referred_to.strip(),
            closure_reason=CatalogueEntry.objects.filter(
                region=case.region, catalogue=Catalogue.CLOSURE_REASON, code="uebergeben"
            ).first(),
        )
    changed = _apply(fresh, values)
    old_criteria = set(CaseIndication.objects.filter(case=fresh).values_list("criterion", flat=True))
    CaseIndication.objects.filter(case=fresh).exclude(criterion__in=criteria).delete()
    CaseIndication.objects.bulk_create(
        [CaseIndication(region_id=fresh.region_id, case=fresh, criterion=c) for c in sorted(criteria - old_criteria)]
    )
    extra = {"indications": [sorted(old_criteria), sorted(criteria)]} if old_criteria != criteria else {}
    fresh.version += 1
    fresh.save(update_fields=[*changed, "version", "updated_at"])
    audit.record_update(actor=actor, instance=fresh, before=before, extra=extra)
    _event(fresh, CaseEvent.Kind.DECIDED, actor=actor, on=day, reason=str(fresh.get_decision_display()))
    if decision == Case.Decision.REFER_ELSEWHERE:
        _event(fresh, CaseEvent.Kind.CLOSED, actor=actor, on=day, reason=referred_to.strip())
    return fresh


# --- Consent ---


def _validated_upload(upload: UploadedFile, *, allowed: Sequence[str], field: str) -> tuple[str, str, str]:
    """Check type (extension and content) and size; returns (extension, content type, sha256)."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in allowed:
        raise ValidationFailed(
            _("This file type is not allowed. Allowed are: %(types)s.") % {"types": ", ".join(sorted(set(allowed)))},
            field=field,
        )
    if upload.size is None or upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationFailed(_("The file is larger than 10 MB."), field=field)
    if upload.size == 0:
        raise ValidationFailed(_("The file is empty."), field=field)
    content_type, magic = DOCUMENT_TYPES[extension]
    upload.seek(0)
    head = upload.read(16)
    if not any(head.startswith(signature) for signature in magic):
        raise ValidationFailed(_("The file content does not match its type."), field=field)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return extension, content_type, digest.hexdigest()


@transaction.atomic
def consent_record(
    *,
    actor: Actor | None,
    case: Case,
    text: ConsentText,
    given_on: dt.date,
    language: str,
    interpreter_used: bool = False,
    interpreter_name: str = "",
    scan: UploadedFile | None = None,
) -> Consent:
    """Record a consent given for ``text.purpose``; one active consent per purpose and case."""
    _require_team_member(actor, case)
    _require_open(case)
    if text.region_id != case.region_id:
        raise ValidationFailed(_("Please choose a consent text of this region."), field="text")
    if text.valid_from > given_on:
        raise ValidationFailed(_("This version of the text was not yet valid on that day."), field="text")
    _not_in_future(given_on, "given_on")
    if Consent.objects.filter(case=case, purpose=text.purpose, withdrawn_on__isnull=True).exists():
        raise ValidationFailed(
            _("A valid consent for this purpose is already recorded. Record its withdrawal first."), field="text"
        )
    if interpreter_name.strip() and not interpreter_used:
        interpreter_used = True
    consent = Consent(
        region_id=case.region_id,
        case=case,
        client=case.client,
        purpose=text.purpose,
        text=text,
        given_on=given_on,
        language=language.strip().lower(),
        interpreter_used=interpreter_used,
        interpreter_name=interpreter_name.strip(),
        recorded_by=_user(actor),
    )
    _full_clean(consent, exclude=["scan"])
    if scan is not None:
        _extension, _content_type, consent.scan_sha256 = _validated_upload(scan, allowed=SCAN_TYPES, field="scan")
        consent.scan.save(scan.name or "scan", scan, save=False)
    try:
        with transaction.atomic():
            consent.save()
            audit.record_create(actor=actor, instance=consent)
    except Exception:
        if consent.scan:
            consent.scan.delete(save=False)
        raise
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Actor | None, consent: Consent, withdrawn_on: dt.date, reason: str = "") -> Consent:
    """Record the withdrawal: from this moment nothing more is written for the purpose."""
    _require_team_member(actor, consent.case)
    fresh = Consent.objects.select_for_update().get(pk=consent.pk)
    if fresh.withdrawn_on is not None:
        raise ValidationFailed(_("This consent has already been withdrawn."))
    _not_in_future(withdrawn_on, "withdrawn_on")
    if withdrawn_on < fresh.given_on:
        raise ValidationFailed(_("The withdrawal cannot be before the consent was given."), field="withdrawn_on")
    before = audit.snapshot(fresh)
    fresh.withdrawn_on = withdrawn_on
    fresh.withdrawn_by = _user(actor)
    fresh.withdrawal_reason = reason.strip()
    fresh.save(update_fields=["withdrawn_on", "withdrawn_by", "withdrawal_reason", "updated_at"])
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        object_type=audit.object_type_of(fresh),
        object_id=fresh.pk,
        region=fresh.region,
        changes=audit.diff(before, audit.snapshot(fresh)),
    )
    return fresh


# --- Assessment ---


@transaction.atomic
def assessment_save(
    *,
    actor: Actor | None,
    case: Case,
    life_domain: CatalogueEntry,
    situation: str,
    resources: str,
    own_goals: str,
    assessment: Assessment | None = None,
    expected_version: int | None = None,
) -> Assessment:
    """Create the assessment of a life domain, or change it (``assessment`` with its loaded version)."""
    _require_case_work(actor, case)
    _require_taken_on(case)
    _check_catalogue(life_domain, region=case.region, catalogue=Catalogue.LIFE_DOMAIN, field="life_domain")
    values = {
        "life_domain": life_domain,
        "situation": situation.strip(),
        "resources": resources.strip(),
        "own_goals": own_goals.strip(),
    }
    if not any(values[name] for name in ("situation", "resources", "own_goals")):
        raise ValidationFailed(_("Please describe at least the situation."), field="situation")
    duplicate = Assessment.objects.filter(case=case, life_domain=life_domain)
    if assessment is not None:
        duplicate = duplicate.exclude(pk=assessment.pk)
    if duplicate.exists():
        raise ValidationFailed(_("This life domain has already been assessed."), field="life_domain")
    if assessment is None:
        new = Assessment(
            region_id=case.region_id,
            case=case,
            assessed_on=_today(),
            assessed_by=_user(actor),
            **values,
        )
        _full_clean(new)
        try:
            with transaction.atomic():
                new.save()
        except IntegrityError as exc:
            raise ValidationFailed(_("This life domain has already been assessed."), field="life_domain") from exc
        audit.record_create(actor=actor, instance=new)
        return new
    fresh = _lock(assessment, expected_version)
    before = audit.snapshot(fresh)
    changed = _apply(fresh, values)
    if changed:
        _full_clean(fresh)
        fresh.assessed_on = _today()
        _save_versioned(actor=actor, instance=fresh, before=before, changed=[*changed, "assessed_on"])
    return fresh


@transaction.atomic
def need_add(*, actor: Actor | None, assessment: Assessment, description: str, priority: str) -> Need:
    _require_case_work(actor, assessment.case)
    need = Need(
        region_id=assessment.region_id, assessment=assessment, description=description.strip(), priority=priority
    )
    if not need.description:
        raise ValidationFailed(_("Please describe the need."), field="description")
    if priority not in Priority.values:
        raise ValidationFailed(_("Please choose a priority."), field="priority")
    _full_clean(need)
    need.save()
    audit.record_create(actor=actor, instance=need)
    return need


@transaction.atomic
def need_remove(*, actor: Actor | None, need: Need) -> None:
    _require_case_work(actor, need.assessment.case)
    audit.record_delete(actor=actor, instance=need)
    need.delete()


# --- Plan: goals and steps ---


def _check_goal(goal: Goal, case: Case) -> None:
    _check_catalogue(goal.life_domain, region=case.region, catalogue=Catalogue.LIFE_DOMAIN, field="life_domain")
    if goal.need is not None and goal.need.assessment.case_id != case.pk:
        raise ValidationFailed(_("Please choose a need of this case."), field="need")
    _not_in_future(goal.client_agreed_on, "client_agreed_on")
    if goal.client_agreed_on is not None and goal.client_agreed_on < case.opened_on:
        raise ValidationFailed(_("The agreement cannot be before the case was opened."), field="client_agreed_on")


GOAL_FIELDS = (
    "life_domain",
    "need",
    "specific",
    "measurable",
    "achievable_relevant",
    "due_on",
    "status",
    "client_agreed_on",
)


@transaction.atomic
def goal_create(*, actor: Actor | None, case: Case, values: Mapping[str, Any]) -> Goal:
    _require_case_work(actor, case)
    _require_taken_on(case)
    goal = Goal(region_id=case.region_id, case=case, **{k: values[k] for k in GOAL_FIELDS if k in values})
    goal.specific = goal.specific.strip()
    goal.measurable = goal.measurable.strip()
    _full_clean(goal)
    _check_goal(goal, case)
    goal.save()
    audit.record_create(actor=actor, instance=goal)
    return goal


@transaction.atomic
def goal_update(*, actor: Actor | None, goal: Goal, expected_version: int | None, values: Mapping[str, Any]) -> Goal:
    _require_case_work(actor, goal.case)
    fresh = _lock(goal, expected_version)
    before = audit.snapshot(fresh)
    changed = _apply(fresh, {k: values[k] for k in GOAL_FIELDS if k in values})
    if changed:
        _full_clean(fresh)
        _check_goal(fresh, goal.case)
        _save_versioned(actor=actor, instance=fresh, before=before, changed=changed)
    return fresh


@transaction.atomic
def goal_evaluate(
    *, actor: Actor | None, goal: Goal, expected_version: int | None, achievement: str, note: str
) -> Goal:
    """Evaluation: how far the goal was reached (done before closing the case)."""
    _require_case_work(actor, goal.case)
    if achievement not in Goal.Achievement.values:
        raise ValidationFailed(_("Please choose how far the goal was achieved."), field="achievement")
    fresh = _lock(goal, expected_version)
    before = audit.snapshot(fresh)
    values: dict[str, Any] = {"achievement": achievement, "evaluation_note": note.strip(), "evaluated_on": _today()}
    if fresh.status in (Goal.Status.OPEN, Goal.Status.IN_PROGRESS):
        values["status"] = Goal.Status.DONE
    changed = _apply(fresh, values)
    if changed:
        _save_versioned(actor=actor, instance=fresh, before=before, changed=changed)
    return fresh


def _check_step(step: Step, case: Case) -> None:
    if step.partner_organisation is not None and step.partner_organisation.region_id != case.region_id:
        raise ValidationFailed(_("Please choose an organisation of this region."), field="partner_organisation")
    if step.responsible != Step.Responsible.PARTNER and step.partner_organisation is not None:
        raise ValidationFailed(
            _("A partner organisation is only given when a partner does the step."), field="partner_organisation"
        )
    if step.status == Step.Status.DONE:
        if step.done_on is None:
            step.done_on = _today()
        _not_in_future(step.done_on, "done_on")
    else:
        step.done_on = None


STEP_FIELDS = ("description", "responsible", "partner_organisation", "due_on", "status", "done_on")


@transaction.atomic
def step_create(*, actor: Actor | None, goal: Goal, values: Mapping[str, Any]) -> Step:
    _require_case_work(actor, goal.case)
    step = Step(region_id=goal.region_id, goal=goal, **{k: values[k] for k in STEP_FIELDS if k in values})
    step.description = step.description.strip()
    _full_clean(step)
    _check_step(step, goal.case)
    step.save()
    audit.record_create(actor=actor, instance=step)
    return step


@transaction.atomic
def step_update(*, actor: Actor | None, step: Step, expected_version: int | None, values: Mapping[str, Any]) -> Step:
    _require_case_work(actor, step.goal.case)
    fresh = _lock(step, expected_version)
    before = audit.snapshot(fresh)
    _apply(fresh, {k: values[k] for k in STEP_FIELDS if k in values})
    _full_clean(fresh)
    _check_step(fresh, step.goal.case)
    changed = list(audit.diff(before, audit.snapshot(fresh)))
    if changed:
        _save_versioned(actor=actor, instance=fresh, before=before, changed=changed)
    return fresh


# --- Contacts, notes, documents ---

# Contact-channel catalogue codes that mean writing to the person by e-mail or messenger:
# they need the purpose-specific consent ELECTRONIC_CONTACT (phone, video call, in person do not).
ELECTRONIC_CONTACT_CHANNELS = frozenset({"email", "e-mail", "messenger", "chat", "sms"})


def is_electronic_channel(channel: CatalogueEntry | None) -> bool:
    return channel is not None and channel.code in ELECTRONIC_CONTACT_CHANNELS


def _require_electronic_contact_consent(case: Case, channel: CatalogueEntry | None) -> None:
    """E-mail or messenger contact only with an active consent to electronic contact."""
    if not is_electronic_channel(channel):
        return
    consents = Consent.objects.filter(case=case, purpose=ConsentPurpose.ELECTRONIC_CONTACT)
    if consents.filter(withdrawn_on__isnull=True).exists():
        return
    if consents.exists():
        message = _(
            "The person has withdrawn the consent to contact by e-mail or messenger. "
            "Please use another channel, or record a new consent first."
        )
    else:
        message = _(
            "There is no consent to contact by e-mail or messenger for this case. "
            "Please use another channel, or record the consent first."
        )
    raise ValidationFailed(message, field="channel")


@transaction.atomic
def contact_create(
    *,
    actor: Actor | None,
    case: Case,
    occurred_on: dt.date,
    channel: CatalogueEntry,
    duration_minutes: int,
    language: str = "",
    interpreter_used: bool = False,
    summary: str = "",
) -> Contact:
    _require_case_work(actor, case)
    _check_catalogue(channel, region=case.region, catalogue=Catalogue.CONTACT_CHANNEL, field="channel")
    _require_electronic_contact_consent(case, channel)
    _not_in_future(occurred_on, "occurred_on")
    if occurred_on < case.opened_on:
        raise ValidationFailed(_("The contact cannot be before the case was opened."), field="occurred_on")
    contact = Contact(
        region_id=case.region_id,
        case=case,
        occurred_on=occurred_on,
        channel=channel,
        duration_minutes=duration_minutes,
        language=language.strip().lower(),
        interpreter_used=interpreter_used,
        summary=summary.strip(),
        recorded_by=_user(actor),
    )
    _full_clean(contact)
    contact.save()
    audit.record_create(actor=actor, instance=contact)
    return contact


CONTACT_FIELDS = ("occurred_on", "channel", "duration_minutes", "language", "interpreter_used", "summary")


@transaction.atomic
def contact_update(
    *, actor: Actor | None, contact: Contact, expected_version: int | None, values: Mapping[str, Any]
) -> Contact:
    """Correct a recorded contact (the change is in the history of corrections)."""
    _require_case_work(actor, contact.case)
    channel = values.get("channel", contact.channel)
    _check_catalogue(channel, region=contact.case.region, catalogue=Catalogue.CONTACT_CHANNEL, field="channel")
    occurred_on = values.get("occurred_on", contact.occurred_on)
    _not_in_future(occurred_on, "occurred_on")
    if occurred_on < contact.case.opened_on:
        raise ValidationFailed(_("The contact cannot be before the case was opened."), field="occurred_on")
    fresh = _lock(contact, expected_version)
    cleaned = {name: value for name, value in values.items() if name in CONTACT_FIELDS}
    if "language" in cleaned:
        cleaned["language"] = str(cleaned["language"] or "").strip().lower()
    if "summary" in cleaned:
        cleaned["summary"] = str(cleaned["summary"] or "").strip()
    if cleaned.get("channel") is not None and cleaned["channel"].pk != fresh.channel_id:
        # A change to e-mail or messenger needs that consent like a new contact.
        _require_electronic_contact_consent(contact.case, cleaned["channel"])
    before = audit.snapshot(fresh)
    changed = _apply(fresh, cleaned)
    if changed:
        _full_clean(fresh)
        _save_versioned(actor=actor, instance=fresh, before=before, changed=changed)
    return fresh


@transaction.atomic
def note_create(*, actor: Actor | None, case: Case, text: str) -> Note:
    _require_case_work(actor, case)
    if not text.strip():
        raise ValidationFailed(_("Please write the note."), field="text")
    note = Note(
        region_id=case.region_id,
        case=case,
        text=text.strip(),
        author=_user(actor),
    )
    _full_clean(note)
    note.save()
    audit.record_create(actor=actor, instance=note)
    return note


@transaction.atomic
def note_update(*, actor: Actor | None, note: Note, expected_version: int | None, text: str) -> Note:
    _require_case_work(actor, note.case)
    if not text.strip():
        raise ValidationFailed(_("Please write the note."), field="text")
    fresh = _lock(note, expected_version)
    before = audit.snapshot(fresh)
    changed = _apply(fresh, {"text": text.strip()})
    if changed:
        _save_versioned(actor=actor, instance=fresh, before=before, changed=changed)
    return fresh


@transaction.atomic
def document_delete(*, actor: Actor | None, document: Document) -> None:
    """Delete a document (uploaded by mistake, no longer needed): the record goes at once, the
    file in storage once the transaction has committed. Allowed to the case's team also after a
    withdrawal of consent or the closure, since deleting only lessens what is stored."""
    _require_team_member(actor, document.case)
    fresh = Document.objects.select_for_update().get(pk=document.pk)
    storage, name = fresh.file.storage, fresh.file.name
    audit.record_delete(actor=actor, instance=fresh)
    fresh.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def document_upload(*, actor: Actor | None, case: Case, kind: str, title: str, upload: UploadedFile) -> Document:
    """Store a file outside the web root under a random name, with its checksum."""
    _require_case_work(actor, case)
    _extension, content_type, sha256 = _validated_upload(upload, allowed=tuple(DOCUMENT_TYPES), field="file")
    original_name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1][:200]
    document = Document(
        region_id=case.region_id,
        case=case,
        kind=kind,
        title=title.strip() or original_name,
        original_name=original_name,
        content_type=content_type,
        size=upload.size or 0,
        sha256=sha256,
        uploaded_by=_user(actor),
    )
    _full_clean(document, exclude=["file"])
    document.file.save(original_name, upload, save=False)
    try:
        with transaction.atomic():
            document.save()
            audit.record_create(actor=actor, instance=document)
    except Exception:
        # No row, no file: the stored file is removed again (the error itself is not swallowed).
        document.file.delete(save=False)
        raise
    return document


# --- Evaluation and closure ---


@transaction.atomic
def case_close(
    *,
    actor: Actor | None,
    case: Case,
    expected_version: int | None,
    closure_reason: CatalogueEntry | None,
    closed_on: dt.date,
    handover_to: str = "",
    note: str = "",
) -> Case:
    """Close with a reason from the catalogue; with a valid consent every goal must be evaluated first."""
    _require_team_member(actor, case)
    _require_open(case)
    if closure_reason is None:
        raise ValidationFailed(_("Please choose the reason for closing the case."), field="closure_reason")
    _check_catalogue(closure_reason, region=case.region, catalogue=Catalogue.CLOSURE_REASON, field="closure_reason")
    _not_in_future(closed_on, "closed_on")
    if closed_on < case.opened_on:
        raise ValidationFailed(_("The case cannot be closed before it was opened."), field="closed_on")
    if closure_reason.code == "uebergeben" and not handover_to.strip():
        raise ValidationFailed(_("Please say who takes over."), field="handover_to")
    consent_active = Consent.objects.filter(
        case=case, purpose=ConsentPurpose.CASE_MANAGEMENT, withdrawn_on__isnull=True
    ).exists()
    if consent_active and case.goals.exclude(status=Goal.Status.DROPPED).filter(achievement="").exists():
        raise ValidationFailed(_("Please evaluate every goal before closing the case."))
    fresh = _lock(case, expected_version)
    before = audit.snapshot(fresh)
    changed = _apply(
        fresh,
        {
            "closed_on": closed_on,
            "closure_reason": closure_reason,
            "handover_to": handover_to.strip(),
            "closure_note": note.strip(),
        },
    )
    _save_versioned(actor=actor, instance=fresh, before=before, changed=changed)
    _event(fresh, CaseEvent.Kind.CLOSED, actor=actor, on=closed_on, reason=closure_reason.label_de)
    return fresh


@transaction.atomic
def case_reopen(*, actor: Actor | None, case: Case, expected_version: int | None, reason: str) -> Case:
    _require_team_member(actor, case)
    if case.is_open:
        raise ValidationFailed(_("The case is open."))
    if not reason.strip():
        raise ValidationFailed(_("Please give the reason for reopening the case."), field="reason")
    fresh = _lock(case, expected_version)
    before = audit.snapshot(fresh)
    values: dict[str, Any] = {"closed_on": None, "closure_reason": None, "handover_to": "", "closure_note": ""}
    if fresh.decision == Case.Decision.REFER_ELSEWHERE:
        values.update(decision=Case.Decision.PENDING, decision_on=None, referred_to="")
    changed = _apply(fresh, values)
    fresh.version += 1
    fresh.save(update_fields=[*changed, "version", "updated_at"])
    audit.record_update(actor=actor, instance=fresh, before=before, extra={"reopen_reason": reason.strip()})
    _event(fresh, CaseEvent.Kind.REOPENED, actor=actor, on=_today(), reason=reason.strip())
    return fresh


__all__ = [
    "ApplicationError",
    "CheckAnswer",
    "EditConflict",
    "IntakeMatch",
]
