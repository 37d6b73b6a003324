# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmStage(models.Model):
    _inherit = "crm.stage"

    crm_stage_probability = fields.Float(
        "Win Probability (%)",
        digits=(5, 2),
        help="Fixed chance of winning an opportunity in this stage, used to weight the "
        "expected revenue in forecasts (unlike the per-opportunity predictive probability).",
    )

    _sql_constraints = [
        (
            "crm_stage_probability_range",
            "CHECK(crm_stage_probability >= 0 AND crm_stage_probability <= 100)",
            "The win probability of a stage must be between 0 and 100.",
        ),
    ]
