# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmStage(models.Model):
    _inherit = "crm.stage"

    crm_stage_probability = fields.Float(
        "Win Probability (%)",
        digits=(5, 2),
        help="Fixed chance of winning an opportunity in this stage, used to weight the "
        "expected revenue in forecasts (unlike the per-opportunity predictive probability).",
    )

    crm_requires_approval = fields.Boolean(
        "Requires Approval",
        help="Salespeople cannot move an opportunity into this stage themselves: the move "
        "becomes an approval request for the team leader or a sales manager.",
    )
    crm_required_field_names = fields.Char(
        "Required Fields",
        help="Comma-separated technical names of opportunity fields (e.g. "
        "'partner_id, expected_revenue') that must be set before entering this stage.",
    )
    crm_stale_days = fields.Integer(
        "Stale After (Days)",
        help="Opportunities that stay this many days in the stage with no activity planned "
        "are reported to their salesperson by a daily to-do. 0 disables it.",
    )

    _sql_constraints = [
        (
            "crm_stage_probability_range",
            "CHECK(crm_stage_probability >= 0 AND crm_stage_probability <= 100)",
            "The win probability of a stage must be between 0 and 100.",
        ),
    ]

    @api.constrains("crm_required_field_names")
    def _check_crm_required_field_names(self):
        lead_fields = self.env["crm.lead"]._fields
        for stage in self:
            unknown = [
                name for name in stage._crm_required_fields() if name not in lead_fields
            ]
            if unknown:
                raise ValidationError(
                    self.env._(
                        "Unknown opportunity fields in stage %(stage)s: %(fields)s",
                        stage=stage.name,
                        fields=", ".join(unknown),
                    )
                )

    def _crm_required_fields(self):
        """Technical names listed in ``crm_required_field_names``, in order."""
        self.ensure_one()
        names = (self.crm_required_field_names or "").replace(";", ",").split(",")
        return [name.strip() for name in names if name.strip()]
