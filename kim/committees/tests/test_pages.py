"""Committee pages in the browser: who sees what, the coordinator's flow, bad input, print views."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kim.accounts.models import Role
from kim.accounts.tests.factories import MembershipFactory, UserFactory
from kim.committees import services
from kim.committees.models import ActionItem, AgendaItem, Attendance, Body, Decision, Invitation, Meeting
from kim.committees.tests.matrix import at, build_committee
from kim.core.models import AuditEntry


@pytest.fixture
def c(world: Any, settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return build_committee(world)


def _url(name: str, obj: Any) -> str:
    return reverse(f"committees:{name}", kwargs={"pk": obj.pk})


def _text(response: Any) -> str:
    return response.content.decode()


# --- who sees what ----------------------------------------------------------------------------------


def test_steering_member_sees_their_meetings_and_the_confidential_item(c: Any, world: Any) -> None:
    client = world.client_for("lenkung")
    listing = _text(client.get(reverse("committees:body_list")))
    assert "Lenkungsgruppe" in listing
    assert "Projektgruppe Sprache" not in listing
    page = client.get(_url("meeting_detail", c.held))
    assert page.status_code == 200
    text = _text(page)
    assert "Begrüßung" in text
    assert "Personalangelegenheit Vertraulich" in text  # voting member
    assert "Stellenbesetzung Geheimsache" in text
    assert client.get(_url("paper_detail", c.confidential_paper)).status_code == 200


def test_steering_member_gets_404_for_a_project_group_they_do_not_belong_to(c: Any, world: Any) -> None:
    client = world.client_for("lenkung")
    assert client.get(_url("body_detail", c.project)).status_code == 404
    assert client.get(_url("meeting_detail", c.project_meeting)).status_code == 404
    assert client.get(_url("print_agenda", c.project_meeting)).status_code == 404


def test_permanent_guest_sees_the_body_but_nothing_confidential(c: Any, world: Any) -> None:
    client = world.client_for("gast")
    text = _text(client.get(_url("meeting_detail", c.held)))
    assert "Begrüßung" in text
    assert "Personalangelegenheit Vertraulich" not in text
    assert "Stellenbesetzung Geheimsache" not in text
    assert client.get(_url("paper_detail", c.confidential_paper)).status_code == 404
    printed = _text(client.get(_url("print_agenda", c.held)))
    assert "Personalangelegenheit" not in printed


def test_non_member_sees_only_published_meetings_with_public_items(c: Any, world: Any) -> None:
    client = world.client_for("projektgruppe")
    text = _text(client.get(_url("meeting_detail", c.held)))  # published
    assert "Begrüßung" in text
    assert "Personalangelegenheit" not in text
    assert "Kreishaus" in text
    assert "Geschäftsordnung an alle versenden" not in text  # action items are for members
    assert client.get(_url("meeting_detail", c.next)).status_code == 404  # not published
    assert client.get(_url("print_minutes", c.held)).status_code == 404
    # Own project group: full view.
    assert client.get(_url("meeting_detail", c.project_meeting)).status_code == 200


def test_case_manager_and_partner_get_403(c: Any, world: Any) -> None:
    for persona in ("fallmanagement1", "partner"):
        client = world.client_for(persona)
        assert client.get(reverse("committees:body_list")).status_code == 403
        assert client.get(_url("meeting_detail", c.held)).status_code == 403


def test_coordinator_of_another_region_gets_404(c: Any, world: Any) -> None:
    other = UserFactory.create(username="koordination.olpe")
    MembershipFactory.create(user=other, role=Role.objects.get(code="coordinator"), region=world.other_region)
    client = Client()
    client.force_login(other)
    assert client.get(_url("body_detail", c.steering)).status_code == 404
    assert client.get(_url("meeting_detail", c.held)).status_code == 404
    assert client.get(_url("agenda_item_update", c.item_welcome)).status_code == 404
    assert client.get(_url("paper_detail", c.public_paper)).status_code == 404
    assert "Lenkungsgruppe" not in _text(client.get(reverse("committees:body_list")))


def test_steering_member_cannot_prepare_meetings(c: Any, world: Any) -> None:
    client = world.client_for("lenkung")
    assert client.get(_url("meeting_create", c.steering)).status_code == 403
    assert client.post(_url("minutes_status", c.held), {"target": "circulated"}).status_code == 403
    assert client.get(_url("attendance", c.held)).status_code == 403


def test_anonymous_is_sent_to_the_login(c: Any) -> None:
    response = Client().get(_url("meeting_detail", c.held))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_minutes_in_draft_are_hidden_from_members_until_circulated(c: Any, world: Any) -> None:
    services.minutes_update(actor=None, meeting=c.held, minutes_text="Entwurf des Protokolls")
    client = world.client_for("lenkung")
    assert "Entwurf des Protokolls" not in _text(client.get(_url("meeting_detail", c.held)))
    assert client.get(_url("print_minutes", c.held)).status_code == 404
    services.minutes_circulate(actor=None, meeting=c.held)
    assert "Entwurf des Protokolls" in _text(client.get(_url("meeting_detail", c.held)))
    assert client.get(_url("print_minutes", c.held)).status_code == 200


def test_confidential_file_downloads_only_for_entitled_members(c: Any, world: Any) -> None:
    stored = services.file_attach(
        actor=None,
        upload=SimpleUploadedFile("personal.pdf", b"%PDF-1.4 geheim", content_type="application/pdf"),
        agenda_item=c.item_secret,
    )
    url = _url("file_download", stored)
    assert world.client_for("gast").get(url).status_code == 404
    assert world.client_for("projektgruppe").get(url).status_code == 404
    response = world.client_for("lenkung").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 geheim"
    assert "attachment" in response["Content-Disposition"]


# --- the coordinator's flow, all in the browser ----------------------------------------------------


def test_coordinator_prepares_invites_records_and_sees_open_items_next_time(
    c: Any, world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = world.client_for("koordination")
    day = (timezone.localdate() + dt.timedelta(days=21)).isoformat()
    response = client.post(
        _url("meeting_create", c.steering),
        {"title": "Dritte Sitzung", "date": day, "start_time": "14:00", "end_time": "16:00", "location": "Kreishaus"},
    )
    meeting = Meeting.objects.get(body=c.steering, title="Dritte Sitzung")
    assert response.status_code == 302
    assert response["Location"] == _url("meeting_detail", meeting)
    assert timezone.localtime(meeting.start).hour == 14
    client.post(_url("agenda_item_create", meeting), {"title": "Eröffnung", "public": "on"})
    client.post(_url("agenda_item_create", meeting), {"title": "Wohnraum", "public": "on"})
    top = AgendaItem.objects.get(meeting=meeting, title="Wohnraum")
    client.post(_url("agenda_item_create", meeting), {"title": "Bericht Projektgruppe", "parent": top.pk})
    assert sorted(AgendaItem.objects.filter(meeting=meeting).values_list("number", flat=True)) == ["1", "2", "2.1"]
    client.post(_url("agenda_item_move", top), {"direction": "up"})
    top.refresh_from_db()
    assert top.number == "1"
    # The open action item of the earlier meeting is on this agenda page.
    detail = _text(client.get(_url("meeting_detail", meeting)))
    assert "Geschäftsordnung an alle versenden" in detail
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("meeting_invite", meeting), {})
    assert response.status_code == 302
    assert len(mail.outbox) == 3
    assert Invitation.objects.filter(meeting=meeting).count() == 4
    # The member replies in the browser.
    lenkung = world.client_for("lenkung")
    assert lenkung.get(_url("invitation_reply", meeting)).status_code == 200
    lenkung.post(_url("invitation_reply", meeting), {"reply": "deputy", "deputy_name": "Frau Vertretung"})
    assert Invitation.objects.get(meeting=meeting, member=c.seat_lenkung).reply == "deputy"
    # After the meeting: attendance, decision, action item, minutes.
    Meeting.objects.filter(pk=meeting.pk).update(start=at(-1, 14), end=at(-1, 16))
    form = client.get(_url("attendance", meeting))
    assert form.status_code == 200
    data = {f"member_{seat.pk}": "present" for seat in (c.seat_external, c.seat_no_mail, c.seat_guest)}
    data[f"member_{c.seat_lenkung.pk}"] = "excused"
    data[f"member_{c.seat_lenkung.pk}_by"] = "Frau Vertretung"
    assert client.post(_url("attendance", meeting), data).status_code == 302
    assert Attendance.objects.filter(meeting=meeting).count() == 4
    meeting.refresh_from_db()
    assert meeting.status == "held"
    client.post(
        _url("decision_create", top),
        {"text": "Die Projektgruppe Wohnen wird eingesetzt.", "result": "adopted", "votes_for": "2"},
    )
    assert Decision.objects.get(agenda_item=top).votes_for == 2
    client.post(
        _url("action_item_create", meeting),
        {"text": "Mandat formulieren", "responsible_member": c.seat_external.pk, "due_on": day, "agenda_item": top.pk},
    )
    assert ActionItem.objects.filter(origin_meeting=meeting, text="Mandat formulieren").exists()
    client.post(_url("minutes_edit", meeting), {"minutes_text": "Frau Muster eröffnet die Sitzung."})
    client.post(_url("minutes_status", meeting), {"target": "circulated"})
    client.post(_url("minutes_status", meeting), {"target": "approved"})
    meeting.refresh_from_db()
    assert meeting.minutes_status == "approved"
    # The earlier item is done; the new one appears on the following meeting.
    client.post(_url("action_item_status", c.action), {"status": "done"})
    following = _text(client.get(_url("meeting_detail", c.next)))
    assert "Geschäftsordnung an alle versenden" not in following
    services.meeting_update(
        actor=None,
        meeting=c.next,
        start=at(30),
        end=None,
        title="",
        location="Kreishaus",
        online_url="",
        published=False,
    )
    assert "Mandat formulieren" in _text(client.get(_url("meeting_detail", c.next)))
    printed = _text(client.get(_url("print_minutes", meeting)))
    assert world.region.name in printed
    assert "Die Projektgruppe Wohnen wird eingesetzt." in printed


def test_bad_meeting_input_gives_a_german_message_and_writes_nothing(c: Any, world: Any) -> None:
    client = world.client_for("koordination")
    count = Meeting.objects.count()
    response = client.post(
        _url("meeting_create", c.steering),
        {"date": timezone.localdate().isoformat(), "start_time": "16:00", "end_time": "14:00", "location": ""},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 200
    assert Meeting.objects.count() == count
    assert 'aria-invalid="true"' in _text(response)


def test_service_rule_is_shown_on_the_form(c: Any, world: Any) -> None:
    client = world.client_for("koordination")
    response = client.post(_url("decision_create", c.item_next), {"text": "Vorgezogen", "result": "adopted"})
    assert response.status_code == 200
    assert not Decision.objects.filter(agenda_item=c.item_next).exists()
    assert "kern-error" in _text(response) or "error" in _text(response)


def test_minutes_status_change_against_the_table_is_refused_with_a_message(c: Any, world: Any) -> None:
    client = world.client_for("koordination")
    response = client.post(_url("minutes_status", c.held), {"target": "approved"}, follow=True)
    assert response.status_code == 200
    c.held.refresh_from_db()
    assert c.held.minutes_status == "draft"


def test_reply_page_is_404_without_an_invitation(c: Any, world: Any) -> None:
    assert world.client_for("lenkung").get(_url("invitation_reply", c.next)).status_code == 404


def test_bodies_and_seats_are_created_in_the_browser(c: Any, world: Any) -> None:
    client = world.client_for("assistenz")
    response = client.post(
        reverse("committees:body_create"),
        {
            "kind": "development_conference",
            "name": "Entwicklungskonferenz Kreuztal",
            "municipality": world.municipalities[1].pk,
        },
    )
    body = Body.objects.get(name="Entwicklungskonferenz Kreuztal")
    assert response.status_code == 302
    response = client.post(
        _url("membership_create", body),
        {
            "external_name": "Karl Beispiel",
            "organisation": world.partner_org.pk,
            "function": "Quartiersmanagement",
            "role": "voting",
            "start_on": "2023-01-01",
            "publish_name": "on",
        },
    )
    assert response.status_code == 200  # consent date missing
    assert not body.memberships.exists()
    client.post(
        _url("membership_create", body),
        {
            "external_name": "Karl Beispiel",
            "function": "Quartiersmanagement",
            "role": "voting",
            "start_on": "2023-01-01",
            "publish_name": "on",
            "publish_name_agreed_on": "2023-01-01",
        },
    )
    assert body.memberships.get().publish_name is True


def test_body_list_needs_few_queries(c: Any, world: Any, django_assert_max_num_queries: Any) -> None:
    client = world.client_for("koordination")
    client.get(reverse("committees:body_list"))
    with django_assert_max_num_queries(15):
        assert client.get(reverse("committees:body_list")).status_code == 200


def test_meeting_page_needs_few_queries(c: Any, world: Any, django_assert_max_num_queries: Any) -> None:
    client = world.client_for("koordination")
    client.get(_url("meeting_detail", c.held))
    with django_assert_max_num_queries(30):
        assert client.get(_url("meeting_detail", c.held)).status_code == 200


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_page_renders_for_the_coordinator(c: Any, world: Any, language: str) -> None:
    client = world.client_for("koordination")
    client.cookies["django_language"] = language
    urls = [
        reverse("committees:body_list"),
        reverse("committees:body_create"),
        _url("body_detail", c.steering),
        _url("body_update", c.steering),
        _url("membership_create", c.steering),
        _url("membership_update", c.seat_lenkung),
        _url("membership_end", c.seat_lenkung),
        _url("meeting_create", c.steering),
        _url("paper_create", c.steering),
        _url("meeting_detail", c.held),
        _url("meeting_detail", c.next),
        _url("meeting_update", c.next),
        _url("meeting_cancel", c.next),
        _url("meeting_invite", c.next),
        _url("guest_create", c.next),
        _url("attendance", c.held),
        _url("agenda_item_create", c.next),
        _url("minutes_edit", c.held),
        _url("action_item_create", c.held),
        _url("meeting_file_upload", c.held),
        _url("print_agenda", c.held),
        _url("print_minutes", c.held),
        _url("agenda_item_update", c.item_welcome),
        _url("agenda_item_remove", c.item_next),
        _url("decision_create", c.item_welcome),
        _url("agenda_item_file_upload", c.item_welcome),
        _url("paper_detail", c.public_paper),
        _url("paper_update", c.public_paper),
        _url("paper_file_upload", c.public_paper),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_start_page_shows_the_next_meetings(c: Any, world: Any) -> None:
    text = _text(world.client_for("lenkung").get(reverse("accounts:start")))
    assert reverse("committees:meeting_detail", kwargs={"pk": c.next.pk}) in text
    assert reverse("committees:body_list") in text


def test_coordinator_uploads_and_removes_a_document(c: Any, world: Any) -> None:
    client = world.client_for("koordination")
    upload = SimpleUploadedFile("bericht.pdf", b"%PDF-1.4 Bericht", content_type="application/pdf")
    response = client.post(_url("paper_file_upload", c.public_paper), {"upload": upload})
    assert response.status_code == 302
    stored = c.public_paper.files.get()
    assert world.client_for("lenkung").get(_url("file_download", stored)).status_code == 200
    assert client.post(_url("file_remove", stored)).status_code == 302
    assert world.client_for("lenkung").get(_url("file_download", stored)).status_code == 404
    stored.refresh_from_db()
    assert stored.deleted_at is not None


def test_upload_of_a_forbidden_type_shows_the_rule_and_stores_nothing(c: Any, world: Any) -> None:
    client = world.client_for("koordination")
    upload = SimpleUploadedFile("programm.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client.post(_url("meeting_file_upload", c.next), {"upload": upload})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in _text(response)
    assert not c.next.files.exists()


def _invite(c: Any, capture: Any) -> None:
    with capture(execute=True):
        services.meeting_invite(actor=None, meeting=c.next, base_url="https://kim.example/")


def test_external_member_replies_through_the_personal_link_without_signing_in(
    c: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _invite(c, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get(meeting=c.next, member=c.seat_external)
    link = reverse("committees:invitation_reply_by_link", kwargs={"token": invitation.token})
    message = next(m for m in mail.outbox if m.to == ["erika.muster@example.org"])
    assert link in message.body
    assert reverse("committees:meeting_detail", kwargs={"pk": c.next.pk}) not in message.body  # no account
    page = Client().get(link)
    assert page.status_code == 200
    assert "Erika Muster" in _text(page)
    assert "Bericht der Koordination" not in _text(page)  # the agenda stays on the platform
    refused = Client().post(link, {"reply": "deputy"})
    assert 'aria-invalid="true"' in _text(refused)
    invitation.refresh_from_db()
    assert invitation.reply == "open"
    response = Client().post(link, {"reply": "deputy", "deputy_name": "Max Vertretung"})
    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.reply == "deputy"
    assert invitation.deputy_name == "Max Vertretung"
    entry = AuditEntry.objects.filter(object_type="committees.invitation", object_id=str(invitation.pk)).first()
    assert entry is not None
    assert invitation.token not in entry.via


def test_reply_link_refuses_unknown_tokens_and_past_meetings(c: Any, django_capture_on_commit_callbacks: Any) -> None:
    assert Client().get(reverse("committees:invitation_reply_by_link", kwargs={"token": "x" * 43})).status_code == 404
    _invite(c, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get(meeting=c.next, member=c.seat_external)
    services.meeting_cancel(actor=None, meeting=c.next)
    link = reverse("committees:invitation_reply_by_link", kwargs={"token": invitation.token})
    Client().post(link, {"reply": "attend"})
    invitation.refresh_from_db()
    assert invitation.reply == "open"
