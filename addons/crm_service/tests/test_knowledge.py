# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged, users
from odoo.tools import mute_logger

from .common import CrmServiceCommon


class CrmServiceKnowledgeCommon(CrmServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.problem_breakdown.resolution_required = True
        cls.problem_printer = cls.env["crm.service.problem.type"].create(
            {"name": "Printer", "resolution_required": True}
        )
        cls.problem_ac = cls.env["crm.service.problem.type"].create({"name": "Air Conditioner"})
        cls.printer = cls.env["product.product"].create({"name": "LaserJet 1020"})
        cls.other_product = cls.env["product.product"].create({"name": "Split AC 3P"})
        cls.company2 = cls.env["res.company"].create({"name": "Other Service Co"})
        cls.root_cause = cls.env["crm.service.root.cause"].create({"name": "Worn pickup roller"})
        cls.department = cls.env["hr.department"].create({"name": "Production"})
        Solution = cls.env["crm.service.solution"].with_user(cls.service_manager)
        cls.sol_jam = Solution.create({
            "name": "打印机卡纸处理",
            "problem_type_id": cls.problem_printer.id,
            "symptom": "<p>打印机 卡纸 清理</p>",
            "body": "<p>打开后盖，取出卡住的纸。</p>",
        })
        cls.sol_toner = Solution.create({
            "name": "打印机墨盒更换",
            "problem_type_id": cls.problem_printer.id,
            "symptom": "<p>打印机 墨盒 更换</p>",
        })
        cls.sol_jam_en = Solution.create({
            "name": "Clearing a paper jam",
            "problem_type_id": cls.problem_printer.id,
            "keywords": "E102 jam tray",
            "body": "<p>Open the rear cover and pull the sheet out.</p>",
        })
        cls.sol_toner_en = Solution.create({
            "name": "Replacing the toner cartridge",
            "problem_type_id": cls.problem_printer.id,
            "product_ids": [(6, 0, cls.printer.ids)],
            "body": "<p>Toner low warning: replace the cartridge.</p>",
        })
        cls.sol_ac = Solution.create({
            "name": "空调不制冷",
            "problem_type_id": cls.problem_ac.id,
            "symptom": "<p>空调 不制冷 缺氟</p>",
        })
        (cls.sol_jam | cls.sol_toner | cls.sol_jam_en | cls.sol_toner_en | cls.sol_ac).action_publish()
        # Same words, but a draft and another company's article: never suggested.
        cls.sol_draft = Solution.create({
            "name": "打印机卡纸 paper jam E102 (draft)",
            "problem_type_id": cls.problem_printer.id,
        })
        cls.sol_company2 = cls.env["crm.service.solution"].create({
            "name": "打印机卡纸 paper jam E102 (other company)",
            "problem_type_id": cls.problem_printer.id,
            "company_id": cls.company2.id,
        })
        cls.sol_company2.action_publish()

    def _resolve_values(self):
        return {
            "root_cause_id": self.root_cause.id,
            "department_id": self.department.id,
            "resolution": "<p>Replaced the pickup roller.</p>",
        }


@tagged("post_install", "-at_install", "crm_service")
class TestSolutionSuggestions(CrmServiceKnowledgeCommon):
    @users("service_tech")
    def test_suggest_chinese(self):
        order = self._create_order(
            user=self.tech, problem_type_id=self.problem_printer.id, description="<p>打印机卡纸</p>"
        ).with_env(self.env)
        suggested = order.solution_suggestion_ids
        self.assertEqual(suggested[0], self.sol_jam)
        self.assertEqual(suggested[1], self.sol_toner, "shares 打印机 only")
        self.assertNotIn(self.sol_ac, suggested, "other category, no shared word")
        self.assertNotIn(self.sol_draft, suggested)
        self.assertNotIn(self.sol_company2, suggested)

    @users("service_tech")
    def test_suggest_english(self):
        order = self._create_order(
            user=self.tech,
            problem_type_id=self.problem_printer.id,
            description="<p>Paper jam in tray 2, the printer shows error E102</p>",
        ).with_env(self.env)
        suggested = order.solution_suggestion_ids
        self.assertEqual(suggested[0], self.sol_jam_en)
        self.assertNotIn(self.sol_draft, suggested)
        self.assertNotIn(self.sol_company2, suggested)

    @users("service_tech")
    def test_suggest_by_product_and_words_without_category(self):
        """No category: the product and the words still find the articles."""
        order = self._create_order(
            user=self.tech, problem_type_id=False, product_id=self.printer.id,
            description="<p>toner</p>",
        ).with_env(self.env)
        self.assertEqual(order.solution_suggestion_ids[0], self.sol_toner_en)
        order.write({"product_id": False, "description": "<p>空调不制冷了</p>"})
        self.assertEqual(order.solution_suggestion_ids, self.sol_ac)

    @users("service_manager")
    def test_no_suggestion_for_other_company_even_for_manager(self):
        self.service_manager.sudo().company_ids |= self.company2
        order = self._create_order(
            problem_type_id=self.problem_printer.id, description="<p>打印机卡纸 E102</p>"
        ).with_env(self.env).with_context(
            allowed_company_ids=[self.env.company.id, self.company2.id]
        )
        self.assertNotIn(self.sol_company2, order.solution_suggestion_ids)
        self.assertNotIn(self.sol_draft, order.solution_suggestion_ids)

    @users("service_tech")
    def test_apply_posts_and_counts(self):
        first = self._create_order(
            user=self.tech, problem_type_id=self.problem_printer.id, description="<p>打印机卡纸</p>"
        ).with_env(self.env)
        second = self._create_order(user=self.tech, description="<p>卡纸</p>").with_env(self.env)
        solution = self.sol_jam.with_env(self.env)
        solution.with_context(crm_service_order_id=first.id).action_apply_to_order()
        self.assertIn("打印机卡纸处理", first.message_ids[0].body)
        self.assertIn("打开后盖", first.message_ids[0].body)
        self.assertEqual(first.solution_applied_ids, solution)
        self.assertEqual(solution.use_count, 1)
        solution.with_context(crm_service_order_id=second.id).action_apply_to_order()
        solution.invalidate_recordset(["use_count"])
        self.assertEqual(solution.use_count, 2)
        # Applying again on the same order counts once.
        solution.with_context(crm_service_order_id=first.id).action_apply_to_order()
        solution.invalidate_recordset(["use_count"])
        self.assertEqual(solution.use_count, 2)
        with self.assertRaises(UserError):
            solution.action_apply_to_order()

    @users("service_tech")
    def test_no_suggestion_once_resolved(self):
        order = self._create_order(
            user=self.tech, problem_type_id=self.problem_printer.id, description="<p>打印机卡纸</p>"
        ).with_env(self.env)
        self.assertTrue(order.solution_suggestion_ids)
        order.write(self._resolve_values())
        order.action_start()
        order.action_resolve()
        self.assertEqual(order.stage_type, "resolved")
        self.assertFalse(order.solution_suggestion_ids)


@tagged("post_install", "-at_install", "crm_service")
class TestSolutionAccess(CrmServiceKnowledgeCommon):
    @users("service_tech")
    def test_technician_reads_published_and_own(self):
        Solution = self.env["crm.service.solution"]
        visible = Solution.search([])
        self.assertIn(self.sol_jam, visible)
        self.assertNotIn(self.sol_draft, visible, "a manager's draft")
        self.assertNotIn(self.sol_company2, visible, "another company")
        own = Solution.create({"name": "My draft", "problem_type_id": self.problem_printer.id})
        self.assertEqual(own.author_id, self.env.user)
        own.write({"keywords": "roller"})
        self.assertIn(own, Solution.search([]))
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_rule"):
            self.sol_draft.with_env(self.env).read(["name"])

    @users("service_tech")
    def test_technician_cannot_publish_or_edit_others(self):
        own = self.env["crm.service.solution"].create({"name": "My draft"})
        with self.assertRaises(AccessError):
            own.action_publish()
        with self.assertRaises(AccessError):
            own.write({"state": "published"})
        with self.assertRaises(AccessError):
            own.write({"author_id": self.tech2.id})
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_rule"):
            self.sol_jam.with_env(self.env).write({"name": "Changed"})
        other = self.env["crm.service.solution"].with_user(self.tech2).create({"name": "Liu's"})
        with self.assertRaises(AccessError), mute_logger("odoo.addons.base.models.ir_rule"):
            other.with_env(self.env).write({"name": "Changed"})
        own.unlink()

    @users("service_manager")
    def test_manager_publishes(self):
        own = self.env["crm.service.solution"].with_user(self.tech).create({"name": "Draft"})
        own = own.with_env(self.env)
        own.action_publish()
        self.assertEqual(own.state, "published")
        self.assertIn(own, self.env["crm.service.solution"].with_user(self.tech2).search([]))
        own.action_set_draft()
        self.assertEqual(own.state, "draft")


@tagged("post_install", "-at_install", "crm_service")
class TestResolution(CrmServiceKnowledgeCommon):
    @users("service_tech")
    def test_resolve_requires_root_cause_department_resolution(self):
        order = self._create_order(user=self.tech).with_env(self.env)
        order.action_start()
        with self.assertRaises(UserError) as error:
            order.action_resolve()
        for label in ("Root Cause", "Responsible Department", "Resolution"):
            self.assertIn(label, str(error.exception))
        order.write({"root_cause_id": self.root_cause.id, "resolution": "<p></p>"})
        with self.assertRaises(UserError) as error:
            order.action_resolve()
        self.assertNotIn("Root Cause", str(error.exception))
        self.assertIn("Resolution", str(error.exception), "empty html is missing")
        # Moving the stage by hand (kanban drag) is checked too.
        resolved_stage = order._service_stage_of_type("resolved")
        with self.assertRaises(UserError):
            order.write({"stage_id": resolved_stage.id})
        order.write(self._resolve_values())
        order.action_resolve()
        self.assertEqual(order.stage_type, "resolved")

    @users("service_tech")
    def test_resolve_free_when_category_does_not_require(self):
        installation = self.env["crm.service.problem.type"].sudo().create({"name": "Install"})
        self.assertFalse(installation.resolution_required)
        order = self._create_order(user=self.tech, problem_type_id=installation.id)
        order = order.with_env(self.env)
        order.action_start()
        order.action_resolve()
        self.assertEqual(order.stage_type, "resolved")

    def test_breakdown_category_requires_by_default(self):
        breakdown = self.env.ref("crm_service.crm_service_problem_type_breakdown")
        self.assertTrue(breakdown.resolution_required)

    @users("service_tech")
    def test_create_solution_from_resolved_order(self):
        order = self._create_order(
            user=self.tech, problem_type_id=self.problem_printer.id, product_id=self.printer.id,
            description="<p>Grinding noise, then paper jam</p>",
        ).with_env(self.env)
        with self.assertRaises(UserError):
            order.action_create_solution()
        order.write(self._resolve_values())
        order.action_start()
        order.action_resolve()
        action = order.action_create_solution()
        self.assertEqual(action["res_model"], "crm.service.solution")
        solution = self.env["crm.service.solution"].browse(action["res_id"])
        self.assertEqual(solution.state, "draft")
        self.assertEqual(solution.author_id, self.env.user)
        self.assertEqual(solution.problem_type_id, self.problem_printer)
        self.assertEqual(solution.product_ids, self.printer)
        self.assertEqual(solution.source_order_id, order)
        self.assertIn("Grinding noise", solution.symptom)
        self.assertIn("pickup roller", solution.body)
        self.assertEqual(order.solution_count, 1)
        # The technician can go on editing the draft.
        solution.write({"name": "Noisy pickup roller"})
