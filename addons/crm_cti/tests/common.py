# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import json

from odoo.addons.crm_leads.tests.common import CrmLeadsCommon
from odoo.tests import new_test_user


class CrmCtiCommon(CrmLeadsCommon):
    """Agents, a CTI manager and a PBX on top of the suite's Chinese company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="cti_agent",
            name="Agent Liu",
            groups="crm_cti.group_crm_cti_agent",
        )
        cls.agent2 = new_test_user(
            cls.env,
            login="cti_agent2",
            name="Agent Ma",
            groups="crm_cti.group_crm_cti_agent",
        )
        cls.cti_manager = new_test_user(
            cls.env,
            login="cti_manager",
            name="CTI Manager Qian",
            groups="crm_cti.group_crm_cti_manager",
        )
        cls.agent.cti_extension = "801"
        cls.agent2.cti_extension = "802"
        cls.pbx = cls.env["crm.cti.pbx"].create({"name": "Beijing switchboard"})
        cls.token = cls.pbx._cti_set_new_token()
        # Agent Liu looks after Beijing Acme: under the customer master's ownership
        # rules it is the only agent who may read (and so recognise) that customer.
        cls.partner.user_id = cls.agent

    # ------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------

    def _robot_env(self, pbx=None):
        """The environment the event endpoint works in for ``pbx``."""
        pbx = pbx or self.pbx
        robot = self.env.ref("crm_cti.user_crm_cti_robot")
        return self.env(
            user=robot.id,
            su=False,
            context={"allowed_company_ids": [pbx.company_id.id], "tz": pbx.tz or "UTC"},
        )

    def _process(self, data, pbx=None):
        """Apply events as the endpoint does, and return the per-event results."""
        env = self._robot_env(pbx)
        pbx = (pbx or self.pbx).with_env(env)
        return env["crm.cti.event"]._cti_process(pbx, data)

    def _call(self, ref, pbx=None):
        return self.env["crm.cti.call"].search(
            [("pbx_call_ref", "=", ref), ("pbx_id", "=", (pbx or self.pbx).id)]
        )

    def _bus_notifications(self, notification_type=None):
        """(channel, type, payload) of the bus notifications sent in this
        transaction and not yet committed."""
        values = self.env.cr.precommit.data.get("bus.bus.values", [])
        found = []
        for vals in values:
            message = json.loads(vals["message"])
            if notification_type and message["type"] != notification_type:
                continue
            found.append((json.loads(vals["channel"]), message["type"], message["payload"]))
        return found

    def _bus_partner_ids(self, notification_type):
        """Partners (users' bus channels) a notification type was sent to."""
        ids = set()
        for channel, _type, _payload in self._bus_notifications(notification_type):
            if isinstance(channel, list) and channel[1] == "res.partner":
                ids.add(channel[2])
        return ids
