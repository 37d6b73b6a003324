# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class CrmAssignmentRule(models.Model):
    """Picks the sales team of a new, unassigned lead.

    Rules are tried by sequence; the first one whose criteria all match wins.
    An empty criterion matches anything, so a rule without criteria is a catch-all.
    Inside the team the lead then goes round-robin to the members with capacity
    left (see ``crm.lead._crm_assign_round_robin``).
    """

    _name = "crm.assignment.rule"
    _description = "Lead Assignment Rule"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty to apply the rule to the leads of every company.",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        required=True,
        ondelete="cascade",
        check_company=True,
        help="Team the matching leads are given to; its members share them "
        "round-robin within their 30-day capacity.",
    )
    country_ids = fields.Many2many(
        "res.country",
        string="Countries",
        help="Territory: the lead's country must be one of these.",
    )
    state_ids = fields.Many2many(
        "res.country.state",
        string="States",
        help="Territory: the lead's state or province must be one of these.",
    )
    industry_ids = fields.Many2many(
        "res.partner.industry",
        string="Industries",
        help="The lead's industry (or its customer's) must be one of these.",
    )
    source_ids = fields.Many2many(
        "utm.source",
        string="Sources",
        help="The lead's UTM source must be one of these.",
    )
    lead_count = fields.Integer(
        "Assigned Leads",
        compute="_compute_lead_count",
    )

    def _compute_lead_count(self):
        data = self.env["crm.lead"].with_context(active_test=False)._read_group(
            [("assignment_rule_id", "in", self.ids)], ["assignment_rule_id"], ["__count"]
        )
        counts = {rule.id: count for rule, count in data}
        for rule in self:
            rule.lead_count = counts.get(rule.id, 0)

    @api.model
    def _crm_rules_for_companies(self, companies):
        """Active rules usable for leads of ``companies``, in precedence order."""
        return self.search(
            [("company_id", "in", companies.ids + [False])], order="sequence, id"
        )

    def _crm_match(self, lead):
        """True when every criterion set on the rule holds for ``lead``."""
        self.ensure_one()
        if self.company_id and self.company_id != (lead.company_id or self.env.company):
            return False
        if self.country_ids and lead.country_id not in self.country_ids:
            return False
        if self.state_ids and lead.state_id not in self.state_ids:
            return False
        if self.industry_ids:
            industry = lead.industry_id or lead.partner_id.commercial_partner_id.industry_id
            if industry not in self.industry_ids:
                return False
        if self.source_ids and lead.source_id not in self.source_ids:
            return False
        return True

    def action_view_leads(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm.crm_lead_all_leads")
        action["domain"] = [("assignment_rule_id", "=", self.id)]
        action["context"] = {"active_test": False}
        return action
