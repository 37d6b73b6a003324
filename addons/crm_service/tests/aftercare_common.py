# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import new_test_user

from .common import CrmServiceCommon


class ServiceAftercareCommon(CrmServiceCommon):
    """A team led by a reviewer, two customer companies with a portal user each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leader = new_test_user(
            cls.env,
            login="service_leader",
            name="Leader Zhou",
            groups="crm_service.group_crm_service_technician",
        )
        cls.team = cls.env["crm.service.team"].create(
            {
                "name": "Aftercare Team",
                "leader_id": cls.leader.id,
                "member_ids": [(6, 0, (cls.tech | cls.leader).ids)],
            }
        )
        cls.problem_breakdown.followup_days = 7
        cls.customer_x = cls.env["res.partner"].create(
            {"name": "Xian Pumps Ltd.", "is_company": True, "email": "office@xian-pumps.example"}
        )
        cls.contact_x = cls.env["res.partner"].create(
            {"name": "Wu Xia", "parent_id": cls.customer_x.id, "email": "wu@xian-pumps.example"}
        )
        cls.customer_y = cls.env["res.partner"].create(
            {"name": "Yantai Valves Ltd.", "is_company": True, "email": "office@yantai.example"}
        )
        cls.contact_y = cls.env["res.partner"].create(
            {"name": "Yu Yan", "parent_id": cls.customer_y.id, "email": "yu@yantai.example"}
        )
        cls.portal_x = new_test_user(
            cls.env,
            login="portal_x",
            name="Wu Xia",
            groups="base.group_portal",
            partner_id=cls.contact_x.id,
        )
        cls.portal_y = new_test_user(
            cls.env,
            login="portal_y",
            name="Yu Yan",
            groups="base.group_portal",
            partner_id=cls.contact_y.id,
        )

    @classmethod
    def _aftercare_order(cls, partner, **values):
        return cls.env["crm.service.order"].create(
            {
                "partner_id": partner.id,
                "team_id": cls.team.id,
                "user_id": cls.tech.id,
                "problem_type_id": cls.problem_breakdown.id,
                **values,
            }
        )

    def _resolve(self, order):
        order._service_set_stage_type("in_progress")
        order._service_set_stage_type("resolved")
        self.assertEqual(order.stage_type, "resolved")
