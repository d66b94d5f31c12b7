"""Writes on people and access, as region admins make them.

Every function: keyword-only, explicit actor and region, one transaction, audited
(old → new). A region admin acts only on people who belong to their region and
only on memberships in it; state-level roles are granted by the system
administration. Accounts are never deleted, only switched off.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import uuid
from collections.abc import Mapping
from functools import partial
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kim.accounts.models import Membership, Role, User
from kim.accounts.roles import ORGANISATION_ROLES, STATE_LEVEL_ROLES, TEAM_ROLES, RoleCode
from kim.core import audit
from kim.core.audit import Actor
from kim.core.errors import PermissionDeniedError, ValidationFailed
from kim.core.models import AuditEntry, Organisation, Region, Team

logger = logging.getLogger(__name__)

USER_FIELDS = ("username", "first_name", "last_name", "email", "is_active")


def _record_user(*, actor: Actor | None, action: str, user: User, region: Region, changes: Mapping[str, Any]) -> None:
    """Audit entry for an account, filed under the region whose admin acted (accounts have no region)."""
    audit.record(
        actor=actor,
        action=action,
        object_type=audit.object_type_of(user),
        object_id=user.pk,
        region=region,
        changes=changes,
    )


def _ensure_person_of_region(*, user: User, region: Region) -> None:
    if not Membership.objects.filter(user=user, region=region).exists():
        raise PermissionDeniedError(_("This person does not belong to your region."))


def _ensure_not_system_admin(user: User) -> None:
    if user.is_superuser:
        raise PermissionDeniedError(
            _("Accounts of system administrators can only be changed by the system administration.")
        )


def _check_email_free(email: str, *, exclude: User | None = None) -> None:
    if not email:
        return
    others = User.objects.filter(email__iexact=email)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if others.exists():
        raise ValidationFailed(_("Another account already uses this e-mail address."), field="email")


def _full_clean_user(user: User) -> None:
    try:
        user.full_clean(exclude=["password"], validate_unique=False, validate_constraints=False)
    except DjangoValidationError as exc:
        field, errors = next(iter(exc.message_dict.items()))
        raise ValidationFailed(errors[0], field=None if field == NON_FIELD_ERRORS else field) from exc


# Accounts


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    region: Region,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    role: Role,
    team: Team | None = None,
    organisation: Organisation | None = None,
    function: str = "",
    is_deputy: bool = False,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    invitation_base_url: str,
) -> User:
    """Create an account without a usable password, its first role in ``region``, and invite the person.

    The invitation (a password-set link) is sent after the commit, so that nobody
    gets mail for an account that was rolled back.
    """
    username = username.strip()
    email = email.strip()
    if not email:
        raise ValidationFailed(_("An e-mail address is needed for the invitation."), field="email")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationFailed(_("This login name is already taken. Please choose another one."), field="username")
    _check_email_free(email)
    user = User(username=username, first_name=first_name.strip(), last_name=last_name.strip(), email=email)
    user.set_unusable_password()
    _full_clean_user(user)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ValidationFailed(
            _("This login name is already taken. Please choose another one."), field="username"
        ) from exc
    created = audit.snapshot(user, USER_FIELDS)
    _record_user(
        actor=actor,
        action=AuditEntry.Action.CREATE,
        user=user,
        region=region,
        changes={key: [None, value] for key, value in created.items() if value not in (None, "")},
    )
    membership_create(
        actor=actor,
        region=region,
        user=user,
        role=role,
        team=team,
        organisation=organisation,
        function=function,
        is_deputy=is_deputy,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    transaction.on_commit(partial(send_invitation, user_id=user.pk, region_id=region.pk, base_url=invitation_base_url))
    return user


@transaction.atomic
def user_invitation_resend(*, actor: Actor, region: Region, user: User, base_url: str) -> None:
    """Send a new password-set link to someone who has not set a password yet."""
    _ensure_person_of_region(user=user, region=region)
    if not user.is_active:
        raise ValidationFailed(_("The account is deactivated. Reactivate it before sending an invitation."))
    if not user.email:
        raise ValidationFailed(_("The account has no e-mail address. Please add one first."))
    if user.has_usable_password():
        raise ValidationFailed(
            _("This person has already set a password. They can reset it themselves on the sign-in page.")
        )
    _record_user(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        user=user,
        region=region,
        changes={"invitation": [None, "sent"]},
    )
    transaction.on_commit(partial(send_invitation, user_id=user.pk, region_id=region.pk, base_url=base_url))


def send_invitation(*, user_id: uuid.UUID, region_id: uuid.UUID, base_url: str) -> bool:
    """Mail the password-set link (allauth's password-reset token), in German; True if sent.

    Runs after the commit. A mail server failure is logged without personal data and
    does not undo the account: the admin can send the invitation again.
    """
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    user = User.objects.get(pk=user_id)
    region = Region.objects.get(pk=region_id)
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    context = {
        "user": user,
        "region": region,
        "link": urljoin(base_url, path),
        "login_url": urljoin(base_url, reverse("account_login")),
        "expires": timezone.localtime() + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string("email/invitation_subject.txt", context).split())
        body = render_to_string("email/invitation_body.txt", context)
    try:
        send_mail(subject, body, None, [user.email])
    except (smtplib.SMTPException, OSError):
        logger.exception("Invitation e-mail for user %s could not be sent", user.pk)
        return False
    return True


@transaction.atomic
def user_update(*, actor: Actor, region: Region, user: User, first_name: str, last_name: str, email: str) -> User:
    _ensure_person_of_region(user=user, region=region)
    _ensure_not_system_admin(user)
    email = email.strip()
    if not email:
        raise ValidationFailed(_("Please enter an e-mail address."), field="email")
    _check_email_free(email, exclude=user)
    before = audit.snapshot(user, USER_FIELDS)
    changed = []
    for name, value in (("first_name", first_name.strip()), ("last_name", last_name.strip()), ("email", email)):
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed.append(name)
    if not changed:
        return user
    _full_clean_user(user)
    user.save(update_fields=changed)
    _record_user(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        user=user,
        region=region,
        changes=audit.diff(before, audit.snapshot(user, USER_FIELDS)),
    )
    return user


def _set_active(*, actor: Actor, region: Region, user: User, active: bool) -> User:
    _ensure_person_of_region(user=user, region=region)
    _ensure_not_system_admin(user)
    if user.is_active == active:
        raise ValidationFailed(
            _("The account is already active.") if active else _("The account is already deactivated.")
        )
    user.is_active = active
    user.save(update_fields=["is_active"])
    _record_user(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        user=user,
        region=region,
        changes={"is_active": [not active, active]},
    )
    return user


@transaction.atomic
def user_deactivate(*, actor: Actor, region: Region, user: User) -> User:
    """Switch the account off: no sign-in, open sessions end on their next request. Nothing is deleted."""
    if user.pk == actor.pk:
        raise ValidationFailed(_("You cannot deactivate your own account."))
    outside = Membership.objects.current().filter(user=user).exclude(region=region)
    if outside.exists():
        raise ValidationFailed(
            _(
                "This person also holds roles outside this region, so the account stays active. "
                "End their roles in this region instead."
            )
        )
    return _set_active(actor=actor, region=region, user=user, active=False)


@transaction.atomic
def user_reactivate(*, actor: Actor, region: Region, user: User) -> User:
    return _set_active(actor=actor, region=region, user=user, active=True)


# Memberships (roles in the region)


def _check_membership(membership: Membership, region: Region) -> None:
    code = membership.role.code
    if code in STATE_LEVEL_ROLES:
        raise PermissionDeniedError(
            _("State-level roles can only be granted by the system administration."), field="role"
        )
    if membership.team is not None and membership.team.region_id != region.pk:
        raise ValidationFailed(_("The team must belong to this region."), field="team")
    if membership.organisation is not None and membership.organisation.region_id != region.pk:
        raise ValidationFailed(_("The organisation must belong to this region."), field="organisation")
    if code in TEAM_ROLES:
        if membership.team is None:
            raise ValidationFailed(_("Case managers and team leads need a team."), field="team")
        if membership.organisation is not None:
            raise ValidationFailed(
                _("For case managers and team leads the organisation follows from the team. Please leave it empty."),
                field="organisation",
            )
    else:
        if membership.team is not None:
            raise ValidationFailed(_("Only case managers and team leads belong to a team."), field="team")
        if membership.is_deputy:
            raise ValidationFailed(_("Only members of a team can be named deputy."), field="is_deputy")
    if code in ORGANISATION_ROLES and membership.organisation is None:
        raise ValidationFailed(_("Network partners and authority staff need an organisation."), field="organisation")
    if membership.valid_until is not None and membership.valid_until < membership.valid_from:
        raise ValidationFailed(_("The end date must not be before the start date."), field="valid_until")


@transaction.atomic
def membership_create(
    *,
    actor: Actor,
    region: Region,
    user: User,
    role: Role,
    team: Team | None = None,
    organisation: Organisation | None = None,
    function: str = "",
    is_deputy: bool = False,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
) -> Membership:
    """Give ``user`` a role in ``region``; a person of another region cannot be added to this one."""
    if user.memberships.exists() and not user.memberships.filter(region=region).exists():
        raise PermissionDeniedError(_("This person does not belong to your region."))
    membership = Membership(
        user=user,
        role=role,
        region=region,
        team=team,
        organisation=organisation,
        function=function.strip(),
        is_deputy=is_deputy,
        valid_from=valid_from or timezone.localdate(),
        valid_until=valid_until,
    )
    _check_membership(membership, region)
    overlapping = Membership.objects.filter(
        user=user, role=role, region=region, team=team, organisation=organisation
    ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=membership.valid_from))
    if membership.valid_until is not None:
        overlapping = overlapping.filter(valid_from__lte=membership.valid_until)
    if overlapping.exists():
        raise ValidationFailed(
            _("This person already holds this role for the same team or organisation in this period.")
        )
    membership.save()
    audit.record_create(actor=actor, instance=membership)
    return membership


def _other_current_admins(*, region: Region, membership: Membership, on: dt.date) -> bool:
    return (
        Membership.objects.current(on)
        .filter(region=region, role__code=RoleCode.REGION_ADMIN, user__is_active=True)
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def membership_end(*, actor: Actor, region: Region, membership: Membership, valid_until: dt.date) -> Membership:
    """End a role on ``valid_until`` (the last day it counts). The row stays, for the record."""
    if membership.region_id != region.pk:
        raise PermissionDeniedError(_("This role does not belong to your region."))
    today = timezone.localdate()
    if membership.valid_until is not None and membership.valid_until < today:
        raise ValidationFailed(_("This role has already ended."))
    if valid_until < membership.valid_from:
        raise ValidationFailed(
            _("The end date must not be before the start date (%(date)s).")
            % {"date": membership.valid_from.strftime("%d.%m.%Y")},
            field="valid_until",
        )
    if membership.role.code == RoleCode.REGION_ADMIN and not _other_current_admins(
        region=region, membership=membership, on=max(valid_until, today) + dt.timedelta(days=1)
    ):
        raise ValidationFailed(
            _("The region needs at least one administrator. Give the role to someone else first."),
            field="valid_until",
        )
    before = audit.snapshot(membership)
    membership.valid_until = valid_until
    membership.save(update_fields=["valid_until", "updated_at"])
    audit.record_update(actor=actor, instance=membership, before=before)
    return membership
