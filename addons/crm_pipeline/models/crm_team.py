# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    crm_probability_mode = fields.Selection(
        [("predictive", "Predictive (Odoo)"), ("stage", "Stage Probability")],
        "Probability",
        default="predictive",
        required=True,
        help="Stage Probability: an opportunity's probability is its stage's fixed Win "
        "Probability whenever it changes stage. Predictive: Odoo's automated probability.",
    )
