"""The theme loop end to end: reports stay anonymous, figures are suppressed, the chain closes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import World
from kim.committees.models import Body, BodyMembership, Meeting
from kim.core.errors import ApplicationError, InvalidTransition
from kim.core.models import Catalogue
from kim.notifications.models import Notification
from kim.themes import selectors, services
from kim.themes.models import BarrierReport, BarrierReportSource, Measure, Theme, ThemeAssignment
from kim.themes.tests.matrix import (
    CASE_NUMBER,
    CLIENT_BIRTH,
    CLIENT_FAMILY,
    CLIENT_GIVEN,
    adopting_decision,
    entry,
    file_report,
    theme_world,
)

pytestmark = pytest.mark.django_db


def _report_post(w: World, description: str) -> dict[str, Any]:
    month = (timezone.localdate() - dt.timedelta(days=60)).strftime("%Y-%m")
    return {
        "origin": "need",
        "life_domain": entry(w, Catalogue.LIFE_DOMAIN, "arbeit").pk,
        "barrier_type": entry(w, Catalogue.BARRIER_TYPE, "wartezeit").pk,
        "legal_domains": [entry(w, Catalogue.LEGAL_DOMAIN, "aufenthg").pk],
        "municipality": w.municipalities[0].pk,
        "period_start": month,
        "period_end": month,
        "description": description,
    }


# --- filing a report ---------------------------------------------------------------------


def test_report_with_the_planted_client_name_is_refused_and_nothing_is_written(world: World) -> None:
    t = theme_world(world)
    before = BarrierReport.objects.count()
    response = world.client_for("fallmanagement1").post(
        reverse("themes:report_create", args=[t.case.pk]),
        _report_post(world, f"Frau {CLIENT_FAMILY} wartet seit Monaten auf die Anerkennung."),
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 200
    assert BarrierReport.objects.count() == before
    assert BarrierReportSource.objects.count() == before
    errors = response.context["form"].errors["description"][0]
    assert CLIENT_FAMILY not in errors
    assert "Name" in errors or "name" in errors


def test_report_with_the_birth_date_is_refused_by_the_service(world: World) -> None:
    theme_world(world)
    with pytest.raises(ApplicationError) as raised:
        file_report(world, text=f"Die Person ist am {CLIENT_BIRTH} geboren und wartet.")
    assert CLIENT_BIRTH not in raised.value.message
    assert raised.value.field == "description"


def test_case_manager_files_a_clean_report_and_sees_it_with_its_case(world: World) -> None:
    t = theme_world(world)
    client = world.client_for("fallmanagement2")
    response = client.post(
        reverse("themes:report_create", args=[t.case.pk]),
        _report_post(world, "Sprachkurse auf B2-Niveau haben Wartelisten von mehr als einem halben Jahr."),
    )
    assert response.status_code == 302
    report = BarrierReport.objects.latest("submitted_at")
    source = BarrierReportSource.objects.get(report=report)
    assert source.case == t.case
    assert source.submitted_by == world.users["fallmanagement2"]
    page = client.get(reverse("themes:my_reports"))
    assert CASE_NUMBER in page.content.decode()


def test_case_manager_of_another_team_cannot_report_from_the_case_nor_see_its_reports(world: World) -> None:
    t = theme_world(world)
    client = world.client_for("fallmanagement3")
    assert client.get(reverse("themes:report_create", args=[t.case.pk])).status_code == 404
    page = client.get(reverse("themes:my_reports")).content.decode()
    assert CASE_NUMBER not in page


def test_coordinator_gets_404_for_the_case_behind_a_report(world: World) -> None:
    t = theme_world(world)
    client = world.client_for("koordination")
    assert client.get(reverse("cases:case_detail", args=[t.case.pk])).status_code == 404
    assert client.get(reverse("themes:report_create", args=[t.case.pk])).status_code == 403
    assert client.get(reverse("themes:my_reports")).status_code == 403


# --- no personal data outside the case team ---------------------------------------------------


SYSTEM_LEVEL_PAGES = (
    ("themes:inbox", "none"),
    ("themes:inbox_export", "none"),
    ("themes:theme_list", "none"),
    ("themes:theme_export", "none"),
    ("themes:report_detail", "report"),
    ("themes:theme_detail", "theme"),
    ("themes:measure_detail", "measure"),
    ("themes:theme_split", "theme"),
    ("themes:theme_score", "theme"),
    ("committees:paper_detail", "paper"),
    ("committees:meeting_detail", "meeting"),
)


@pytest.mark.parametrize("persona", ["koordination", "assistenz", "lenkung", "projektgruppe"])
def test_no_personal_data_reaches_coordination_steering_or_project_pages(world: World, persona: str) -> None:
    t = theme_world(world)
    for _ in range(5):  # enough reports that the figures are shown
        services.report_assign(actor=None, report=file_report(world), theme=t.theme)
    objects = {
        "report": t.report.pk,
        "theme": t.theme.pk,
        "measure": t.measure.pk,
        "paper": t.link.paper.pk,
        "meeting": t.committees.meeting.pk,
    }
    client = world.client_for(persona)
    seen = 0
    for name, kind in SYSTEM_LEVEL_PAGES:
        url = reverse(name) if kind == "none" else reverse(name, args=[objects[kind]])
        response = client.get(url)
        if response.status_code != 200:
            continue
        seen += 1
        body = response.content.decode()
        planted_values = (CLIENT_GIVEN, CLIENT_FAMILY, CLIENT_BIRTH, CASE_NUMBER, "fallmanagement1")
        for planted in (*planted_values, str(t.case.pk), str(t.case.client_id)):
            assert planted not in body, (persona, name, planted)
    assert seen >= 2


def test_steering_member_sees_figures_but_not_the_report_texts(world: World) -> None:
    t = theme_world(world)
    body = world.client_for("lenkung").get(reverse("themes:theme_detail", args=[t.theme.pk])).content.decode()
    assert t.theme.title in body
    assert t.report.description[:40] not in body
    assert world.client_for("lenkung").get(reverse("themes:inbox")).status_code == 403


def test_steering_member_does_not_see_themes_still_collecting(world: World) -> None:
    t = theme_world(world)
    assert world.client_for("lenkung").get(reverse("themes:theme_detail", args=[t.other_theme.pk])).status_code == 404
    assert (
        world.client_for("koordination").get(reverse("themes:theme_detail", args=[t.other_theme.pk])).status_code == 200
    )


def test_other_region_admin_gets_404_not_the_theme(world: World) -> None:
    t = theme_world(world)
    response = world.client_for("admin.andere-region").get(reverse("themes:theme_detail", args=[t.theme.pk]))
    assert response.status_code in (403, 404)
    assert t.theme.title not in response.content.decode()


# --- suppression --------------------------------------------------------------------------------


def test_counts_below_the_threshold_are_suppressed_on_the_theme_page(world: World) -> None:
    t = theme_world(world)
    services.report_assign(actor=None, report=file_report(world), theme=t.theme)  # 2 reports, 1 case
    body = world.client_for("lenkung").get(reverse("themes:theme_detail", args=[t.theme.pk])).content.decode()
    assert "fewer than 5" in body or "weniger als 5" in body
    evidence = selectors.theme_evidence(theme=t.theme)
    assert evidence.reports == 2
    assert evidence.cases == 1
    csv = world.client_for("lenkung").get(reverse("themes:theme_export")).content.decode()
    assert ";2;" not in csv
    assert "5" in csv


def test_counts_at_the_threshold_are_shown(world: World) -> None:
    t = theme_world(world)
    for _ in range(4):
        services.report_assign(actor=None, report=file_report(world), theme=t.theme)
    response = world.client_for("koordination").get(reverse("themes:theme_detail", args=[t.theme.pk]))
    assert response.context["evidence"].reports == 5
    assert "<dd>5</dd>" in response.content.decode()


# --- merge and split ------------------------------------------------------------------------------


def test_merge_moves_the_reports_and_keeps_the_history(world: World) -> None:
    t = theme_world(world)
    extra = file_report(world)
    services.report_assign(actor=None, report=extra, theme=t.other_theme)
    target = services.theme_create(actor=None, region=world.region, title="Wartezeiten allgemein")
    response = world.client_for("koordination").post(
        reverse("themes:theme_merge", args=[t.other_theme.pk]), {"target": target.pk}
    )
    assert response.status_code == 302
    t.other_theme.refresh_from_db()
    assert t.other_theme.status == Theme.Status.MERGED
    assert t.other_theme.merged_into == target
    assert list(selectors.theme_reports(theme=target)) == [extra]
    history = ThemeAssignment.objects.filter(report=extra).order_by("assigned_at")
    assert [(a.theme_id, a.end_reason) for a in history] == [(t.other_theme.pk, "merged"), (target.pk, "")]


def test_split_moves_the_chosen_reports_into_a_new_theme(world: World) -> None:
    t = theme_world(world)
    second = file_report(world)
    services.report_assign(actor=None, report=second, theme=t.theme)
    response = world.client_for("koordination").post(
        reverse("themes:theme_split", args=[t.theme.pk]),
        {"reports": [second.pk], "title": "Anerkennung: Erreichbarkeit der Stelle", "description": ""},
    )
    assert response.status_code == 302
    new = Theme.objects.get(title="Anerkennung: Erreichbarkeit der Stelle")
    assert new.split_from == t.theme
    assert list(selectors.theme_reports(theme=new)) == [second]
    assert list(selectors.theme_reports(theme=t.theme)) == [t.report]
    assert ThemeAssignment.objects.filter(report=second, end_reason="split").count() == 1


def test_split_of_every_report_is_refused_with_a_message(world: World) -> None:
    t = theme_world(world)
    response = world.client_for("koordination").post(
        reverse("themes:theme_split", args=[t.theme.pk]), {"reports": [t.report.pk], "title": "Alles"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Theme.objects.filter(title="Alles").exists()


# --- suggestions ---------------------------------------------------------------------------------


def test_a_similar_report_gets_the_theme_suggested_with_reasons(world: World) -> None:
    t = theme_world(world)
    new = file_report(world, text="Anerkennung ausländischer Pflegeabschlüsse dauert zu lange, Unterlagen fehlen.")
    suggestions = selectors.theme_suggestions(report=new)
    assert suggestions
    assert suggestions[0].theme == t.theme
    assert any("anerkennung" in reason for reason in suggestions[0].reasons)


# --- steering group, decision, measures ------------------------------------------------------------


def test_steering_member_prioritises_and_only_averages_are_shown(world: World) -> None:
    t = theme_world(world)
    client = world.client_for("lenkung")
    response = client.post(
        reverse("themes:theme_score", args=[t.theme.pk]),
        {"meeting": t.committees.meeting.pk, "urgency": 5, "reach": 3},
    )
    assert response.status_code == 302
    summary = selectors.theme_scores(theme=t.theme)[0]
    assert (summary.urgency, summary.reach, summary.count) == (None, None, 1)  # one member: no average
    assert world.client_for("koordination").get(reverse("themes:theme_score", args=[t.theme.pk])).status_code == 403


def test_decision_commissions_a_project_group_under_the_steering_group(world: World) -> None:
    t = theme_world(world)
    Meeting.objects.filter(pk=t.committees.meeting.pk).update(status=Meeting.Status.HELD)
    deadline = (t.committees.meeting.start + dt.timedelta(days=200)).date()
    response = world.client_for("koordination").post(
        reverse("themes:theme_decide", args=[t.theme.pk]),
        {
            "agenda_item": t.link.agenda_item.pk,
            "kind": "commission",
            "text": "Die Lenkungsgruppe setzt eine Projektgruppe ein.",
            "project_group_name": "Projektgruppe Anerkennung",
            "mandate": "Verfahren beschleunigen",
            "deadline": deadline.isoformat(),
        },
    )
    assert response.status_code == 302
    group = Body.objects.get(name="Projektgruppe Anerkennung")
    assert group.kind == Body.Kind.PROJECT_GROUP
    assert group.parent == t.committees.steering
    assert group.mandate_deadline == deadline
    t.theme.refresh_from_db()
    assert t.theme.status == Theme.Status.DECIDED


def test_decision_without_a_reason_for_no_action_is_refused(world: World) -> None:
    t = theme_world(world)
    Meeting.objects.filter(pk=t.committees.meeting.pk).update(status=Meeting.Status.HELD)
    response = world.client_for("koordination").post(
        reverse("themes:theme_decide", args=[t.theme.pk]),
        {"agenda_item": t.link.agenda_item.pk, "kind": "no_action", "text": "Keine Maßnahme."},
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert not t.theme.decisions.exists()


def test_measure_cannot_skip_adoption(world: World) -> None:
    t = theme_world(world)
    with pytest.raises(InvalidTransition):
        services.measure_transition(actor=None, measure=t.measure, target=Measure.Status.IMPLEMENTED)
    t.measure.refresh_from_db()
    assert t.measure.status == Measure.Status.PROPOSED


def test_implementation_notifies_the_reporting_case_manager_only(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    t = theme_world(world)
    services.measure_transition(
        actor=None, measure=t.measure, target=Measure.Status.ADOPTED, adopted_decision=adopting_decision(world)
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client_for("koordination").post(
            reverse("themes:measure_transition", args=[t.measure.pk]),
            {"target": "implemented", "implemented_on": timezone.localdate().isoformat()},
        )
    assert response.status_code == 302
    notes = Notification.objects.filter(kind="theme")
    assert [n.recipient for n in notes] == [world.users["fallmanagement1"]]
    assert CLIENT_FAMILY not in notes[0].title
    assert CASE_NUMBER not in notes[0].url
    page = world.client_for("koordination").get(reverse("themes:theme_detail", args=[t.theme.pk])).content.decode()
    assert "fallmanagement1" not in page


def test_project_group_member_proposes_a_measure_for_the_own_group_only(world: World) -> None:
    t = theme_world(world)
    client = world.client_for("projektgruppe")
    url = reverse("themes:measure_create", args=[t.theme.pk])
    assert client.get(url).status_code == 403  # no seat in a project group of this theme yet
    Meeting.objects.filter(pk=t.committees.meeting.pk).update(status=Meeting.Status.HELD)
    decision = services.theme_decision_record(
        actor=None,
        theme=t.theme,
        agenda_item=t.link.agenda_item,
        kind="commission",
        text="Projektgruppe eingesetzt.",
        project_group_name="Projektgruppe Anerkennung",
        mandate="Vorschläge erarbeiten",
        deadline=(t.committees.meeting.start + dt.timedelta(days=100)).date(),
    )
    assert decision.project_group is not None
    BodyMembership.objects.create(
        region=world.region,
        body=decision.project_group,
        user=world.users["projektgruppe"],
        role="voting",
        start_on=timezone.localdate(),
    )
    response = client.post(
        url,
        {
            "title": "Sammeltermine Kenntnisprüfung",
            "responsible_organisation": world.provider.pk,
            "project_group": decision.project_group.pk,
            "budget_line": "Baustein 1",
            "budget_amount": "4500",
        },
    )
    assert response.status_code == 302
    measure = Measure.objects.get(title="Sammeltermine Kenntnisprüfung")
    assert measure.project_group == decision.project_group
    assert measure.status == Measure.Status.PROPOSED
    assert client.get(reverse("themes:measure_transition", args=[measure.pk])).status_code == 403


# --- API -------------------------------------------------------------------------------------------


def test_api_gives_suppressed_figures_and_no_report_texts(world: World) -> None:
    t = theme_world(world)
    response = world.client_for("lenkung").get(f"/api/v1/themes/{t.theme.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["reports"] == {"value": None, "suppressed": True}
    assert data["measures"][0]["title"] == t.measure.title
    assert t.report.description[:30] not in response.content.decode()
    listing = world.client_for("lenkung").get("/api/v1/themes/").json()
    assert [theme["title"] for theme in listing] == [t.theme.title]  # the collecting theme is not shown
    assert world.client_for("fallmanagement1").get("/api/v1/themes/").status_code == 403
    assert world.client_for("lenkung").get(f"/api/v1/themes/{t.other_theme.pk}").status_code == 404


def test_check_button_runs_the_guard_without_sending(world: World) -> None:
    t = theme_world(world)
    before = BarrierReport.objects.count()
    client = world.client_for("fallmanagement1")
    url = reverse("themes:report_create", args=[t.case.pk])
    planted = client.post(url, {**_report_post(world, f"{CLIENT_GIVEN} wartet."), "check": "1"})
    assert planted.status_code == 200
    assert planted.context["form"].errors["description"]
    clean = client.post(url, {**_report_post(world, "Kenntnisprüfungen haben lange Wartezeiten."), "check": "1"})
    assert clean.status_code == 200
    assert not clean.context["form"].errors
    assert [m.level_tag for m in clean.context["messages"]] == ["info"]
    assert BarrierReport.objects.count() == before


def test_case_team_sees_what_became_of_its_report(world: World) -> None:
    t = theme_world(world)
    services.measure_transition(
        actor=None, measure=t.measure, target=Measure.Status.ADOPTED, adopted_decision=adopting_decision(world)
    )
    services.measure_transition(actor=None, measure=t.measure, target=Measure.Status.IMPLEMENTED)
    own = world.client_for("fallmanagement2").get(reverse("themes:my_reports")).content.decode()
    assert t.theme.title in own
    assert t.measure.title in own
    other = world.client_for("fallmanagement3").get(reverse("themes:my_reports")).content.decode()
    assert t.measure.title not in other
