"""Objects of region A for the case-work API rows of the permission matrix (kim/cases/api_casework.py).

Loaded by tests/permission_matrix.py (every kim/<app>/tests/matrix*.py). The builders are
those of matrix.py and matrix_caseload.py, so every row uses the same case of team A.
"""

from __future__ import annotations

from kim.cases.models import ConsentPurpose
from kim.cases.tests.matrix import (
    make_assessment,
    make_case,
    make_document,
    make_goal,
    make_language,
    make_need,
    make_note,
    make_step,
)
from kim.cases.tests.matrix_caseload import make_follow_up
from tests.permission_matrix import register_objects

CASE_OPERATIONS = (
    "api POST /api/v1/cases/{case_id}/consents",
    "api GET /api/v1/cases/{case_id}/target-group",
    "api PUT /api/v1/cases/{case_id}/target-group",
    "api POST /api/v1/cases/{case_id}/decision",
    "api POST /api/v1/cases/{case_id}/assessments",
    "api POST /api/v1/cases/{case_id}/goals",
    "api POST /api/v1/cases/{case_id}/follow-ups",
    "api POST /api/v1/cases/{case_id}/legal-domain-changes",
    "api POST /api/v1/cases/{case_id}/close",
    "api POST /api/v1/cases/{case_id}/reopen",
    "api GET /api/v1/cases/{case_id}/documents",
    "api POST /api/v1/cases/{case_id}/documents",
)
for _key in CASE_OPERATIONS:
    register_objects(_key)(lambda w: {"case_id": make_case(w).pk})

for _key in ("api PATCH /api/v1/cases/clients/{client_id}", "api POST /api/v1/cases/clients/{client_id}/cases"):
    register_objects(_key)(lambda w: {"client_id": make_case(w).client.pk})

register_objects("api POST /api/v1/cases/{case_id}/consents/{consent_id}/withdrawal")(
    lambda w: {
        "case_id": make_case(w).pk,
        "consent_id": make_case(w).consents.get(purpose=ConsentPurpose.CASE_MANAGEMENT).pk,
    }
)
for _key in (
    "api PUT /api/v1/cases/{case_id}/assessments/{assessment_id}",
    "api POST /api/v1/cases/{case_id}/assessments/{assessment_id}/needs",
):
    register_objects(_key)(lambda w: {"case_id": make_case(w).pk, "assessment_id": make_assessment(w).pk})
for _key in (
    "api PATCH /api/v1/cases/{case_id}/goals/{goal_id}",
    "api POST /api/v1/cases/{case_id}/goals/{goal_id}/evaluation",
    "api POST /api/v1/cases/{case_id}/goals/{goal_id}/steps",
):
    register_objects(_key)(lambda w: {"case_id": make_case(w).pk, "goal_id": make_goal(w).pk})
register_objects("api PUT /api/v1/cases/{case_id}/notes/{note_id}")(
    lambda w: {"case_id": make_case(w).pk, "note_id": make_note(w).pk}
)
register_objects("api POST /api/v1/cases/follow-ups/{follow_up_id}/done")(
    lambda w: {"follow_up_id": make_follow_up(w).pk}
)

# Documents, needs, steps and client languages (kim/cases/api_records.py).
for _key in (
    "api GET /api/v1/cases/{case_id}/documents/{document_id}/file",
    "api DELETE /api/v1/cases/{case_id}/documents/{document_id}",
):
    register_objects(_key)(lambda w: {"case_id": make_case(w).pk, "document_id": make_document(w).pk})
register_objects("api DELETE /api/v1/cases/{case_id}/needs/{need_id}")(
    lambda w: {"case_id": make_case(w).pk, "need_id": make_need(w).pk}
)
register_objects("api PUT /api/v1/cases/{case_id}/steps/{step_id}")(
    lambda w: {"case_id": make_case(w).pk, "step_id": make_step(w).pk}
)
register_objects("api POST /api/v1/cases/clients/{client_id}/languages")(
    lambda w: {"client_id": make_case(w).client.pk}
)
register_objects("api DELETE /api/v1/cases/clients/{client_id}/languages/{language_id}")(
    lambda w: {"client_id": make_case(w).client.pk, "language_id": make_language(w).pk}
)
