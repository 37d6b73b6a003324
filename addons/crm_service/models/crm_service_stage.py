# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models

STAGE_TYPES = [
    ("new", "New"),
    ("assigned", "Assigned"),
    ("in_progress", "In Progress"),
    ("waiting_parts", "Waiting for Parts"),
    ("waiting_customer", "Waiting for Customer"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
CLOSED_STAGE_TYPES = ("resolved", "closed", "cancelled")
PAUSED_STAGE_TYPES = ("waiting_parts", "waiting_customer")


class CrmServiceStage(models.Model):
    _name = "crm.service.stage"
    _description = "Service Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(
        "Folded in Kanban", help="Folded on the dispatch board when it has no order."
    )
    team_ids = fields.Many2many(
        "crm.service.team",
        "crm_service_stage_team_rel",
        "stage_id",
        "team_id",
        "Teams",
        help="Teams using this stage; leave empty for every team.",
    )
    stage_type = fields.Selection(
        STAGE_TYPES,
        required=True,
        default="new",
        index=True,
        help="What the stage means for the workflow, the SLA and the reports, "
        "whatever its name.",
    )
    sla_paused = fields.Boolean(
        "Pauses SLA",
        compute="_compute_sla_paused",
        store=True,
        readonly=False,
        help="The SLA clock stops while an order is in this stage.",
    )
    description = fields.Text(translate=True)

    @api.depends("stage_type")
    def _compute_sla_paused(self):
        for stage in self:
            stage.sla_paused = stage.stage_type in PAUSED_STAGE_TYPES
