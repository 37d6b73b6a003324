# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged, users

from .common import CrmLeadsCommon


@tagged("post_install", "-at_install", "crm_leads")
class TestCustomerProfile(CrmLeadsCommon):
    """Profile fields, relations, last contact and the 360° history."""

    def test_customer_code(self):
        Partner = self.env["res.partner"]
        first = Partner.create({"name": "Code One", "is_company": True})
        second = Partner.create({"name": "Code Two", "company_type": "company"})
        contact = Partner.create({"name": "A Person", "parent_id": first.id})
        self.assertTrue(first.crm_customer_code.startswith("C"))
        self.assertNotEqual(first.crm_customer_code, second.crm_customer_code)
        self.assertFalse(contact.crm_customer_code)
        self.assertFalse(first.copy().crm_customer_code == first.crm_customer_code)

    def test_relation_both_sides(self):
        supplier = self.env["res.partner"].create({"name": "Steel Supplier", "is_company": True})
        relation = self.env["crm.company.relation"].create(
            {
                "left_partner_id": supplier.id,
                "right_partner_id": self.partner.id,
                "relation_type": "supplier",
            }
        )
        self.assertEqual(supplier.crm_relation_left_ids, relation)
        self.assertEqual(self.partner.crm_relation_right_ids, relation)
        self.assertEqual(relation.left_label, "Supplier of")
        self.assertEqual(relation.right_label, "Customer of")

    @users("crm_rep")
    def test_contact_profile_form(self):
        partner = self.partner.with_env(self.env)
        with Form(self.env["res.partner"]) as form:
            form.name = "Ms Liu"
            form.parent_id = partner
            form.crm_gender = "female"
            form.crm_importance = "very_important"
            form.crm_birthday = date(1985, 3, 14)
            form.crm_wechat = "liu_wx"
        contact = form.record
        self.assertEqual(contact.crm_birthday_key, 314)
        self.assertEqual(contact.commercial_partner_id, partner)

    @freeze_time("2025-01-15 10:00:00")
    @users("crm_rep")
    def test_last_contact_from_comment_not_note(self):
        partner = self.partner.with_env(self.env)
        partner.message_post(body="Internal", subtype_xmlid="mail.mt_note")
        self.assertFalse(partner.crm_last_contact_date)
        partner.message_post(
            body="Dear customer", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertEqual(partner.crm_last_contact_date, date(2025, 1, 15))

    @users("crm_rep")
    def test_last_contact_from_done_activity_on_lead(self):
        contact = self.env["res.partner"].create({"name": "Mr Ma", "parent_id": self.partner.id})
        lead = self.env["crm.lead"].create({"name": "Deal", "partner_id": contact.id})
        with freeze_time("2025-02-01 09:00:00"):
            activity = lead.activity_schedule("mail.mail_activity_data_call", user_id=self.env.uid)
            activity.action_feedback(feedback="Called")
        self.assertEqual(contact.crm_last_contact_date, date(2025, 2, 1))
        self.assertEqual(self.partner.with_env(self.env).crm_last_contact_date, date(2025, 2, 1))

    def test_last_contact_from_meeting(self):
        with freeze_time("2025-03-10 12:00:00"):
            self.env["calendar.event"].create(
                {
                    "name": "Future visit",
                    "start": datetime(2025, 3, 20, 9, 0),
                    "stop": datetime(2025, 3, 20, 10, 0),
                    "partner_ids": [(6, 0, self.partner.ids)],
                }
            )
            self.assertFalse(self.partner.crm_last_contact_date)
            self.env["calendar.event"].create(
                {
                    "name": "Visit",
                    "start": datetime(2025, 3, 9, 9, 0),
                    "stop": datetime(2025, 3, 9, 10, 0),
                    "partner_ids": [(6, 0, self.partner.ids)],
                }
            )
            self.assertEqual(self.partner.crm_last_contact_date, date(2025, 3, 9))
        with freeze_time("2025-03-20 12:00:00"):
            # the daily cron catches the meeting that has now taken place
            self.env["res.partner"]._cron_crm_revisit()
            self.assertEqual(self.partner.crm_last_contact_date, date(2025, 3, 20))

    @freeze_time("2025-04-10 12:00:00")
    def test_register_contact_hook(self):
        """The hook other addons call: never moves back, never into the future."""
        contact = self.env["res.partner"].create({"name": "Ms Hu", "parent_id": self.partner.id})
        contact._crm_register_contact(date(2025, 4, 1))
        self.assertEqual(self.partner.crm_last_contact_date, date(2025, 4, 1))
        self.partner._crm_register_contact(date(2025, 3, 1))
        self.assertEqual(self.partner.crm_last_contact_date, date(2025, 4, 1))
        self.partner._crm_register_contact(date(2025, 5, 1))
        self.assertEqual(self.partner.crm_last_contact_date, date(2025, 4, 10))

    @users("crm_rep")
    def test_history_and_lead_count(self):
        partner = self.partner.with_env(self.env)
        contact = self.env["res.partner"].create({"name": "Mr Xu", "parent_id": partner.id})
        lead = self.env["crm.lead"].create(
            {"name": "Lead for Xu", "partner_id": contact.id, "type": "lead"}
        )
        with freeze_time("2025-01-01 10:00:00"):
            first = partner.message_post(
                body="First", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        with freeze_time("2025-01-02 10:00:00"):
            second = lead.message_post(
                body="Second", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        partner.invalidate_recordset()
        history = partner.crm_history_message_ids
        self.assertEqual(history[:2], second | first)
        self.assertEqual(history[0], second)
        self.assertEqual(partner.crm_lead_count, 1)
        action = partner.action_crm_view_leads()
        self.assertEqual(self.env["crm.lead"].search(action["domain"]), lead)

    def test_ownership_change_logged_and_contacts_follow(self):
        contact = self.env["res.partner"].create(
            {"name": "Mr Zhou", "parent_id": self.partner.id, "user_id": self.rep.id}
        )
        self.partner.user_id = self.rep2
        log = self.env["crm.partner.owner.log"].search([("partner_id", "=", self.partner.id)])
        self.assertEqual(log.mapped("reason"), ["manual", "create"])
        self.assertEqual(log[0].old_user_id, self.rep)
        self.assertEqual(log[0].new_user_id, self.rep2)
        self.assertEqual(contact.user_id, self.rep2)

    def test_filters(self):
        Partner = self.env["res.partner"]
        with freeze_time("2025-06-11 10:00:00"):  # a Wednesday
            contact = Partner.create(
                {"name": "Ms Bday", "parent_id": self.partner.id, "crm_birthday": "1990-06-15"}
            )
            other = Partner.create(
                {"name": "Mr Later", "parent_id": self.partner.id, "crm_birthday": "1990-06-20"}
            )
            found = Partner.search([("crm_birthday_this_week", "=", True)])
            self.assertIn(contact, found)
            self.assertNotIn(other, found)
            self.partner._crm_register_contact(date(2025, 5, 1))
            stale = Partner.search(
                [("crm_last_contact_date", "<", "2025-05-12"), ("id", "=", self.partner.id)]
            )
            self.assertEqual(stale, self.partner)


@tagged("post_install", "-at_install", "crm_leads")
class TestStayingInTouch(CrmLeadsCommon):
    """Revisit, dormancy, pool and birthday crons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy = cls.env["crm.contact.policy"].create(
            {
                "name": "VIP",
                "customer_type": "vip",
                "value_level": "high",
                "revisit_days": 7,
                "dormant_days": 30,
                "grace_days": 10,
            }
        )

    def _activities(self, partner):
        return self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", partner.id)]
        )

    def _make_customer(self, name, user=None):
        return self.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "crm_customer_type": "vip",
                "crm_value_level": "high",
                "user_id": (user or self.rep).id,
            }
        )

    def test_revisit_one_activity_per_due_date(self):
        with freeze_time("2025-01-01 08:00:00"):
            partner = self._make_customer("Revisit Co")
        self.assertEqual(partner.crm_next_contact_date, date(2025, 1, 8))
        with freeze_time("2025-01-07 08:00:00"):
            self.env["res.partner"]._cron_crm_revisit()
            self.assertFalse(self._activities(partner))
        with freeze_time("2025-01-08 08:00:00"):
            self.env["res.partner"]._cron_crm_revisit()
            self.env["res.partner"]._cron_crm_revisit()
            activity = self._activities(partner)
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.rep)
            self.assertEqual(activity.date_deadline, date(2025, 1, 8))
        with freeze_time("2025-01-09 08:00:00"):
            self.env["res.partner"]._cron_crm_revisit()
            self.assertEqual(len(self._activities(partner)), 1)
            activity.with_user(self.rep).action_feedback(feedback="Called")
            self.assertEqual(partner.crm_next_contact_date, date(2025, 1, 16))
        with freeze_time("2025-01-16 08:00:00"):
            self.env["res.partner"]._cron_crm_revisit()
            self.assertEqual(len(self._activities(partner)), 1)

    def test_revisit_cron_query_count_is_flat(self):
        """The cron works set-based: 20 due customers cost the queries of one."""
        with freeze_time("2025-01-01 08:00:00"):
            one = self._make_customer("Batch 0")
        with freeze_time("2025-01-08 08:00:00"):
            self.env.flush_all()
            count_before = self.env.cr.sql_log_count
            self.env["res.partner"]._cron_crm_revisit()
            self.env.flush_all()
            cost_one = self.env.cr.sql_log_count - count_before
        self.assertEqual(len(self._activities(one)), 1)
        with freeze_time("2025-02-01 08:00:00"):
            many = self.env["res.partner"]
            for i in range(20):
                many |= self._make_customer(f"Batch {i + 1}")
        with freeze_time("2025-02-08 08:00:00"):
            self.env.flush_all()
            count_before = self.env.cr.sql_log_count
            self.env["res.partner"]._cron_crm_revisit()
            self.env.flush_all()
            cost_many = self.env.cr.sql_log_count - count_before
        self.assertEqual(
            len(
                self.env["mail.activity"].search(
                    [("res_model", "=", "res.partner"), ("res_id", "in", many.ids)]
                )
            ),
            20,
        )
        self.assertLessEqual(cost_many, cost_one + 5)

    def test_dormant_warning_then_pool_then_claim(self):
        Log = self.env["crm.partner.owner.log"]
        with freeze_time("2025-01-01 08:00:00"):
            partner = self._make_customer("Sleepy Co")
        self.assertEqual(partner.crm_dormant_date, date(2025, 1, 31))
        with freeze_time("2025-01-31 08:00:00"):
            self.env["res.partner"]._cron_crm_dormant()
            self.env["res.partner"]._cron_crm_dormant()
            todo = self._activities(partner).filtered(
                lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
            )
            self.assertEqual(len(todo), 1)
            self.assertEqual(partner.crm_pool_due_date, date(2025, 2, 10))
            self.assertEqual(partner.user_id, self.rep)
        with freeze_time("2025-02-09 08:00:00"):
            self.env["res.partner"]._cron_crm_dormant()
            self.assertEqual(partner.user_id, self.rep)
        with freeze_time("2025-02-10 08:00:00"):
            self.env["res.partner"]._cron_crm_dormant()
            self.assertFalse(partner.user_id)
            self.assertTrue(partner.crm_in_pool)
            pool_log = Log.search([("partner_id", "=", partner.id), ("reason", "=", "pool")])
            self.assertEqual(pool_log.old_user_id, self.rep)
            partner.with_user(self.rep2).action_crm_claim()
            self.assertEqual(partner.user_id, self.rep2)
            self.assertFalse(partner.crm_in_pool)
            claim_log = Log.search([("partner_id", "=", partner.id), ("reason", "=", "claim")])
            self.assertEqual(claim_log.new_user_id, self.rep2)
            self.assertEqual(claim_log.changed_by_id, self.rep2)
            # the dormancy clock restarts on claim
            self.assertEqual(partner.crm_dormant_date, date(2025, 3, 12))

    def test_contact_during_grace_keeps_owner(self):
        with freeze_time("2025-01-01 08:00:00"):
            partner = self._make_customer("Saved Co")
        with freeze_time("2025-01-31 08:00:00"):
            self.env["res.partner"]._cron_crm_dormant()
        with freeze_time("2025-02-05 08:00:00"):
            partner._crm_register_contact()
        with freeze_time("2025-02-10 08:00:00"):
            self.env["res.partner"]._cron_crm_dormant()
            self.assertEqual(partner.user_id, self.rep)
            self.assertFalse(partner.crm_in_pool)

    def test_claim_limit(self):
        self.env.company.crm_pool_claim_limit = 1
        pool = self.env["res.partner"].create(
            [{"name": f"Pool {i}", "is_company": True} for i in range(2)]
        )
        pool._crm_release_to_pool()
        pool[0].with_user(self.rep).action_crm_claim()
        with self.assertRaises(UserError):
            pool[1].with_user(self.rep).action_crm_claim()
        self.assertTrue(pool[1].crm_in_pool)
        # another rep has its own quota; a claimed customer cannot be claimed again
        pool[1].with_user(self.rep2).action_crm_claim()
        with self.assertRaises(UserError):
            pool[0].with_user(self.rep2).action_crm_claim()

    def test_settings(self):
        settings = self.env["res.config.settings"].create(
            {"crm_pool_claim_limit": 3, "crm_birthday_notice_days": 5}
        )
        settings.execute()
        self.assertEqual(self.env.company.crm_pool_claim_limit, 3)
        self.assertEqual(self.env.company.crm_birthday_notice_days, 5)

    def test_birthday_activity_once_per_year(self):
        self.env.company.crm_birthday_notice_days = 7
        contact = self.env["res.partner"].create(
            {"name": "Ms Birthday", "parent_id": self.partner.id, "crm_birthday": "1980-01-03"}
        )
        with freeze_time("2024-12-30 08:00:00"):
            self.env["res.partner"]._cron_crm_birthdays()
            self.env["res.partner"]._cron_crm_birthdays()
            activity = self._activities(contact)
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.rep)  # the company's owner
            self.assertEqual(activity.date_deadline, date(2025, 1, 3))
        with freeze_time("2025-01-02 08:00:00"):
            self.env["res.partner"]._cron_crm_birthdays()
            self.assertEqual(len(self._activities(contact)), 1)
        with freeze_time("2025-12-31 08:00:00"):
            self.env["res.partner"]._cron_crm_birthdays()
            self.assertEqual(len(self._activities(contact)), 2)

    def test_policy_change_recomputes_dates(self):
        with freeze_time("2025-01-01 08:00:00"):
            partner = self._make_customer("Policy Co")
        self.policy.revisit_days = 14
        self.assertEqual(partner.crm_next_contact_date, date(2025, 1, 15))
        partner.crm_revisit_days = 3
        self.assertEqual(partner.crm_next_contact_date, date(2025, 1, 4))
