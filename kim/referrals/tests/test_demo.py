"""The demo referrals: loaded after seed_demo and the case and directory demos, idempotent."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

import kim.demo.cases as demo_cases
import kim.demo.directory as demo_directory
import kim.demo.referrals as demo_referrals
from kim.accounts.models import User
from kim.demo.builders import SeedReport
from kim.referrals.models import Referral, ReferralStatus


def _seed_all() -> SeedReport:
    call_command("seed_demo", stdout=None)
    report = SeedReport()
    demo_directory.seed(report=report)
    demo_cases.seed(report=report)
    demo_referrals.seed(report=report)
    return report


@pytest.mark.django_db
def test_demo_referrals_reach_the_partner_in_every_state_and_load_twice_without_duplicates(settings: Any) -> None:
    settings.DEBUG = True
    settings.KIM_MFA_REQUIRED = False
    _seed_all()
    count = Referral.objects.count()
    assert count >= 4
    partner = User.objects.get(username="partner")
    organisation = partner.memberships.get().organisation
    mine = Referral.objects.filter(organisation=organisation)
    assert {ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED, ReferralStatus.DECLINED} <= set(
        mine.values_list("status", flat=True)
    )
    assert all(referral.release_id is not None for referral in mine)
    completed = mine.get(status=ReferralStatus.COMPLETED)
    assert completed.days_to_completion == 90

    second = SeedReport()
    demo_referrals.seed(report=second)
    assert Referral.objects.count() == count
    assert Referral not in second.created

    from django.test import Client

    client = Client()
    client.force_login(partner)
    inbox = client.get(reverse("referrals:inbox"))
    assert inbox.status_code == 200
    assert inbox.content.decode().count('href="/vermittlungen/') >= 4
