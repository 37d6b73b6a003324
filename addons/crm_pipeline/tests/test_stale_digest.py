# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from contextlib import closing
from datetime import datetime
from unittest.mock import patch

from odoo.tests import new_test_user, tagged

from .common import CrmPipelineCommon

CRON_TIME = datetime(2025, 2, 8, 9, 0)


@tagged("post_install", "-at_install", "crm_pipeline")
class TestStaleDigest(CrmPipelineCommon):
    """Stale delays: New 3 days, Qualified 5 days. Leader One leads team A (the common
    test team) and team C, Leader Two leads team B."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leader_one = new_test_user(
            cls.env, login="digest_leader_one", name="Leader One",
            groups="crm_pipeline.group_crm_pipeline_user", notification_type="inbox",
        )
        cls.leader_two = new_test_user(
            cls.env, login="digest_leader_two", name="Leader Two",
            groups="crm_pipeline.group_crm_pipeline_user", notification_type="email",
        )
        cls.team.user_id = cls.leader_one
        cls.team_b = cls.env["crm.team"].create(
            {"name": "Digest Team B", "user_id": cls.leader_two.id}
        )
        cls.team_c = cls.env["crm.team"].create(
            {"name": "Digest Team C", "user_id": cls.leader_one.id}
        )
        cls.stage_new.crm_stale_days = 3
        cls.stage_qualified.crm_stale_days = 5

    def _lead(self, name, owner, team, stage, entered):
        with self._mock_now(entered):
            lead = self.env["crm.lead"].create({
                "name": name,
                "type": "opportunity",
                "user_id": owner.id,
                "team_id": team.id,
                "stage_id": stage.id,
            })
            lead.flush_recordset()
        return lead

    def _digests(self, leader=None):
        domain = [("message_type", "=", "user_notification"), ("model", "=", "crm.team")]
        if leader:
            domain.append(("partner_ids", "in", leader.partner_id.ids))
        return self.env["mail.message"].search(domain, order="id")

    def _run_cron(self, when=CRON_TIME):
        with self._mock_now(when):
            self.env["crm.lead"]._cron_stale_opportunities()

    def test_one_digest_per_leader(self):
        rep, rep2, nobody = self.pipeline_rep, self.pipeline_rep2, self.env["res.users"]
        stale_a = self._lead("Stale A", rep, self.team, self.stage_qualified, datetime(2025, 2, 1, 8))
        stale_b = self._lead("Stale B", rep2, self.team, self.stage_new, datetime(2025, 2, 3, 8))
        fresh_c = self._lead("Fresh C", rep2, self.team, self.stage_new, datetime(2025, 2, 6, 8))
        planned_d = self._lead("Planned D", rep, self.team, self.stage_qualified, datetime(2025, 2, 1, 8))
        planned_d.activity_schedule("mail.mail_activity_data_call", user_id=rep.id)
        unassigned_e = self._lead("Orphan E", nobody, self.team_c, self.stage_new, datetime(2025, 2, 1, 8))
        stale_f = self._lead("Stale F", rep, self.team_b, self.stage_qualified, datetime(2025, 2, 2, 8))
        won_g = self._lead("Won G", rep, self.team, self.stage_qualified, datetime(2025, 2, 1, 8))
        with self._mock_now(datetime(2025, 2, 1, 9)):
            won_g.write({"probability": 100})

        self._run_cron()
        self.assertEqual(len(self._digests()), 2, "one digest per leader, not per lead or team")

        digest_one = self._digests(self.leader_one)
        self.assertEqual(len(digest_one), 1, "teams A and C in a single digest")
        self.assertEqual(digest_one.partner_ids, self.leader_one.partner_id)
        self.assertEqual(digest_one.subject, "3 stale opportunities in your teams")
        body = digest_one.body
        for lead in (stale_a, stale_b, unassigned_e):
            self.assertIn(lead.name, body)
            self.assertIn(f"/mail/view?model=crm.lead&amp;res_id={lead.id}", body)
        for lead in (fresh_c, planned_d, stale_f, won_g):
            self.assertNotIn(lead.name, body)
        self.assertIn(self.team.name, body)
        self.assertIn(self.team_c.name, body)
        self.assertNotIn(self.team_b.name, body)
        self.assertIn("Unassigned", body, "Orphan E has no salesperson")
        # days idle on February 8th 9:00: A since Feb 1st 8:00, B since Feb 3rd 8:00
        self.assertRegex(body, r"Stale A</a>\s*</td>\s*<td[^>]*>\s*Rep Sun\s*</td>\s*<td[^>]*>T Qualified</td>\s*<td[^>]*>7</td>")
        self.assertRegex(body, r"Stale B</a>\s*</td>\s*<td[^>]*>\s*Rep Zhou\s*</td>\s*<td[^>]*>T New</td>\s*<td[^>]*>5</td>")
        # the stalest first
        self.assertLess(body.index("Stale A"), body.index("Stale B"))
        # an inbox user gets an inbox notification
        self.assertEqual(digest_one.notification_ids.notification_type, "inbox")

        digest_two = self._digests(self.leader_two)
        self.assertEqual(digest_two.subject, "1 stale opportunities in your teams")
        self.assertIn(stale_f.name, digest_two.body)
        self.assertNotIn(stale_a.name, digest_two.body)
        # an e-mail user gets an e-mail
        self.assertEqual(digest_two.notification_ids.notification_type, "email")
        self.assertEqual(digest_two.notification_ids.res_partner_id, self.leader_two.partner_id)

        # the owners' to-dos are still there, one each
        activity_type = self.env.ref("crm_pipeline.mail_activity_type_stale_opportunities")
        todos = self.env["mail.activity"].search([("activity_type_id", "=", activity_type.id)])
        self.assertEqual(todos.user_id, rep | rep2)

    def test_digest_once_a_day(self):
        stale = self._lead("Stale A", self.pipeline_rep, self.team, self.stage_qualified, datetime(2025, 2, 1, 8))
        self._run_cron()
        self.assertEqual(len(self._digests()), 1)
        self._run_cron(datetime(2025, 2, 8, 17, 0))
        self.assertEqual(len(self._digests()), 1, "no second digest the same day")
        # the next day the lead is still stale: it carries the stale to-do, which is
        # not an activity on the deal itself, so it is reported again
        self.assertTrue(stale.activity_ids)
        self._run_cron(datetime(2025, 2, 9, 9, 0))
        digests = self._digests()
        self.assertEqual(len(digests), 2)
        self.assertIn("Stale A", digests[-1].body)
        self.assertIn(">8</td>", digests[-1].body)

    def test_digest_leader_language(self):
        """The digest is rendered in the leader's language, not the cron's."""
        self.env["res.lang"]._activate_lang("fr_FR")
        self.leader_one.lang = "fr_FR"
        self._lead("Stale A", self.pipeline_rep, self.team, self.stage_qualified, datetime(2025, 2, 1, 8))
        seen = []
        origin = type(self.env["ir.qweb"])._render

        def _render(qweb, template, values=None, **options):
            if template == "crm_pipeline.crm_stale_digest":
                seen.append(qweb.env.lang)
            return origin(qweb, template, values, **options)

        with patch.object(type(self.env["ir.qweb"]), "_render", _render):
            self._run_cron()
        self.assertEqual(seen, ["fr_FR"])

    def _cron_query_count(self, count, expected=None):
        """Queries of one cron run over ``count`` stale leads spread over two owners and
        two leaders (teams A and B), rolled back afterwards. With ``expected``, the run
        is checked by assertQueryCount instead."""
        with closing(self.env.cr.savepoint()):
            owners = [self.pipeline_rep, self.pipeline_rep2]
            teams = [self.team, self.team_b]
            with self._mock_now(datetime(2025, 2, 1, 8)):
                leads = self.env["crm.lead"].create([
                    {
                        "name": f"Stale {index}",
                        "type": "opportunity",
                        "user_id": owners[index % 2].id,
                        "team_id": teams[index // 2 % 2].id,
                        "stage_id": self.stage_qualified.id,
                    }
                    for index in range(count)
                ])
                self.env.flush_all()
            self.env.invalidate_all()
            queries = None
            if expected is None:
                # measured as assertQueryCount does: flushed before and after, no
                # random garbage collection of the bus, the current user in cache
                with patch("random.random", lambda: 1):
                    self.assertTrue(self.env.user.login)
                    self.env.cr.flush()
                    start = self.cr.sql_log_count
                    self._run_cron()
                    self.env.flush_all()
                    self.env.cr.flush()
                    queries = self.cr.sql_log_count - start
            else:
                with self.assertQueryCount(expected):
                    self._run_cron()
            self.assertEqual(len(self._digests()), 2)
            self.assertEqual(
                self._digests(self.leader_two).body.count("Stale "),
                len(leads.filtered(lambda lead: lead.team_id == self.team_b)),
            )
        self.env.invalidate_all()
        return queries

    def test_digest_query_count(self):
        """Detection, to-dos and digests cost the same queries for 3 or 30 stale leads:
        one search finds them all, then a constant number per owner (one to-do) and
        per leader (one message), never per lead."""
        # warm the registry caches (templates, xml ids, ...) that outlive the rollbacks
        self._cron_query_count(3)
        self._cron_query_count(30)
        three = self._cron_query_count(3)
        self._cron_query_count(30, expected=three)
