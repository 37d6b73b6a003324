# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmLead(models.Model):
    """Leads remember the web-to-lead form that created them."""

    _inherit = "crm.lead"

    lead_form_id = fields.Many2one(
        "crm.lead.form",
        string="Web Form",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="Web-to-lead form this lead was submitted through.",
    )
