# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from markupsafe import Markup

from odoo import api, models
from odoo.tools import email_normalize, parse_contact_from_email


class CrmServiceOrder(models.Model):
    _inherit = "crm.service.order"

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A mail to a team's alias: a new order of that team (alias defaults), from
        the customer found by crm_leads' e-mail key, or a new contact."""
        values = {"channel": "email"}
        values.update(custom_values or {})
        values["name"] = "/"  # the sequence numbers it, the subject goes in the description
        contact = self._service_contact_from_email(msg_dict.get("email_from"))
        if contact:
            values.setdefault("partner_id", contact.commercial_partner_id.id)
            values.setdefault("contact_id", False if contact.is_company else contact.id)
        subject = msg_dict.get("subject") or ""
        body = msg_dict.get("body") or ""
        values.setdefault(
            "description",
            Markup("<p><strong>%s</strong></p>%s") % (subject, Markup(body))
            if subject
            else Markup(body),
        )
        order = super().message_new(msg_dict, custom_values=values)
        if order.contact_id or order.partner_id:
            order.message_subscribe((order.contact_id or order.partner_id).ids)
        return order

    def message_update(self, msg_dict, update_vals=None):
        """The customer's answer puts an order waiting for them back in progress."""
        result = super().message_update(msg_dict, update_vals=update_vals)
        self.filtered(lambda order: order.stage_type == "waiting_customer")._service_set_stage_type(
            "in_progress"
        )
        return result

    @api.model
    def _service_contact_from_email(self, email_from):
        """The partner writing from ``email_from``: matched on crm_leads' normalised
        e-mail key (a person before a company), else created as a new contact."""
        email = email_normalize(email_from or "", strict=False)
        if not email:
            return self.env["res.partner"]
        Partner = self.env["res.partner"]
        [match] = Partner._crm_match_batch([{"email_from": email}])
        candidates = Partner.browse(sorted(match["partner_ids"])).filtered(
            lambda partner: partner.email_normalized == email
        )
        if candidates:
            return candidates.sorted(lambda partner: (partner.is_company, partner.id))[0]
        name, parsed_email = parse_contact_from_email(email_from)
        return Partner.create({"name": name or parsed_email or email, "email": parsed_email or email})
