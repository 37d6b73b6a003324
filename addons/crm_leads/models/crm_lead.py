# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.contact.key.mixin"]

    def _crm_contact_partners(self):
        # customer profile: messages and done activities on a lead are a contact
        # with its customer
        return self.partner_id
