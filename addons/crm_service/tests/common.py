# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.addons.crm_leads.tests.common import CrmLeadsCommon
from odoo.tests import new_test_user


class CrmServiceCommon(CrmLeadsCommon):
    """Two technicians, a service manager and a problem type (no demo data)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tech = new_test_user(
            cls.env, login="service_tech", name="Tech Chen",
            groups="crm_service.group_crm_service_technician",
        )
        cls.tech2 = new_test_user(
            cls.env, login="service_tech2", name="Tech Liu",
            groups="crm_service.group_crm_service_technician",
        )
        cls.service_manager = new_test_user(
            cls.env, login="service_manager", name="Service Manager Ma",
            groups="crm_service.group_crm_service_manager",
        )
        cls.problem_breakdown = cls.env["crm.service.problem.type"].create(
            {"name": "Test Breakdown"}
        )

    @classmethod
    def _create_order(cls, partner=None, user=None, **values):
        return cls.env["crm.service.order"].create({
            "partner_id": (partner or cls.partner).id,
            "user_id": user.id if user else False,
            "problem_type_id": cls.problem_breakdown.id,
            **values,
        })

    @classmethod
    def _create_shanghai_calendar(cls):
        """9:00-18:00 Monday to Friday in Shanghai, no break: 9 working hours a day."""
        return cls.env["resource.calendar"].create(
            {
                "name": "Service 9-18",
                "tz": "Asia/Shanghai",
                "company_id": cls.env.company.id,
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 9,
                            "hour_to": 18,
                            "day_period": "morning",
                        }
                    )
                    for day in range(5)
                ],
            }
        )
