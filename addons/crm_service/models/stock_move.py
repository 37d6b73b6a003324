# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models


class StockMove(models.Model):
    _inherit = "stock.move"

    # Per-part warranty (Odoo issue 191228): repair's under_warranty prices every part
    # of the document at zero; each part line can now say it on its own.
    crm_warranty = fields.Boolean(
        "Warranty",
        compute="_compute_crm_warranty",
        store=True,
        readonly=False,
        help="Part replaced under warranty: invoiced at zero, with the reason on the "
        "invoice line.",
    )
    crm_warranty_reason = fields.Char(
        "Warranty Reason",
        help="Why this part is free of charge; printed on the sale and invoice line.",
    )

    @api.depends("repair_id.under_warranty", "repair_id.crm_service_order_id")
    def _compute_crm_warranty(self):
        today = fields.Date.context_today(self)
        for move in self:
            repair = move.repair_id
            if not repair or move.repair_line_type != "add":
                move.crm_warranty = False
                continue
            order = repair.crm_service_order_id
            end = order.warranty_end_date
            move.crm_warranty = repair.under_warranty or bool(end and end >= today)

    def write(self, vals):
        res = super().write(vals)
        if {"crm_warranty", "crm_warranty_reason"} & set(vals):
            self.filtered("sale_line_id")._crm_update_warranty_sale_line()
        return res

    # ------------------------------------------------------------
    # Repair -> sale lines (Odoo's flow, with the per-line warranty)
    # ------------------------------------------------------------

    def _create_repair_sale_order_line(self):
        service_moves = self.filtered(lambda m: m.repair_id.crm_service_order_id)
        if service_moves and not self.env.su:
            # sudo: sale.order.line - a technician adding a part to a repair already on
            # the service order's sale order has Inventory rights, not Sales; the line
            # is repair's own bookkeeping (product, quantity and pricelist price)
            service_moves.sudo()._create_repair_sale_order_line()
            self -= service_moves
        res = super()._create_repair_sale_order_line()
        self.filtered(
            lambda m: m.sale_line_id and (m.crm_warranty or m.repair_id.under_warranty)
        )._crm_update_warranty_sale_line()
        return res

    def _crm_update_warranty_sale_line(self):
        """Price a part's sale line by its own warranty choice: zero with the reason
        in the description, or the pricelist price again when it is billable."""
        for move in self:
            line = move.sale_line_id
            if line.qty_invoiced > 0 or line.order_id.state == "cancel":
                continue  # invoiced amounts are never rewritten
            name = line._get_sale_order_line_multiline_description_sale()
            if move.crm_warranty:
                line.write({
                    "price_unit": 0.0,
                    "technical_price_unit": 0.0,
                    "name": move._crm_warranty_label(name),
                })
            else:
                line.name = name
                line.with_context(force_price_recomputation=True)._compute_price_unit()

    def _crm_warranty_label(self, description):
        self.ensure_one()
        if self.crm_warranty_reason:
            return self.env._(
                "%(description)s\nUnder warranty: %(reason)s",
                description=description,
                reason=self.crm_warranty_reason,
            )
        return self.env._("%(description)s\nUnder warranty", description=description)

    # ------------------------------------------------------------
    # Reservation: the service order waits for missing parts
    # ------------------------------------------------------------

    def _action_assign(self, force_qty=False):
        res = super()._action_assign(force_qty=force_qty)
        # sudo: crm.service.order - a receipt validated by a warehouse user (no access
        # to service orders) reserves the parts and must take the order back to work
        orders = self.sudo().repair_id.crm_service_order_id
        if orders:
            orders._service_check_parts()
        return res
