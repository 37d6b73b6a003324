# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64

from odoo.tests import Form, freeze_time, tagged, users

from .test_knowledge import CrmServiceKnowledgeCommon

# A 1x1 transparent PNG, as the signature widget would send it.
SIGNATURE_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
REPORT = "crm_service.action_report_service_order"


class WorkOrderReportCommon(CrmServiceKnowledgeCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.partner_zh = cls.env["res.partner"].create({"name": "深圳客户", "lang": "zh_CN"})
        cls.partner_en = cls.env["res.partner"].create({"name": "London Client", "lang": "en_US"})
        cls.lot = cls.env["stock.lot"].create({
            "name": "SN-0001",
            "product_id": cls.printer.id,
            "company_id": cls.env.company.id,
            "crm_warranty_end_date": "2099-12-31",
        })
        cls.problem_printer.update_field_translations("name", {"zh_CN": "打印机故障"})
        cls.root_cause.update_field_translations("name", {"zh_CN": "搓纸轮磨损"})
        # The template's own terms follow the partner's language (t-lang).
        cls.env.ref("crm_service.report_service_order_document").update_field_translations(
            "arch_db",
            {"zh_CN": {
                "<span>Work Order</span>": "<span>服务工单</span>",
                "<strong>Customer Signature</strong>": "<strong>客户签名</strong>",
            }},
        )

    def _order(self, partner, **values):
        return self._create_order(
            partner=partner,
            user=self.tech,
            problem_type_id=self.problem_printer.id,
            product_id=self.printer.id,
            lot_id=self.lot.id,
            description="<p>Paper jam, tray 2</p>",
            **self._resolve_values(),
            **values,
        )

    def _render(self, order):
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(REPORT, order.ids)
        return html.decode()


@tagged("post_install", "-at_install", "crm_service")
class TestWorkOrderReport(WorkOrderReportCommon):
    @users("service_tech")
    def test_report_english(self):
        order = self._order(self.partner_en).with_env(self.env)
        html = self._render(order)
        self.assertIn("Work Order", html)
        self.assertIn(order.name, html)
        self.assertIn("London Client", html)
        self.assertIn("LaserJet 1020", html)
        self.assertIn("SN-0001", html)
        self.assertIn("Under warranty", html)
        self.assertIn("Printer", html)
        self.assertIn("Paper jam, tray 2", html)
        self.assertIn("Worn pickup roller", html)
        self.assertIn("Production", html)
        self.assertIn("Replaced the pickup roller.", html)
        self.assertIn("Customer Signature", html)
        self.assertNotIn("服务工单", html)
        self.assertNotIn("o_crm_service_signature", html, "empty box, no image yet")

    @users("service_tech")
    def test_report_chinese_partner(self):
        order = self._order(self.partner_zh).with_env(self.env)
        html = self._render(order)
        self.assertIn("服务工单", html)
        self.assertIn("客户签名", html)
        self.assertIn("打印机故障", html)
        self.assertIn("搓纸轮磨损", html)
        self.assertNotIn("Worn pickup roller", html)
        self.assertIn("深圳客户", html)

    @users("service_tech")
    @freeze_time("2026-03-02 09:15:00")
    def test_signature_stored_and_printed(self):
        order = self._order(self.partner_en).with_env(self.env)
        with Form(order) as form:
            form.customer_signature = SIGNATURE_PNG
        self.assertEqual(base64.b64decode(order.customer_signature), base64.b64decode(SIGNATURE_PNG))
        self.assertEqual(order.signed_by, "London Client")
        self.assertEqual(str(order.date_signed), "2026-03-02 09:15:00")
        attachment = self.env["ir.attachment"].sudo().search([
            ("res_model", "=", "crm.service.order"), ("res_id", "=", order.id),
            ("res_field", "=", "customer_signature"),
        ])
        self.assertEqual(len(attachment), 1, "stored as an attachment, not in the row")
        html = self._render(order)
        self.assertIn('class="o_crm_service_signature"', html)
        self.assertIn("data:image/png;base64,", html)
        # Clearing the signature clears its date.
        order.customer_signature = False
        self.assertFalse(order.date_signed)
        self.assertNotIn('class="o_crm_service_signature"', self._render(order))

    @users("service_tech")
    def test_print_button(self):
        order = self._order(self.partner_en).with_env(self.env)
        action = order.action_print_work_order()
        self.assertEqual(action["report_name"], "crm_service.report_service_order")
