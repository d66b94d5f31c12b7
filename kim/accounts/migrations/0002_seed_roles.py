from django.db import migrations

ROLE_CODES = [
    "case_manager",
    "team_lead",
    "coordinator",
    "assistant",
    "authority_staff",
    "steering_member",
    "project_member",
    "partner_staff",
    "dpo",
    "region_admin",
    "state_analyst",
]


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    Role = apps.get_model("accounts", "Role")
    for code in ROLE_CODES:
        Role.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
