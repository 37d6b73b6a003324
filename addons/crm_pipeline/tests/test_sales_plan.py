# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged, users

from .common import CrmPipelineCommon


@tagged("post_install", "-at_install", "crm_pipeline")
class TestSalesPlan(CrmPipelineCommon):
    """January 2026, by hand:

    =========  ======  ===================  =======  ========  ===========  =========
    rep        target  won                  ordered  invoiced  collected    achieved
    =========  ======  ===================  =======  ========  ===========  =========
    Rep Sun    10000   6000 (2500 in Feb.)  4000     3000-500  1200 of 3000 60 %
    Rep Zhou    5000   1000                 0        2000      2000         20 %
    =========  ======  ===================  =======  ========  ===========  =========
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_chart_of_accounts()
        cls.product = cls.env["product.product"].create(
            {"name": "Plan Kit", "taxes_id": [Command.set([])]}
        )
        sun, zhou = cls.pipeline_rep, cls.pipeline_rep2
        for user, expected, closed in [
            (sun, 6000, datetime(2026, 1, 10, 12)),
            (sun, 2500, datetime(2026, 2, 3, 12)),
            (zhou, 1000, datetime(2026, 1, 30, 10)),
        ]:
            lead = cls.env["crm.lead"].create({
                "name": f"Won {expected}", "type": "opportunity", "user_id": user.id,
                "team_id": cls.team.id, "stage_id": cls.stage_won.id,
                "expected_revenue": expected,
            })
            lead.date_closed = closed
        # an open opportunity is not won revenue
        cls.env["crm.lead"].create({
            "name": "Open", "type": "opportunity", "user_id": sun.id, "team_id": cls.team.id,
            "stage_id": cls.stage_qualified.id, "expected_revenue": 9999,
        })

        confirmed = cls._order(sun, 4000)
        confirmed.action_confirm()
        confirmed.date_order = datetime(2026, 1, 12, 9)
        cls._order(sun, 900).date_order = datetime(2026, 1, 13, 9)  # quotation only

        invoice = cls._invoice(sun, "out_invoice", 3000, date(2026, 1, 15))
        cls._pay(invoice, 1200, date(2026, 1, 25))
        cls._invoice(sun, "out_refund", 500, date(2026, 1, 20))
        cls._invoice(sun, "out_invoice", 700, date(2026, 2, 2))
        paid = cls._invoice(zhou, "out_invoice", 2000, date(2026, 1, 5))
        cls._pay(paid, 2000, date(2026, 1, 6))
        cls._invoice(zhou, "out_invoice", 1500, date(2026, 1, 7), post=False)  # draft

        cls.plan = cls.env["crm.sales.plan"].create({
            "team_id": cls.team.id,
            "period_type": "month",
            "date_from": "2026-01-09",  # moved to the start of the month
            "line_ids": [
                Command.create({"user_id": sun.id, "target_amount": 10000}),
                Command.create({"user_id": zhou.id, "target_amount": 5000}),
            ],
        })

    @classmethod
    def _order(cls, user, amount):
        return cls.env["sale.order"].create({
            "partner_id": cls.partner.id,
            "user_id": user.id,
            "order_line": [Command.create({
                "product_id": cls.product.id, "price_unit": amount, "tax_id": [Command.set([])],
            })],
        })

    @classmethod
    def _invoice(cls, user, move_type, amount, invoice_date, post=True):
        move = cls.env["account.move"].create({
            "move_type": move_type,
            "partner_id": cls.partner.id,
            "invoice_date": invoice_date,
            "invoice_user_id": user.id,
            "invoice_line_ids": [Command.create({
                "product_id": cls.product.id, "price_unit": amount, "tax_ids": [Command.set([])],
            })],
        })
        if post:
            move.action_post()
        return move

    def _figures(self, line):
        return [line.won_amount, line.order_amount, line.invoiced_amount,
                line.collected_amount, line.achievement]

    @users("pipeline_manager")
    def test_achievement_by_month(self):
        plan = self.plan.with_user(self.env.user)
        self.assertEqual(plan.name, "Pipeline Test Team 2026-01")
        self.assertEqual((plan.date_from, plan.date_to), (date(2026, 1, 1), date(2026, 1, 31)))
        sun_line, zhou_line = plan.line_ids.sorted(lambda line: line.user_id.name)
        self.assertEqual(self._figures(sun_line), [6000, 4000, 2500, 1200, 60.0])
        self.assertEqual(self._figures(zhou_line), [1000, 0, 2000, 2000, 20.0])
        self.assertEqual(
            [plan.target_amount, plan.won_amount, plan.order_amount, plan.invoiced_amount,
             plan.collected_amount],
            [15000, 7000, 4000, 4500, 3200],
        )
        self.assertEqual(plan.achievement, 46.7)  # 7000 / 15000, one decimal

    @users("pipeline_manager")
    def test_achievement_by_quarter(self):
        plan = self.env["crm.sales.plan"].create({
            "team_id": self.team.id,
            "period_type": "quarter",
            "date_from": "2026-02-14",
            "line_ids": [Command.create({"user_id": self.pipeline_rep.id, "target_amount": 34000})],
        })
        self.assertEqual(plan.name, "Pipeline Test Team Q1 2026")
        self.assertEqual((plan.date_from, plan.date_to), (date(2026, 1, 1), date(2026, 3, 31)))
        # February's won deal and invoice count too; the February invoice is unpaid
        self.assertEqual(self._figures(plan.line_ids), [8500, 4000, 3200, 1200, 25.0])

    def test_achievement_query_count_is_constant(self):
        """Four grouped queries (won, ordered, invoiced+collected) whatever the lines."""
        second = self.env["crm.sales.plan"].create({
            "team_id": self.team.id, "period_type": "quarter", "date_from": "2026-01-01",
            "line_ids": [Command.create({"user_id": self.pipeline_rep.id}),
                         Command.create({"user_id": self.pipeline_manager.id})],
        })
        one_line = self.plan.line_ids[:1]
        all_lines = self.plan.line_ids | second.line_ids
        self.env.invalidate_all()
        all_lines.mapped("user_id.name")  # warm the records' own fields
        one_line.mapped("user_id.name")
        counts = []
        for lines in (one_line, all_lines):
            self.env.invalidate_all()
            lines.mapped("date_from")
            lines.mapped("user_id")
            before = self.env.cr.sql_log_count
            lines.mapped("won_amount")
            counts.append(self.env.cr.sql_log_count - before)
        self.assertEqual(counts[0], counts[1])
        self.assertLessEqual(counts[1], 6)

    @users("pipeline_rep")
    def test_rep_sees_own_target_only(self):
        plan = self.plan.with_user(self.env.user)
        self.assertEqual(plan.line_ids.user_id, self.pipeline_rep)
        self.assertEqual(plan.line_ids.collected_amount, 1200)
        with self.assertRaises(AccessError):
            self.env["crm.sales.plan"].create({"team_id": self.team.id})
        with self.assertRaises(AccessError):
            plan.line_ids.target_amount = 1
