"""The region administrator maintains consent texts and target-group rules without the Django admin.

Consent texts: versions numbered automatically, versions agreed to are immutable, preview in
the text's own language. Target-group rules: create, edit, order, switch on and off; checks
already recorded on cases keep their results. Every write is audited; other regions are 404.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from conftest import World
from kim.cases import selectors, services, services_settings
from kim.cases.models import ConsentPurpose, ConsentText, TargetGroupCheck, TargetGroupRule
from kim.cases.tests.matrix import consent_text, make_case
from kim.core.errors import ValidationFailed
from kim.core.models import AuditEntry

ARABIC_TEXT = "أوافق على معالجة بياناتي لغرض إدارة الحالة. (نص تجريبي)"
TODAY = timezone.localdate
UKRAINIAN_TEXT = "Я погоджуюся на обробку моїх даних для кейс-менеджменту. (Тестовий текст)"


def _html(response: Any) -> str:
    assert response.status_code == 200
    return response.content.decode()


def _t(msgid: str, **params: Any) -> str:
    """The German text of ``msgid`` as the page shows it (English until the catalogue has it)."""
    with translation.override("de"):
        text = gettext(msgid)
    return escape(text % params if params else text)


def _latest(object_type: str, action: str) -> AuditEntry:
    return AuditEntry.objects.filter(object_type=object_type, action=action).latest("id")


@pytest.fixture
def admin(world: World) -> Client:
    services.cases_region_defaults_ensure(actor=None, region=world.region)
    return world.client_for("admin")


def _texts(world: World, language: str, purpose: str = ConsentPurpose.CASE_MANAGEMENT) -> list[ConsentText]:
    return list(ConsentText.objects.filter(region=world.region, purpose=purpose, language=language).order_by("version"))


def _rule(world: World, code: str = "arrived_36_months") -> TargetGroupRule:
    return TargetGroupRule.objects.get(region=world.region, code=code)


# --- Access ---


def test_only_region_admins_reach_the_settings(world: World, admin: Client) -> None:
    for url in (reverse("cases:settings_consent_texts"), reverse("cases:settings_rules")):
        assert admin.get(url).status_code == 200
        for persona in ("fallmanagement1", "teamleitung", "koordination", "datenschutz"):
            assert world.client_for(persona).get(url).status_code == 403, persona
        assert world.client_for("anonymous").get(url).status_code == 302


def test_objects_of_another_region_are_not_found(world: World, admin: Client) -> None:
    text = consent_text(world)
    rule = _rule(world)
    other_admin = world.client_for("admin.andere-region")
    for name in (
        "cases:settings_consent_text_detail",
        "cases:settings_consent_text_new_version",
        "cases:settings_consent_text_update",
        "cases:settings_consent_text_delete",
    ):
        assert other_admin.get(reverse(name, args=[text.pk])).status_code == 404, name
    assert other_admin.get(reverse("cases:settings_rule_update", args=[rule.pk])).status_code == 404
    for name in ("cases:settings_rule_deactivate", "cases:settings_rule_move"):
        assert other_admin.post(reverse(name, args=[rule.pk]), {"direction": "down"}).status_code == 404
    rule.refresh_from_db()
    assert rule.is_active
    other_admin.post(
        reverse("cases:settings_consent_text_new_version", args=[text.pk]),
        {"text": "Fremder Text", "valid_from": "2025-01-01"},
    )
    assert len(_texts(world, "de")) == 1


def test_administration_overview_links_to_the_settings(admin: Client) -> None:
    html = _html(admin.get(reverse("manage:index")))
    assert reverse("cases:settings_consent_texts") in html
    assert reverse("cases:settings_rules") in html


# --- Consent texts ---


def test_list_shows_versions_per_purpose_and_language_with_status(world: World, admin: Client) -> None:
    today = timezone.localdate()
    services_settings.consent_text_create(
        actor=None,
        region=world.region,
        purpose=ConsentPurpose.CASE_MANAGEMENT,
        language="de",
        text="Neue Fassung",
        valid_from=today + dt.timedelta(days=30),
    )
    html = _html(admin.get(reverse("cases:settings_consent_texts")))
    assert "Einwilligungstexte" in html
    assert "Case Management" in html
    assert _t("in force") in html
    assert _t("valid later") in html
    assert 'id="texts-case_management-de"' in html


def test_admin_adds_a_ukrainian_text_and_publishes_a_second_version(world: World, admin: Client) -> None:
    response = admin.post(
        reverse("cases:settings_consent_text_create"),
        {"purpose": "case_management", "language": " UK ", "text": UKRAINIAN_TEXT, "valid_from": "2025-01-01"},
    )
    first = _texts(world, "uk")
    assert [t.version for t in first] == [1]
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:settings_consent_text_detail", args=[first[0].pk])
    entry = _latest("cases.consenttext", "create")
    assert entry.changes["version"] == [None, 1]
    assert entry.changes["language"] == [None, "uk"]
    assert entry.region == world.region
    assert entry.actor_id == world.users["admin"].pk

    # The same purpose and language again: the next number, whatever the form says.
    admin.post(
        reverse("cases:settings_consent_text_create"),
        {"purpose": "case_management", "language": "uk", "text": UKRAINIAN_TEXT + " 2", "valid_from": "2025-02-01"},
    )
    assert [t.version for t in _texts(world, "uk")] == [1, 2]


def test_new_version_based_on_an_existing_one_is_prefilled_and_numbered(world: World, admin: Client) -> None:
    base = consent_text(world)
    url = reverse("cases:settings_consent_text_new_version", args=[base.pk])
    form = _html(admin.get(url))
    assert base.text.split("\n")[0][:40] in form
    response = admin.post(url, {"text": base.text + "\nErgänzung zur Speicherdauer.", "valid_from": "2025-06-01"})
    assert response.status_code == 302
    versions = _texts(world, "de")
    assert [t.version for t in versions] == [1, 2]
    assert versions[1].text.endswith("Ergänzung zur Speicherdauer.")
    assert versions[0].text == base.text  # the base stays as it was


def test_bad_language_code_gives_a_german_message_and_writes_nothing(world: World, admin: Client) -> None:
    count = ConsentText.objects.count()
    for bad in ("Arabisch", "a", "ar_SY", "ar sy"):
        html = _html(
            admin.post(
                reverse("cases:settings_consent_text_create"),
                {"purpose": "case_management", "language": bad, "text": "Text", "valid_from": "2025-01-01"},
            )
        )
        assert "Sprachcode" in html, bad
    assert ConsentText.objects.count() == count
    assert not AuditEntry.objects.filter(object_type="cases.consenttext", action="create", actor_id__isnull=False)


def test_unknown_purpose_and_missing_fields_are_form_errors_not_500(world: World, admin: Client) -> None:
    count = ConsentText.objects.count()
    html = _html(
        admin.post(
            reverse("cases:settings_consent_text_create"),
            {"purpose": "marketing", "language": "ar", "text": "", "valid_from": "kein Datum"},
        )
    )
    assert html.count('aria-invalid="true"') == 3  # purpose, text and date
    assert ConsentText.objects.count() == count


def test_version_cannot_become_valid_before_the_previous_one(world: World, admin: Client) -> None:
    base = consent_text(world)  # valid from 2024-01-01
    html = _html(
        admin.post(
            reverse("cases:settings_consent_text_new_version", args=[base.pk]),
            {"text": "Neue Fassung", "valid_from": "2023-12-31"},
        )
    )
    assert (
        _t(
            "A new version cannot be valid before version %(version)s (valid from %(date)s).",
            version=1,
            date="01.01.2024",
        )
        in html
    )
    assert len(_texts(world, "de")) == 1


def test_editing_a_version_agreed_to_is_refused_with_a_way_forward(world: World, admin: Client) -> None:
    case = make_case(world)  # records a consent to version 1 (de)
    used = case.consents.get().text
    for name in ("cases:settings_consent_text_update", "cases:settings_consent_text_delete"):
        url = reverse(name, args=[used.pk])
        html = _html(admin.get(url))
        assert _t("This version cannot be changed") in html
        assert reverse("cases:settings_consent_text_new_version", args=[used.pk]) in html
        html = _html(admin.post(url, {"text": "Geändert", "valid_from": "2024-01-01"}))
        assert _t("This version cannot be changed") in html
    fresh = ConsentText.objects.get(pk=used.pk)
    assert fresh.text == used.text
    assert fresh.valid_from == used.valid_from
    with pytest.raises(ValidationFailed) as refused:
        services_settings.consent_text_update(
            actor=world.users["admin"], consent_text=used, text="Geändert", valid_from=used.valid_from
        )
    assert "Version 1" in refused.value.message
    with pytest.raises(ValidationFailed):
        services_settings.consent_text_delete(actor=world.users["admin"], consent_text=used)
    assert ConsentText.objects.filter(pk=used.pk).exists()
    detail = _html(admin.get(reverse("cases:settings_consent_text_detail", args=[used.pk])))
    assert reverse("cases:settings_consent_text_update", args=[used.pk]) not in detail


def test_a_version_nobody_agreed_to_can_be_corrected_and_deleted(world: World, admin: Client) -> None:
    draft = services_settings.consent_text_create(
        actor=None,
        region=world.region,
        purpose=ConsentPurpose.DATA_SHARING,
        language="ar",
        text="نص أول",
        valid_from=dt.date(2025, 1, 1),
    )
    response = admin.post(
        reverse("cases:settings_consent_text_update", args=[draft.pk]),
        {"text": ARABIC_TEXT, "valid_from": "2025-03-01"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.text == ARABIC_TEXT
    assert draft.version == 1
    update = _latest("cases.consenttext", "update")
    assert update.changes["valid_from"] == ["2025-01-01", "2025-03-01"]
    assert set(update.changes) == {"text", "valid_from"}

    delete_url = reverse("cases:settings_consent_text_delete", args=[draft.pk])
    warning = (
        "Nobody has agreed to this version yet. "
        "Deleting it cannot be undone; the deletion is recorded in the audit log."
    )
    assert _t(warning) in _html(admin.get(delete_url))
    response = admin.post(delete_url)
    assert response.status_code == 302
    assert not ConsentText.objects.filter(pk=draft.pk).exists()
    assert _latest("cases.consenttext", "delete").object_id == str(draft.pk)


def test_preview_shows_the_text_in_its_language_without_saving(world: World, admin: Client) -> None:
    count = ConsentText.objects.count()
    html = _html(
        admin.post(
            reverse("cases:settings_consent_text_create"),
            {
                "purpose": "case_management",
                "language": "ar",
                "text": ARABIC_TEXT,
                "valid_from": "2025-01-01",
                "preview": "1",
            },
        )
    )
    assert 'lang="ar" dir="auto"' in html
    assert ARABIC_TEXT in html
    assert _t("Preview (not saved yet)") in html
    assert ConsentText.objects.count() == count


def test_detail_page_previews_the_stored_text_and_lists_all_versions(world: World, admin: Client) -> None:
    first = services_settings.consent_text_create(
        actor=None,
        region=world.region,
        purpose=ConsentPurpose.CASE_MANAGEMENT,
        language="ar",
        text=ARABIC_TEXT,
        valid_from=dt.date(2025, 1, 1),
    )
    second = services_settings.consent_text_create(
        actor=None,
        region=world.region,
        purpose=ConsentPurpose.CASE_MANAGEMENT,
        language="ar",
        text=ARABIC_TEXT + " 2",
        valid_from=dt.date(2025, 2, 1),
    )
    html = _html(admin.get(reverse("cases:settings_consent_text_detail", args=[first.pk])))
    assert 'lang="ar" dir="auto"' in html
    assert "Arabisch" in html
    assert reverse("cases:settings_consent_text_detail", args=[second.pk]) in html
    assert _t("superseded") in html
    # The version in force is what case managers are offered.
    current = selectors.consent_texts_current(region=world.region).filter(language="ar").get()
    assert current.pk == second.pk


def test_list_pages_need_the_same_queries_for_one_or_many_texts_and_rules(world: World, admin: Client) -> None:
    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            _html(admin.get(url))
        return len(captured)

    urls = (reverse("cases:settings_consent_texts"), reverse("cases:settings_rules"))
    before = [queries(url) for url in urls]
    for number, language in enumerate(("ar", "uk", "fa", "prs", "ti"), start=1):
        for purpose in ConsentPurpose.values:
            services_settings.consent_text_create(
                actor=None, region=world.region, purpose=purpose, language=language, text="Text", valid_from=TODAY()
            )
        services_settings.target_group_rule_create(
            actor=None, region=world.region, code=f"regel-{number}", kind="manual", label_de=f"Regel {number}"
        )
    make_case(world)
    assert [queries(url) for url in urls] == before


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_settings_page_renders(world: World, admin: Client, language: str) -> None:
    text = consent_text(world)
    rule = _rule(world)
    admin.cookies["django_language"] = language
    urls = [
        reverse("cases:settings_consent_texts"),
        reverse("cases:settings_consent_text_create"),
        reverse("cases:settings_consent_text_create") + "?purpose=data_sharing",
        reverse("cases:settings_consent_text_detail", args=[text.pk]),
        reverse("cases:settings_consent_text_new_version", args=[text.pk]),
        reverse("cases:settings_consent_text_update", args=[text.pk]),
        reverse("cases:settings_consent_text_delete", args=[text.pk]),
        reverse("cases:settings_rules"),
        reverse("cases:settings_rule_create"),
        reverse("cases:settings_rule_update", args=[rule.pk]),
    ]
    for url in urls:
        body = _html(admin.get(url, HTTP_ACCEPT_LANGUAGE=language))
        assert body.count("<h1") == 1, url
        assert "{%" not in body, url
        assert "{{" not in body, url


# --- Target-group rules ---


def test_admin_creates_a_rule_at_the_end_of_the_order(world: World, admin: Client) -> None:
    response = admin.post(
        reverse("cases:settings_rule_create"),
        {
            "code": "wohnsitz_kreis",
            "kind": "manual",
            "label_de": "Wohnsitz im Kreis",
            "label_en": "Lives in the district",
            "months": "",
            "sort_order": "",
        },
    )
    assert response.status_code == 302
    rule = _rule(world, "wohnsitz_kreis")
    assert rule.is_active
    assert rule.sort_order > max(
        TargetGroupRule.objects.filter(region=world.region).exclude(pk=rule.pk).values_list("sort_order", flat=True)
    )
    assert _latest("cases.targetgrouprule", "create").changes["code"] == [None, "wohnsitz_kreis"]
    assert rule in selectors.target_group_rules_for_region(region=world.region)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"code": "neu", "kind": "arrived_within_months", "months": ""},
            "Please enter the number of months for this kind of rule.",
        ),
        (
            {"code": "neu", "kind": "manual", "months": "12"},
            "Months apply only to the rule “arrived in Germany within the last N months”. Please leave it empty.",
        ),
        (
            {"code": "arrived_36_months", "kind": "manual", "months": ""},
            "This region already has a rule with this key.",
        ),
        ({"code": "mit leerzeichen", "kind": "manual", "months": ""}, "Kürzel"),
        ({"code": "neu", "kind": "arrived_within_months", "months": "999"}, "240"),
        ({"code": "neu", "kind": "unknown", "months": ""}, "keine gültige Auswahl"),
    ],
)
def test_bad_rule_input_gives_german_messages_and_writes_nothing(
    world: World, admin: Client, data: dict[str, str], message: str
) -> None:
    count = TargetGroupRule.objects.count()
    html = _html(
        admin.post(
            reverse("cases:settings_rule_create"),
            {"label_de": "Neue Regel", "label_en": "", "sort_order": "", **data},
        )
    )
    assert _t(message) in html or message in html
    assert TargetGroupRule.objects.count() == count


def test_changing_months_keeps_recorded_checks_and_applies_from_now_on(world: World, admin: Client) -> None:
    case = make_case(world)  # the person arrived about 13 months before today
    rule = _rule(world)
    check = TargetGroupCheck.objects.create(
        region=world.region,
        case=case,
        rule=rule,
        suggested=services.target_group_suggestion(rule, case.client, on=case.opened_on),
        result=TargetGroupCheck.Result.MET,
        checked_by=world.users["fallmanagement1"],
        checked_on=case.opened_on,
    )
    assert check.suggested == TargetGroupCheck.Result.MET
    response = admin.post(
        reverse("cases:settings_rule_update", args=[rule.pk]),
        {
            "kind": rule.kind,
            "label_de": "Einreise vor höchstens 6 Monaten",
            "label_en": rule.label_en,
            "months": "6",
            "sort_order": str(rule.sort_order),
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.months == 6
    stored = TargetGroupCheck.objects.get(pk=check.pk)
    assert (stored.suggested, stored.result, stored.checked_on) == (
        TargetGroupCheck.Result.MET,
        TargetGroupCheck.Result.MET,
        case.opened_on,
    )
    assert stored.updated_at == check.updated_at
    # A check made from now on uses the new number of months.
    assert services.target_group_suggestion(rule, case.client, on=case.opened_on) == TargetGroupCheck.Result.NOT_MET
    assert _latest("cases.targetgrouprule", "update").changes["months"] == [36, 6]
    assert not AuditEntry.objects.filter(object_type="cases.targetgroupcheck", action="update").exists()


def test_kind_of_a_rule_checked_on_cases_cannot_change(world: World, admin: Client) -> None:
    case = make_case(world)
    rule = _rule(world)
    TargetGroupCheck.objects.create(
        region=world.region,
        case=case,
        rule=rule,
        suggested=TargetGroupCheck.Result.MET,
        result=TargetGroupCheck.Result.MET,
        checked_on=case.opened_on,
    )
    form = _html(admin.get(reverse("cases:settings_rule_update", args=[rule.pk])))
    assert "disabled" in form
    with pytest.raises(ValidationFailed):
        services_settings.target_group_rule_update(
            actor=world.users["admin"],
            rule=rule,
            kind=TargetGroupRule.Kind.MANUAL,
            label_de=rule.label_de,
            label_en=rule.label_en,
            months=None,
            sort_order=rule.sort_order,
            is_active=True,
        )
    # The disabled field keeps the stored kind even if a changed value is posted.
    admin.post(
        reverse("cases:settings_rule_update", args=[rule.pk]),
        {"kind": "manual", "label_de": rule.label_de, "months": "36", "sort_order": "10", "is_active": "on"},
    )
    rule.refresh_from_db()
    assert rule.kind == TargetGroupRule.Kind.ARRIVED_WITHIN_MONTHS


def test_deactivated_rule_is_no_longer_asked_and_its_checks_stay(world: World, admin: Client) -> None:
    case = make_case(world)
    rule = _rule(world)
    check = TargetGroupCheck.objects.create(
        region=world.region,
        case=case,
        rule=rule,
        suggested=TargetGroupCheck.Result.MET,
        result=TargetGroupCheck.Result.MET,
        checked_on=case.opened_on,
    )
    response = admin.post(reverse("cases:settings_rule_deactivate", args=[rule.pk]))
    assert response.status_code == 302
    rule.refresh_from_db()
    assert not rule.is_active
    assert rule not in selectors.target_group_rules_for_region(region=world.region)
    assert TargetGroupCheck.objects.get(pk=check.pk).result == TargetGroupCheck.Result.MET
    assert _latest("cases.targetgrouprule", "update").changes == {"is_active": [True, False]}
    html = _html(admin.get(reverse("cases:settings_rules")))
    assert _t("inactive") in html
    assert reverse("cases:settings_rule_activate", args=[rule.pk]) in html

    admin.post(reverse("cases:settings_rule_activate", args=[rule.pk]))
    rule.refresh_from_db()
    assert rule.is_active
    # Deactivating twice writes nothing the second time.
    entries = AuditEntry.objects.count()
    admin.post(reverse("cases:settings_rule_activate", args=[rule.pk]))
    assert AuditEntry.objects.count() == entries


def test_rules_move_up_and_down_and_bad_direction_is_a_message(world: World, admin: Client) -> None:
    first, second = list(TargetGroupRule.objects.filter(region=world.region).order_by("sort_order"))[:2]
    response = admin.post(reverse("cases:settings_rule_move", args=[second.pk]), {"direction": "up"})
    assert response.status_code == 302
    order = list(TargetGroupRule.objects.filter(region=world.region).order_by("sort_order"))
    assert order[:2] == [second, first]
    assert AuditEntry.objects.filter(object_type="cases.targetgrouprule", action="update").exists()

    # Moving the first rule up changes nothing and writes nothing.
    entries = AuditEntry.objects.count()
    admin.post(reverse("cases:settings_rule_move", args=[second.pk]), {"direction": "up"})
    assert AuditEntry.objects.count() == entries

    response = admin.post(reverse("cases:settings_rule_move", args=[second.pk]), {"direction": "sideways"}, follow=True)
    assert response.status_code == 200
    assert _t("Please choose whether to move the rule up or down.") in response.content.decode()
    assert list(TargetGroupRule.objects.filter(region=world.region).order_by("sort_order"))[:2] == [second, first]


def test_rule_list_shows_inactive_rules_and_order(world: World, admin: Client) -> None:
    rule = _rule(world, "no_other_case_management")
    services_settings.target_group_rule_set_active(actor=None, rule=rule, is_active=False)
    html = _html(admin.get(reverse("cases:settings_rules")))
    assert rule.label_de in html
    assert _rule(world).label_de in html
    assert html.index(_rule(world).label_de) < html.index(rule.label_de)
