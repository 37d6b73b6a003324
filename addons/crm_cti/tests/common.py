# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
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
