# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date

from odoo import Command
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged


@tagged("post_install", "-at_install", "crm_pipeline")
class TestSalesExpense(AccountTestInvoicingCommon):
    """Sales expenses on hr_expense: opportunity/customer links, budgets, approval, posting
    and visibility, with a company that has a chart of accounts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # the accountant of AccountTestInvoicingCommon also sets up employees and budgets
        cls.env.user.groups_id |= cls.env.ref("crm_pipeline.group_crm_pipeline_manager")
        cls.env.user.groups_id |= cls.env.ref("hr.group_hr_user")
        company = cls.env.company
        cls.company = company

        def user(login, name, group):
            return new_test_user(
                cls.env, login=login, name=name, groups=group, company_id=company.id
            )

        cls.rep = user("exp_rep", "Rep Sun", "crm_pipeline.group_crm_pipeline_user")
        cls.rep2 = user("exp_rep2", "Rep Zhou", "crm_pipeline.group_crm_pipeline_user")
        cls.leader = user("exp_leader", "Leader Wu", "crm_pipeline.group_crm_pipeline_user")
        cls.manager = user("exp_manager", "Manager Qian", "crm_pipeline.group_crm_pipeline_manager")
        cls.outsider = user("exp_outsider", "Rep Zheng", "crm_pipeline.group_crm_pipeline_user")
        # Odoo 18 creates no employee for a new user: an expense needs one.
        Employee = cls.env["hr.employee"]
        cls.manager_employee = Employee.create(
            {"name": "Manager Qian", "user_id": cls.manager.id,
             "work_contact_id": cls.manager.partner_id.id, "company_id": company.id}
        )
        cls.rep_employee, cls.rep2_employee, cls.leader_employee, __ = Employee.create([
            {"name": "Rep Sun", "user_id": cls.rep.id, "parent_id": cls.manager_employee.id,
             "work_contact_id": cls.rep.partner_id.id, "company_id": company.id},
            {"name": "Rep Zhou", "user_id": cls.rep2.id,
             "work_contact_id": cls.rep2.partner_id.id, "company_id": company.id},
            {"name": "Leader Wu", "user_id": cls.leader.id,
             "work_contact_id": cls.leader.partner_id.id, "company_id": company.id},
            {"name": "Rep Zheng", "user_id": cls.outsider.id,
             "work_contact_id": cls.outsider.partner_id.id, "company_id": company.id},
        ])
        cls.team = cls.env["crm.team"].create({
            "name": "Expense Test Team",
            "user_id": cls.leader.id,
            "member_ids": [Command.link(cls.rep.id), Command.link(cls.rep2.id)],
        })
        cls.product = cls.env["product.product"].create({
            "name": "Customer dinner",
            "can_be_expensed": True,
            "standard_price": 0.0,
            "supplier_taxes_id": [Command.clear()],
            "property_account_expense_id": cls.company_data["default_account_expense"].id,
        })
        cls.customer = cls.env["res.partner"].create(
            {"name": "Shanghai Hengli Trading", "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Ms Hu", "parent_id": cls.customer.id}
        )
        cls.opportunity = cls.env["crm.lead"].create({
            "name": "Hengli 200 pumps",
            "type": "opportunity",
            "partner_id": cls.contact.id,
            "user_id": cls.rep.id,
            "team_id": cls.team.id,
        })
        cls.budget = cls.env["crm.expense.budget"].create({
            "user_id": cls.rep.id,
            "date_from": date(2025, 1, 1),
            "amount": 1000.0,
        })

    # ------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------

    def _expense(self, user, amount, day, **values):
        return self.env["hr.expense"].with_user(user).create({
            "name": values.pop("name", "Dinner"),
            "product_id": self.product.id,
            "total_amount_currency": amount,
            "date": day,
            **values,
        })

    def _sheet(self, expenses):
        user = expenses.employee_id.user_id
        return self.env["hr.expense.sheet"].with_user(user).create({
            "name": "Report of %s" % user.name,
            "employee_id": expenses.employee_id.id,
            "expense_line_ids": [Command.set(expenses.ids)],
        })

    def _approved(self, user, amount, day):
        sheet = self._sheet(self._expense(user, amount, day))
        sheet.action_submit_sheet()
        sheet.with_user(self.manager).action_approve_expense_sheets()
        return sheet

    def _refused(self, user, amount, day, **values):
        sheet = self._sheet(self._expense(user, amount, day, **values))
        sheet.action_submit_sheet()
        sheet.with_user(self.manager)._do_refuse("Not a sales expense")
        return sheet

    def _budget_todos(self, sheet):
        # read as the test's manager: a rep may not read activities on a submitted report
        return self.env["mail.activity"].search([
            ("res_model", "=", "hr.expense.sheet"),
            ("res_id", "=", sheet.id),
            ("activity_type_id", "=", self.env.ref("mail.mail_activity_data_todo").id),
            ("summary", "=", "Expense report over budget"),
        ])

    def _query_counts(self, small, large, fname):
        """Queries to compute ``fname`` on ``small`` then on ``large``, caches cleared;
        records are browsed afresh so that prefetching does not mix the two sets."""
        counts = []
        for records in (large, small, large):  # the first pass warms the rule caches
            self.env.invalidate_all()
            records = records.browse(records.ids)
            before = self.cr.sql_log_count
            records.mapped(fname)
            counts.append(self.cr.sql_log_count - before)
        return counts[1:]

    # ------------------------------------------------------------
    # TESTS
    # ------------------------------------------------------------

    def test_expense_on_opportunity_and_customer(self):
        """Expenses show on their opportunity and on the customer (and its parent company);
        refused ones are left out of the totals."""
        with Form(self.env["hr.expense"].with_user(self.rep)) as form:
            form.name = "Dinner with Ms Hu"
            form.product_id = self.product
            form.total_amount_currency = 150.0
            form.date = date(2025, 1, 10)
            form.opportunity_id = self.opportunity
            # the customer follows the opportunity: its commercial partner
            self.assertEqual(form.customer_id, self.customer)
        dinner = form.record
        gift = self._expense(self.rep, 50.0, date(2025, 1, 12), customer_id=self.contact.id)
        self._refused(self.rep, 70.0, date(2025, 1, 14), opportunity_id=self.opportunity.id)

        lead = self.opportunity.with_user(self.rep)
        self.assertEqual(lead.expense_count, 1)
        self.assertAlmostEqual(lead.expense_amount, 150.0)
        self.assertEqual(lead.expense_ids.filtered(lambda e: e.state != "refused"), dinner)
        action = lead.action_view_expenses()
        self.assertEqual(self.env["hr.expense"].search(action["domain"]).filtered(
            lambda e: e.state != "refused"), dinner)

        customer = self.customer.with_user(self.rep)
        self.assertEqual(customer.expense_count, 2)  # the contact's expense included
        self.assertAlmostEqual(customer.expense_amount, 200.0)
        self.assertEqual(self.contact.with_user(self.rep).expense_count, 1)
        self.assertEqual(
            self.env["hr.expense"].search(customer.action_view_expenses()["domain"])
            .filtered(lambda e: e.state != "refused"),
            dinner | gift,
        )

    def test_budget_spent_and_remaining(self):
        """Spent = approved (journal entry drafted or posted) and paid expenses of the
        salesperson in the period; draft, submitted, refused, other months and other
        salespeople do not count."""
        self._approved(self.rep, 300.0, date(2025, 1, 5))           # counts
        posted = self._approved(self.rep, 200.0, date(2025, 1, 31))  # counts, once posted
        posted.with_env(self.env).action_sheet_move_post()  # the accountant posts
        self._expense(self.rep, 400.0, date(2025, 1, 20))             # draft
        submitted = self._sheet(self._expense(self.rep, 120.0, date(2025, 1, 21)))
        submitted.action_submit_sheet()                               # submitted
        self._refused(self.rep, 250.0, date(2025, 1, 22))             # refused
        self._approved(self.rep, 100.0, date(2025, 2, 1))             # next month
        self._approved(self.rep2, 500.0, date(2025, 1, 15))           # another rep

        budget = self.budget.with_user(self.rep)
        self.assertAlmostEqual(budget.spent_amount, 500.0)
        self.assertAlmostEqual(budget.remaining_amount, 500.0)
        self.assertFalse(budget.is_over_budget)

        quarter = self.env["crm.expense.budget"].create({
            "user_id": self.rep.id, "period_type": "quarter",
            "date_from": date(2025, 1, 1), "amount": 550.0,
        })
        self.assertEqual(quarter.date_to, date(2025, 3, 31))
        self.assertAlmostEqual(quarter.spent_amount, 600.0)
        self.assertAlmostEqual(quarter.remaining_amount, -50.0)
        self.assertTrue(quarter.is_over_budget)
        rep2_budget = self.env["crm.expense.budget"].create({
            "user_id": self.rep2.id, "date_from": date(2025, 1, 1), "amount": 800.0,
        })
        self.assertEqual(rep2_budget.team_id, self.team)
        self.assertAlmostEqual(rep2_budget.spent_amount, 500.0)

    def test_budget_spent_query_count(self):
        """The spent amount of many budgets costs the same queries as of one."""
        self._approved(self.rep, 300.0, date(2025, 1, 5))
        self._approved(self.rep2, 500.0, date(2025, 3, 15))
        budgets = self.env["crm.expense.budget"].create([
            {"user_id": user.id, "date_from": date(2025, month, 1), "amount": 100.0}
            for user in (self.rep2, self.leader, self.manager) for month in range(1, 13)
        ]) | self.budget
        counts = self._query_counts(self.budget, budgets, "spent_amount")
        self.assertEqual(counts[0], counts[1])
        spent = {(b.user_id, b.date_from.month): b.spent_amount for b in budgets}
        self.assertAlmostEqual(spent[self.rep, 1], 300.0)
        self.assertAlmostEqual(spent[self.rep2, 3], 500.0)
        self.assertAlmostEqual(sum(spent.values()), 800.0)

    def test_expense_totals_query_count(self):
        """Opportunity and customer totals, and the budget status of expenses, cost the
        same queries for 1 and for 20 records."""
        customers = self.env["res.partner"].create(
            [{"name": f"Customer {index}", "is_company": True} for index in range(20)]
        )
        leads = self.env["crm.lead"].create([
            {"name": f"Deal {index}", "type": "opportunity", "partner_id": customer.id,
             "user_id": self.rep.id}
            for index, customer in enumerate(customers)
        ])
        expenses = self.env["hr.expense"]
        for index, lead in enumerate(leads):
            expenses |= self._expense(
                self.rep, 10.0 + index, date(2025, 1, 1 + index), opportunity_id=lead.id
            )
        small, large = self._query_counts(leads[:1], leads, "expense_amount")
        self.assertEqual(small, large)
        small, large = self._query_counts(customers[:1], customers, "expense_amount")
        self.assertEqual(small, large)
        small, large = self._query_counts(expenses[:1], expenses, "is_over_budget")
        self.assertEqual(small, large)
        self.assertAlmostEqual(sum(leads.mapped("expense_amount")), 20 * 10.0 + sum(range(20)))
        self.assertEqual(customers[5].expense_count, 1)
        self.assertAlmostEqual(customers[5].expense_amount, 15.0)
        # 20 draft expenses: 10 + 11 + ... + 29 = 390 against 1000, none counted yet
        self.assertAlmostEqual(expenses[-1].budget_remaining_amount, 1000.0 - 29.0)

    def test_over_budget_warning(self):
        """An expense that takes the budget below zero warns as it is entered, shows on the
        expense and its report, and its submission gives the approver a to-do."""
        self._approved(self.rep, 500.0, date(2025, 1, 5))
        fits = self._expense(self.rep, 400.0, date(2025, 1, 8))
        self.assertFalse(fits.is_over_budget)
        self.assertAlmostEqual(fits.budget_remaining_amount, 100.0)

        with self.assertLogs("odoo.tests.form.onchange", "WARNING") as logs, \
                Form(self.env["hr.expense"].with_user(self.rep)) as form:
            form.name = "Banquet"
            form.product_id = self.product
            form.date = date(2025, 1, 9)
            form.total_amount_currency = 600.0
        self.assertIn("Over budget", logs.output[-1])
        banquet = form.record
        self.assertTrue(banquet.is_over_budget)
        self.assertAlmostEqual(banquet.budget_remaining_amount, -100.0)
        self.assertEqual(banquet.with_user(self.rep).expense_budget_id, self.budget)

        # the report adds up its lines: 500 approved + 400 + 600 against 1000
        sheet = self._sheet(fits | banquet)
        self.assertTrue(sheet.is_over_budget)
        self.assertIn("500.00", sheet.budget_warning)
        sheet.with_user(self.rep).action_submit_sheet()
        todo = self._budget_todos(sheet)
        self.assertEqual(todo.user_id, self.manager)  # the rep's employee manager
        self.assertIn("exceeded by", todo.note)

        # under budget: no warning, no to-do
        small = self._sheet(self._expense(self.rep, 90.0, date(2025, 1, 3)))
        # 500 approved + 90 < 1000 (the 1000 still waiting in the first report do not count)
        self.assertFalse(small.is_over_budget)
        small.action_submit_sheet()
        self.assertFalse(self._budget_todos(small))

    def test_over_budget_team_leader_todo(self):
        """Without an employee manager, the salesperson's team leader gets the to-do."""
        self.env["crm.expense.budget"].create(
            {"user_id": self.rep2.id, "date_from": date(2025, 1, 1), "amount": 100.0}
        )
        sheet = self._sheet(self._expense(self.rep2, 150.0, date(2025, 1, 8)))
        sheet.action_submit_sheet()
        self.assertEqual(self._budget_todos(sheet).user_id, self.leader)

    def test_approve_and_post_journal_entry(self):
        """The manager approves the report; accounting posts a journal entry of the
        report's amounts (15% purchase tax included in the 1,150)."""
        expense = self._expense(
            self.rep, 1150.0, date(2025, 1, 10),
            opportunity_id=self.opportunity.id,
            tax_ids=[Command.set(self.tax_purchase_a.ids)],
        )
        self.assertAlmostEqual(expense.untaxed_amount_currency, 1000.0)
        sheet = self._sheet(expense)
        sheet.with_user(self.rep).action_submit_sheet()
        self.assertEqual(sheet.state, "submit")
        sheet.with_user(self.manager).action_approve_expense_sheets()
        self.assertEqual(sheet.state, "approve")
        self.assertEqual(expense.state, "approved")

        # the accountant of AccountTestInvoicingCommon posts
        sheet = sheet.with_env(self.env)
        sheet.action_sheet_move_post()
        move = sheet.account_move_ids
        self.assertEqual(len(move), 1)
        self.assertEqual(move.state, "posted")
        self.assertEqual(sheet.state, "post")
        self.assertAlmostEqual(move.amount_total, 1150.0)
        self.assertAlmostEqual(move.amount_tax, 150.0)
        self.assertEqual(move.partner_id, self.rep.partner_id)
        lines = move.line_ids
        expense_line = lines.filtered(lambda line: line.expense_id == expense and line.tax_ids)
        self.assertEqual(expense_line.account_id, self.company_data["default_account_expense"])
        self.assertAlmostEqual(expense_line.debit, 1000.0)
        self.assertAlmostEqual(sum(lines.filtered("tax_line_id").mapped("debit")), 150.0)
        payable = lines.filtered(lambda line: line.account_id.account_type == "liability_payable")
        self.assertAlmostEqual(payable.credit, 1150.0)
        self.assertAlmostEqual(sum(lines.mapped("debit")), sum(lines.mapped("credit")))
        # a posted expense counts against the budget (1,150 against 1,000)
        self.assertAlmostEqual(self.budget.spent_amount, 1150.0)
        self.assertTrue(self.budget.is_over_budget)

    def test_cannot_approve_own_report(self):
        """A salesperson cannot approve a report, a manager cannot approve their own."""
        sheet = self._sheet(self._expense(self.rep, 80.0, date(2025, 1, 10)))
        sheet.with_user(self.rep).action_submit_sheet()
        with self.assertRaises(UserError):
            sheet.with_user(self.rep).action_approve_expense_sheets()
        self.assertEqual(sheet.state, "submit")

        own = self._sheet(self._expense(self.manager, 80.0, date(2025, 1, 10)))
        own.with_user(self.manager).action_submit_sheet()
        with self.assertRaises(UserError):
            own.with_user(self.manager).action_approve_expense_sheets()
        self.assertEqual(own.state, "submit")
        # while the rep's report is the manager's to approve
        sheet.with_user(self.manager).action_approve_expense_sheets()
        self.assertEqual(sheet.state, "approve")

    def test_access_reps_leaders_managers(self):
        """Reps see their own expenses and budgets, team leaders their team's (read only),
        managers all; only managers set budgets."""
        rep_expense = self._expense(self.rep, 60.0, date(2025, 1, 10))
        rep_sheet = self._sheet(rep_expense)
        rep_sheet.action_submit_sheet()
        outsider_expense = self._expense(self.outsider, 30.0, date(2025, 1, 10))
        Expense, Sheet = self.env["hr.expense"], self.env["hr.expense.sheet"]
        Budget = self.env["crm.expense.budget"]

        # another rep of the same team sees nothing of it
        self.assertFalse(Expense.with_user(self.rep2).search([("id", "=", rep_expense.id)]))
        self.assertFalse(Sheet.with_user(self.rep2).search([("id", "=", rep_sheet.id)]))
        self.assertFalse(Budget.with_user(self.rep2).search([("id", "=", self.budget.id)]))
        with self.assertRaises(AccessError):
            rep_expense.with_user(self.rep2).read(["total_amount"])
        with self.assertRaises(AccessError):
            self.budget.with_user(self.rep2).read(["amount"])
        # the rep reads own budget but cannot raise it
        self.assertEqual(Budget.with_user(self.rep).search([]), self.budget)
        with self.assertRaises(AccessError):
            self.budget.with_user(self.rep).write({"amount": 5000.0})
        with self.assertRaises(AccessError):
            Budget.with_user(self.rep).create(
                {"user_id": self.rep.id, "date_from": date(2025, 2, 1), "amount": 1.0}
            )

        # the team leader sees the team's expenses, reports and budgets, not others'
        leader_expenses = Expense.with_user(self.leader).search([])
        self.assertIn(rep_expense, leader_expenses)
        self.assertNotIn(outsider_expense, leader_expenses)
        self.assertIn(rep_sheet, Sheet.with_user(self.leader).search([]))
        self.assertEqual(Budget.with_user(self.leader).search([]), self.budget)
        with self.assertRaises(AccessError):
            rep_expense.with_user(self.leader).write({"total_amount_currency": 1.0})

        # the manager sees everything and sets budgets
        self.assertLessEqual(rep_expense | outsider_expense, Expense.with_user(self.manager).search([]))
        budget = Budget.with_user(self.manager).create(
            {"user_id": self.outsider.id, "date_from": date(2025, 1, 1), "amount": 300.0}
        )
        self.assertAlmostEqual(budget.remaining_amount, 300.0)  # a draft expense does not count

    def test_budget_period_start(self):
        """A budget starts on the first day of its month or quarter."""
        with self.assertRaises(ValidationError):
            self.env["crm.expense.budget"].create(
                {"user_id": self.rep2.id, "date_from": date(2025, 1, 15), "amount": 10.0}
            )
        with self.assertRaises(ValidationError):
            self.env["crm.expense.budget"].create(
                {"user_id": self.rep2.id, "period_type": "quarter",
                 "date_from": date(2025, 2, 1), "amount": 10.0}
            )
