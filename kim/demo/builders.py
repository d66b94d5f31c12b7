"""Turn the demo specs into rows: idempotent, audited, one transaction per region.

Seeding is a system action: every entry in the audit log has no actor (``actor=None``,
shown as "system"). Regions are created through ``region_create`` (which seeds the
catalogues); everything else goes through the ORM here, because the rows are looked up
by their natural key and only written when missing or different. A second run therefore
writes nothing and reports nothing new.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils.translation import gettext as _

from kim.accounts.models import Membership, Role, User
from kim.accounts.roles import RoleCode
from kim.core import audit
from kim.core.errors import ApplicationError
from kim.core.models import (
    AuditEntry,
    CatalogueEntry,
    FundedPost,
    KeyDate,
    Municipality,
    Organisation,
    Region,
    Team,
)
from kim.core.services import region_create, region_seed_catalogues
from kim.demo import musterkreis, siegen_wittgenstein, state
from kim.demo.extensions import DEMO_MODULES
from kim.demo.specs import PersonSpec, RegionSpec

M = TypeVar("M", bound=models.Model)

DEMO_PASSWORD = "kim-demo"  # noqa: S105  (published demo credential, see README.md)

REGIONS: tuple[RegionSpec, ...] = (siegen_wittgenstein.REGION, musterkreis.REGION)
STATE_PEOPLE: tuple[PersonSpec, ...] = state.PEOPLE

# The demo logins in README order: the reference region, the second region, state level.
DEMO_LOGINS: tuple[str, ...] = tuple(
    person.username
    for people in (*(region.people for region in REGIONS), STATE_PEOPLE)
    for person in people
    if person.demo_login
)


class DemoDataError(ApplicationError):
    """The database is not ready for the demo data."""


@dataclass
class SeedReport:
    """What one run created or changed, per model."""

    created: Counter[type[models.Model]] = field(default_factory=Counter)
    updated: Counter[type[models.Model]] = field(default_factory=Counter)
    passwords_reset: int = 0
    regions: list[Region] = field(default_factory=list)

    def count_created(self, model: type[models.Model], number: int = 1) -> None:
        if number:
            self.created[model] += number

    def count_updated(self, model: type[models.Model], number: int = 1) -> None:
        if number:
            self.updated[model] += number

    @property
    def nothing_new(self) -> bool:
        return not self.created and not self.updated and not self.passwords_reset


def seed_demo(*, reset_passwords: bool = False) -> SeedReport:
    """Load every demo region and the state-level demo people; safe to run again."""
    report = SeedReport()
    roles = _roles()
    for spec in REGIONS:
        report.regions.append(region_seed(spec=spec, roles=roles, reset_passwords=reset_passwords, report=report))
    with transaction.atomic():
        for person in STATE_PEOPLE:
            _ensure_person(
                spec=person,
                region=None,
                organisations={},
                teams={},
                roles=roles,
                reset_passwords=reset_passwords,
                report=report,
            )
    for module_name in DEMO_MODULES:
        with transaction.atomic():
            importlib.import_module(module_name).seed(report=report)
    return report


@transaction.atomic
def region_seed(
    *,
    spec: RegionSpec,
    roles: Mapping[str, Role],
    reset_passwords: bool,
    report: SeedReport,
) -> Region:
    """Bring one region to the state its spec describes, in one transaction."""
    region = _ensure_region(spec=spec, report=report)
    municipalities = {
        item.name: _ensure(
            Municipality,
            lookup={"region": region, "name": item.name},
            values={"ags": item.ags},
            report=report,
        )
        for item in spec.municipalities
    }
    organisations = {
        item.key: _ensure(
            Organisation,
            lookup={"region": region, "name": item.name},
            values={
                "short_name": item.short_name,
                "kind": item.kind,
                "municipality": municipalities[item.seat] if item.seat else None,
                "email": item.email,
            },
            report=report,
        )
        for item in spec.organisations
    }
    teams: dict[str, Team] = {}
    for item in spec.teams:
        team = _ensure(
            Team,
            lookup={"region": region, "name": item.name},
            values={"organisation": organisations[item.organisation]},
            report=report,
        )
        _ensure_coverage(
            team=team, municipalities=[municipalities[name] for name in item.municipalities], report=report
        )
        teams[item.name] = team
    for post in spec.funded_posts:
        _ensure(
            FundedPost,
            lookup={
                "region": region,
                "year": spec.funded_posts_year,
                "building_block": post.building_block,
                "function": post.function,
                "employer": organisations[post.employer],
            },
            values={"fte": post.fte, "funding_amount": post.funding_amount, "note": post.note},
            report=report,
        )
    for key_date in spec.key_dates:
        _ensure(
            KeyDate,
            lookup={"region": region, "date": key_date.date, "title": key_date.title},
            values={"kind": key_date.kind, "note": key_date.note},
            report=report,
        )
    for person in spec.people:
        _ensure_person(
            spec=person,
            region=region,
            organisations=organisations,
            teams=teams,
            roles=roles,
            reset_passwords=reset_passwords,
            report=report,
        )
    return region


def _roles() -> dict[str, Role]:
    # accounts builds on core; the demo seed is the one place in core that knows every app.

    roles = {role.code: role for role in Role.objects.all()}
    if set(RoleCode.values) - set(roles):
        raise DemoDataError(_("The roles are missing. Run “manage.py migrate” first."))
    return roles


def _ensure_region(*, spec: RegionSpec, report: SeedReport) -> Region:
    region = Region.objects.filter(ags=spec.ags).first()
    if region is None:
        region = region_create(actor=None, name=spec.name, ags=spec.ags, slug=spec.slug, kind=spec.kind)
        report.count_created(Region)
        report.count_created(CatalogueEntry, CatalogueEntry.objects.filter(region=region).count())
        return region
    _apply(region, values={"name": spec.name, "slug": spec.slug, "kind": spec.kind}, report=report)
    report.count_created(CatalogueEntry, region_seed_catalogues(actor=None, region=region))
    return region


def _ensure(model: type[M], *, lookup: Mapping[str, Any], values: Mapping[str, Any], report: SeedReport) -> M:
    """Find the row by its natural key; create it, or bring ``values`` up to date. Audited."""
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        audit.record_create(actor=None, instance=instance)
        report.count_created(model)
        return instance
    _apply(instance, values=values, report=report)
    return instance


def _apply(instance: M, *, values: Mapping[str, Any], report: SeedReport) -> None:
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        return
    before = audit.snapshot(instance)
    for name in changed:
        setattr(instance, name, values[name])
    instance.full_clean()
    instance.save(update_fields=[*changed, "updated_at"] if hasattr(instance, "updated_at") else changed)
    audit.record_update(actor=None, instance=instance, before=before)
    report.count_updated(type(instance))


def _ensure_coverage(*, team: Team, municipalities: Iterable[Municipality], report: SeedReport) -> None:
    """The team covers exactly these municipalities (a many-to-many change, audited on the team)."""
    wanted = list(municipalities)
    before = sorted(str(pk) for pk in team.municipalities.values_list("pk", flat=True))
    after = sorted(str(municipality.pk) for municipality in wanted)
    if before == after:
        return
    team.municipalities.set(wanted)
    audit.record(
        actor=None,
        action=AuditEntry.Action.UPDATE,
        object_type=audit.object_type_of(team),
        object_id=team.pk,
        region=team.region,
        changes={"municipalities": [before, after]},
    )
    if before:
        report.count_updated(Team)


def _ensure_person(
    *,
    spec: PersonSpec,
    region: Region | None,
    organisations: Mapping[str, Organisation],
    teams: Mapping[str, Team],
    roles: Mapping[str, Role],
    reset_passwords: bool,
    report: SeedReport,
) -> User:

    user = _ensure_user(spec=spec, reset_passwords=reset_passwords, report=report)
    for role in spec.roles:
        _ensure(
            Membership,
            lookup={
                "user": user,
                "role": roles[role.role],
                "region": region,
                "team": teams[role.team] if role.team else None,
                "organisation": organisations[role.organisation] if role.organisation else None,
            },
            values={"function": role.function, "is_deputy": role.is_deputy, "valid_from": role.valid_from},
            report=report,
        )
    return user


def _ensure_user(*, spec: PersonSpec, reset_passwords: bool, report: SeedReport) -> User:

    values = {"first_name": spec.first_name, "last_name": spec.last_name, "email": spec.email}
    user = User.objects.filter(username=spec.username).first()
    if user is None:
        user = User(username=spec.username, **values)
        # Only the documented demo logins can sign in; further staff exist to fill posts and seats.
        if spec.demo_login:
            user.set_password(DEMO_PASSWORD)
        else:
            user.set_unusable_password()
        user.full_clean()
        user.save()
        audit.record_create(actor=None, instance=user)
        report.count_created(User)
        return user
    _apply(user, values=values, report=report)
    if reset_passwords and spec.demo_login:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        # The audit never holds password hashes: it notes that the password was set.
        audit.record(
            actor=None,
            action=AuditEntry.Action.UPDATE,
            object_type=audit.object_type_of(user),
            object_id=user.pk,
            changes={"password": ["***", "***"]},
        )
        report.passwords_reset += 1
    return user
