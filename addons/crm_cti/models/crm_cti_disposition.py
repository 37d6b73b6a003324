# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmCtiDisposition(models.Model):
    """How a call ended from the business side (sale, complaint, wrong number...)."""

    _name = "crm.cti.disposition"
    _description = "Call Disposition"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
