# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Recompute what the calls' times now decide: state, outcome, waiting and
talking time (the pre-migration filled the times from the old columns), and let
the PBX technical user (new) act in the companies of the existing PBXs."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    Call = env["crm.cti.call"].with_context(active_test=False)
    calls = Call.search([])
    for fname in ("state", "outcome", "wait_time", "talk_time"):
        env.add_to_compute(Call._fields[fname], calls)
    calls.flush_recordset(["state", "outcome", "wait_time", "talk_time"])
    env["crm.cti.pbx"].with_context(active_test=False).search([])._cti_allow_robot()
