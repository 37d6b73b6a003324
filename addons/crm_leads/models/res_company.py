# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_auto_assignment = fields.Boolean(
        "Auto-assign New Leads",
        help="Apply the lead assignment rules to every new lead created without "
        "a salesperson or a sales team.",
    )
    # customer profile: public pool and reminders
    crm_pool_claim_limit = fields.Integer(
        "Pool Claims per Day",
        default=10,
        help="How many customers a salesperson may claim from the public pool per "
        "day. 0 means no limit.",
    )
    crm_birthday_notice_days = fields.Integer(
        "Birthday Reminder (days ahead)",
        default=7,
        help="Owners get an activity this many days before a contact's birthday.",
    )
