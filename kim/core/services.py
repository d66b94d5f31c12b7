"""Writes on the tenant structure. Every function: keyword-only, explicit actor, one transaction, audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext as _

from kim.core import audit
from kim.core.audit import Actor
from kim.core.catalogues import DEFAULTS
from kim.core.errors import ApplicationError, ValidationFailed
from kim.core.models import (
    AuditEntry,
    CatalogueEntry,
    FundedPost,
    KeyDate,
    Municipality,
    Organisation,
    Region,
    Team,
    region_of,
)
from kim.core.writes import assign as _assign
from kim.core.writes import full_clean as _full_clean
from kim.core.writes import save_or_conflict as _save

ModelT = TypeVar("ModelT", bound=models.Model)


@transaction.atomic
def region_create(*, actor: Actor | None, name: str, ags: str, slug: str, kind: str = Region.Kind.KREIS) -> Region:
    region = Region(
        name=name,
        ags=ags,
        slug=slug,
        kind=kind,
        suppression_threshold=settings.KIM_DEFAULT_SUPPRESSION_THRESHOLD,
    )
    region.full_clean()
    region.save()
    audit.record_create(actor=actor, instance=region)
    region_seed_catalogues(actor=actor, region=region)
    return region


@transaction.atomic
def region_seed_catalogues(*, actor: Actor | None, region: Region) -> int:
    """Add the default catalogue entries the region does not have yet; returns how many were added."""
    existing = set(CatalogueEntry.objects.filter(region=region).values_list("catalogue", "code"))
    added = 0
    for catalogue, entries in DEFAULTS.items():
        for position, (code, label_de, label_en) in enumerate(entries, start=1):
            if (catalogue, code) in existing:
                continue
            entry = CatalogueEntry.objects.create(
                region=region,
                catalogue=catalogue,
                code=code,
                label_de=label_de,
                label_en=label_en,
                sort_order=position * 10,
            )
            audit.record_create(actor=actor, instance=entry)
            added += 1
    return added


# --- Region administration: municipalities, organisations, teams, catalogues, posts, dates ---
#
# Unique-per-region rules are checked before saving so that the person gets a message
# naming the field; the database constraint stays the last line (a concurrent insert
# still ends as the same message, never as an IntegrityError page).


def _same_region(obj: models.Model | None, region: Region) -> bool:
    return obj is None or getattr(obj, "region_id", None) == region.pk


def _persist_new(
    *,
    actor: Actor | None,
    instance: ModelT,
    check: Callable[[ModelT], None] | None,
    conflict: ApplicationError,
) -> ModelT:
    """Validate a new row (fields, then ``check``: the region's rules), save it and record the creation."""
    _full_clean(instance)
    if check is not None:
        check(instance)
    _save(instance, conflict=conflict)
    audit.record_create(actor=actor, instance=instance)
    return instance


def _persist_changes(
    *,
    actor: Actor | None,
    instance: ModelT,
    values: Mapping[str, Any],
    check: Callable[[ModelT], None] | None,
    conflict: ApplicationError,
) -> ModelT:
    """Apply ``values``; if anything really changed, validate as :func:`_persist_new`, save only those
    fields and record old → new. Unchanged input writes nothing, not even an audit entry."""
    before = audit.snapshot(instance)
    changed = _assign(instance, values)
    if not changed:
        return instance
    _full_clean(instance)
    if check is not None:
        check(instance)
    _save(instance, conflict=conflict, update_fields=[*changed, "updated_at"])
    audit.record_update(actor=actor, instance=instance, before=before)
    return instance


def _record_create_with(*, actor: Actor | None, instance: models.Model, extra: Mapping[str, Any]) -> None:
    """A create entry that also lists many-to-many values (a snapshot holds only concrete fields)."""
    created: dict[str, Any] = {
        key: [None, value] for key, value in audit.snapshot(instance).items() if value not in (None, "")
    }
    created.update({key: [None, value] for key, value in extra.items()})
    audit.record(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        object_type=audit.object_type_of(instance),
        object_id=instance.pk,
        region=region_of(instance),
        changes=created,
    )


# Municipalities


def _municipality_conflict() -> ValidationFailed:
    return ValidationFailed(_("A municipality with this name already exists in this region."), field="name")


def _check_municipality(municipality: Municipality) -> None:
    region = municipality.region
    others = Municipality.objects.filter(region=region).exclude(pk=municipality.pk)
    if others.filter(name__iexact=municipality.name).exists():
        raise _municipality_conflict()
    if municipality.ags:
        if len(municipality.ags) != 8:
            raise ValidationFailed(_("The official municipality key has 8 digits."), field="ags")
        if not municipality.ags.startswith(region.ags[:5]):
            raise ValidationFailed(
                _("The official municipality key must begin with the key of the region (%(ags)s).")
                % {"ags": region.ags[:5]},
                field="ags",
            )
        if others.filter(ags=municipality.ags).exists():
            raise ValidationFailed(_("Another municipality of this region already has this official key."), field="ags")


@transaction.atomic
def municipality_create(*, actor: Actor | None, region: Region, name: str, ags: str = "") -> Municipality:
    return _persist_new(
        actor=actor,
        instance=Municipality(region=region, name=name.strip(), ags=ags.strip()),
        check=_check_municipality,
        conflict=_municipality_conflict(),
    )


@transaction.atomic
def municipality_update(
    *, actor: Actor | None, municipality: Municipality, name: str, ags: str, is_active: bool
) -> Municipality:
    return _persist_changes(
        actor=actor,
        instance=municipality,
        values={"name": name.strip(), "ags": ags.strip(), "is_active": is_active},
        check=_check_municipality,
        conflict=_municipality_conflict(),
    )


# Organisations


def _organisation_conflict() -> ValidationFailed:
    return ValidationFailed(_("An organisation with this name already exists in this region."), field="name")


def _check_organisation(organisation: Organisation) -> None:
    if not _same_region(organisation.municipality, organisation.region):
        raise ValidationFailed(_("The seat must be a municipality of this region."), field="municipality")
    others = Organisation.objects.filter(region=organisation.region).exclude(pk=organisation.pk)
    if others.filter(name__iexact=organisation.name).exists():
        raise _organisation_conflict()


@transaction.atomic
def organisation_create(
    *,
    actor: Actor | None,
    region: Region,
    name: str,
    kind: str,
    short_name: str = "",
    municipality: Municipality | None = None,
    email: str = "",
    phone: str = "",
    website: str = "",
) -> Organisation:
    organisation = Organisation(
        region=region,
        name=name.strip(),
        short_name=short_name.strip(),
        kind=kind,
        municipality=municipality,
        email=email.strip(),
        phone=phone.strip(),
        website=website.strip(),
    )
    return _persist_new(
        actor=actor, instance=organisation, check=_check_organisation, conflict=_organisation_conflict()
    )


@transaction.atomic
def organisation_update(
    *,
    actor: Actor | None,
    organisation: Organisation,
    name: str,
    kind: str,
    short_name: str,
    municipality: Municipality | None,
    email: str,
    phone: str,
    website: str,
    is_active: bool,
) -> Organisation:
    return _persist_changes(
        actor=actor,
        instance=organisation,
        values={
            "name": name.strip(),
            "kind": kind,
            "short_name": short_name.strip(),
            "municipality": municipality,
            "email": email.strip(),
            "phone": phone.strip(),
            "website": website.strip(),
            "is_active": is_active,
        },
        check=_check_organisation,
        conflict=_organisation_conflict(),
    )


# Teams
#
# Not on _persist_new/_persist_changes: the covered municipalities (many-to-many) are
# part of every team write and of its audit entry, and an edit that only changes them
# must still be checked, saved and logged although no column of the team changed.


def _team_conflict() -> ValidationFailed:
    return ValidationFailed(_("A team with this name already exists in this region."), field="name")


def _check_team(team: Team, municipalities: Iterable[Municipality]) -> None:
    if not _same_region(team.organisation, team.region):
        raise ValidationFailed(_("The provider must be an organisation of this region."), field="organisation")
    if any(not _same_region(m, team.region) for m in municipalities):
        raise ValidationFailed(_("A team can only cover municipalities of this region."), field="municipalities")
    others = Team.objects.filter(region=team.region).exclude(pk=team.pk)
    if others.filter(name__iexact=team.name).exists():
        raise _team_conflict()


def _ids(objects: Iterable[models.Model]) -> list[str]:
    return sorted(str(obj.pk) for obj in objects)


@transaction.atomic
def team_create(
    *,
    actor: Actor | None,
    region: Region,
    name: str,
    organisation: Organisation,
    municipalities: Iterable[Municipality] = (),
) -> Team:
    municipalities = list(municipalities)
    team = Team(region=region, name=name.strip(), organisation=organisation)
    _full_clean(team)
    _check_team(team, municipalities)
    _save(team, conflict=_team_conflict())
    team.municipalities.set(municipalities)
    _record_create_with(actor=actor, instance=team, extra={"municipalities": _ids(municipalities)})
    return team


@transaction.atomic
def team_update(
    *,
    actor: Actor | None,
    team: Team,
    name: str,
    organisation: Organisation,
    municipalities: Iterable[Municipality],
    is_active: bool,
) -> Team:
    municipalities = list(municipalities)
    before = audit.snapshot(team)
    old_municipalities = _ids(team.municipalities.all())
    new_municipalities = _ids(municipalities)
    changed = _assign(team, {"name": name.strip(), "organisation": organisation, "is_active": is_active})
    _full_clean(team)
    _check_team(team, municipalities)
    if changed:
        _save(team, conflict=_team_conflict(), update_fields=[*changed, "updated_at"])
    extra = {}
    if old_municipalities != new_municipalities:
        team.municipalities.set(municipalities)
        extra["municipalities"] = [old_municipalities, new_municipalities]
    audit.record_update(actor=actor, instance=team, before=before, extra=extra)
    return team


# Catalogue entries


def _catalogue_conflict() -> ValidationFailed:
    return ValidationFailed(_("This key is already used in this catalogue."), field="code")


def _check_catalogue_key_free(entry: CatalogueEntry) -> None:
    if CatalogueEntry.objects.filter(region=entry.region, catalogue=entry.catalogue, code=entry.code).exists():
        raise _catalogue_conflict()


@transaction.atomic
def catalogue_entry_create(
    *,
    actor: Actor | None,
    region: Region,
    catalogue: str,
    code: str,
    label_de: str,
    label_en: str = "",
    sort_order: int = 0,
) -> CatalogueEntry:
    entry = CatalogueEntry(
        region=region,
        catalogue=catalogue,
        code=code.strip(),
        label_de=label_de.strip(),
        label_en=label_en.strip(),
        sort_order=sort_order,
    )
    return _persist_new(actor=actor, instance=entry, check=_check_catalogue_key_free, conflict=_catalogue_conflict())


@transaction.atomic
def catalogue_entry_update(
    *,
    actor: Actor | None,
    entry: CatalogueEntry,
    label_de: str,
    label_en: str,
    sort_order: int,
    is_active: bool,
) -> CatalogueEntry:
    """Labels, order and status change; the key stays, because other records may refer to it."""
    return _persist_changes(
        actor=actor,
        instance=entry,
        values={
            "label_de": label_de.strip(),
            "label_en": label_en.strip(),
            "sort_order": sort_order,
            "is_active": is_active,
        },
        check=None,
        conflict=_catalogue_conflict(),
    )


# Funded posts (Stellenanteile)

FUNCTIONS_BY_BUILDING_BLOCK: dict[int, frozenset[str]] = {
    FundedPost.BuildingBlock.COORDINATION: frozenset(
        {FundedPost.Function.COORDINATION, FundedPost.Function.ASSISTANCE}
    ),
    FundedPost.BuildingBlock.CASE_MANAGEMENT: frozenset({FundedPost.Function.CASE_MANAGEMENT}),
    FundedPost.BuildingBlock.AUTHORITIES: frozenset(
        {FundedPost.Function.RESIDENCE_AUTHORITY, FundedPost.Function.NATURALISATION_AUTHORITY}
    ),
}


def _funded_post_conflict() -> ValidationFailed:
    return ValidationFailed(
        _("This employer already has a funded post with this function in this building block and year.")
    )


def _normalise_amounts(post: FundedPost) -> None:
    """Two decimal places as stored, so that the audit log shows "3.50" and not "3.5"."""
    cent = Decimal("0.01")
    post.fte = Decimal(post.fte).quantize(cent)
    post.funding_amount = Decimal(post.funding_amount).quantize(cent)


def _check_funded_post(post: FundedPost) -> None:
    if not _same_region(post.employer, post.region):
        raise ValidationFailed(_("The employer must be an organisation of this region."), field="employer")
    if post.function not in FUNCTIONS_BY_BUILDING_BLOCK.get(post.building_block, frozenset()):
        raise ValidationFailed(_("This function does not belong to the selected building block."), field="function")
    duplicate = FundedPost.objects.filter(
        region=post.region,
        year=post.year,
        building_block=post.building_block,
        function=post.function,
        employer=post.employer,
    ).exclude(pk=post.pk)
    if duplicate.exists():
        raise _funded_post_conflict()


def _normalise_and_check_funded_post(post: FundedPost) -> None:
    """After field validation (which sees the amounts as entered): round to cents, then the rules."""
    _normalise_amounts(post)
    _check_funded_post(post)


@transaction.atomic
def funded_post_create(
    *,
    actor: Actor | None,
    region: Region,
    building_block: int,
    function: str,
    year: int,
    employer: Organisation,
    fte: Decimal,
    funding_amount: Decimal,
    note: str = "",
) -> FundedPost:
    post = FundedPost(
        region=region,
        building_block=building_block,
        function=function,
        year=year,
        employer=employer,
        fte=fte,
        funding_amount=funding_amount,
        note=note.strip(),
    )
    return _persist_new(
        actor=actor, instance=post, check=_normalise_and_check_funded_post, conflict=_funded_post_conflict()
    )


@transaction.atomic
def funded_post_update(
    *,
    actor: Actor | None,
    funded_post: FundedPost,
    building_block: int,
    function: str,
    year: int,
    employer: Organisation,
    fte: Decimal,
    funding_amount: Decimal,
    note: str,
) -> FundedPost:
    return _persist_changes(
        actor=actor,
        instance=funded_post,
        values={
            "building_block": building_block,
            "function": function,
            "year": year,
            "employer": employer,
            "fte": fte,
            "funding_amount": funding_amount,
            "note": note.strip(),
        },
        check=_normalise_and_check_funded_post,
        conflict=_funded_post_conflict(),
    )


@transaction.atomic
def funded_post_delete(*, actor: Actor | None, funded_post: FundedPost) -> None:
    audit.record_delete(actor=actor, instance=funded_post)
    funded_post.delete()


# Key dates


def _key_date_conflict() -> ValidationFailed:
    return ValidationFailed(_("A key date with this title already exists on this day."), field="title")


def _check_key_date(key_date: KeyDate) -> None:
    duplicate = KeyDate.objects.filter(
        region=key_date.region, date=key_date.date, title__iexact=key_date.title
    ).exclude(pk=key_date.pk)
    if duplicate.exists():
        raise _key_date_conflict()


@transaction.atomic
def key_date_create(
    *, actor: Actor | None, region: Region, date: dt.date, title: str, kind: str, note: str = ""
) -> KeyDate:
    return _persist_new(
        actor=actor,
        instance=KeyDate(region=region, date=date, title=title.strip(), kind=kind, note=note.strip()),
        check=_check_key_date,
        conflict=_key_date_conflict(),
    )


@transaction.atomic
def key_date_update(
    *, actor: Actor | None, key_date: KeyDate, date: dt.date, title: str, kind: str, note: str
) -> KeyDate:
    return _persist_changes(
        actor=actor,
        instance=key_date,
        values={"date": date, "title": title.strip(), "kind": kind, "note": note.strip()},
        check=_check_key_date,
        conflict=_key_date_conflict(),
    )


@transaction.atomic
def key_date_delete(*, actor: Actor | None, key_date: KeyDate) -> None:
    audit.record_delete(actor=actor, instance=key_date)
    key_date.delete()
