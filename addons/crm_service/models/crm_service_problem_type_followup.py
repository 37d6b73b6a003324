# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmServiceProblemType(models.Model):
    _inherit = "crm.service.problem.type"

    followup_days = fields.Integer(
        "Follow-up After (days)",
        default=0,
        help="Days after the resolution of an order of this category when its "
        "technician gets a follow-up visit activity. 0: no follow-up.",
    )
