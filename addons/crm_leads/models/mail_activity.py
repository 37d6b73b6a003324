# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        # read the documents before the activities are deleted by super()
        documents = [
            (model, activity_data["record_ids"])
            for model, activity_data in self._classify_by_model().items()
        ]
        result = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        today = fields.Date.context_today(self)
        partners = self.env["res.partner"]
        for model, record_ids in documents:
            records = self.env[model].browse(record_ids)
            if hasattr(records, "_crm_contact_partners"):
                # sudo: activity assignees may mark done activities on records
                # they cannot read (as mail does); only partners are read here
                partners |= records.sudo().exists()._crm_contact_partners()
        if partners:
            partners._crm_register_contact(today)
        return result
