"""Comments on minutes circulated for comments: members write them, the coordination reads them."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kim.committees import services
from kim.committees.models import MinutesComment
from kim.committees.tests.matrix import build_committee
from kim.core.errors import InvalidTransition, PermissionDeniedError, ValidationFailed
from kim.core.models import AuditEntry


@pytest.fixture
def c(world: Any, settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    c = build_committee(world)
    services.minutes_update(actor=None, meeting=c.held, minutes_text="Die Sitzung wird eröffnet.")
    return c


def _url(name: str, obj: Any) -> str:
    return reverse(f"committees:{name}", kwargs={"pk": obj.pk})


def test_member_comments_while_the_minutes_are_circulated(c: Any, world: Any) -> None:
    services.minutes_circulate(actor=None, meeting=c.held)
    client = world.client_for("lenkung")
    page = client.get(_url("meeting_detail", c.held)).content.decode()
    assert _url("minutes_comment_create", c.held) in page
    response = client.post(_url("minutes_comment_create", c.held), {"text": "Bitte TOP 2 ergänzen."})
    assert response.status_code == 302
    comment = MinutesComment.objects.get(meeting=c.held)
    assert (comment.author, comment.text, comment.region) == (
        world.users["lenkung"],
        "Bitte TOP 2 ergänzen.",
        world.region,
    )
    assert AuditEntry.objects.filter(action="create", object_id=str(comment.pk)).exists()
    # The author sees their own comment, the coordination sees all, another member none of them.
    assert "Bitte TOP 2 ergänzen." in client.get(_url("meeting_detail", c.held)).content.decode()
    coordinator = world.client_for("koordination")
    assert "Bitte TOP 2 ergänzen." in coordinator.get(_url("meeting_detail", c.held)).content.decode()
    assert "Bitte TOP 2 ergänzen." in coordinator.get(_url("minutes_edit", c.held)).content.decode()
    assert "Bitte TOP 2 ergänzen." not in world.client_for("gast").get(_url("meeting_detail", c.held)).content.decode()


def test_permanent_guest_may_comment_too(c: Any, world: Any) -> None:
    services.minutes_circulate(actor=None, meeting=c.held)
    response = world.client_for("gast").post(_url("minutes_comment_create", c.held), {"text": "Rechtschreibung"})
    assert response.status_code == 302
    assert MinutesComment.objects.filter(author=world.users["gast"]).exists()


@pytest.mark.parametrize("status", ["draft", "approved"])
def test_no_comments_on_draft_or_approved_minutes(c: Any, world: Any, status: str) -> None:
    if status == "approved":
        services.minutes_circulate(actor=None, meeting=c.held)
        services.minutes_approve(actor=None, meeting=c.held)
    client = world.client_for("lenkung")
    page = client.get(_url("meeting_detail", c.held)).content.decode()
    assert _url("minutes_comment_create", c.held) not in page
    response = client.post(_url("minutes_comment_create", c.held), {"text": "Zu spät"}, follow=True)
    assert response.status_code == 200
    assert not MinutesComment.objects.exists()
    with pytest.raises(InvalidTransition):
        services.minutes_comment_add(actor=world.users["lenkung"], meeting=c.held, text="Zu spät")


def test_non_member_cannot_comment(c: Any, world: Any) -> None:
    services.minutes_circulate(actor=None, meeting=c.held)
    # The meeting is published, so the non-member sees it, but may not comment.
    response = world.client_for("projektgruppe").post(_url("minutes_comment_create", c.held), {"text": "Von außen"})
    assert response.status_code == 403
    with pytest.raises(PermissionDeniedError):
        services.minutes_comment_add(actor=world.users["projektgruppe"], meeting=c.held, text="Von außen")
    # Of an unpublished meeting they do not even know: 404.
    services.minutes_update(actor=None, meeting=c.next, minutes_text="x")
    assert (
        world.client_for("projektgruppe").post(_url("minutes_comment_create", c.next), {"text": "x"}).status_code == 404
    )
    assert not MinutesComment.objects.exists()


def test_empty_comment_is_refused_with_a_message(c: Any, world: Any) -> None:
    services.minutes_circulate(actor=None, meeting=c.held)
    response = world.client_for("lenkung").post(_url("minutes_comment_create", c.held), {"text": "   "}, follow=True)
    assert response.status_code == 200
    assert not MinutesComment.objects.exists()
    with pytest.raises(ValidationFailed):
        services.minutes_comment_add(actor=world.users["lenkung"], meeting=c.held, text="x" * 4001)
