# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged, users
from odoo.tools import SQL

from ..tools.normalize import name_variants
from .common import CrmLeadsCommon


class CrmCollisionCommon(CrmLeadsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner.email = "Sales <SALES@acme.example.com>"
        cls.team = cls.env["crm.team"].create(
            {
                "name": "North Sales",
                "user_id": cls.manager.id,
                "member_ids": [Command.link(cls.rep2.id)],
            }
        )
        cls.lead_rep = cls.env["crm.lead"].create(
            {
                "name": "Acme expansion",
                "type": "opportunity",
                "partner_name": "Beijing Acme Technology Co., Ltd.",
                "email_from": "buyer@acme-tech.example.com",
                "user_id": cls.rep.id,
                "team_id": False,
            }
        )

    def _new_lead_values(self, **values):
        return {"name": "New deal", "team_id": self.team.id, "user_id": self.rep2.id, **values}


@tagged("post_install", "-at_install", "crm_leads")
class TestMatching(CrmCollisionCommon):
    @users("crm_rep2")
    def test_exact_email(self):
        found = self.env["crm.lead"]._crm_find_matches({"email_from": "sales@Acme.Example.com"})
        self.assertEqual(found["partner_ids"], {self.partner.id})
        self.assertFalse(found["lead_ids"])

    @users("crm_rep2")
    def test_phone_in_another_format(self):
        found = self.env["res.partner"]._crm_find_matches({"phone": "+86 10 6243 6040"})
        self.assertEqual(found["partner_ids"], {self.partner.id})

    @users("crm_rep2")
    def test_near_company_name(self):
        found = self.env["crm.lead"]._crm_find_matches(
            {"partner_name": "Beijing Acme Technologies"}
        )
        self.assertIn(self.lead_rep.id, found["near_lead_ids"])
        self.assertFalse(found["lead_ids"])  # not the same key: near only
        other = self.env["crm.lead"]._crm_find_matches(
            {"partner_name": "Shanghai Orbit Trading Co., Ltd."}
        )
        self.assertFalse(any(other.values()))

    @users("crm_rep2")
    def test_near_name_one_typo_away(self):
        lead = self.env["crm.lead"].sudo().create(
            {"name": "Runmeilong deal", "partner_name": "Shanghai Runmeilong Trading Co., Ltd."}
        )
        Lead = self.env["crm.lead"]
        for typed in (
            "Runmeilonq Machinery",  # a letter changed
            "Runmeilng Ltd",  # a letter missing
            "Runmeilongg",  # a letter added
            "Runmeliong",  # two letters swapped
        ):
            with self.subTest(typed=typed):
                found = Lead._crm_find_matches({"partner_name": typed})
                self.assertIn(lead.id, found["near_lead_ids"])
        for typed in ("Runmeixyng", "Ruilong", "Longmeirun"):
            with self.subTest(typed=typed):
                found = Lead._crm_find_matches({"partner_name": typed})
                self.assertNotIn(lead.id, found["near_lead_ids"])

    @users("crm_rep2")
    def test_short_core_matches_exactly_only(self):
        """Two- and three-character Chinese brands one character apart are two companies."""
        lead = self.env["crm.lead"].sudo().create(
            {"name": "华为 deal", "partner_name": "深圳华为技术有限公司"}
        )
        Lead = self.env["crm.lead"]
        self.assertIn(
            lead.id, Lead._crm_find_matches({"partner_name": "华为有限公司"})["near_lead_ids"]
        )
        self.assertNotIn(
            lead.id, Lead._crm_find_matches({"partner_name": "深圳华丰有限公司"})["near_lead_ids"]
        )

    def test_name_variants_sql_equals_python(self):
        for core in ("runmeilong", "艾克米科技园", "abcab", "a"):
            self.env.cr.execute("SELECT crm_leads_name_variants(%s)", [core])
            self.assertEqual(sorted(self.env.cr.fetchone()[0]), name_variants(core))

    def test_near_name_indexes(self):
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        for table in ("crm_lead", "res_partner"):
            self.env.cr.execute(
                SQL(
                    "EXPLAIN SELECT id FROM %s WHERE company_name_core = ANY(%s::varchar[])",
                    SQL.identifier(table),
                    ["runmeilong", *name_variants("runmeilong")],
                )
            )
            plan = "\n".join(row[0] for row in self.env.cr.fetchall())
            self.assertIn(f"{table}__company_name_core_index", plan)
            # The typo index: a GIN on the variants of the cores long enough for
            # typos (on a table this small the planner prefers the btree; the
            # benchmark shows it used at 1,000,000 names).
            self.env.cr.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
                [f"{table}_company_name_variants_index"],
            )
            indexdef = self.env.cr.fetchone()[0]
            self.assertIn("USING gin (crm_leads_name_variants((company_name_core)::text))", indexdef)
            self.assertIn("char_length((company_name_core)::text) >= 5", indexdef)
            self.env.cr.execute(
                "SELECT reloptions FROM pg_class WHERE relname = %s",
                [f"{table}_company_name_variants_index"],
            )
            self.assertIn("gin_pending_list_limit=256", self.env.cr.fetchone()[0])


@tagged("post_install", "-at_install", "crm_leads")
class TestCollisionPolicies(CrmCollisionCommon):
    @users("crm_rep2")
    def test_warn_shows_owner_as_typed(self):
        with Form(self.env["crm.lead"]) as lead_form:
            lead_form.name = "Call from Acme"
            lead_form.team_id = self.team
            self.assertFalse(lead_form.crm_match_warning)
            lead_form.phone = "+86 10 6243 6040"
            self.assertIn("Rep Li", lead_form.crm_match_warning)
            self.assertEqual(lead_form.crm_collision_owner_names, "Rep Li")
        lead = lead_form.record
        self.assertFalse(lead.crm_collision_pending)
        self.assertEqual(lead.crm_collision_user_ids, self.rep)

    @users("crm_rep2")
    def test_partner_form_warns(self):
        with Form(self.env["res.partner"]) as partner_form:
            partner_form.name = "Acme Beijing Office"
            partner_form.email = "sales@acme.example.com"
            self.assertIn("Rep Li", partner_form.crm_match_warning)

    @users("crm_rep")
    def test_own_customer_is_no_collision(self):
        lead = self.env["crm.lead"].create(
            self._new_lead_values(phone="010 6243 6040", user_id=self.rep.id)
        )
        self.assertFalse(lead.crm_collision_user_ids)
        self.assertEqual(lead.crm_match_partner_ids, self.partner)

    @users("crm_rep2")
    def test_block_names_owner(self):
        self.team.sudo().crm_collision_policy = "block"
        with self.assertRaisesRegex(ValidationError, "Rep Li"):
            self.env["crm.lead"].create(self._new_lead_values(mobile="13800138000"))
        # No match, no block.
        lead = self.env["crm.lead"].create(self._new_lead_values(phone="+86 21 0000 1111"))
        self.assertTrue(lead.exists())

    @users("crm_rep2")
    def test_approve_flow(self):
        self.team.sudo().crm_collision_policy = "approve"
        lead = self.env["crm.lead"].create(
            self._new_lead_values(email_from="sales@acme.example.com")
        )
        self.assertTrue(lead.crm_collision_pending)
        request = self.env["crm.collision.request"].search([("lead_id", "=", lead.id)])
        self.assertEqual(len(request), 1)
        self.assertEqual(request.owner_user_id, self.rep)
        self.assertEqual(request.requesting_user_id, self.rep2)
        activity = request.sudo().activity_ids
        self.assertEqual(activity.user_id, self.manager)
        # The rep cannot decide their own request.
        with self.assertRaises(AccessError):
            request.action_approve()
        request.with_user(self.manager).action_approve()
        self.assertEqual(request.state, "approved")
        self.assertFalse(lead.crm_collision_pending)
        self.assertFalse(request.sudo().activity_ids)
        self.assertEqual(lead.user_id, self.rep2)

    @users("crm_rep2")
    def test_reject_gives_lead_to_owner(self):
        self.team.sudo().crm_collision_policy = "approve"
        lead = self.env["crm.lead"].create(self._new_lead_values(phone="01062436040"))
        request = self.env["crm.collision.request"].search([("lead_id", "=", lead.id)])
        request.with_user(self.manager).action_reject()
        lead = lead.sudo()
        self.assertEqual(request.sudo().state, "rejected")
        self.assertEqual(lead.user_id, self.rep)
        self.assertFalse(lead.crm_collision_pending)

    @users("crm_rep2")
    def test_owner_name_of_hidden_record(self):
        hidden = self.env["crm.lead"].browse(self.lead_rep.id)
        self.assertFalse(hidden._filtered_access("read"), "precondition: rep2 cannot read it")
        with Form(self.env["crm.lead"]) as lead_form:
            lead_form.name = "Web enquiry"
            lead_form.email_from = "Buyer <buyer@acme-tech.example.com>"
            warning = lead_form.crm_match_warning
            self.assertIn("Rep Li", warning)
            self.assertNotIn("Acme expansion", warning)  # the hidden lead's data
            self.assertEqual(lead_form.crm_match_lead_count, 0)


@tagged("post_install", "-at_install", "crm_leads")
class TestMergeButtons(CrmCollisionCommon):
    @users("crm_rep")
    def test_merge_leads(self):
        lead = self.env["crm.lead"].create(
            {"name": "Second Acme deal", "email_from": "buyer@acme-tech.example.com"}
        )
        action = lead.action_crm_merge_matches()
        self.assertEqual(action["res_model"], "crm.merge.opportunity")
        wizard = Form(self.env["crm.merge.opportunity"].with_context(**action["context"]))
        self.assertEqual(set(wizard.opportunity_ids.ids), {lead.id, self.lead_rep.id})

    def test_merge_partners(self):
        duplicate = self.env["res.partner"].create(
            {"name": "Beijing ACME Limited", "is_company": True}
        )
        self.assertEqual(duplicate.crm_match_partner_ids, self.partner)
        action = duplicate.action_crm_merge_partner_matches()
        self.assertEqual(action["res_model"], "base.partner.merge.automatic.wizard")
        wizard = Form(
            self.env["base.partner.merge.automatic.wizard"].with_context(**action["context"])
        )
        self.assertEqual(set(wizard.partner_ids.ids), {duplicate.id, self.partner.id})


@tagged("post_install", "-at_install", "crm_leads")
class TestCollisionTour(HttpCase):
    def test_collision_warning_tour(self):
        self.env.company.country_id = self.env.ref("base.cn")
        owner = new_test_user(
            self.env,
            login="tour_owner",
            name="Owner Chen",
            groups="crm_leads.group_crm_leads_user",
        )
        new_test_user(
            self.env,
            login="tour_rep",
            name="Rep Zhou",
            groups="crm_leads.group_crm_leads_user",
        )
        self.env["res.partner"].create(
            {
                "name": "Tour Owner Customer Co., Ltd.",
                "is_company": True,
                "phone": "010-6243-6040",
                "user_id": owner.id,
            }
        )
        self.start_tour(
            "/odoo/action-crm.crm_lead_action_pipeline/new",
            "crm_leads_collision_warning",
            login="tour_rep",
        )
