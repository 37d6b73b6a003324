# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError

_ACTIONS = [
    ("link", "Link to an existing customer"),
    ("create", "Create a new one"),
    ("none", "None"),
]


class CrmLeadConvert(models.TransientModel):
    """Lead to customer company + contact + opportunity, in one step.

    Alongside Odoo's "Convert to Opportunity": that wizard links or creates a
    single partner; this one builds the whole customer (company and person)
    from the lead, links the existing ones it finds, and applies the
    configured field mapping.
    """

    _name = "crm.lead.convert"
    _description = "Convert Leads to Customers and Opportunities"

    lead_ids = fields.Many2many("crm.lead", string="Leads", required=True)
    lead_count = fields.Integer(compute="_compute_lead_count")
    company_action = fields.Selection(
        _ACTIONS,
        string="Customer Company",
        compute="_compute_plan",
        store=True,
        readonly=False,
    )
    commercial_partner_id = fields.Many2one(
        "res.partner",
        string="Existing Company",
        compute="_compute_plan",
        store=True,
        readonly=False,
        domain="[('is_company', '=', True)]",
    )
    contact_action = fields.Selection(
        _ACTIONS,
        string="Contact",
        compute="_compute_plan",
        store=True,
        readonly=False,
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Existing Contact",
        compute="_compute_plan",
        store=True,
        readonly=False,
        domain="[('is_company', '=', False)]",
    )

    @api.model
    def default_get(self, fields_list):
        result = super().default_get(fields_list)
        ctx = self.env.context
        if (
            "lead_ids" in fields_list
            and not result.get("lead_ids")
            and ctx.get("active_model") == "crm.lead"
        ):
            lead_ids = ctx.get("active_ids") or ([ctx["active_id"]] if ctx.get("active_id") else [])
            leads = self.env["crm.lead"].browse(lead_ids)
            leads.check_access("write")
            result["lead_ids"] = [fields.Command.set(leads.ids)]
        return result

    @api.depends("lead_ids")
    def _compute_lead_count(self):
        for wizard in self:
            wizard.lead_count = len(wizard.lead_ids)

    @api.depends("lead_ids")
    def _compute_plan(self):
        for wizard in self:
            lead = wizard.lead_ids._origin
            if len(lead) != 1:
                # Several leads: each follows its own plan, nothing to choose here.
                wizard.update(
                    {
                        "company_action": False,
                        "commercial_partner_id": False,
                        "contact_action": False,
                        "contact_id": False,
                    }
                )
                continue
            plan = lead._crm_conversion_plan()[lead.id]
            wizard.update(
                {
                    "company_action": "link"
                    if plan["company"]
                    else ("create" if plan["create_company"] else "none"),
                    "commercial_partner_id": plan["company"],
                    "contact_action": "link"
                    if plan["contact"]
                    else ("create" if plan["create_contact"] else "none"),
                    "contact_id": plan["contact"],
                }
            )

    def _get_plan(self):
        """The conversion plan, with this wizard's choices for a single lead."""
        self.ensure_one()
        leads = self.lead_ids
        plan = leads._crm_conversion_plan()
        if len(leads) != 1:
            return plan
        Partner = self.env["res.partner"]
        if self.company_action == "link" and not self.commercial_partner_id:
            raise UserError(self.env._("Choose the existing company to link the lead to."))
        if self.contact_action == "link" and not self.contact_id:
            raise UserError(self.env._("Choose the existing contact to link the lead to."))
        if self.company_action == "create" and not leads.partner_name:
            raise UserError(
                self.env._(
                    "The lead %(name)s has no company name to create a company from.",
                    name=leads.name,
                )
            )
        company = self.commercial_partner_id if self.company_action == "link" else Partner
        plan[leads.id] = {
            "company": company,
            "create_company": self.company_action == "create",
            "contact": self.contact_id if self.contact_action == "link" else Partner,
            "create_contact": self.contact_action == "create",
        }
        return plan

    def action_convert(self):
        self.ensure_one()
        leads = self.lead_ids
        leads.check_access("write")
        opportunities = leads._crm_convert_to_customer(self._get_plan())
        if len(opportunities) == 1:
            return opportunities.redirect_lead_opportunity_view()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_opportunities")
        action["domain"] = [("id", "in", opportunities.ids)]
        return action
