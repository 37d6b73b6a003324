# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged, users
from odoo.tools import mute_logger

from ..tools import originate as originate_tools
from .common import CrmCtiCommon


@tagged("post_install", "-at_install", "crm_cti")
class TestCtiDial(CrmCtiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pbx.write(
            {
                "originate_url": "https://pbx.example.com/dial?ext=${extension}&to=${number}",
                "outside_prefix": "9",
            }
        )
        # the company's only telephone system (demo data may hold another one)
        cls.env["crm.cti.pbx"].search([("id", "!=", cls.pbx.id)]).active = False

    def setUp(self):
        super().setUp()
        # the failed attempt is written from a cursor of its own: in tests that
        # cursor must share the test transaction
        self.registry.enter_test_mode(self.cr)
        self.addCleanup(self.registry.leave_test_mode)

    @users("cti_agent")
    def test_dial_creates_the_call_first(self):
        seen = {}

        def fake_originate(config, variables, timeout=5):
            call = self.env["crm.cti.call"].search([("pbx_call_ref", "=", variables["call_id"])])
            seen.update(variables, call=call, url=config["url"], timeout=timeout)
            return 200, b"ok"

        with patch.object(originate_tools, "http_originate", side_effect=fake_originate):
            result = self.env["crm.cti.call"].action_cti_dial(
                "+86 10 6243 6040", "res.partner", self.partner.id
            )
        call = self.env["crm.cti.call"].browse(result["call_id"])
        self.assertEqual(seen["call"], call)  # in the database before the PBX is asked
        self.assertEqual(seen["number"], "901062436040")  # national form + outside prefix
        self.assertEqual(seen["extension"], "801")
        self.assertLessEqual(seen["timeout"], 5)
        self.assertEqual(
            (call.direction, call.user_id, call.partner_id), ("out", self.agent, self.partner)
        )
        self.assertEqual(call.state, "ringing")
        # the PBX's events then find the call by the reference it was given
        self._process(
            [
                {
                    "event": "answered",
                    "call_id": call.pbx_call_ref,
                    "direction": "out",
                    "extension": "801",
                },
                {"event": "hangup", "call_id": call.pbx_call_ref, "direction": "out"},
            ]
        )
        self.assertEqual(
            self.env["crm.cti.call"].search_count([("pbx_call_ref", "=", call.pbx_call_ref)]), 1
        )
        self.assertEqual(call.outcome, "answered")

    @users("cti_agent")
    def test_dial_failure_is_clear_and_kept(self):
        error = originate_tools.OriginateError("Connection refused by pbx.example.com:443.")
        # not assertRaises: it rolls back what the failing call wrote, and the
        # failed attempt is written in the test transaction here (test mode)
        message = None
        with patch.object(originate_tools, "http_originate", side_effect=error):
            try:
                self.env["crm.cti.call"].action_cti_dial("13800138000")
            except UserError as exc:
                message = str(exc)
        self.assertIn("could not place the call", message)
        self.assertIn("Connection refused", message)
        failed = self.env["crm.cti.call"].search([("number", "=", "13800138000")])
        self.assertEqual(len(failed), 1)
        self.assertEqual(
            (failed.outcome, failed.state, failed.direction), ("failed", "ended", "out")
        )
        self.assertEqual(failed.user_id, self.agent)

    @users("cti_agent")
    def test_dial_needs_extension_and_pbx(self):
        self.agent.sudo().cti_extension = False
        with self.assertRaises(UserError):
            self.env["crm.cti.call"].action_cti_dial("13800138000")

    def test_dial_number_forms(self):
        pbx = self.pbx
        pbx.outside_prefix = False
        self.assertEqual(pbx._cti_dial_number("+86 138 0013 8000"), "13800138000")
        self.assertEqual(pbx._cti_dial_number("+86 21 5555 1234"), "02155551234")
        self.assertEqual(pbx._cti_dial_number("+1 650 253 0000"), "0016502530000")
        pbx.dial_format = "e164"
        self.assertEqual(pbx._cti_dial_number("010 6243 6040"), "+861062436040")
        pbx.dial_format = "international"
        pbx.outside_prefix = "0"
        self.assertEqual(pbx._cti_dial_number("010 6243 6040"), "000861062436040")

    def test_ami_originate_config(self):
        self.pbx.write(
            {"provider": "asterisk_ami", "ami_host": "127.0.0.1", "ami_secret": "s3cret"}
        )
        call = self.env["crm.cti.call"].create(
            {
                "number": "13800138000",
                "direction": "out",
                "user_id": self.agent.id,
                "extension": "801",
                "pbx_id": self.pbx.id,
                "pbx_call_ref": "crm-x",
            }
        )
        with patch.object(originate_tools, "ami_originate") as ami:
            self.pbx._cti_originate(call)
        config, variables = ami.call_args[0]
        self.assertEqual(config["variables"], {"CRM_CALL_ID": "crm-x"})
        self.assertEqual((config["secret"], config["exten"]), ("s3cret", "913800138000"))


@tagged("post_install", "-at_install", "crm_cti")
class TestCtiAgentStatus(CrmCtiCommon):
    @users("cti_agent")
    def test_status_changes_are_logged_with_durations(self):
        Users = self.env["res.users"]
        with freeze_time("2026-03-02 09:00:00"):
            Users.cti_set_status("available")
        with freeze_time("2026-03-02 09:30:00"):
            Users.cti_set_status("busy")
        with freeze_time("2026-03-02 09:35:00"):
            Users.cti_set_status("busy")  # no change, no new period
            Users.cti_set_status("acw")
        with freeze_time("2026-03-02 09:36:00"):
            Users.cti_set_status("offline")
        logs = self.env["crm.cti.agent.status.log"].search([], order="date_start")
        self.assertEqual(
            [(log.status, log.duration) for log in logs],
            [("available", 1800), ("busy", 300), ("acw", 60)],
        )
        self.assertEqual(self.env.user.cti_status, "offline")
        self.assertEqual(self.env.user.cti_status_since, datetime(2026, 3, 2, 9, 36, 0))

    @users("cti_agent")
    def test_status_reaches_the_board(self):
        self.env["res.users"].cti_set_status("away")
        group = self.env.ref("crm_cti.group_crm_cti_manager")
        notifications = [
            payload
            for channel, _type, payload in self._bus_notifications("crm_cti/status")
            if channel[1:] == ["res.groups", group.id]
        ]
        self.assertEqual(notifications[0]["user_id"], self.agent.id)
        self.assertEqual(notifications[0]["status"], "away")

    @users("cti_agent2")
    def test_agents_see_only_their_own_log(self):
        self.agent.with_user(self.agent).cti_set_status("available")
        self.env["res.users"].cti_set_status("available")
        logs = self.env["crm.cti.agent.status.log"].search([])
        self.assertEqual(logs.user_id, self.agent2)

    @users("cti_agent")
    def test_status_needs_an_extension_and_a_known_value(self):
        with self.assertRaises(UserError):
            self.env["res.users"].cti_set_status("dancing")
        self.agent.sudo().cti_extension = False
        with self.assertRaises(UserError):
            self.env["res.users"].cti_set_status("available")

    @users("cti_agent")
    @mute_logger("odoo.addons.crm_cti.models.crm_cti_pbx")
    def test_queue_pause_with_asterisk(self):
        self.pbx.sudo().write(
            {"provider": "asterisk_ami", "ami_host": "127.0.0.1", "ami_queue": "support"}
        )
        from ..tools import ami as ami_tools

        with patch.object(ami_tools, "ami_queue_pause") as pause:
            self.env["res.users"].cti_set_status("available")
            self.env["res.users"].cti_set_status("away")
        self.assertEqual(
            [c.args[1:3] for c in pause.call_args_list], [("PJSIP/801", False), ("PJSIP/801", True)]
        )
        # a PBX that does not answer does not stop the change
        with patch.object(
            ami_tools, "ami_queue_pause", side_effect=ami_tools.OriginateError("down")
        ):
            self.env["res.users"].cti_set_status("available")
        self.assertEqual(self.env.user.cti_status, "available")
