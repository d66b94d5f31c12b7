"""Roles and what each may do: the single source behind docs/permissions.md.

Roles are rows (``Role``) that memberships point to; what a role may do is this
table, checked through django-rules predicates in ``permissions.py``. A test keeps
docs/permissions.md and this table in step.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleCode(models.TextChoices):
    CASE_MANAGER = "case_manager", _("Case manager")
    TEAM_LEAD = "team_lead", _("Team lead")
    COORDINATOR = "coordinator", _("Coordination")
    ASSISTANT = "assistant", _("Administrative assistant")
    AUTHORITY_STAFF = "authority_staff", _("Residence/naturalisation authority")
    STEERING_MEMBER = "steering_member", _("Steering group member")
    PROJECT_MEMBER = "project_member", _("Project group member")
    PARTNER_STAFF = "partner_staff", _("Network partner")
    DATA_PROTECTION_OFFICER = "dpo", _("Data protection officer")
    REGION_ADMIN = "region_admin", _("Region administrator")
    STATE_ANALYST = "state_analyst", _("State analyst")


class Capability(models.TextChoices):
    """What a person may do. Each maps to a django-rules permission ``kim.<value>``."""

    MANAGE_REGION = (
        "manage_region",
        _("Manage the region: municipalities, organisations, teams, users, catalogues, posts"),
    )
    VIEW_AUDIT = "view_audit", _("Search and export the audit log")
    WORK_CASES = "work_cases", _("Work on the own team's cases")
    VIEW_CASELOAD_FIGURES = "view_caseload_figures", _("See caseload figures (no case content)")
    COORDINATE_THEMES = "coordinate_themes", _("Coordinate barrier reports and themes")
    MANAGE_COMMITTEES = "manage_committees", _("Prepare committees and meetings")
    VIEW_COMMITTEES = "view_committees", _("See own committees, meetings and papers")
    RECEIVE_REFERRALS = "receive_referrals", _("Handle referrals to the own organisation")
    WORK_RESIDENCE = "work_residence", _("Residence and naturalisation pre-checks")
    VIEW_DIRECTORY = "view_directory", _("Search the offer directory")
    MANAGE_DIRECTORY = "manage_directory", _("Maintain the offer directory")
    VIEW_STATE_AGGREGATES = "view_state_aggregates", _("Statewide figures (aggregates only)")


R = RoleCode
C = Capability

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    R.CASE_MANAGER: frozenset({C.WORK_CASES, C.VIEW_DIRECTORY}),
    R.TEAM_LEAD: frozenset({C.VIEW_CASELOAD_FIGURES, C.VIEW_DIRECTORY}),
    R.COORDINATOR: frozenset(
        {
            C.VIEW_CASELOAD_FIGURES,
            C.COORDINATE_THEMES,
            C.MANAGE_COMMITTEES,
            C.VIEW_COMMITTEES,
            C.VIEW_DIRECTORY,
            C.MANAGE_DIRECTORY,
        }
    ),
    R.ASSISTANT: frozenset({C.MANAGE_COMMITTEES, C.VIEW_COMMITTEES, C.VIEW_DIRECTORY, C.MANAGE_DIRECTORY}),
    R.AUTHORITY_STAFF: frozenset({C.WORK_RESIDENCE, C.VIEW_DIRECTORY}),
    R.STEERING_MEMBER: frozenset({C.VIEW_COMMITTEES}),
    R.PROJECT_MEMBER: frozenset({C.VIEW_COMMITTEES}),
    R.PARTNER_STAFF: frozenset({C.RECEIVE_REFERRALS, C.VIEW_DIRECTORY}),
    R.DATA_PROTECTION_OFFICER: frozenset({C.VIEW_AUDIT}),
    R.REGION_ADMIN: frozenset({C.MANAGE_REGION}),
    R.STATE_ANALYST: frozenset({C.VIEW_STATE_AGGREGATES}),
}

# Roles whose holders can see personal data (of clients or of staff): MFA is enforced
# for them when KIM_MFA_REQUIRED is on.
ROLES_SEEING_PERSONAL_DATA: frozenset[str] = frozenset(
    {
        R.CASE_MANAGER,
        R.TEAM_LEAD,
        R.COORDINATOR,
        R.ASSISTANT,
        R.AUTHORITY_STAFF,
        R.PARTNER_STAFF,
        R.DATA_PROTECTION_OFFICER,
        R.REGION_ADMIN,
    }
)

# Roles that act across regions and hold no region membership.
STATE_LEVEL_ROLES: frozenset[str] = frozenset({R.STATE_ANALYST})

# Roles whose membership names a team / an organisation.
TEAM_ROLES: frozenset[str] = frozenset({R.CASE_MANAGER, R.TEAM_LEAD})
ORGANISATION_ROLES: frozenset[str] = frozenset({R.PARTNER_STAFF, R.AUTHORITY_STAFF})


def capabilities_of(role_codes: set[str] | frozenset[str]) -> frozenset[str]:
    caps: set[str] = set()
    for code in role_codes:
        caps |= ROLE_CAPABILITIES.get(code, frozenset())
    return frozenset(caps)
