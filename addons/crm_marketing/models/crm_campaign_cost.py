# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import fields, models


class CrmCampaignCost(models.Model):
    """One spending on a campaign: an invoice from a fair organiser, an ad budget
    top-up, a print run. Amounts are kept in the currency of the company that
    paid, like the expense it mirrors."""

    _name = "crm.campaign.cost"
    _description = "Campaign Cost"
    _order = "date desc, id desc"
    _check_company_auto = True

    campaign_id = fields.Many2one(
        "utm.campaign",
        required=True,
        index=True,
        ondelete="cascade",
    )
    channel = fields.Selection(
        related="campaign_id.crm_channel",
        store=True,
        help="Channel of the campaign, kept on the line for cost analysis.",
    )
    name = fields.Char("Description", required=True)
    date = fields.Date(required=True, index=True, default=fields.Date.context_today)
    amount = fields.Monetary(required=True, currency_field="currency_id")
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(
        "res.currency",
        related="company_id.currency_id",
        store=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Recorded by",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    note = fields.Text()
