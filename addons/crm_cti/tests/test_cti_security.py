# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import hashlib

from odoo.exceptions import AccessError
from odoo.tests import tagged, users
from odoo.tools import mute_logger

from .common import CrmCtiCommon


@tagged("post_install", "-at_install", "crm_cti")
class TestCtiSecurity(CrmCtiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # calls follow their customer's record rules: seeing every call takes seeing
        # every customer, i.e. the customer master's manager role as well
        cls.cti_manager.groups_id += cls.env.ref("crm_leads.group_crm_leads_manager")
        cls.calls = cls.env["crm.cti.call"].create(
            [
                {"number": "010-6243-6040", "user_id": cls.agent.id, "pbx_id": cls.pbx.id},
                {"number": "010-6243-6040", "user_id": cls.agent2.id, "pbx_id": cls.pbx.id},
                {"number": "010-6243-6040", "user_id": False, "pbx_id": cls.pbx.id},
            ]
        )

    @users("cti_agent")
    @mute_logger("odoo.models", "odoo.addons.base.models.ir_model")
    def test_agent_cannot_read_token(self):
        pbx = self.pbx.with_env(self.env)
        self.assertEqual(pbx.read(["name"])[0]["name"], "Beijing switchboard")
        with self.assertRaises(AccessError):
            pbx.read(["token_hash"])
        with self.assertRaises(AccessError):
            self.env["crm.cti.pbx"].search_read([], ["token_hash"])
        with self.assertRaises(AccessError):
            pbx.action_regenerate_token()

    @users("cti_manager")
    def test_manager_regenerates_token(self):
        pbx = self.pbx.with_env(self.env)
        old = self.token
        action = pbx.action_regenerate_token()
        new = self.env["crm.cti.pbx.token"].browse(action["res_id"]).token
        self.assertGreaterEqual(len(new), 40)
        self.assertNotEqual(new, old)
        # only the hash is stored
        self.assertEqual(pbx.token_hash, hashlib.sha256(new.encode()).hexdigest())
        self.assertNotIn(new, str(pbx.read()[0]))
        self.assertEqual(self.env["crm.cti.pbx"]._cti_authenticate(pbx.id, new), pbx)
        self.assertFalse(self.env["crm.cti.pbx"]._cti_authenticate(pbx.id, old))

    @users("cti_agent")
    @mute_logger("odoo.models", "odoo.addons.base.models.ir_model")
    def test_agent_cannot_read_new_token(self):
        action = self.pbx.with_user(self.cti_manager).action_regenerate_token()
        with self.assertRaises(AccessError):
            self.env["crm.cti.pbx.token"].browse(action["res_id"]).read(["token"])

    def test_authenticate_rejects_bad_input(self):
        Pbx = self.env["crm.cti.pbx"]
        token = self.token
        self.assertEqual(Pbx._cti_authenticate(self.pbx.id, token), self.pbx)
        self.assertFalse(Pbx._cti_authenticate(self.pbx.id, ""))
        self.assertFalse(Pbx._cti_authenticate(str(self.pbx.id), token))
        self.assertFalse(Pbx._cti_authenticate(self.pbx.id + 1000, token))
        self.pbx.active = False
        self.assertFalse(Pbx._cti_authenticate(self.pbx.id, token))

    @users("cti_agent")
    def test_agent_sees_own_and_unassigned_calls(self):
        visible = self.env["crm.cti.call"].search([("id", "in", self.calls.ids)])
        self.assertEqual(visible, self.calls[0] | self.calls[2])
        partner = self.partner.with_env(self.env)
        self.assertEqual(partner.cti_call_count, 2)

    @users("cti_manager")
    def test_manager_sees_all_calls(self):
        visible = self.env["crm.cti.call"].search([("id", "in", self.calls.ids)])
        self.assertEqual(visible, self.calls)

    @users("crm_rep")
    @mute_logger("odoo.models", "odoo.addons.base.models.ir_model")
    def test_sales_rep_without_cti_group(self):
        with self.assertRaises(AccessError):
            self.env["crm.cti.call"].search([])
        with self.assertRaises(AccessError):
            self.partner.with_env(self.env).read(["cti_call_count"])

    @users("cti_agent")
    @mute_logger("odoo.models", "odoo.addons.base.models.ir_model")
    def test_agent_cannot_delete_calls(self):
        with self.assertRaises(AccessError):
            self.calls[0].with_env(self.env).unlink()

    @users("cti_agent2")
    @mute_logger(
        "odoo.models", "odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule"
    )
    def test_recordings_only_for_who_may_see_the_call(self):
        self.calls[0].sudo().recording_url = "https://pbx.example.com/rec/1.wav"
        with self.assertRaises(AccessError):
            self.calls[0].with_env(self.env).read(["recording_url"])
        self.assertFalse(self.env["crm.cti.call"].search([("recording_url", "!=", False)]))
        # the agent who took it hears it
        call = self.calls[0].with_user(self.agent)
        self.assertEqual(call.recording_url, "https://pbx.example.com/rec/1.wav")

    @users("cti_agent2")
    def test_agent_sees_calls_that_rang_at_their_extension(self):
        # sudo: set-up, a call of an unknown number taken by Agent Liu
        call = (
            self.env["crm.cti.call"]
            .sudo()
            .create({"number": "021 1111 2222", "user_id": self.agent.id})
        )
        self.assertFalse(self.env["crm.cti.call"].search([("id", "=", call.id)]))
        call.ringing_user_ids = self.agent2
        self.assertTrue(self.env["crm.cti.call"].search([("id", "=", call.id)]))

    @mute_logger(
        "odoo.models", "odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule"
    )
    def test_pbx_user_reads_no_secrets_and_edits_no_customer(self):
        robot_env = self._robot_env()
        with self.assertRaises(AccessError):
            self.pbx.with_env(robot_env).read(["token_hash"])
        with self.assertRaises(AccessError):
            self.partner.with_env(robot_env).write({"name": "Hacked"})
        with self.assertRaises(AccessError):
            robot_env["crm.cti.agent.status.log"].search([])

    @users("cti_manager")
    def test_manager_reads_events_and_status_logs(self):
        self.assertTrue(self.env["crm.cti.event"].has_access("read"))
        self.assertTrue(self.env["crm.cti.agent.status.log"].has_access("read"))
        self.assertFalse(self.env["crm.cti.event"].has_access("create"))

    def test_pbx_user_checks_calls_without_scanning_customers(self):
        # the parent rules of calls would test every call against a subquery over
        # all customers; the PBX user reads every customer of its company anyway
        query = self._robot_env()["crm.cti.call"]._search([("pbx_call_ref", "=", "x")])
        sql = query.select().code
        self.assertNotIn('"res_partner"', sql)
        self.assertNotIn('"crm_lead"', sql)
        self.assertIn('"company_id"', sql)  # its company rule still applies
        # an agent's reads still follow the customers' rules
        agent_sql = self.env(user=self.agent)["crm.cti.call"]._search([]).select().code
        self.assertIn('"res_partner"', agent_sql)
