# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_quote_conflict_days = fields.Integer(
        string="Quote Conflict Window (days)",
        default=30,
        help="Warn the salespeople and their team leader when two of them quote the same "
        "product to the same customer at different prices within this many days "
        "(0 disables the check).",
    )
