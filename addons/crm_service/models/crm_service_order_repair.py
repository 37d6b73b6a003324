# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero, float_repr, float_round

BILLABLE_REPAIR_STATES = ("confirmed", "under_repair", "done")
CLOSED_STAGE_TYPES = ("resolved", "closed", "cancelled")


class CrmServiceOrder(models.Model):
    """Parts, labour, warranty and invoicing of a service order.

    Parts go through Odoo's repair app (repair.order and its stock moves, issued from
    the team's service location); labour is crm.service.labour; both end on ONE sale
    order per service order, created and extended by ``action_invoice`` through
    repair's own repair -> sale line link, and invoiced by sale's qty_invoiced logic
    (so nothing is invoiced twice and a credit note reopens what it credits)."""

    _inherit = "crm.service.order"

    repair_ids = fields.One2many("repair.order", "crm_service_order_id", "Repair Orders")
    repair_count = fields.Integer(compute="_compute_repair_count")
    labour_ids = fields.One2many("crm.service.labour", "order_id")
    labour_hours = fields.Float("Hours", compute="_compute_labour_hours")
    sale_order_id = fields.Many2one(
        "sale.order", readonly=True, copy=False, index="btree_not_null",
        check_company=True,
        help="The one sale order carrying this service order's billable parts and labour.",
    )
    invoice_ids = fields.Many2many(
        "account.move", string="Invoices", compute="_compute_invoice_ids"
    )
    invoice_count = fields.Integer(compute="_compute_invoice_ids")
    currency_id = fields.Many2one(related="company_id.currency_id")
    amount_cost = fields.Monetary(
        "Cost", compute="_compute_amounts", groups="crm_service.group_crm_service_manager",
        help="Parts at their product cost plus labour hours at the service product's cost.",
    )
    amount_margin = fields.Monetary(
        "Margin", compute="_compute_amounts", groups="crm_service.group_crm_service_manager",
        help="Billable parts and labour (warranty at zero) minus the cost.",
    )

    @api.depends("repair_ids")
    def _compute_repair_count(self):
        # users of the service desk without Inventory rights see no repair button;
        # the form reads repair_ids anyway (costs), so count them from it
        readable = self.env["repair.order"].has_access("read")
        for order in self:
            order.repair_count = len(order.repair_ids) if readable else 0

    @api.depends("labour_ids.hours")
    def _compute_labour_hours(self):
        for order in self:
            order.labour_hours = sum(order.labour_ids.mapped("hours"))

    @api.depends("sale_order_id.invoice_ids")
    def _compute_invoice_ids(self):
        for order in self:
            order.invoice_ids = order.sale_order_id.invoice_ids
            order.invoice_count = len(order.invoice_ids)

    @api.depends(
        "repair_ids.state", "repair_ids.move_ids.product_uom_qty", "repair_ids.move_ids.quantity",
        "repair_ids.move_ids.crm_warranty", "labour_ids.hours", "labour_ids.price_subtotal",
    )
    def _compute_amounts(self):
        for order in self:
            cost = revenue = 0.0
            for move in order._service_part_moves():
                qty = move.quantity if move.state == "done" else move.product_uom_qty
                qty = move.product_uom._compute_quantity(qty, move.product_id.uom_id)
                cost += qty * move.product_id.standard_price
                if move.sale_line_id:
                    revenue += move.sale_line_id.price_subtotal
                elif not move.crm_warranty:
                    revenue += qty * move.product_id.lst_price
            for labour in order.labour_ids:
                cost += labour.hours * labour.product_id.standard_price
                revenue += labour.price_subtotal
            order.amount_cost = cost
            order.amount_margin = revenue - cost

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_create_repair(self):
        """A repair order prefilled from the service order, taking its parts from the
        team's service location."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Repair Order"),
            "res_model": "repair.order",
            "views": [[False, "form"]],
            "target": "current",
            "context": {"default_crm_service_order_id": self.id},
        }

    def _service_prepare_repair_values(self):
        self.ensure_one()
        location = self.team_id.stock_location_id
        values = {
            "crm_service_order_id": self.id,
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.id,
            "product_id": self.product_id.id,
            "lot_id": self.lot_id.id,
            "under_warranty": bool(
                self.warranty_end_date
                and self.warranty_end_date >= fields.Date.context_today(self)
            ),
            "internal_notes": self.description,
            "recycle_location_id": location.id,
        }
        if location:
            picking_type = location.warehouse_id.repair_type_id
            if picking_type:
                values["picking_type_id"] = picking_type.id
            values["location_id"] = location.id
        else:
            del values["recycle_location_id"]
        return values

    def action_view_repairs(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id("repair.action_repair_order_tree")
        action["domain"] = [("crm_service_order_id", "=", self.id)]
        action["context"] = {"default_crm_service_order_id": self.id}
        if self.repair_count == 1:
            action.update(views=[[False, "form"]], res_id=self.repair_ids.id)
        return action

    def action_view_sale_order(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "views": [[False, "form"]],
            "res_id": self.sale_order_id.id,
        }

    def action_view_invoices(self):
        self.ensure_one()
        return self.sale_order_id.action_view_invoice(self.invoice_ids)

    def action_check_parts(self):
        """Try to reserve the missing parts again (Odoo's "Check availability")."""
        repairs = self.repair_ids.filtered(lambda r: r.state in ("confirmed", "under_repair"))
        repairs.action_assign()
        self._service_check_parts()
        return True

    def action_invoice(self):
        """Create or extend the order's sale order with every billable part and labour
        line not on it yet, confirm it and invoice what is left to invoice."""
        self._service_check_invoice_rights()
        invoices = self.env["account.move"]
        for order in self:
            sale_order = order._service_sync_sale_order()
            if sale_order.state in ("draft", "sent"):
                sale_order.action_confirm()
            if any(line.invoice_status == "to invoice" for line in sale_order.order_line):
                invoices |= sale_order._create_invoices()
        if not invoices:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "message": self.env._("Everything on this service order is invoiced already."),
                    "sticky": False,
                },
            }
        for order in self:
            order_invoices = invoices & order.invoice_ids
            if order_invoices:
                order.message_post(body=self.env._(
                    "Invoiced: %(invoices)s", invoices=", ".join(order_invoices.mapped("display_name"))
                ))
        return self.sale_order_id.action_view_invoice(invoices)

    # ------------------------------------------------------------
    # BUSINESS: sale order
    # ------------------------------------------------------------

    def _service_part_moves(self):
        """Part lines that count: added parts of confirmed, running or done repairs."""
        return self.repair_ids.filtered(lambda r: r.state in BILLABLE_REPAIR_STATES).move_ids.filtered(
            lambda m: m.repair_line_type == "add" and m.state != "cancel"
        )

    def _service_prepare_sale_order_values(self):
        self.ensure_one()
        values = {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "origin": self.name,
        }
        warehouse = self.team_id.stock_location_id.warehouse_id
        if warehouse:
            values["warehouse_id"] = warehouse.id
        return values

    def _service_sync_sale_order(self):
        """The order's sale order with a line for every billable part and labour entry.

        Parts use repair's own link (repair.sale_order_id, then the moves'
        _create_repair_sale_order_line), so later parts of the same repair follow on
        the same sale order the way Odoo does it."""
        self.ensure_one()
        sale_order = self.sale_order_id
        if not sale_order or sale_order.state == "cancel":
            sale_order = self.env["sale.order"].create(self._service_prepare_sale_order_values())
            self.sale_order_id = sale_order
        repairs = self.repair_ids.filtered(
            lambda r: r.state in BILLABLE_REPAIR_STATES and not r.sale_order_id
        )
        repairs.sale_order_id = sale_order
        moves = self._service_part_moves().filtered(
            lambda m: not m.sale_line_id and m.repair_id.sale_order_id == sale_order
        )
        moves._create_repair_sale_order_line()
        labours = self.labour_ids.filtered(
            lambda lab: not lab.sale_line_id and not float_is_zero(lab.hours, precision_digits=2)
        )
        if labours:
            lines = self.env["sale.order.line"].create(
                [labour._service_prepare_sale_line_values(sale_order) for labour in labours]
            )
            for labour, line in zip(labours, lines, strict=True):
                labour.sale_line_id = line
            # a service product invoiced on delivered quantities: the hours are delivered
            labours._service_deliver_sale_line()
        return sale_order

    # ------------------------------------------------------------
    # BUSINESS: parts availability
    # ------------------------------------------------------------

    def _service_missing_parts(self):
        """{product: missing quantity in its unit} over the parts still to issue."""
        self.ensure_one()
        missing = defaultdict(float)
        repairs = self.repair_ids.filtered(lambda r: r.state in ("confirmed", "under_repair"))
        for move in repairs.move_ids:
            if move.repair_line_type != "add" or move.state in ("done", "cancel", "draft"):
                continue
            if not move.product_id.is_storable:
                continue
            rounding = move.product_uom.rounding
            short = move.product_uom_qty - move.quantity
            if float_compare(short, 0, precision_rounding=rounding) > 0:
                missing[move.product_id] += move.product_uom._compute_quantity(
                    short, move.product_id.uom_id
                )
        return missing

    def _service_check_parts(self):
        """Put orders lacking parts in a "waiting for parts" stage with a message
        naming what is missing and how to replenish it; take them back to work when
        everything is reserved."""
        for order in self:
            if order.stage_type in CLOSED_STAGE_TYPES:
                continue
            missing = order._service_missing_parts()
            if missing and order.stage_type != "waiting_parts":
                order.message_post(body=order._service_missing_parts_message(missing))
                order._service_set_stage_type("waiting_parts")
            elif not missing and order.stage_type == "waiting_parts":
                order.message_post(body=self.env._(
                    "All parts are available: the order is back in progress."
                ))
                order._service_set_stage_type("in_progress")

    def _service_missing_parts_message(self, missing):
        self.ensure_one()
        location = self.repair_ids.location_id[:1]
        orderpoints = self.env["stock.warehouse.orderpoint"].search([
            ("product_id", "in", [product.id for product in missing]),
            ("company_id", "=", self.company_id.id),
        ])
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        items = []
        for product, qty in missing.items():
            quantity = float_repr(
                float_round(qty, precision_rounding=product.uom_id.rounding), precision_digits=digits
            )
            quantity = quantity.rstrip("0").rstrip(".") if "." in quantity else quantity
            rule = orderpoints.filtered(
                lambda op, p=product: op.product_id == p
                and (not location or location.parent_path.startswith(op.location_id.parent_path))
            )[:1]
            if rule:
                hint = self.env._(
                    "reordering rule %(rule)s (min %(min)s, max %(max)s) will replenish it",
                    rule=rule.display_name, min=rule.product_min_qty, max=rule.product_max_qty,
                )
            elif product.route_ids:
                hint = self.env._(
                    "no reordering rule; its routes: %(routes)s — create a replenishment",
                    routes=", ".join(product.route_ids.mapped("display_name")),
                )
            else:
                hint = self.env._(
                    "no reordering rule: create a replenishment "
                    "(Inventory > Operations > Replenishment)"
                )
            items.append(Markup("<li>%s</li>") % self.env._(
                "%(product)s: %(qty)s %(uom)s missing — %(hint)s",
                product=product.display_name, qty=quantity, uom=product.uom_id.name, hint=hint,
            ))
        title = self.env._(
            "Waiting for parts: not enough stock in %(location)s.",
            location=location.display_name or self.env._("the service location"),
        )
        return Markup("<p>%s</p><ul>%s</ul>") % (title, Markup().join(items))

    def _service_check_invoice_rights(self):
        if not self.env["sale.order"].has_access("create"):
            raise UserError(self.env._("Invoicing a service order needs Sales rights."))
