# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _crm_contact_partners(self):
        """Customers a message or a done activity on these records is a contact
        with. Models that concern a customer override it (res.partner, crm.lead,
        calendar.event here; orders and service orders in other addons)."""
        return self.env["res.partner"]

    def _message_post_after_hook(self, message, msg_values):
        res = super()._message_post_after_hook(message, msg_values)
        if self._crm_is_contact_message(message, msg_values):
            partners = self._crm_contact_partners()
            if partners:
                partners._crm_register_contact(message.date)
        return res

    def _crm_is_contact_message(self, message, msg_values):
        """E-mails (in or out) and comments sent by internal users count as a
        contact; internal notes and system notifications do not."""
        message_type = msg_values.get("message_type")
        if message_type == "email":
            return True
        if message_type != "comment":
            return False
        subtype = message.subtype_id
        if not subtype or subtype.internal:
            return False
        return any(not user.share for user in message.author_id.user_ids)
