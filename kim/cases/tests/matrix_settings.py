"""Objects of region A for the case-management settings rows of the permission matrix
(consent texts and target-group rules, maintained by the region administrator).

Loaded by tests/permission_matrix.py (every kim/<app>/tests/matrix*.py).
"""

from __future__ import annotations

import datetime as dt

from conftest import World
from kim.cases.models import ConsentPurpose, ConsentText, TargetGroupRule
from kim.cases.services import cases_region_defaults_ensure
from tests.permission_matrix import register_objects

INVENTED_TEXT = "Ich bin einverstanden, dass meine Angaben für das Case Management verarbeitet werden. (Testtext)"


def unused_consent_text(world: World) -> ConsentText:
    """A version nobody has agreed to (so that correcting and deleting it is possible)."""
    consent_text, _ = ConsentText.objects.get_or_create(
        region=world.region,
        purpose=ConsentPurpose.ELECTRONIC_CONTACT,
        language="uk",
        version=1,
        defaults={"text": INVENTED_TEXT, "valid_from": dt.date(2024, 1, 1)},
    )
    return consent_text


def rule(world: World) -> TargetGroupRule:
    cases_region_defaults_ensure(actor=None, region=world.region)
    return TargetGroupRule.objects.get(region=world.region, code="arrived_36_months")


for _name in (
    "cases:settings_consent_text_detail",
    "cases:settings_consent_text_new_version",
    "cases:settings_consent_text_update",
    "cases:settings_consent_text_delete",
):
    register_objects(_name)(lambda w: {"pk": unused_consent_text(w).pk})
for _name in (
    "cases:settings_rule_update",
    "cases:settings_rule_activate",
    "cases:settings_rule_deactivate",
    "cases:settings_rule_move",
):
    register_objects(_name)(lambda w: {"pk": rule(w).pk})
