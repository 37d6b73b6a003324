# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from contextlib import contextmanager
from datetime import date, datetime
from unittest.mock import patch

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import freeze_time, new_test_user, tagged, users
from odoo.tools.safe_eval import safe_eval

from .common import CrmPipelineCommon

MARCH = [("date", ">=", datetime(2026, 3, 1)), ("date", "<", datetime(2026, 4, 1))]
TODAY = [("date", ">=", datetime(2026, 3, 15)), ("date", "<", datetime(2026, 3, 16))]


@tagged("post_install", "-at_install", "crm_pipeline")
class TestSalesActivityReport(CrmPipelineCommon):
    """Two reps in two teams, a month of hand-made events (see setUpClass), and the
    figures the rankings and the "team today" views must show for them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_chart_of_accounts()
        group = "crm_pipeline.group_crm_pipeline_user"
        cls.rep_a = new_test_user(cls.env, login="act_rep_a", name="Rep A", groups=group)
        cls.rep_b = new_test_user(cls.env, login="act_rep_b", name="Rep B", groups=group)
        cls.leader_a = new_test_user(cls.env, login="act_leader_a", name="Leader A", groups=group)
        cls.leader_b = new_test_user(cls.env, login="act_leader_b", name="Leader B", groups=group)
        cls.reps = cls.rep_a | cls.rep_b
        cls.team_a = cls.env["crm.team"].create(
            {"name": "Team A", "user_id": cls.leader_a.id, "member_ids": [(4, cls.rep_a.id)]}
        )
        cls.team_b = cls.env["crm.team"].create(
            {"name": "Team B", "user_id": cls.leader_b.id, "member_ids": [(4, cls.rep_b.id)]}
        )
        Stage = cls.env["crm.stage"]
        cls.s_new = Stage.create({"name": "Act New", "sequence": 1})
        cls.s_qualified = Stage.create({"name": "Act Qualified", "sequence": 2})
        cls.s_won = Stage.create({"name": "Act Won", "sequence": 3, "is_won": True})
        ActivityType = cls.env["mail.activity.type"]
        cls.type_todo = ActivityType.create({"name": "Act To Do", "category": "default"})
        cls.type_call = ActivityType.create({"name": "Act Call", "category": "phonecall"})
        cls.customer_a = cls.env["res.partner"].create({"name": "Customer A", "is_company": True})
        cls.customer_b = cls.env["res.partner"].create({"name": "Customer B", "is_company": True})
        cls.product = cls.env["product.product"].create(
            {"name": "Consulting Day", "type": "service", "taxes_id": [Command.clear()]}
        )

        # February: rep B is paid an invoice in full, rep A creates a lead
        with cls._at(datetime(2026, 2, 10, 9)):
            invoice_b = cls._invoice(cls.rep_b, cls.team_b, cls.customer_b, 2000.0)
        with cls._at(datetime(2026, 2, 20, 9)):
            cls.lead_a3 = cls._lead("A3", cls.rep_a, cls.team_a, 0.0)
            cls._pay(invoice_b, 2000.0, date(2026, 2, 20))
        # March
        with cls._at(datetime(2026, 3, 1, 9)):
            cls.invoice_a = cls._invoice(cls.rep_a, cls.team_a, cls.customer_a, 1000.0)
        with cls._at(datetime(2026, 3, 2, 9)):
            cls.lead_a1 = cls._lead("A1", cls.rep_a, cls.team_a, 5000.0)
        with cls._at(datetime(2026, 3, 4, 9)):
            # an invoice cancelled by a credit note is not a collection
            refunded = cls._invoice(cls.rep_b, cls.team_b, cls.customer_b, 300.0)
            refunded._reverse_moves(cancel=True)
        with cls._at(datetime(2026, 3, 5, 9)):
            cls.lead_b1 = cls._lead("B1", cls.rep_b, cls.team_b, 8000.0)
        with cls._at(datetime(2026, 3, 8, 9)):
            cls.lead_b1.stage_id = cls.s_won
        with cls._at(datetime(2026, 3, 10, 9)):
            cls.lead_a1.stage_id = cls.s_qualified
        with cls._at(datetime(2026, 3, 12, 9)):
            cls.quotation = cls._order(cls.rep_a, cls.team_a, 1200.0)
            cls.quotation.action_quotation_sent()
        with cls._at(datetime(2026, 3, 14, 9)):
            cls._activity_done(cls.customer_b, cls.type_todo, cls.rep_b)
        # today, 2026-03-15
        with cls._at(datetime(2026, 3, 15, 9)):
            cls.lead_a2 = cls._lead("A2", cls.rep_a, cls.team_a, 0.0)
            cls.lead_b2 = cls._lead("B2", cls.rep_b, cls.team_b, 0.0)
            cls.lead_a1.stage_id = cls.s_won
            cls._activity_done(cls.lead_a1, cls.type_todo, cls.rep_a)
            cls._activity_done(cls.lead_a1, cls.type_call, cls.rep_a)
            cls.order = cls._order(cls.rep_a, cls.team_a, 3000.0)
            cls.order.action_confirm()
            cls._pay(cls.invoice_a, 400.0, date(2026, 3, 15))
        cls.env.flush_all()

    # ------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------

    @classmethod
    @contextmanager
    def _at(cls, when):
        with freeze_time(when), patch.object(cls.env.cr, "now", lambda: when):
            yield
            cls.env.flush_all()

    @classmethod
    def _lead(cls, name, user, team, revenue):
        return cls.env["crm.lead"].create(
            {
                "name": f"Act {name}",
                "type": "opportunity",
                "user_id": user.id,
                "team_id": team.id,
                "stage_id": cls.s_new.id,
                "expected_revenue": revenue,
            }
        )

    @classmethod
    def _invoice(cls, user, team, partner, amount):
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": datetime.now().date(),
                "invoice_user_id": user.id,
                "team_id": team.id,
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": cls.product.id, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    @classmethod
    def _order(cls, user, team, amount):
        return cls.env["sale.order"].create(
            {
                "partner_id": cls.customer_a.id,
                "user_id": user.id,
                "team_id": team.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "price_unit": amount,
                            "tax_id": [Command.clear()],
                        }
                    )
                ],
            }
        )

    @classmethod
    def _activity_done(cls, record, activity_type, user):
        activity = cls.env["mail.activity"].create(
            {
                "res_model_id": cls.env["ir.model"]._get_id(record._name),
                "res_id": record.id,
                "activity_type_id": activity_type.id,
                "user_id": user.id,
                "summary": "Follow up",
            }
        )
        # marked done by the rep: the message is theirs
        activity.with_user(user).action_feedback(feedback="Done")

    def _report(self):
        return self.env["crm.sales.activity.report"]

    def _by_user_kind(self, domain):
        groups = self._report()._read_group(domain, ["user_id", "kind"], ["__count", "amount:sum"])
        return {(user.login, kind): (count, amount) for user, kind, count, amount in groups}

    # ------------------------------------------------------------
    # figures
    # ------------------------------------------------------------

    def test_month_by_rep_and_kind(self):
        figures = self._by_user_kind(MARCH + [("user_id", "in", self.reps.ids)])
        self.assertEqual(
            figures,
            {
                # A1 (2 March) and A2 (today); A3 was created in February
                ("act_rep_a", "new_lead"): (2, 0.0),
                # A1 new -> qualified -> won; the creation row is not a move
                ("act_rep_a", "stage_move"): (2, 0.0),
                ("act_rep_a", "won"): (1, 5000.0),
                ("act_rep_a", "activity_done"): (1, 0.0),
                ("act_rep_a", "call"): (1, 0.0),
                ("act_rep_a", "quotation_sent"): (1, 1200.0),
                ("act_rep_a", "order"): (1, 3000.0),
                # 400 paid of the 1000 invoice
                ("act_rep_a", "collection"): (1, 400.0),
                ("act_rep_b", "new_lead"): (2, 0.0),
                ("act_rep_b", "stage_move"): (1, 0.0),
                ("act_rep_b", "won"): (1, 8000.0),
                # done on a contact: the team is the rep's own team
                ("act_rep_b", "activity_done"): (1, 0.0),
                # February's payment and the credit note are not March collections
            },
        )
        # the February payment is a collection of February, on its payment date
        february = self._by_user_kind(
            [
                ("date", ">=", datetime(2026, 2, 1)),
                ("date", "<", datetime(2026, 3, 1)),
                ("user_id", "in", self.reps.ids),
                ("kind", "=", "collection"),
            ]
        )
        self.assertEqual(february, {("act_rep_b", "collection"): (1, 2000.0)})

    def test_rows_point_to_their_documents(self):
        Report = self._report()
        call = Report.search([("user_id", "=", self.rep_a.id), ("kind", "=", "call")])
        self.assertEqual(len(call), 1)
        self.assertEqual(call.lead_id, self.lead_a1)
        self.assertEqual(call.team_id, self.team_a)
        self.assertEqual(call.activity_type_id, self.type_call)
        self.assertEqual((call.res_model, call.res_id), ("crm.lead", self.lead_a1.id))
        contact = Report.search([("user_id", "=", self.rep_b.id), ("kind", "=", "activity_done")])
        self.assertEqual(contact.partner_id, self.customer_b)
        self.assertEqual(contact.team_id, self.team_b)
        collection = Report.search([("user_id", "=", self.rep_a.id), ("kind", "=", "collection")])
        self.assertEqual(collection.move_id, self.invoice_a)
        self.assertEqual(collection.date, datetime(2026, 3, 15, 12))
        self.assertEqual(collection.currency_id, self.env.company.currency_id)
        order = Report.search([("user_id", "=", self.rep_a.id), ("kind", "=", "order")])
        self.assertEqual(order.order_id, self.order)
        # row ids are unique across sources
        rows = Report.search([("user_id", "in", self.reps.ids)])
        self.assertEqual(len(rows), len(set(rows.ids)))
        self.assertEqual(len(rows), 11 + 6)

    def test_ranking_order(self):
        Report = self._report()
        domain = MARCH + [("user_id", "in", self.reps.ids)]
        aggregates = ["won_amount:sum", "collected_amount:sum", "activity_count:sum"]
        by_won = Report._read_group(domain, ["user_id"], aggregates, order="won_amount:sum desc")
        self.assertEqual(
            [(user, won, collected, activities) for user, won, collected, activities in by_won],
            [(self.rep_b, 8000.0, 0.0, 1), (self.rep_a, 5000.0, 400.0, 2)],
        )
        by_collected = Report._read_group(
            domain, ["user_id"], aggregates, order="collected_amount:sum desc"
        )
        self.assertEqual([group[0] for group in by_collected], [self.rep_a, self.rep_b])
        # the ranking list is a grouped list ordered by won revenue: the web client's
        # read_group call with the list's default order
        arch = etree.fromstring(
            self.env.ref("crm_pipeline.crm_sales_activity_report_view_list_ranking").arch
        )
        groups = Report.read_group(
            domain,
            ["won_amount:sum", "collected_amount:sum", "activity_count:sum"],
            ["user_id"],
            orderby=arch.get("default_order"),
        )
        self.assertEqual(
            [(g["user_id"][0], g["won_amount"], g["activity_count"]) for g in groups],
            [(self.rep_b.id, 8000.0, 1), (self.rep_a.id, 5000.0, 2)],
        )
        # the ranking action opens on this month, grouped by salesperson
        action = self.env.ref("crm_pipeline.crm_sales_activity_report_action_ranking")
        context = safe_eval(action.context)
        self.assertTrue(context["search_default_filter_date"])
        self.assertTrue(context["search_default_groupby_user_id"])

    @users("pipeline_manager")
    def test_team_today_for_manager(self):
        figures = self._by_user_kind(TODAY + [("user_id", "in", self.reps.ids)])
        self.assertEqual(
            figures,
            {
                ("act_rep_a", "new_lead"): (1, 0.0),
                ("act_rep_a", "stage_move"): (1, 0.0),
                ("act_rep_a", "won"): (1, 5000.0),
                ("act_rep_a", "activity_done"): (1, 0.0),
                ("act_rep_a", "call"): (1, 0.0),
                ("act_rep_a", "order"): (1, 3000.0),
                ("act_rep_a", "collection"): (1, 400.0),
                ("act_rep_b", "new_lead"): (1, 0.0),
            },
        )

    def _my_teams_domain(self, user):
        view = self.env.ref("crm_pipeline.crm_sales_activity_report_view_search")
        node = etree.fromstring(view.arch).xpath("//filter[@name='my_teams']")[0]
        return safe_eval(node.get("domain"), {"uid": user.id})

    def test_team_today_my_teams_filter(self):
        action = self.env.ref("crm_pipeline.crm_sales_activity_report_action_today")
        context = safe_eval(action.context)
        self.assertTrue(context["search_default_today"])
        self.assertTrue(context["search_default_my_teams"])
        Report = self._report().with_user(self.leader_a)
        rows = Report.search(TODAY + self._my_teams_domain(self.leader_a))
        self.assertEqual(len(rows), 7)
        self.assertEqual(rows.user_id, self.rep_a)
        # a member of a team sees their team's rows under the filter too (own ones here)
        rows = (
            self._report().with_user(self.rep_b).search(TODAY + self._my_teams_domain(self.rep_b))
        )
        self.assertEqual(rows.mapped("kind"), ["new_lead"])

    # ------------------------------------------------------------
    # access
    # ------------------------------------------------------------

    @users("act_rep_a")
    def test_rep_sees_own_rows(self):
        rows = self._report().search([("date", ">=", datetime(2026, 1, 1))])
        self.assertEqual(rows.user_id, self.env.user)
        # 3 new leads, 2 moves, 1 won, 1 activity, 1 call, 1 quotation, 1 order,
        # 1 collection
        self.assertEqual(len(rows), 11)
        self.assertFalse(self._report().search([("user_id", "=", self.rep_b.id)]))
        groups = self._report()._read_group([], ["user_id"], ["won_amount:sum"])
        self.assertEqual(groups, [(self.env.user, 5000.0)])

    @users("act_rep_a")
    def test_report_is_read_only(self):
        row = self._report().search([], limit=1)
        self.assertTrue(row)
        for operation in ("write", "create", "unlink"):
            with self.assertRaises(AccessError):
                row.check_access(operation)

    @users("act_leader_a")
    def test_leader_sees_team_rows(self):
        rows = self._report().search([("date", ">=", datetime(2026, 1, 1))])
        self.assertEqual(rows.team_id, self.team_a)
        self.assertEqual(rows.user_id, self.rep_a)
        self.assertEqual(len(rows), 11)

    @users("act_leader_b")
    def test_other_leader_sees_other_team(self):
        rows = self._report().search([("date", ">=", datetime(2026, 1, 1))])
        self.assertEqual(rows.team_id, self.team_b)
        # 2 new leads, 1 move, 1 won, 1 activity, February's collection
        self.assertEqual(len(rows), 6)

    @users("pipeline_manager")
    def test_manager_sees_all(self):
        rows = self._report().search([("user_id", "in", self.reps.ids)])
        self.assertEqual(rows.user_id, self.reps)
        self.assertEqual(len(rows), 17)

    def test_multi_company(self):
        company_2 = self.env["res.company"].create({"name": "Act Company 2"})
        self.rep_a.company_ids = [Command.link(company_2.id)]
        lead = self.env["crm.lead"].create(
            {
                "name": "Act other company",
                "user_id": self.rep_a.id,
                "company_id": company_2.id,
            }
        )
        lead.flush_recordset()
        domain = [("lead_id", "=", lead.id), ("kind", "=", "new_lead")]
        Report = self._report().with_user(self.rep_a)
        self.assertFalse(
            Report.with_context(allowed_company_ids=self.env.company.ids).search(domain)
        )
        self.assertEqual(
            len(
                Report.with_context(allowed_company_ids=(self.env.company | company_2).ids).search(
                    domain
                )
            ),
            1,
        )

    def test_view_branches_are_flattened(self):
        """The seven sources are one flat UNION ALL: PostgreSQL then computes only the
        columns a query uses and pushes the date filter into each source's index. A
        branch whose column types differ from the others' breaks this silently (the
        query still works, several times slower on a large database)."""
        self.env.cr.execute(
            """EXPLAIN (FORMAT JSON)
               SELECT user_id, SUM(won_amount) FROM crm_sales_activity_report
                WHERE date >= '2026-03-01' AND date < '2026-04-01' GROUP BY user_id"""
        )
        plan = self.env.cr.fetchone()[0][0]["Plan"]

        def appends(node):
            found = [node] if node["Node Type"] == "Append" else []
            for child in node.get("Plans", []):
                found += appends(child)
            return found

        nodes = appends(plan)
        self.assertEqual(len(nodes), 1)
        self.assertEqual(len(nodes[0]["Plans"]), 7)

    def test_ranking_query_count(self):
        """A ranking is one grouped query over the view, whatever the number of rows."""
        Report = self._report().with_user(self.pipeline_manager)
        domain = MARCH + [("user_id", "in", self.reps.ids)]
        aggregates = ["won_amount:sum", "collected_amount:sum", "activity_count:sum"]
        Report._read_group(domain, ["user_id"], aggregates)  # warm-up: rules, fields
        with self.assertQueryCount(1):
            Report._read_group(domain, ["user_id"], aggregates)
