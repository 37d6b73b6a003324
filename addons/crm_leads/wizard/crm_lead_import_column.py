# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmLeadImportColumn(models.TransientModel):
    """One column of the uploaded file and the lead field it fills."""

    _name = "crm.lead.import.column"
    _description = "Lead Import Column"
    _order = "column_index"

    wizard_id = fields.Many2one("crm.lead.import", required=True, ondelete="cascade")
    column_index = fields.Integer(required=True)
    header = fields.Char("Column", readonly=True)
    sample = fields.Char("First Value", readonly=True)
    field_key = fields.Selection(
        [
            ("name", "Lead Name"),
            ("partner_name", "Company"),
            ("contact_name", "Contact"),
            ("email_from", "Email"),
            ("phone", "Phone"),
            ("mobile", "Mobile"),
            ("function", "Job Position"),
            ("website", "Website"),
            ("street", "Street"),
            ("city", "City"),
            ("zip", "Zip"),
            ("country", "Country"),
            ("source", "Source"),
            ("description", "Notes"),
        ],
        string="Lead Field",
        help="Leave empty to ignore the column.",
    )
