# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.base.tests.common import BaseCommon
from odoo.tests import new_test_user


class CrmLeadsCommon(BaseCommon):
    """Users of each role and a Chinese company, created once per class."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.country_cn = cls.env.ref("base.cn")
        cls.env.company.country_id = cls.country_cn
        cls.rep = new_test_user(
            cls.env, login="crm_rep", name="Rep Li", groups="crm_leads.group_crm_leads_user"
        )
        cls.rep2 = new_test_user(
            cls.env, login="crm_rep2", name="Rep Wang", groups="crm_leads.group_crm_leads_user"
        )
        cls.manager = new_test_user(
            cls.env, login="crm_manager", name="Manager Zhao",
            groups="crm_leads.group_crm_leads_manager",
        )
        cls.partner = cls.env["res.partner"].create(
            {
                "name": "Beijing Acme Co., Ltd.",
                "is_company": True,
                "phone": "010-6243-6040",
                "mobile": "138 0013 8000",
                "country_id": cls.country_cn.id,
                "user_id": cls.rep.id,
            }
        )
