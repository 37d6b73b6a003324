# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmCtiPbxToken(models.TransientModel):
    """Shows a PBX's new clear token once: only its hash is kept on the PBX, and
    this transient record (readable by its creator only) is vacuumed soon."""

    _name = "crm.cti.pbx.token"
    _description = "New PBX Token"

    pbx_id = fields.Many2one("crm.cti.pbx", string="PBX", required=True, ondelete="cascade")
    token = fields.Char(readonly=True)
