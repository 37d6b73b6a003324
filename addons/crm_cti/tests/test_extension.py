# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CrmCtiCommon


@tagged("post_install", "-at_install", "crm_cti")
class TestExtension(CrmCtiCommon):
    def test_extension_unique_per_company(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            with self.env.cr.savepoint():
                self.agent2.cti_extension = "801"
                self.agent2.flush_recordset(["cti_extension"])

    def test_same_extension_in_another_company(self):
        other = self.env["res.company"].create({"name": "Shanghai Branch"})
        user = self.env["res.users"].create(
            {
                "name": "Agent Shanghai",
                "login": "cti_agent_sh",
                "company_id": other.id,
                "company_ids": [(6, 0, other.ids)],
                "cti_extension": "801",
            }
        )
        self.assertEqual(user.cti_extension, "801")

    def test_users_without_extension(self):
        users = self.env["res.users"].create(
            [{"name": f"No phone {i}", "login": f"no_phone_{i}"} for i in range(2)]
        )
        self.assertEqual(users.mapped("cti_extension"), [False, False])

    def test_agent_reads_own_extension(self):
        agent = self.agent.with_user(self.agent)
        self.assertEqual(agent.read(["cti_extension"])[0]["cti_extension"], "801")
