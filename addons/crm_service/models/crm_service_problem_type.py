# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmServiceProblemType(models.Model):
    _name = "crm.service.problem.type"
    _description = "Service Problem Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    team_id = fields.Many2one(
        "crm.service.team",
        "Service Team",
        index="btree_not_null",
        help="Requests of this type are routed to this team.",
    )
    followup_days = fields.Integer(
        "Follow-up After (Days)",
        help="A follow-up visit is planned this many days after an order of this type "
        "is resolved; 0 for none.",
    )

