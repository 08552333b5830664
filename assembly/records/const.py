"""Names and limits of session records: abort codes, paging, audit subjects."""

from __future__ import annotations

ABORT_CODES: dict[str, str] = {
    "material_defect": "Material defect",
    "contamination": "Contamination",
    "operator_error": "Operator error",
    "equipment_fault": "Equipment fault",
    "glovebox_atmosphere": "Glove-box atmosphere out of range",
    "other": "Other (explain)",
}
ABORT_REASON_MAX = 1000
PAGE_SIZE = 50
TEXT_FILTER_MAX = 200
# The audit subject of a session: every part of the module records session changes under it.
SESSION_SUBJECT = "assembly_session"
ACTION_ABORT_CODE = "assembly.session.abort_code"
ACTION_SIGN_OFF = "assembly.session.sign_off"
ACTION_LEGACY_IMPORT = "assembly.legacy_import"
