# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools.float_utils import float_compare


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._crm_check_quote_conflicts()
        return lines

    def _crm_check_quote_conflicts(self):
        """Warn when another salesperson quoted the same product to the same customer
        at another price in the last N days (company setting): a to-do for both
        salespeople and the sales team leader. One search whatever the batch."""
        lines = self.filtered(
            lambda line: line.product_id and line.salesman_id and not line.display_type
        )
        if not lines:
            return
        days = max(lines.company_id.mapped("crm_quote_conflict_days") or [0])
        if days <= 0:
            return
        since = fields.Datetime.now() - timedelta(days=days)
        # sudo: sale.order.line - a rep may not read the other reps' quotations, but
        # must learn that one exists; only names and prices reach the activities
        others = (
            self.env["sale.order.line"]
            .sudo()
            .search(
                [
                    ("id", "not in", lines.ids),
                    ("product_id", "in", lines.product_id.ids),
                    (
                        "order_partner_id.commercial_partner_id",
                        "in",
                        lines.order_partner_id.commercial_partner_id.ids,
                    ),
                    ("state", "!=", "cancel"),
                    ("create_date", ">=", since),
                ]
            )
        )
        if not others:
            return
        todo = self.env.ref("mail.mail_activity_data_todo")
        for line in lines:
            days_line = line.company_id.crm_quote_conflict_days
            customer = line.order_partner_id.commercial_partner_id
            digits = line.currency_id.decimal_places
            for other in others:
                if (
                    other.product_id != line.product_id
                    or other.order_partner_id.commercial_partner_id != customer
                    or other.salesman_id == line.salesman_id
                    or other.company_id != line.company_id
                    or other.create_date < fields.Datetime.now() - timedelta(days=days_line)
                    or not float_compare(other.price_unit, line.price_unit, precision_digits=digits)
                ):
                    continue
                line._crm_notify_quote_conflict(other, todo)

    def _crm_notify_quote_conflict(self, other, activity_type):
        self.ensure_one()
        summary = self.env._("Price conflict on %(product)s", product=self.product_id.display_name)
        note = self.env._(
            "%(customer)s was quoted %(product)s at %(price)s in %(order)s by %(user)s, "
            "and at %(other_price)s in %(other_order)s by %(other_user)s.",
            customer=self.order_partner_id.commercial_partner_id.display_name,
            product=self.product_id.display_name,
            price=self.price_unit,
            order=self.order_id.name,
            user=self.salesman_id.name,
            other_price=other.price_unit,
            other_order=other.order_id.name,
            other_user=other.salesman_id.name,
        )
        # sudo: mail.activity - each salesperson gets the to-do on their own order,
        # and the author of the new quotation cannot write the other one
        targets = [(self.order_id, self.salesman_id), (other.order_id, other.salesman_id)]
        leader = self.order_id.team_id.user_id
        if leader and leader not in (self.salesman_id, other.salesman_id):
            targets.append((self.order_id, leader))
        for order, user in targets:
            order.sudo().activity_schedule(
                activity_type_id=activity_type.id,
                summary=summary,
                note=note,
                user_id=user.id,
            )
