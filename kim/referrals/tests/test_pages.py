"""The referral pages: sending from a case, the partner's inbox, status changes, scoping."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from kim.accounts.models import Membership, Role
from kim.accounts.tests.factories import MembershipFactory, UserFactory
from kim.core.models import AuditEntry, Organisation
from kim.core.tests.factories import OrganisationFactory
from kim.notifications.models import Notification
from kim.referrals.models import Referral, ReferralStatus, Release
from kim.referrals.tests.builders import (
    BIRTH_DATE,
    make_case,
    make_need,
    make_offer,
    make_referral,
    make_release,
)


def _other_partner(world: World) -> Client:
    org = OrganisationFactory.create(region=world.region, name="Jugendmigrationsdienst Beispiel", kind="partner")
    user = UserFactory.create(username="partner.andere")
    MembershipFactory.create(
        user=user, role=Role.objects.get(code="partner_staff"), region=world.region, organisation=org
    )
    client = Client()
    client.force_login(user)
    return client


def test_case_manager_finds_an_offer_and_sends_a_checked_referral_the_partner_completes_it(world: World) -> None:
    case = make_case(world)
    need = make_need(world, case)
    offer = make_offer(world)
    make_release(world, case)
    manager = world.client_for("fallmanagement1")
    send_url = reverse("referrals:send", args=[case.pk])

    found = manager.get(send_url, {"q": "Integrationskurs"})
    assert found.status_code == 200
    assert offer.name in found.content.decode()

    chosen = manager.get(send_url, {"q": "Integrationskurs", "offer": str(offer.pk), "need": str(need.pk)})
    assert chosen.status_code == 200
    assert 'name="share"' in chosen.content.decode()

    form = {"offer": str(offer.pk), "need": str(need.pk), "share": ["name", "phone", "need"], "message": ""}
    checked = manager.post(f"{send_url}?offer={offer.pk}", {**form, "check": "1"})
    assert checked.status_code == 200
    assert "kern-alert--success" in checked.content.decode()
    assert not Referral.objects.exists()

    sent = manager.post(f"{send_url}?offer={offer.pk}", {**form, "send": "1"})
    referral = Referral.objects.get()
    assert sent.status_code == 302
    assert sent["Location"] == reverse("referrals:sent_detail", args=[referral.pk])

    partner = world.client_for("partner")
    inbox = partner.get(reverse("referrals:inbox"))
    assert offer.name in inbox.content.decode()
    assert partner.post(reverse("referrals:accept", args=[referral.pk])).status_code == 302
    finished = partner.post(
        reverse("referrals:finish", args=[referral.pk]),
        {"result": "completed", "outcome": "taken_up", "feedback": "Kurs begonnen, regelmäßige Teilnahme."},
    )
    assert finished.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.COMPLETED
    assert referral.feedback == "Kurs begonnen, regelmäßige Teilnahme."
    assert Notification.objects.filter(recipient=world.users["fallmanagement1"]).count() == 2

    detail = manager.get(reverse("referrals:sent_detail", args=[referral.pk]))
    assert "Kurs begonnen" in detail.content.decode()


def test_send_without_release_shows_the_gate_and_sends_nothing(world: World) -> None:
    case = make_case(world)
    need = make_need(world, case)
    offer = make_offer(world)
    response = world.client_for("fallmanagement1").post(
        reverse("referrals:send", args=[case.pk]) + f"?offer={offer.pk}",
        {"offer": str(offer.pk), "need": str(need.pk), "share": ["name"], "send": "1"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert world.partner_org.name in body
    assert "error-summary" in body
    assert not Referral.objects.exists()


def test_send_with_no_fields_gives_a_form_error(world: World) -> None:
    case = make_case(world)
    need = make_need(world, case)
    offer = make_offer(world)
    make_release(world, case)
    response = world.client_for("fallmanagement1").post(
        reverse("referrals:send", args=[case.pk]) + f"?offer={offer.pk}",
        {"offer": str(offer.pk), "need": str(need.pk), "send": "1"},
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not Referral.objects.exists()


def test_send_page_ignores_malformed_offer_and_need_ids(world: World) -> None:
    case = make_case(world)
    response = world.client_for("fallmanagement1").get(
        reverse("referrals:send", args=[case.pk]), {"offer": "kein-uuid", "need": "x"}
    )
    assert response.status_code == 200
    assert 'name="share"' not in response.content.decode()


def test_partner_sees_only_the_shared_fields(world: World) -> None:
    referral = make_referral(world)
    page = world.client_for("partner").get(reverse("referrals:partner_detail", args=[referral.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "0271 555-0101" in body
    assert "Bitte um Rückruf" in body
    assert BIRTH_DATE.strftime("%d.%m.%Y") not in body
    assert "1987" not in body
    assert "Aufenthaltserlaubnis" not in body
    assert referral.case.number not in body
    assert AuditEntry.objects.filter(action=AuditEntry.Action.READ, object_id=str(referral.pk)).exists()


def test_partner_sees_the_snapshot_not_the_live_case(world: World) -> None:
    referral = make_referral(world)
    client_record = referral.case.client
    client_record.phone = "0171 999-9999"
    client_record.save()
    body = world.client_for("partner").get(reverse("referrals:partner_detail", args=[referral.pk])).content.decode()
    assert "0271 555-0101" in body
    assert "0171 999-9999" not in body


def test_partner_of_another_organisation_gets_404(world: World) -> None:
    referral = make_referral(world)
    other = _other_partner(world)
    assert other.get(reverse("referrals:partner_detail", args=[referral.pk])).status_code == 404
    assert other.post(reverse("referrals:accept", args=[referral.pk])).status_code == 404
    assert referral.offer.name not in other.get(reverse("referrals:inbox")).content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_case_manager_of_another_team_gets_404(world: World) -> None:
    referral = make_referral(world)
    other = world.client_for("fallmanagement3")
    assert other.get(reverse("referrals:sent_detail", args=[referral.pk])).status_code == 404
    assert other.get(reverse("referrals:case_referrals", args=[referral.case.pk])).status_code == 404
    assert other.get(reverse("referrals:send", args=[referral.case.pk])).status_code == 404


def test_revoked_referral_no_longer_shows_the_shared_data_to_the_partner(world: World) -> None:
    referral = make_referral(world)
    response = world.client_for("fallmanagement2").post(
        reverse("referrals:revoke", args=[referral.pk]), {"reason": "Die Person ist verzogen."}
    )
    assert response.status_code == 302
    body = world.client_for("partner").get(reverse("referrals:partner_detail", args=[referral.pk])).content.decode()
    assert "0271 555-0101" not in body
    assert "Die Person ist verzogen." in body


def test_decline_without_reason_shows_an_error_and_changes_nothing(world: World) -> None:
    referral = make_referral(world)
    response = world.client_for("partner").post(reverse("referrals:decline", args=[referral.pk]), {"reason": ""})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_illegal_transition_from_the_page_is_a_message_not_an_error_page(world: World) -> None:
    referral = make_referral(world)
    partner = world.client_for("partner")
    partner.post(reverse("referrals:decline", args=[referral.pk]), {"reason": "Kurs ist voll."})
    response = partner.post(reverse("referrals:accept", args=[referral.pk]), follow=True)
    assert response.status_code == 200
    assert "kern-alert--danger" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED


def test_inbox_filters_by_status(world: World) -> None:
    referral = make_referral(world)
    partner = world.client_for("partner")
    assert referral.offer.name in partner.get(reverse("referrals:inbox"), {"status": "sent"}).content.decode()
    assert referral.offer.name not in partner.get(reverse("referrals:inbox"), {"status": "completed"}).content.decode()


def test_release_can_be_recorded_and_withdrawn_from_the_case_page(world: World) -> None:
    case = make_case(world)
    manager = world.client_for("fallmanagement1")
    response = manager.post(
        reverse("referrals:release_create", args=[case.pk]),
        {
            "recipient": str(world.partner_org.pk),
            "purpose": "Anmeldung zum Integrationskurs",
            "data_categories": ["identity", "education_work"],
            "given_on": case.opened_on.isoformat(),
            "language": "ar",
            "interpreter_used": "on",
            "interpreter_name": "Dolmetscherdienst",
        },
    )
    assert response.status_code == 302
    release = Release.objects.filter(case=case).get()
    assert release.data_categories == ["identity", "education_work"]
    page = manager.get(reverse("referrals:case_referrals", args=[case.pk]))
    assert world.partner_org.name in page.content.decode()
    withdrawn = manager.post(
        reverse("referrals:release_withdraw", args=[case.pk, release.pk]), {"withdrawn_on": case.opened_on.isoformat()}
    )
    assert withdrawn.status_code == 302
    release.refresh_from_db()
    assert release.withdrawn_on == case.opened_on


def test_release_in_the_future_is_refused(world: World) -> None:
    case = make_case(world)
    response = world.client_for("fallmanagement1").post(
        reverse("referrals:release_create", args=[case.pk]),
        {
            "recipient": str(world.partner_org.pk),
            "purpose": "Anmeldung",
            "data_categories": ["identity"],
            "given_on": "2999-01-01",
            "language": "de",
        },
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not Release.objects.filter(case=case).exists()


def test_release_for_an_organisation_of_another_region_is_refused(world: World) -> None:
    case = make_case(world)
    foreign = OrganisationFactory.create(
        region=world.other_region, name="Fremder Träger", kind=Organisation.Kind.PARTNER
    )
    response = world.client_for("fallmanagement1").post(
        reverse("referrals:release_create", args=[case.pk]),
        {
            "recipient": str(foreign.pk),
            "purpose": "Anmeldung",
            "data_categories": ["identity"],
            "given_on": case.opened_on.isoformat(),
            "language": "de",
        },
    )
    assert response.status_code == 200
    assert not Release.objects.filter(case=case).exists()


@pytest.mark.parametrize("persona", ["koordination", "teamleitung", "lenkung", "admin"])
def test_people_without_case_work_or_partner_role_are_refused(world: World, persona: str) -> None:
    referral = make_referral(world)
    client = world.client_for(persona)
    assert client.get(reverse("referrals:inbox")).status_code == 403
    assert client.get(reverse("referrals:sent_list")).status_code == 403
    # As on the case pages: whoever does not work on the case learns nothing of it.
    assert client.get(reverse("referrals:sent_detail", args=[referral.pk])).status_code == 404
    assert client.get(reverse("referrals:case_referrals", args=[referral.case.pk])).status_code == 404


def test_case_manager_sees_the_team_referrals_but_partner_staff_cannot(world: World) -> None:
    referral = make_referral(world)
    colleague = world.client_for("fallmanagement2")
    assert referral.offer.name in colleague.get(reverse("referrals:sent_list")).content.decode()
    assert world.client_for("partner").get(reverse("referrals:sent_list")).status_code == 403


def test_ended_partner_membership_loses_access(world: World) -> None:
    referral = make_referral(world)
    Membership.objects.filter(user=world.users["partner"]).update(valid_until="2020-01-01", valid_from="2019-01-01")
    assert world.client_for("partner").get(reverse("referrals:partner_detail", args=[referral.pk])).status_code in (
        403,
        404,
    )


def test_case_referrals_include_renders_through_the_template_tag(world: World) -> None:
    from django.template import Context, Template

    referral = make_referral(world)
    html = Template("{% load referral_tags %}{% case_referrals case %}").render(Context({"case": referral.case}))
    assert referral.offer.name in html
    assert reverse("referrals:send", args=[referral.case.pk]) in html


def test_inbox_and_sent_list_need_no_more_queries_for_more_referrals(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_referral(world)
    partner = world.client_for("partner")
    manager = world.client_for("fallmanagement1")
    with CaptureQueriesContext(connection) as one_inbox:
        partner.get(reverse("referrals:inbox"))
    with CaptureQueriesContext(connection) as one_sent:
        manager.get(reverse("referrals:sent_list"))
    for number in ("2026-0002", "2026-0003", "2026-0004"):
        make_referral(world, number=number)
    with CaptureQueriesContext(connection) as many_inbox:
        partner.get(reverse("referrals:inbox"))
    with CaptureQueriesContext(connection) as many_sent:
        manager.get(reverse("referrals:sent_list"))
    assert len(many_inbox) == len(one_inbox)
    assert len(many_sent) == len(one_sent)


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_referral_page_renders_in_each_language(world: World, language: str) -> None:
    referral = make_referral(world)
    case = referral.case
    assert referral.release is not None
    manager = world.client_for("fallmanagement1")
    partner = world.client_for("partner")
    pages = [
        (manager, reverse("referrals:sent_list")),
        (manager, reverse("referrals:sent_detail", args=[referral.pk])),
        (manager, reverse("referrals:revoke", args=[referral.pk])),
        (manager, reverse("referrals:case_referrals", args=[case.pk])),
        (manager, reverse("referrals:send", args=[case.pk]) + f"?q=kurs&offer={referral.offer_id}"),
        (manager, reverse("referrals:release_create", args=[case.pk])),
        (manager, reverse("referrals:release_withdraw", args=[case.pk, referral.release.pk])),
        (partner, reverse("referrals:inbox")),
        (partner, reverse("referrals:partner_detail", args=[referral.pk])),
        (partner, reverse("referrals:decline", args=[referral.pk])),
        (partner, reverse("referrals:finish", args=[referral.pk])),
    ]
    for client, url in pages:
        response = client.get(url, headers={"accept-language": language})
        assert response.status_code == 200, url
        body = response.content.decode()
        assert f'lang="{language}"' in body
        assert body.count("<h1") == 1, url


def test_override_field_only_for_the_team_lead_who_sends_with_a_logged_reason(world: World) -> None:
    case = make_case(world)
    need = make_need(world, case)
    offer = make_offer(world)
    url = reverse("referrals:send", args=[case.pk]) + f"?offer={offer.pk}"
    assert 'name="override_reason"' not in world.client_for("fallmanagement1").get(url).content.decode()
    Membership.objects.filter(user=world.users["teamleitung"], team=world.team).update(is_deputy=True)
    lead = world.client_for("teamleitung")
    assert 'name="override_reason"' in lead.get(url).content.decode()
    reason = "Termin morgen früh, schriftliche Entbindung wird nachgereicht."
    response = lead.post(
        url,
        {"offer": str(offer.pk), "need": str(need.pk), "share": ["name"], "override_reason": reason, "send": "1"},
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.override_reason == reason
    assert AuditEntry.objects.filter(action=AuditEntry.Action.DISCLOSE, changes__override_reason=reason).exists()


def test_partner_and_case_manager_find_their_referral_pages_from_the_start_page(world: World) -> None:
    partner_start = world.client_for("partner").get(reverse("accounts:start")).content.decode()
    manager_start = world.client_for("fallmanagement1").get(reverse("accounts:start")).content.decode()
    assert f'href="{reverse("referrals:inbox")}"' in partner_start
    assert f'href="{reverse("referrals:sent_list")}"' not in partner_start
    assert f'href="{reverse("referrals:sent_list")}"' in manager_start
    assert f'href="{reverse("referrals:inbox")}"' not in manager_start


def test_offer_search_filters_by_target_group_and_shows_who_and_when(world: World) -> None:
    import datetime as dt

    from kim.core.models import Catalogue, CatalogueEntry
    from kim.directory import services as directory_services

    case = make_case(world)
    for_everyone = make_offer(world, name="Sprachcafé")
    for_newcomers = make_offer(world, name="Integrationskurs")
    youth = make_offer(world, name="Jugendkurs")
    groups = CatalogueEntry.objects.filter(region=world.region, catalogue=Catalogue.TARGET_GROUP)
    newcomers = groups.get(code="neuzugewanderte")
    other_group = groups.exclude(pk=newcomers.pk).first()
    assert other_group is not None
    for_newcomers.target_groups.add(newcomers)
    youth.target_groups.add(other_group)
    directory_services.contact_create(actor=None, service=for_newcomers, name="Erika Beispiel", phone="0271 1")
    directory_services.schedule_create(
        actor=None, service=for_newcomers, weekday="TU", opens_at=dt.time(9, 30), closes_at=dt.time(12)
    )

    response = world.client_for("fallmanagement1").get(
        reverse("referrals:send", args=[case.pk]), {"target_group": str(newcomers.pk)}
    )

    assert response.status_code == 200
    assert set(response.context["offers"]) == {for_everyone, for_newcomers}
    body = response.content.decode()
    assert "Erika Beispiel" in body  # who to contact
    assert "09:30" in body  # when


def test_send_page_names_the_withdrawn_data_sharing_consent_without_override_hint(world: World) -> None:
    import datetime as dt

    from django.utils import timezone

    from kim.cases.models import Consent, ConsentPurpose, ConsentText

    Membership.objects.filter(user=world.users["teamleitung"], team=world.team).update(is_deputy=True)
    case = make_case(world)
    make_release(world, case)
    offer = make_offer(world)
    text = ConsentText.objects.create(
        region=world.region,
        purpose=ConsentPurpose.DATA_SHARING,
        language="de",
        version=1,
        text="Einwilligung Datenweitergabe (Test)",
        valid_from=dt.date(2024, 1, 1),
    )
    Consent.objects.create(
        region=world.region,
        case=case,
        client=case.client,
        purpose=ConsentPurpose.DATA_SHARING,
        text=text,
        given_on=case.opened_on,
        language="de",
        withdrawn_on=timezone.localdate(),
    )

    response = world.client_for("teamleitung").get(reverse("referrals:send", args=[case.pk]), {"offer": str(offer.pk)})

    gate = response.context["gate"]
    assert gate.data_sharing_withdrawn
    assert not gate.overridable
    assert "kern-alert--warning" in response.content.decode()
    assert str(gate.problems[0]) in response.content.decode()
    from django.utils import translation

    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        hint = translation.gettext(
            "As team lead you may send anyway in a justified exception, giving a reason (it is logged)."
        )
    assert response.context["may_override"]
    assert hint not in response.content.decode()
