"""PostgreSQL: refuse TRUNCATE on the audit log too (row triggers do not fire on TRUNCATE).

SQLite has no TRUNCATE statement; its DELETE trigger (0002) covers "DELETE FROM" without WHERE.
"""

from django.db import migrations

FORWARD = """
CREATE TRIGGER core_auditentry_no_truncate BEFORE TRUNCATE ON core_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION core_auditentry_append_only();
"""
BACKWARD = "DROP TRIGGER IF EXISTS core_auditentry_no_truncate ON core_auditentry;"


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_website_field")]
    operations = [migrations.RunPython(forward, backward)]
