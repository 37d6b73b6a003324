# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged, users

from .aftercare_common import ServiceAftercareCommon


@tagged("post_install", "-at_install", "crm_service")
class TestServiceAftercare(ServiceAftercareCommon):
    """What resolving an order sets off: follow-up visit, rating request, quality check."""

    def _activities(self, order, xmlid):
        return order.activity_ids.filtered(lambda act: act.activity_type_id == self.env.ref(xmlid))

    @freeze_time("2025-01-15 10:00:00")
    def test_followup_visit_n_days_after_resolution(self):
        order = self._aftercare_order(self.contact_x)
        self._resolve(order)
        followup = self._activities(order, "crm_service.mail_activity_type_service_followup")
        self.assertEqual(len(followup), 1)
        self.assertEqual(followup.user_id, self.tech)
        self.assertEqual(followup.date_deadline, date(2025, 1, 15) + timedelta(days=7))

    def test_no_followup_without_delay(self):
        self.problem_breakdown.followup_days = 0
        order = self._aftercare_order(self.contact_x)
        self._resolve(order)
        self.assertFalse(self._activities(order, "crm_service.mail_activity_type_service_followup"))

    def test_resolve_sends_rating_request(self):
        order = self._aftercare_order(self.contact_x)
        self._resolve(order)
        rating = self.env["rating.rating"].search(
            [("res_model", "=", order._name), ("res_id", "=", order.id)]
        )
        self.assertEqual(len(rating), 1)
        self.assertEqual(rating.partner_id, self.contact_x)
        self.assertEqual(rating.parent_res_model, "crm.service.team")
        self.assertEqual(rating.parent_res_id, self.team.id)
        message = order.message_ids.filtered(lambda m: rating.access_token in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertIn(self.contact_x, message.notification_ids.res_partner_id)
        self.assertIn(f"/rate/{rating.access_token}/5", message.body)

    def test_reviewer_is_team_leader_and_gets_the_check(self):
        order = self._aftercare_order(self.contact_x)
        self.assertEqual(order.reviewer_id, self.leader)
        self.assertFalse(order.quality_state)
        self._resolve(order)
        self.assertEqual(order.quality_state, "pending")
        check = self._activities(order, "crm_service.mail_activity_type_service_quality")
        self.assertEqual(check.user_id, self.leader)

    @users("service_leader")
    def test_quality_pass_closes(self):
        order = self._aftercare_order(self.contact_x)
        self._resolve(order)
        order = order.with_user(self.env.user)
        order.action_quality_pass()
        self.assertEqual(order.quality_state, "passed")
        self.assertEqual(order.stage_type, "closed")
        self.assertFalse(
            self._activities(order.sudo(), "crm_service.mail_activity_type_service_quality")
        )

    @users("service_leader")
    def test_quality_fail_reopens_with_reason(self):
        order = self._aftercare_order(self.contact_x)
        self._resolve(order)
        order = order.with_user(self.env.user)
        action = order.action_quality_fail()
        self.assertEqual(action["res_model"], "crm.service.quality.fail")
        wizard_form = Form(self.env["crm.service.quality.fail"].with_context(**action["context"]))
        wizard_form.reason = "Pump still leaks at the flange"
        wizard_form.save().action_confirm()
        self.assertEqual(order.quality_state, "failed")
        self.assertEqual(order.quality_reason, "Pump still leaks at the flange")
        self.assertEqual(order.stage_type, "in_progress")
        self.assertTrue(
            order.message_ids.filtered(lambda m: "Pump still leaks at the flange" in (m.body or ""))
        )
        # resolved again: a new check is due
        self._resolve(order.sudo())
        self.assertEqual(order.quality_state, "pending")

    def test_quality_fail_needs_a_reason(self):
        order = self._aftercare_order(self.contact_x)
        self._resolve(order)
        wizard = self.env["crm.service.quality.fail"].create(
            {"order_ids": [(6, 0, order.ids)], "reason": "   "}
        )
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertEqual(order.stage_type, "resolved")

    @users("service_tech")
    def test_only_reviewer_or_manager_checks(self):
        order = self._aftercare_order(self.contact_x)
        order.sudo()._service_set_stage_type("in_progress")
        order.sudo()._service_set_stage_type("resolved")
        with self.assertRaises(UserError):
            order.with_user(self.env.user).action_quality_pass()
        order.with_user(self.service_manager).action_quality_pass()
        self.assertEqual(order.stage_type, "closed")

    def test_pass_requires_pending_check(self):
        order = self._aftercare_order(self.contact_x)
        with self.assertRaises(UserError):
            order.with_user(self.leader).action_quality_pass()
