# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError

# The opportunity shows its customer's account figures, computed on res.partner (labels,
# help and groups come from there too). They are read as the reader, through the
# customer the reader may see, hence cached per user and company.
_ACCOUNT_FIGURE = {
    "compute_sudo": False,
    "depends_context": ("uid", "company"),
    "currency_field": "company_currency",
}
_ACCOUNT_DATE = {"compute_sudo": False, "depends_context": ("uid", "company")}


class CrmLead(models.Model):
    _inherit = "crm.lead"

    crm_pipeline_line_ids = fields.One2many("crm.pipeline.lead.line", "lead_id", string="Products", copy=True)
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        compute="_compute_warehouse_id",
        store=True,
        readonly=False,
        check_company=True,
        help="Warehouse whose stock the product lines show; the quotation ships from it.",
    )
    # The total of the product lines is the expected revenue; without lines it stays
    # the amount typed by the salesperson.
    expected_revenue = fields.Monetary(
        compute="_compute_expected_revenue", store=True, readonly=False
    )
    # The customer's account figures: res.partner computes them for a whole batch of
    # customers; a rep who is not entitled to the customer sees none of them.
    crm_account_partner_id = fields.Many2one(
        "res.partner",
        string="Customer Account",
        compute="_compute_crm_account_partner_id",
        search="_search_crm_account_partner_id",
        help="Commercial entity of the customer, whose account figures the opportunity "
        "shows; empty when you are not entitled to that customer's figures (its owner, "
        "a user it is shared with, the owner's team leader, a manager or accounting).",
    )
    crm_receivable_open = fields.Monetary(
        related="crm_account_partner_id.crm_receivable_open", **_ACCOUNT_FIGURE
    )
    crm_receivable_overdue = fields.Monetary(
        related="crm_account_partner_id.crm_receivable_overdue", **_ACCOUNT_FIGURE
    )
    crm_receivable_due_month = fields.Monetary(
        related="crm_account_partner_id.crm_receivable_due_month", **_ACCOUNT_FIGURE
    )
    crm_payment_month = fields.Monetary(
        related="crm_account_partner_id.crm_payment_month", **_ACCOUNT_FIGURE
    )
    crm_last_order_date = fields.Date(
        related="crm_account_partner_id.crm_last_order_date", **_ACCOUNT_DATE
    )
    crm_last_invoice_date = fields.Date(
        related="crm_account_partner_id.crm_last_invoice_date", **_ACCOUNT_DATE
    )

    @api.depends("company_id")
    def _compute_warehouse_id(self):
        # one search per company, whatever the batch (imports create thousands); a lead
        # without company gets none: its lines show the stock of all warehouses
        warehouses = {}
        for lead in self:
            company = lead.company_id
            if not company:
                lead.warehouse_id = False
                continue
            if company.id not in warehouses:
                warehouses[company.id] = self.env["stock.warehouse"].search(
                    [("company_id", "=", company.id)], limit=1
                )
            if not lead.warehouse_id or lead.warehouse_id.company_id != company:
                lead.warehouse_id = warehouses[company.id]

    @api.depends("crm_pipeline_line_ids.price_subtotal")
    def _compute_expected_revenue(self):
        for lead in self:
            if lead.crm_pipeline_line_ids:
                lead.expected_revenue = sum(lead.crm_pipeline_line_ids.mapped("price_subtotal"))

    def _search_crm_account_partner_id(self, operator, value):
        # record rules on res.partner apply to the searched path as to the compute
        return [("partner_id.commercial_partner_id", operator, value)]

    @api.depends("partner_id.commercial_partner_id")
    @api.depends_context("uid")
    def _compute_crm_account_partner_id(self):
        """The commercial entity of the customer if the user may read it and is
        entitled to its figures: one access check for the whole batch."""
        # sudo: res.partner - the commercial entity of a customer the user may not read
        # is only looked up to be checked below, never returned
        commercial = {
            lead.id: lead.partner_id.sudo().commercial_partner_id.id for lead in self
        }
        partners = self.env["res.partner"].browse({pid for pid in commercial.values() if pid})
        readable = set(partners._filtered_access("read")._crm_filter_entitled().ids)
        for lead in self:
            partner_id = commercial[lead.id]
            lead.crm_account_partner_id = partner_id if partner_id in readable else False

    # ------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        # an expected revenue passed (or defaulted) at creation is protected while the
        # lines of the same create are written: apply the lines' total afterwards
        leads.filtered("crm_pipeline_line_ids")._compute_expected_revenue()
        return leads

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_create_quotation(self):
        """Turn the opportunity and its product lines into a quotation and open it."""
        self.ensure_one()
        if not self.partner_id:
            raise UserError(
                self.env._("Set the customer of %(name)s before quoting it.", name=self.name)
            )
        order = self.env["sale.order"].create(self._prepare_quotation_values())
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": order.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _prepare_quotation_values(self):
        self.ensure_one()
        values = {
            "partner_id": self.partner_id.id,
            "opportunity_id": self.id,
            "origin": self.name,
            "company_id": (self.company_id or self.env.company).id,
            "campaign_id": self.campaign_id.id,
            "medium_id": self.medium_id.id,
            "source_id": self.source_id.id,
            "tag_ids": [Command.set(self.tag_ids.ids)],
            "order_line": [
                Command.create(line._prepare_sale_order_line_values())
                for line in self.crm_pipeline_line_ids
            ],
        }
        if self.team_id:
            values["team_id"] = self.team_id.id
        if self.user_id:
            values["user_id"] = self.user_id.id
        if self.warehouse_id:
            values["warehouse_id"] = self.warehouse_id.id
        return values
