# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.tests import tagged, users

from .common import CrmCtiCommon


class CrmCtiCardCommon(CrmCtiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Call = cls.env["crm.cti.call"]
        cls.ringing = Call.create(
            {
                "number": "+86 10 6243 6040",
                "pbx_id": cls.pbx.id,
                "extension": "801",
                "ringing_user_ids": [Command.set([cls.agent.id, cls.agent2.id])],
                "user_id": False,
                "date_ring": "2026-03-02 01:00:00",
            }
        )
        cls.past_calls = Call.create(
            [
                {
                    "number": "010-6243-6040",
                    "pbx_id": cls.pbx.id,
                    "user_id": cls.agent.id,
                    "date_ring": f"2026-03-01 0{hour}:00:00",
                    "date_answer": f"2026-03-01 0{hour}:00:05",
                    "date_end": f"2026-03-01 0{hour}:03:00",
                }
                for hour in range(1, 4)
            ]
        )
        # another agent's call: not in Agent Liu's recent calls
        cls.other_call = Call.create(
            {
                "number": "010-6243-6040",
                "pbx_id": cls.pbx.id,
                "user_id": cls.agent2.id,
                "date_ring": "2026-03-01 05:00:00",
                "date_end": "2026-03-01 05:00:30",
            }
        )

    def _section(self, card, key):
        return next((s for s in card["sections"] if s["key"] == key), None)


@tagged("post_install", "-at_install", "crm_cti")
class TestCtiCallerCard(CrmCtiCardCommon):
    @users("cti_agent")
    def test_recent_calls_section(self):
        [card] = self.partner.with_env(self.env)._crm_caller_card()
        self.assertEqual(card["owner"], "Agent Liu")
        section = self._section(card, "calls")
        # the agent's past calls, not another agent's nor the one ringing now
        self.assertEqual(
            [line["res_id"] for line in section["lines"]],
            self.past_calls.sorted("date_ring", reverse=True).ids,
        )
        self.assertEqual(section["lines"][0]["value"], "Answered")
        self.ringing.date_answer = "2026-03-02 01:00:10"
        [card] = self.partner.with_env(self.env)._crm_caller_card()
        # a call in progress shows its state
        self.assertEqual(self._section(card, "calls")["lines"][0]["value"], "In progress")

    @users("cti_agent")
    def test_caller_known(self):
        caller = self.env["res.partner"]._crm_cti_caller(
            self.ringing.number, self.ringing.with_env(self.env)
        )
        self.assertEqual([card["id"] for card in caller["cards"]], [self.partner.id])
        self.assertEqual(caller["new_lead"]["default_phone"], "+861062436040")

    @users("cti_agent2")
    def test_caller_unreadable_customer_is_unknown(self):
        """Agent Ma's extension rang too, but Ma may not read the customer: the
        screen shows an unknown caller, nothing of the customer."""
        caller = self.env["res.partner"]._crm_cti_caller(self.ringing.sudo().number)
        self.assertEqual(caller["cards"], [])
        self.assertEqual(caller["leads"], [])
        self.assertEqual(caller["new_lead"]["default_phone"], self.ringing.sudo().number)

    @users("cti_agent")
    def test_several_matches_short_list(self):
        twin = (
            self.env["res.partner"]
            .sudo()
            .create(
                {
                    "name": "Acme Branch",
                    "is_company": True,
                    "phone": "(010) 62436040",
                    "user_id": self.agent.id,
                }
            )
        )
        caller = self.env["res.partner"]._crm_cti_caller("010 6243 6040")
        self.assertEqual({card["id"] for card in caller["cards"]}, {self.partner.id, twin.id})
        action = self.env["res.partner"].action_crm_cti_pop("010 6243 6040")
        self.assertEqual(action["res_model"], "res.partner")
        self.assertEqual(action["domain"], [("id", "in", [c["id"] for c in caller["cards"]])])
        self.assertNotIn("res_id", action)

    @users("cti_agent")
    def test_lead_only_match(self):
        lead = (
            self.env["crm.lead"]
            .sudo()
            .create({"name": "Web enquiry", "phone": "139 1000 2000", "user_id": self.agent.id})
        )
        caller = self.env["res.partner"]._crm_cti_caller("+8613910002000")
        self.assertEqual(caller["cards"], [])
        self.assertEqual([lead_["id"] for lead_ in caller["leads"]], [lead.id])
        action = self.env["res.partner"].action_crm_cti_pop("+8613910002000")
        self.assertEqual((action["res_model"], action["res_id"]), ("crm.lead", lead.id))

    @users("cti_agent")
    def test_pop_action(self):
        action = self.env["res.partner"].action_crm_cti_pop("010-6243-6040")
        self.assertEqual((action["res_model"], action["res_id"]), ("res.partner", self.partner.id))
        action = self.env["res.partner"].action_crm_cti_pop("0755 8888 1234")
        self.assertEqual(action["res_model"], "crm.lead")
        self.assertFalse(action.get("res_id"))
        self.assertEqual(action["context"]["default_phone"], "0755 8888 1234")
        self.assertEqual(action["context"]["default_type"], "lead")
        self.assertIn("0755 8888 1234", action["context"]["default_name"])

    @users("cti_agent")
    def test_sections_query_count_constant(self):
        """crm_cti's section is batched like the others."""
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"Caller {i}",
                    "is_company": True,
                    "user_id": self.env.uid,
                    "phone": f"010-6243-70{i}0",
                }
                for i in range(4)
            ]
        )
        self.env["crm.cti.call"].create(
            [
                {
                    "number": f"010-6243-70{i}0",
                    "user_id": self.env.uid,
                    "date_ring": "2026-03-01 01:00:00",
                    "date_end": "2026-03-01 01:00:20",
                }
                for i in range(4)
            ]
        )
        partners._crm_caller_card()
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        partners[0]._crm_caller_card()
        one = self.env.cr.sql_log_count - start
        self.env.invalidate_all()
        with self.assertQueryCount(one):
            cards = partners._crm_caller_card()
        for card in cards:
            self.assertEqual(len(self._section(card, "calls")["lines"]), 1)
