# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    cti_call_id = fields.Many2one(
        "crm.cti.call",
        string="Missed Call",
        index="btree_not_null",
        ondelete="set null",
        groups="crm_cti.group_crm_cti_agent",
        help="Missed call this call-back activity was scheduled for: one open "
        "call-back per number, closed when the number is called back.",
    )
