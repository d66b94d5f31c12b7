"""Art. 15 GDPR: the client's releases and referrals — including who received which data.

Found by name by kim/cases/export.py (``export_sections`` and ``record_ids``).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from kim.cases.export import ExportSection, export_record, export_section
from kim.cases.models import Case, Client
from kim.referrals.models import Referral, Release


def _releases(*, client: Client, cases: Sequence[Case]) -> list[Release]:
    return list(
        Release.objects.filter(client=client, case__in=cases)
        .select_related("recipient", "case", "client", "recorded_by", "withdrawn_by")
        .order_by("given_on")
    )


def _referrals(*, cases: Sequence[Case]) -> list[Referral]:
    return list(
        Referral.objects.filter(case__in=cases)
        .select_related("offer", "organisation", "case", "need", "goal", "sender", "release", "override_by")
        .order_by("created_at")
    )


def export_sections(*, client: Client, cases: Sequence[Case]) -> list[ExportSection]:
    releases = [
        export_record(release, _("Release for %(recipient)s") % {"recipient": release.recipient})
        for release in _releases(client=client, cases=cases)
    ]
    # The frozen snapshot is exactly what the recipient received (Art. 15(1)(c)).
    referrals = [
        export_record(referral, _("Referral to %(organisation)s") % {"organisation": referral.organisation})
        for referral in _referrals(cases=cases)
    ]
    return [export_section("releases", Release, releases), export_section("referrals", Referral, referrals)]


def record_ids(*, client: Client, cases: Sequence[Case]) -> dict[str, set[str]]:
    return {
        "referrals.release": {str(release.pk) for release in _releases(client=client, cases=cases)},
        "referrals.referral": {str(referral.pk) for referral in _referrals(cases=cases)},
    }
