# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_auto_assignment = fields.Boolean(
        related="company_id.crm_auto_assignment",
        readonly=False,
    )
    crm_pool_claim_limit = fields.Integer(
        related="company_id.crm_pool_claim_limit", readonly=False
    )
    crm_birthday_notice_days = fields.Integer(
        related="company_id.crm_birthday_notice_days", readonly=False
    )
