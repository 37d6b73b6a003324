# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.addons.mail.tests.common import MailCommon
from odoo.tests import tagged

MAIL_TEMPLATE = """Return-Path: {return_path}
To: {to}
cc: {cc}
Received: by mail1.example.com (Postfix, from userid 10002)
    id 5DF9ABFB2A; Fri, 10 Aug 2012 16:16:39 +0200 (CEST)
From: {email_from}
Subject: {subject}
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Date: Fri, 10 Aug 2012 14:16:26 +0000
Message-ID: {msg_id}
{extra}

The printer in room 3 jams on every page.
"""


@tagged("post_install", "-at_install", "crm_service")
class TestServiceMailGateway(MailCommon):
    """A mail to a team's alias creates an order of that team; the reply to it
    lands on the same order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Hangzhou Printing Co.", "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create({
            "name": "Qian Hui",
            "parent_id": cls.customer.id,
            "email": "Qian.Hui@Example.com",
        })
        cls.team = cls.env["crm.service.team"].create({
            "name": "Printers",
            "alias_name": "printers",
            "alias_domain_id": cls.mail_alias_domain.id,
        })

    def test_alias(self):
        self.assertEqual(self.team.alias_id.alias_model_id.model, "crm.service.order")
        self.assertEqual(eval(self.team.alias_id.alias_defaults), {"team_id": self.team.id})  # noqa: S307

    def test_new_then_reply(self):
        Order = self.env["crm.service.order"]
        # crm_leads' e-mail key: case and display name do not matter
        order = self.format_and_process(
            MAIL_TEMPLATE,
            '"Hui Q." <qian.hui@example.COM>',
            f"printers@{self.alias_domain}",
            subject="Printer jams",
            msg_id="<printer-jam-1@example.com>",
            target_model="crm.service.order",
            target_field="description",
        ) or Order.search([("team_id", "=", self.team.id)])
        self.assertEqual(len(order), 1)
        self.assertEqual(order.team_id, self.team)
        self.assertEqual(order.channel, "email")
        self.assertEqual(order.partner_id, self.customer)
        self.assertEqual(order.contact_id, self.contact)
        self.assertTrue(order.name.startswith("SRV/"))
        self.assertIn("Printer jams", order.description)
        self.assertIn("jams on every page", order.description)
        self.assertIn(self.contact, order.message_partner_ids)

        order._service_set_stage_type("waiting_customer")
        self.format_and_process(
            MAIL_TEMPLATE.replace("jams on every page", "now shows error E5"),
            "qian.hui@example.com",
            f"printers@{self.alias_domain}",
            subject="Re: Printer jams",
            msg_id="<printer-jam-2@example.com>",
            extra="In-Reply-To: <printer-jam-1@example.com>\nReferences: <printer-jam-1@example.com>",
            target_model="crm.service.order",
            target_field="description",
        )
        self.assertEqual(Order.search_count([("team_id", "=", self.team.id)]), 1, "no second order")
        self.assertTrue(
            any("error E5" in message.body for message in order.message_ids),
            "the reply is on the same order",
        )
        self.assertEqual(order.stage_type, "in_progress", "the customer answered")

    def test_unknown_sender_becomes_contact(self):
        self.format_and_process(
            MAIL_TEMPLATE,
            "Zheng Yu <zheng.yu@newcustomer.cn>",
            f"printers@{self.alias_domain}",
            subject="Broken scanner",
            target_model="crm.service.order",
            target_field="description",
        )
        order = self.env["crm.service.order"].search([("team_id", "=", self.team.id)])
        self.assertEqual(order.partner_id.email, "zheng.yu@newcustomer.cn")
        self.assertEqual(order.partner_id.name, "Zheng Yu")
        self.assertEqual(order.contact_id, order.partner_id)
