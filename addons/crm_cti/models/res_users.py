# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    cti_extension = fields.Char(
        "Phone Extension",
        copy=False,
        index="btree_not_null",
        help="Extension of the user's desk phone on the PBX: calls ringing there "
        "are logged for this user.",
    )

    _sql_constraints = [
        (
            "cti_extension_company_uniq",
            "UNIQUE(company_id, cti_extension)",
            "Two users of the same company cannot share a phone extension.",
        ),
    ]

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["cti_extension"]
