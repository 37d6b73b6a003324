# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, models
from odoo.tools import format_datetime

# More matches than this and the agent gets a short list of the first ones.
CHOOSER_LIMIT = 8


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------
    # CALLER CARD
    # ------------------------------------------------------------

    def _crm_caller_card_sections(self):
        """Recent calls of the caller's customer, as far as the agent sees them."""
        sections = super()._crm_caller_card_sections()
        Call = self.env["crm.cti.call"]
        if not Call.has_access("read"):
            return sections
        # the call ringing now is not a "recent" one
        per_customer = self._crm_caller_card_records(
            "crm.cti.call", [("state", "!=", "ringing")], "date_ring desc, id desc"
        )
        directions = dict(Call._fields["direction"]._description_selection(self.env))
        outcomes = dict(Call._fields["outcome"]._description_selection(self.env))
        states = dict(Call._fields["state"]._description_selection(self.env))
        for partner in self:
            calls, count = per_customer.get(partner.commercial_partner_id.id, (Call, 0))
            if not count:
                continue
            sections[partner.id].append(
                {
                    "key": "calls",
                    "title": self.env._("Recent Calls (%(count)s)", count=count),
                    "lines": [
                        {
                            "label": self.env._(
                                "%(direction)s, %(date)s",
                                direction=directions.get(call.direction, ""),
                                date=format_datetime(self.env, call.date_ring),
                            ),
                            # a running call has no outcome yet
                            "value": outcomes.get(call.outcome) or states.get(call.state, ""),
                            "res_model": "crm.cti.call",
                            "res_id": call.id,
                        }
                        for call in calls
                    ],
                    "actions": [],
                }
            )
        return sections

    @api.model
    def _crm_cti_caller(self, number, call=None):
        """What the agent's screen shows for a caller: the cards of the customers
        with this number the agent may read (a short list when several match), the
        leads with it when no customer does, and the values of a new lead."""
        call = call or self.env["crm.cti.call"]
        country = (
            call.pbx_id.country_id or call.company_id.country_id or self.env.company.country_id
        )
        partners = self.browse()
        if call.partner_id:
            partners = self.browse(call.partner_id.id)
        if number:
            partners |= self._crm_search_phone(number, country, limit=CHOOSER_LIMIT)
        partners = partners._filtered_access("read")[:CHOOSER_LIMIT]
        leads = self.env["crm.lead"]
        if not partners and number and leads.has_access("read"):
            if call.lead_id:
                leads = leads.browse(call.lead_id.id)
            leads = leads | leads._crm_search_phone(number, country, limit=CHOOSER_LIMIT)
            leads = leads._filtered_access("read")[:CHOOSER_LIMIT]
        return {
            "number": number or False,
            "cards": partners._crm_caller_card(),
            "leads": [
                {
                    "id": lead.id,
                    "name": lead.name,
                    "partner_name": lead.partner_name or lead.contact_name or False,
                    "owner": lead.user_id.name or False,
                }
                for lead in leads
            ],
            "new_lead": self._crm_cti_new_lead_values(number, call),
        }

    @api.model
    def _crm_cti_new_lead_values(self, number, call=None):
        """Default values (``default_*`` context keys) of the lead an agent opens
        for a caller."""
        call = call or self.env["crm.cti.call"]
        values = {
            "default_type": "lead",
            "default_name": self.env._(
                "Call from %(number)s", number=number or self.env._("unknown number")
            ),
            "default_phone": (call.number_e164 or number) if number else False,
        }
        if call:
            values["default_user_id"] = call.user_id.id or self.env.uid
        return values

    # ------------------------------------------------------------
    # SCREEN-POP URL
    # ------------------------------------------------------------

    @api.model
    def action_crm_cti_pop(self, number):
        """The action a screen-pop of ``number`` opens: the customer's form, the
        lead's when only a lead has it, a list to choose from when several match,
        or the new-lead form prefilled with the number."""
        caller = self._crm_cti_caller(number)
        cards, leads = caller["cards"], caller["leads"]
        if len(cards) == 1:
            return self._crm_cti_form_action("res.partner", cards[0]["id"])
        if cards:
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Callers with %(number)s", number=number),
                "res_model": "res.partner",
                "view_mode": "list,form",
                "views": [(False, "list"), (False, "form")],
                "domain": [("id", "in", [card["id"] for card in cards])],
                "target": "current",
            }
        if len(leads) == 1:
            return self._crm_cti_form_action("crm.lead", leads[0]["id"])
        if leads:
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Leads with %(number)s", number=number),
                "res_model": "crm.lead",
                "view_mode": "list,form",
                "views": [(False, "list"), (False, "form")],
                "domain": [("id", "in", [lead["id"] for lead in leads])],
                "target": "current",
            }
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Lead"),
            "res_model": "crm.lead",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": caller["new_lead"],
        }

    @api.model
    def _crm_cti_form_action(self, model, res_id):
        return {
            "type": "ir.actions.act_window",
            "res_model": model,
            "res_id": res_id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
