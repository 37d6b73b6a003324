# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import UserError
from odoo.tests import Form, freeze_time, tagged, users

from .common import CrmServiceCommon


@tagged("post_install", "-at_install", "crm_service")
class TestServiceOrder(CrmServiceCommon):
    @users("service_tech")
    @freeze_time("2025-04-10 08:30:00")
    def test_sequence_naming(self):
        """Orders are numbered from the SRV/<year>/ sequence, one number each."""
        Order = self.env["crm.service.order"]
        first, second = Order.create([
            {"partner_id": self.partner.id},
            {"partner_id": self.partner.id, "channel": "counter"},
        ])
        self.assertRegex(first.name, r"^SRV/2025/\d{5}$")
        self.assertEqual(int(second.name.split("/")[-1]), int(first.name.split("/")[-1]) + 1)
        self.assertNotEqual(first.copy().name, first.name)

    @users("service_tech")
    def test_form_defaults(self):
        with Form(self.env["crm.service.order"]) as form:
            form.partner_id = self.partner
            self.assertEqual(form.partner_phone, self.partner.phone)
        order = form.save()
        self.assertEqual(order.stage_type, "new")
        self.assertEqual(order.channel, "phone")
        self.assertEqual(order.priority, "1")
        self.assertEqual(order.stage_id, self.env.ref("crm_service.crm_service_stage_new"))
        self.assertEqual(order.company_id, self.env.company)
        self.assertTrue(order.date_request)

    @users("service_tech")
    def test_workflow(self):
        """new -> assigned -> in progress -> resolved -> closed; assigning takes the order."""
        order = self._create_order().with_env(self.env)
        order.action_assign()
        self.assertEqual(order.stage_type, "assigned")
        self.assertEqual(order.user_id, self.tech)
        order.action_start()
        self.assertEqual(order.stage_type, "in_progress")
        with freeze_time("2025-04-11 16:00:00"):
            order.action_resolve()
        self.assertEqual(order.stage_type, "resolved")
        self.assertEqual(str(order.date_resolved), "2025-04-11 16:00:00")
        self.assertFalse(order.date_closed)
        with freeze_time("2025-04-12 09:00:00"):
            order.action_close()
        self.assertEqual(order.stage_type, "closed")
        self.assertTrue(order.is_closed_stage)
        self.assertEqual(str(order.date_closed), "2025-04-12 09:00:00")
        self.assertEqual(str(order.date_resolved), "2025-04-11 16:00:00")

    @users("service_tech")
    def test_start_walk_in_directly(self):
        """A walk-in can be started at once by the technician at the counter."""
        order = self._create_order(channel="counter").with_env(self.env)
        order.action_start()
        self.assertEqual(order.stage_type, "in_progress")
        self.assertEqual(order.user_id, self.tech)

    @users("service_manager")
    def test_assign_keeps_chosen_technician(self):
        order = self._create_order(user=self.tech2).with_env(self.env)
        order.action_assign()
        self.assertEqual(order.user_id, self.tech2)

    @users("service_tech")
    def test_forbidden_transitions(self):
        order = self._create_order().with_env(self.env)
        with self.assertRaisesRegex(UserError, "cannot be resolved"):
            order.action_resolve()
        with self.assertRaisesRegex(UserError, "cannot be closed"):
            order.action_close()
        with self.assertRaisesRegex(UserError, "cannot be reopened"):
            order.action_reopen()
        order.action_start()
        with self.assertRaisesRegex(UserError, "cannot be assigned: it is In Progress"):
            order.action_assign()
        order.action_resolve()
        for action in ("action_assign", "action_start", "action_resolve", "action_cancel"):
            with self.assertRaises(UserError):
                getattr(order, action)()
        self.assertEqual(order.stage_type, "resolved")

        cancelled = self._create_order().with_env(self.env)
        cancelled.action_cancel()
        self.assertEqual(cancelled.stage_type, "cancelled")
        with self.assertRaisesRegex(UserError, "cannot be started: it is Cancelled"):
            cancelled.action_start()

    @users("service_tech")
    def test_batch_transition_all_or_nothing(self):
        """One order in a wrong state blocks the whole batch."""
        ok, started = self._create_order(), self._create_order()
        started.action_start()
        orders = (ok | started).with_env(self.env)
        with self.assertRaisesRegex(UserError, started.name):
            orders.action_assign()
        self.assertEqual(ok.stage_type, "new")
