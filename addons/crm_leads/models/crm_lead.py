# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.contact.key.mixin", "crm.link.guard.mixin"]

    def _compute_activity_user_id(self):
        # mail reads each record's first activity alone (activity_ids[0] loses the
        # prefetch), two queries per opportunity of a list or kanban page: fetch the
        # responsibles of all the activities of the page at once first
        self.activity_ids._origin.fetch(["user_id"])
        super()._compute_activity_user_id()

    def _crm_contact_partners(self):
        # customer profile: messages and done activities on a lead are a contact
        # with its customer
        return self.partner_id
