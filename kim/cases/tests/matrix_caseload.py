"""Objects of region A for the caseload, monitoring, export and API rows of the permission matrix.

Loaded by tests/permission_matrix.py (every kim/<app>/tests/matrix*.py). Builders come
from matrix.py (helper A), so case, client and step are the same objects there and here.
"""

from __future__ import annotations

from django.utils import timezone

from kim.cases.models import FollowUp
from kim.cases.tests.matrix import make_case, make_step
from tests.permission_matrix import register_objects


def make_follow_up(w):
    follow_up, _ = FollowUp.objects.get_or_create(
        region=w.region,
        case=make_case(w),
        subject="Rückruf Jobcenter",
        defaults={"due_on": timezone.localdate(), "assigned_to": w.users["fallmanagement1"]},
    )
    return follow_up


register_objects("cases:case_monitoring")(lambda w: {"pk": make_case(w).pk})
register_objects("cases:follow_up_done")(lambda w: {"pk": make_follow_up(w).pk})
for _name in ("cases:client_export", "cases:client_export_json", "cases:client_export_zip", "cases:client_corrections"):
    register_objects(_name)(lambda w: {"pk": make_case(w).client.pk})

register_objects("api GET /api/v1/cases/{case_id}")(lambda w: {"case_id": make_case(w).pk})
register_objects("api POST /api/v1/cases/{case_id}/contacts")(lambda w: {"case_id": make_case(w).pk})
register_objects("api POST /api/v1/cases/{case_id}/notes")(lambda w: {"case_id": make_case(w).pk})
register_objects("api POST /api/v1/cases/{case_id}/steps/{step_id}/status")(
    lambda w: {"case_id": make_case(w).pk, "step_id": make_step(w).pk}
)
register_objects("api GET /api/v1/cases/clients/{client_id}")(lambda w: {"client_id": make_case(w).client.pk})
register_objects("api GET /api/v1/cases/clients/{client_id}/export")(lambda w: {"client_id": make_case(w).client.pk})
