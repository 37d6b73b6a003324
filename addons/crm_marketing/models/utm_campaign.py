# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from odoo import api, fields, models

MARKETING_USER = "crm_marketing.group_crm_marketing_user"


class UtmCampaign(models.Model):
    _inherit = "utm.campaign"

    crm_channel = fields.Selection(
        [
            ("email", "E-mail"),
            ("sms", "SMS"),
            ("social", "Social Media"),
            ("search_ads", "Search Ads"),
            ("exhibition", "Exhibition"),
            ("telemarketing", "Telemarketing"),
            ("direct_mail", "Direct Mail"),
            ("referral", "Referral"),
            ("other", "Other"),
        ],
        string="Channel",
        index=True,
        help="Channel the campaign reaches its audience through; "
        "costs and leads are compared by channel.",
    )
    crm_currency_id = fields.Many2one(
        "res.currency",
        string="Budget Currency",
        default=lambda self: self.env.company.currency_id,
        groups=MARKETING_USER,
        help="Currency of the budget and of the cost figures shown on the campaign.",
    )
    crm_budget = fields.Monetary(
        "Budget",
        currency_field="crm_currency_id",
        groups=MARKETING_USER,
    )
    crm_cost_ids = fields.One2many(
        "crm.campaign.cost",
        "campaign_id",
        string="Costs",
        groups=MARKETING_USER,
    )
    crm_cost_total = fields.Monetary(
        "Total Cost",
        currency_field="crm_currency_id",
        compute="_compute_crm_cost_kpis",
        groups=MARKETING_USER,
    )
    crm_attributed_lead_count = fields.Integer(
        "Attributed Leads",
        compute="_compute_crm_cost_kpis",
        groups=MARKETING_USER,
        help="Leads and opportunities of the allowed companies that carry this "
        "campaign, lost and archived ones included, whoever owns them.",
    )
    crm_cost_per_lead = fields.Monetary(
        "Cost per Lead",
        currency_field="crm_currency_id",
        compute="_compute_crm_cost_kpis",
        groups=MARKETING_USER,
    )
    crm_is_over_budget = fields.Boolean(
        "Over Budget",
        compute="_compute_crm_cost_kpis",
        groups=MARKETING_USER,
    )

    @api.depends("crm_budget", "crm_currency_id", "crm_cost_ids.amount", "crm_cost_ids.currency_id")
    def _compute_crm_cost_kpis(self):
        """Totals for the whole batch in two grouped queries, whatever its size."""
        campaign_ids = self._origin.ids
        company = self.env.company
        currencies = {c._origin.id: c.crm_currency_id or company.currency_id for c in self}
        totals = defaultdict(float)
        if campaign_ids:
            cost_data = self.env["crm.campaign.cost"]._read_group(
                [("campaign_id", "in", campaign_ids)],
                ["campaign_id", "currency_id"],
                ["amount:sum"],
            )
            today = fields.Date.context_today(self)
            for campaign, currency, amount in cost_data:
                target = currencies.get(campaign.id, company.currency_id)
                if currency != target:
                    # Costs booked by another company of the group.
                    amount = currency._convert(amount, target, company, today)
                totals[campaign.id] += amount
        lead_counts = self._crm_attributed_lead_counts(campaign_ids)
        for campaign in self:
            total = totals[campaign._origin.id]
            leads = lead_counts.get(campaign._origin.id, 0)
            currency = currencies[campaign._origin.id]
            campaign.crm_cost_total = total
            campaign.crm_attributed_lead_count = leads
            campaign.crm_cost_per_lead = currency.round(total / leads) if leads else 0.0
            campaign.crm_is_over_budget = (
                not currency.is_zero(campaign.crm_budget)
                and currency.compare_amounts(total, campaign.crm_budget) > 0
            )

    def _crm_attributed_lead_counts(self, campaign_ids):
        """Number of leads per campaign id, as marketing needs them.

        Odoo's own ``crm_lead_count`` counts what the reader may open, so a rep who
        sees only their own leads would get a wrong cost per lead.
        """
        if not campaign_ids:
            return {}
        # sudo: crm.lead - a campaign's KPI counts every lead it brought in the
        # companies the user works in, not only the leads the user may open; only
        # counts leave this method.
        lead_data = (
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                [
                    ("campaign_id", "in", campaign_ids),
                    ("company_id", "in", [*self.env.companies.ids, False]),
                ],
                ["campaign_id"],
                ["__count"],
            )
        )
        return {campaign.id: count for campaign, count in lead_data}

    def action_view_crm_costs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_marketing.crm_campaign_cost_action"
        )
        action["name"] = self.env._("Costs of %(campaign)s", campaign=self.title)
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"default_campaign_id": self.id}
        return action
