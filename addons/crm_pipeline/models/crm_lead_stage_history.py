# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmLeadStageHistory(models.Model):
    """One row per stage move of a lead, written by the system (see crm.lead.write).

    ``date_from``/``date_to`` bound the stay in ``stage_from_id``; ``duration`` is that
    stay in days, so the average time spent per stage is a plain read_group on it.
    Team, salesperson and company are those of the lead at the time of the move.
    """

    _name = "crm.lead.stage.history"
    _description = "Lead Stage History"
    _order = "date_to desc, id desc"
    _inherit = ["crm.parent.access.mixin"]
    _rec_name = "lead_id"
    _crm_access_parents = {"lead_id": "read"}

    lead_id = fields.Many2one(
        "crm.lead", "Opportunity", required=True, index=True, ondelete="cascade", readonly=True
    )
    team_id = fields.Many2one("crm.team", "Sales Team", index=True, readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", index=True, readonly=True)
    stage_from_id = fields.Many2one("crm.stage", "From Stage", index=True, readonly=True)
    stage_to_id = fields.Many2one("crm.stage", "To Stage", index=True, readonly=True)
    date_from = fields.Datetime(
        "Entered Previous Stage", readonly=True, help="When the lead entered the From Stage."
    )
    date_to = fields.Datetime("Moved On", required=True, index=True, readonly=True)
    duration = fields.Float(
        "Days in Previous Stage",
        digits=(16, 2),
        aggregator="avg",
        readonly=True,
        help="Days the lead stayed in the From Stage before this move.",
    )
    moved_by_id = fields.Many2one("res.users", readonly=True)
    kind = fields.Selection(
        [("move", "Move"), ("approved", "Approved Move"), ("rejected", "Rejected Request")],
        default="move",
        required=True,
        readonly=True,
        help="Rejected requests are logged without moving the lead: they are not moves and "
        "are left out of stay durations.",
    )
    approval_id = fields.Many2one(
        "crm.stage.approval", readonly=True, index="btree_not_null", ondelete="set null"
    )
    comment = fields.Text(readonly=True)
    company_id = fields.Many2one("res.company", index=True, readonly=True)
