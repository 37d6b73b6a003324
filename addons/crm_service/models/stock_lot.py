# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class StockLot(models.Model):
    _inherit = "stock.lot"

    crm_warranty_end_date = fields.Date(
        "Warranty End Date",
        index="btree_not_null",
        help="Service on this serial number is under warranty until this day included.",
    )
