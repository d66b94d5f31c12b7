"""Nobody can change the audit log: not through the application, the ORM, nor raw SQL.

The raw-SQL tests run on SQLite and, with DATABASE_URL pointing to PostgreSQL, on
PostgreSQL: both refuse through the triggers of migration core 0002. SQLite reports an
IntegrityError, PostgreSQL an InternalError; both are DatabaseErrors. Each attempt runs
in its own savepoint (transaction.atomic) so the test database stays usable afterwards.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.db import DatabaseError, connection, models, transaction
from django.urls import get_resolver

from conftest import World
from kim.core import audit
from kim.core.models import AuditEntry


@pytest.fixture
def entry(world: World) -> AuditEntry:
    return audit.record(
        actor=world.users["admin"],
        action=AuditEntry.Action.UPDATE,
        object_type="core.municipality",
        object_id=world.municipalities[0].pk,
        region=world.region,
        changes={"name": ["Siegen", "Siegen (Universitätsstadt)"]},
        via="POST /verwaltung/kommunen/",
    )


def _unchanged(entry: AuditEntry) -> bool:
    stored = AuditEntry.objects.get(pk=entry.pk)
    return (stored.actor_label, stored.changes, stored.via) == (
        "admin",
        {"name": ["Siegen", "Siegen (Universitätsstadt)"]},
        "POST /verwaltung/kommunen/",
    )


def _table() -> str:
    return connection.ops.quote_name(AuditEntry._meta.db_table)


def test_saving_an_existing_entry_raises(entry: AuditEntry) -> None:
    entry.actor_label = "jemand-anderes"

    with pytest.raises(TypeError, match="append-only"):
        entry.save()

    assert _unchanged(entry)


def test_saving_a_fetched_entry_raises(entry: AuditEntry) -> None:
    fetched = AuditEntry.objects.get(pk=entry.pk)
    fetched.via = "GET /woanders/"

    with pytest.raises(TypeError, match="append-only"):
        fetched.save(update_fields=["via"])

    assert _unchanged(entry)


def test_deleting_an_entry_raises(entry: AuditEntry) -> None:
    with pytest.raises(TypeError, match="append-only"):
        entry.delete()

    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_queryset_update_raises(entry: AuditEntry) -> None:
    with pytest.raises(TypeError, match="append-only"):
        AuditEntry.objects.filter(pk=entry.pk).update(actor_label="jemand-anderes")

    assert _unchanged(entry)


def test_queryset_delete_raises(entry: AuditEntry) -> None:
    count = AuditEntry.objects.count()

    with pytest.raises(TypeError, match="append-only"):
        AuditEntry.objects.all().delete()

    assert AuditEntry.objects.count() == count


def test_database_refuses_raw_sql_update(entry: AuditEntry) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"UPDATE {_table()} SET actor_label = %s WHERE id = %s", ["jemand-anderes", entry.pk])  # noqa: S608

    assert _unchanged(entry)  # the connection still works after the refusal


def test_database_refuses_raw_sql_delete(entry: AuditEntry) -> None:
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {_table()} WHERE id = %s", [entry.pk])  # noqa: S608

    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_database_refuses_to_empty_the_table(entry: AuditEntry) -> None:
    count = AuditEntry.objects.count()

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {_table()}")  # noqa: S608

    assert AuditEntry.objects.count() == count


def test_database_refuses_an_orm_update_that_bypasses_the_model_guard(entry: AuditEntry) -> None:
    """Even code that calls the plain QuerySet.update (skipping AuditQuerySet) is stopped by the trigger."""
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        models.QuerySet.update(AuditEntry.objects.filter(pk=entry.pk), via="GET /woanders/")

    assert _unchanged(entry)


def test_new_entries_can_still_be_added_after_a_refusal(world: World, entry: AuditEntry) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_table()} WHERE id = %s", [entry.pk])  # noqa: S608

    added = audit.record(actor=None, action=AuditEntry.Action.READ, object_type="core.region", region=world.region)

    assert AuditEntry.objects.filter(pk=added.pk).exists()


def test_the_audit_urls_only_search_and_export() -> None:
    _prefix, resolver = get_resolver().namespace_dict["audit"]
    audit_names = {getattr(pattern, "name", None) for pattern in resolver.url_patterns}

    assert audit_names == {"search", "export_csv", "export_json"}


@pytest.mark.parametrize("url", ["/protokoll/", "/protokoll/export.csv", "/protokoll/export.jsonl"])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_audit_pages_refuse_writing_methods(world: World, entry: AuditEntry, url: str, method: str) -> None:
    client = world.client_for("datenschutz")
    count = AuditEntry.objects.count()

    response = getattr(client, method)(url)

    assert response.status_code == 405
    assert AuditEntry.objects.count() == count
    assert _unchanged(entry)


def test_the_django_admin_cannot_change_the_log() -> None:
    model_admin = admin.site._registry.get(AuditEntry)
    registered_writable = model_admin is not None and (
        model_admin.has_change_permission(request=None)  # type: ignore[arg-type]
        or model_admin.has_delete_permission(request=None)  # type: ignore[arg-type]
    )
    assert not registered_writable


def test_postgresql_refuses_truncate(entry: AuditEntry) -> None:
    if connection.vendor != "postgresql":
        # SQLite has no TRUNCATE; "DELETE FROM" without WHERE is covered above.
        assert connection.vendor == "sqlite"
        return
    with transaction.atomic(), connection.cursor() as cursor:
        # Flush pending foreign-key checks of the test transaction so that our trigger answers.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            cursor.execute(f"TRUNCATE {_table()} CASCADE")
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
