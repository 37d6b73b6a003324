# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import Form, tagged, users

from .common import CrmServiceCommon


@tagged("post_install", "-at_install", "crm_service")
class TestCallerCardService(CrmServiceCommon):
    """crm_service's section of the caller card: open service orders and the
    New Service Request button."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the technician reads the customer (shared with them) and its orders
        cls.partner.crm_shared_user_ids = cls.tech
        cls.tech.groups_id += cls.env.ref("crm_leads.group_crm_leads_user")
        cls.contact = cls.env["res.partner"].create(
            {"name": "Zhao Min", "parent_id": cls.partner.id}
        )
        cls.open_orders = cls._create_order(user=cls.tech) | cls._create_order(
            partner=cls.contact, user=cls.tech
        )
        cls.done = cls._create_order(user=cls.tech)
        cls.done.stage_id = cls.env.ref("crm_service.crm_service_stage_closed")

    def _section(self, partner):
        [card] = partner.with_env(self.env)._crm_caller_card()
        return next((s for s in card["sections"] if s["key"] == "service_orders"), None)

    @users("service_tech")
    def test_open_orders_and_new_request(self):
        section = self._section(self.partner)
        self.assertEqual({line["res_id"] for line in section["lines"]}, set(self.open_orders.ids))
        self.assertEqual(
            section["actions"],
            [{"label": "New Service Request", "action": "action_crm_new_service_request"}],
        )
        action = self.partner.with_env(self.env).action_crm_new_service_request()
        self.assertEqual(action["res_model"], "crm.service.order")
        self.assertEqual(action["context"]["default_partner_id"], self.partner.id)
        self.assertEqual(action["context"]["default_channel"], "phone")
        self.assertFalse(action["context"]["default_contact_id"])

    @users("crm_rep")
    def test_no_section_without_service_rights(self):
        self.assertIsNone(self._section(self.partner))

    @users("service_tech")
    def test_new_request_from_a_contact(self):
        """Called by a person of the customer: customer, contact and channel prefilled."""
        action = self.contact.with_env(self.env).action_crm_new_service_request()
        self.assertEqual(
            action["context"],
            {
                "default_partner_id": self.partner.id,
                "default_contact_id": self.contact.id,
                "default_channel": "phone",
            },
        )
        with Form(self.env["crm.service.order"].with_context(**action["context"])) as form:
            self.assertEqual(form.partner_id, self.partner)
            self.assertEqual(form.contact_id, self.contact)
            self.assertEqual(form.channel, "phone")
