# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmServiceProblemType(models.Model):
    _inherit = "crm.service.problem.type"

    resolution_required = fields.Boolean(
        "Root Cause Required",
        help="Orders of this category can only be resolved with a root cause, a "
        "responsible department and a resolution (defects feed the defect analysis; "
        "an installation or a how-to question usually has no root cause).",
    )
