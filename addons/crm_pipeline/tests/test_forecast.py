# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import contextlib
import io
import re
import zipfile
from datetime import date

from openpyxl import load_workbook

from odoo import SUPERUSER_ID, api
from odoo.modules.migration import load_script
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, Form, get_db_name, new_test_user, tagged, users
from odoo.tools import date_utils
from odoo.tools.safe_eval import safe_eval

from ..hooks import uninstall_hook
from .common import CrmPipelineCommon


class RolledBack(Exception):
    """Leaves a savepoint of a test with a rollback."""


class CrmForecastCommon(CrmPipelineCommon):
    """Two teams, three reps, hand-picked revenues and closing dates.

    The pipeline team takes its probabilities from the stages (new 10 %, qualified
    40 %); team B is predictive, its probabilities are typed. Weighted = expected x
    probability / 100:

    ======  ===========  ==========  ========  ==========  ===========  ========
    lead    team         rep         stage     expected    closing      weighted
    ======  ===========  ==========  ========  ==========  ===========  ========
    A1      pipeline     Sun         new       10,000      2026-01-20   1,000
    A2      pipeline     Sun         qualified  5,000      2026-01-31   2,000
    A3      pipeline     Sun         qualified  8,000      2026-03-31   3,200
    A5      pipeline     =cmd()      qualified  1,000      2026-04-01     400
    U1      pipeline     (none)      new        2,000      2026-02-10     200
    B1      +Team B      Zhou        new (25%) 20,000      2026-03-05   5,000
    B2      +Team B      Zhou        qual.(60%) 3,000      2026-07-01   1,800
    ======  ===========  ==========  ========  ==========  ===========  ========

    Left out of the forecast: A4 (won), A6 (lost), A7 (a lead, not an opportunity).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.formula_rep = new_test_user(
            cls.env, login="pipeline_formula_rep", name="=cmd()",
            groups="crm_pipeline.group_crm_pipeline_user",
        )
        cls.team.write({
            "crm_probability_mode": "stage",
            "member_ids": [(4, cls.formula_rep.id)],
        })
        cls.team_b = cls.env["crm.team"].create({
            "name": "+Team B",
            "crm_probability_mode": "predictive",
            "member_ids": [(4, cls.pipeline_rep2.id)],
        })

        def opportunity(name, user, stage, expected, deadline, **extra):
            return {
                "name": name,
                "type": "opportunity",
                "user_id": user.id,
                "team_id": cls.team.id,
                "stage_id": stage.id,
                "expected_revenue": expected,
                "date_deadline": deadline,
                **extra,
            }

        sun, zhou, nobody = cls.pipeline_rep, cls.pipeline_rep2, cls.env["res.users"]
        new, qualified = cls.stage_new, cls.stage_qualified
        team_b = {"team_id": cls.team_b.id}
        cls.forecast_leads = cls.env["crm.lead"].create([
            opportunity("A1", sun, new, 10000, "2026-01-20"),
            opportunity("A2", sun, qualified, 5000, "2026-01-31"),
            opportunity("A3", sun, qualified, 8000, "2026-03-31"),
            opportunity("A4 won", sun, cls.stage_won, 7000, "2026-01-25"),
            opportunity("A5", cls.formula_rep, qualified, 1000, "2026-04-01"),
            opportunity("A6 lost", sun, new, 6000, "2026-03-29", active=False, probability=0),
            opportunity("A7 lead", sun, new, 9000, "2026-02-10", type="lead"),
            opportunity("U1", nobody, new, 2000, "2026-02-10"),
            opportunity("B1", zhou, new, 20000, "2026-03-05", probability=25, **team_b),
            opportunity("B2", zhou, qualified, 3000, "2026-07-01", probability=60, **team_b),
        ])
        cls.forecast_leads.flush_recordset()

    def _lead(self, name):
        leads = self.forecast_leads.sudo().exists().filtered(lambda lead: lead.name == name)
        return leads.with_env(self.env)

    def _forecast_domain(self):
        # sudo: ir.actions.act_window - only to read the action's domain
        action = self.env.ref("crm_pipeline.crm_lead_forecast_action").sudo()
        teams = [self.team.id, self.team_b.id]
        return safe_eval(action.domain) + [("team_id", "in", teams)]

    def _export(self, granularity, date_from, date_to, team=None):
        wizard_form = Form(self.env["crm.forecast.export"])
        wizard_form.granularity = granularity
        wizard_form.date_from = date_from
        wizard_form.date_to = date_to
        wizard_form.team_id = team or self.env["crm.team"]
        wizard = wizard_form.save()
        action = wizard.action_export()
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "crm.forecast.export"), ("res_id", "=", wizard.id)]
        )
        self.assertEqual(action["url"], f"/web/content/{attachment.id}?download=true")
        self.raw_xlsx = attachment.raw
        return load_workbook(io.BytesIO(attachment.raw)).active

    @staticmethod
    def _rows(sheet):
        return [list(row) for row in sheet.iter_rows(min_row=3, values_only=True)]


@tagged("post_install", "-at_install", "crm_pipeline")
class TestWeightedForecast(CrmForecastCommon):
    def test_probabilities_of_the_data_set(self):
        self.assertEqual(
            {lead.name: (lead.probability, lead.prorated_revenue) for lead in self.forecast_leads
             if lead.active and not lead.stage_id.is_won},
            {
                "A1": (10.0, 1000.0), "A2": (40.0, 2000.0), "A3": (40.0, 3200.0),
                "A5": (40.0, 400.0), "A7 lead": (10.0, 900.0), "U1": (10.0, 200.0),
                "B1": (25.0, 5000.0), "B2": (60.0, 1800.0),
            },
        )
        lead_a3 = self._lead("A3")
        lead_a3.expected_revenue = 9000
        self.assertEqual(lead_a3.prorated_revenue, 3600.0)

    @users("pipeline_manager")
    def test_pivot_by_month_and_stage(self):
        """The read_group the pivot view sends (lazy=False), as a pipeline manager."""
        groups = self.env["crm.lead.forecast"].read_group(
            self._forecast_domain(),
            ["prorated_revenue:sum", "expected_revenue:sum", "lead_count:sum"],
            ["date_deadline:month", "stage_id"],
            lazy=False,
        )
        result = {
            (group["__range"]["date_deadline:month"]["from"], group["stage_id"][0]): (
                group["expected_revenue"], group["prorated_revenue"], group["lead_count"]
            )
            for group in groups
        }
        new, qualified = self.stage_new.id, self.stage_qualified.id
        self.assertEqual(result, {
            ("2026-01-01", new): (10000.0, 1000.0, 1),
            ("2026-01-01", qualified): (5000.0, 2000.0, 1),
            ("2026-02-01", new): (2000.0, 200.0, 1),
            ("2026-03-01", new): (20000.0, 5000.0, 1),
            ("2026-03-01", qualified): (8000.0, 3200.0, 1),
            ("2026-04-01", qualified): (1000.0, 400.0, 1),
            ("2026-07-01", qualified): (3000.0, 1800.0, 1),
        })

    @users("pipeline_manager")
    def test_forecast_by_quarter_and_rep(self):
        groups = self.env["crm.lead.forecast"]._read_group(
            self._forecast_domain(), ["date_deadline:quarter", "user_id"],
            ["expected_revenue:sum", "prorated_revenue:sum"],
        )
        result = {(quarter, user.id): (expected, weighted)
                  for quarter, user, expected, weighted in groups}
        self.assertEqual(result, {
            (date(2026, 1, 1), self.pipeline_rep.id): (23000.0, 6200.0),
            (date(2026, 1, 1), self.pipeline_rep2.id): (20000.0, 5000.0),
            (date(2026, 1, 1), False): (2000.0, 200.0),
            (date(2026, 4, 1), self.formula_rep.id): (1000.0, 400.0),
            (date(2026, 7, 1), self.pipeline_rep2.id): (3000.0, 1800.0),
        })

    @users("pipeline_manager")
    def test_forecast_by_week_and_team(self):
        # the ORM's weeks start on the first day of the user's language: Sunday for
        # en_US, so Tuesday 2026-03-31 and Wednesday 2026-04-01 share the week of 03-29
        self.assertEqual(self.env["res.lang"]._lang_get("en_US").week_start, "7")
        groups = self.env["crm.lead.forecast"]._read_group(
            self._forecast_domain(), ["date_deadline:week", "team_id"],
            ["prorated_revenue:sum"],
        )
        result = {(week, team.id): weighted for week, team, weighted in groups}
        pipeline, team_b = self.team.id, self.team_b.id
        self.assertEqual(result, {
            (date(2026, 1, 18), pipeline): 1000.0,
            (date(2026, 1, 25), pipeline): 2000.0,
            (date(2026, 2, 8), pipeline): 200.0,
            (date(2026, 3, 1), team_b): 5000.0,
            (date(2026, 3, 29), pipeline): 3600.0,
            (date(2026, 6, 28), team_b): 1800.0,
        })
        # and by team alone
        groups = self.env["crm.lead.forecast"]._read_group(
            self._forecast_domain(), ["team_id"], ["expected_revenue:sum", "prorated_revenue:sum"]
        )
        self.assertEqual(
            {team.id: (expected, weighted) for team, expected, weighted in groups},
            {pipeline: (26000.0, 6800.0), team_b: (23000.0, 6800.0)},
        )

    @users("pipeline_manager")
    def test_stage_and_predictive_probability_modes(self):
        """Moving to 'qualified' weighs 40 % in a stage-driven team; a predictive team
        keeps the typed probability."""
        Lead = self.env["crm.lead"]
        staged, predictive = Lead.create([
            {"name": "Mode stage", "type": "opportunity", "team_id": self.team.id,
             "user_id": self.pipeline_rep.id, "stage_id": self.stage_new.id,
             "expected_revenue": 10000, "probability": 55, "date_deadline": "2027-05-10"},
            {"name": "Mode predictive", "type": "opportunity", "team_id": self.team_b.id,
             "user_id": self.pipeline_rep2.id, "stage_id": self.stage_new.id,
             "expected_revenue": 10000, "probability": 55, "date_deadline": "2027-05-10"},
        ])
        (staged | predictive).write({"stage_id": self.stage_qualified.id})
        domain = self._forecast_domain() + [("date_deadline", ">=", "2027-05-01")]

        def weighted_by_team():
            groups = self.env["crm.lead.forecast"]._read_group(
                domain, ["team_id"], ["prorated_revenue:sum"]
            )
            return {team.id: weighted for team, weighted in groups}

        self.assertEqual(weighted_by_team(), {self.team.id: 4000.0, self.team_b.id: 5500.0})
        # team B switches to stage probabilities: its next move follows the stage
        self.team_b.sudo().crm_probability_mode = "stage"
        predictive.write({"stage_id": self.stage_new.id})
        self.assertEqual(weighted_by_team(), {self.team.id: 4000.0, self.team_b.id: 1000.0})

    @users("pipeline_rep")
    def test_rep_sees_own_pipeline(self):
        groups = self.env["crm.lead.forecast"]._read_group(
            self._forecast_domain(), ["user_id"], ["expected_revenue:sum", "prorated_revenue:sum"]
        )
        self.assertEqual(
            {user.id: (expected, weighted) for user, expected, weighted in groups},
            {self.pipeline_rep.id: (23000.0, 6200.0), False: (2000.0, 200.0)},
        )

    @users("pipeline_rep2")
    def test_other_rep_sees_own_pipeline(self):
        groups = self.env["crm.lead.forecast"]._read_group(
            self._forecast_domain(), ["date_deadline:month"], ["prorated_revenue:sum"]
        )
        self.assertEqual(
            dict(groups),
            {date(2026, 2, 1): 200.0, date(2026, 3, 1): 5000.0, date(2026, 7, 1): 1800.0},
        )

    @users("pipeline_manager")
    def test_manager_sees_all(self):
        groups = self.env["crm.lead.forecast"]._read_group(
            self._forecast_domain(), [], ["expected_revenue:sum", "prorated_revenue:sum",
                                          "lead_count:sum"]
        )
        self.assertEqual(groups, [(49000.0, 13600.0, 7)])

    # ------------------------------------------------------------
    # the ledger follows crm_lead
    # ------------------------------------------------------------

    def _truth(self):
        """The forecast computed from crm.lead itself: active opportunities by
        company, team, salesperson, stage and day."""
        groups = self.env["crm.lead"].sudo()._read_group(
            [("type", "=", "opportunity")],
            ["company_id", "team_id", "user_id", "stage_id", "date_deadline:day"],
            ["expected_revenue:sum", "prorated_revenue:sum", "__count"],
        )
        return {
            (company.id, team.id, user.id, stage.id, day): (expected, weighted, count)
            for company, team, user, stage, day, expected, weighted, count in groups
        }

    def _summary(self):
        Forecast = self.env["crm.lead.forecast"].sudo()
        groups = Forecast._read_group(
            [],
            ["company_id", "team_id", "user_id", "stage_id", "date_deadline:day"],
            ["expected_revenue:sum", "prorated_revenue:sum", "lead_count:sum"],
        )
        buckets = Forecast.search([])
        self.assertEqual(len(buckets), len(groups), "one record per bucket")
        self.assertTrue(all(buckets.mapped("lead_count")), "no empty bucket is shown")
        return {
            (company.id, team.id, user.id, stage.id, day): (expected, weighted, count)
            for company, team, user, stage, day, expected, weighted, count in groups
        }

    def _ledger(self):
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT id, company_id, team_id, user_id, stage_id, date_deadline,
                      expected_revenue, prorated_revenue, lead_count
                 FROM crm_lead_forecast_delta"""
        )
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    def test_summary_follows_every_write(self):
        self.assertEqual(self._summary(), self._truth())
        ledger = self._ledger()
        lead = self._lead
        lead("A1").stage_id = self.stage_qualified  # 10 % -> 40 %
        lead("A2").expected_revenue = 6000
        lead("A3").action_set_lost()  # archived: out of the forecast
        lead("A5").user_id = self.pipeline_rep  # another bucket
        lead("U1").team_id = self.team_b
        lead("A7 lead").type = "opportunity"  # a lead converted into the forecast
        lead("B1").date_deadline = "2026-05-05"
        lead("B2").unlink()
        self.env["crm.lead"].create({
            "name": "N1", "type": "opportunity", "team_id": self.team.id,
            "user_id": self.pipeline_rep2.id, "stage_id": self.stage_new.id,
            "expected_revenue": 500, "date_deadline": "2026-01-20",
        })
        summary = self._summary()
        self.assertEqual(summary, self._truth())
        ours = (self.team.id, self.team_b.id)
        self.assertEqual(sum(value[2] for key, value in summary.items() if key[1] in ours), 8)
        # an import (base_import ends in load()) goes through the same triggers
        result = self.env["crm.lead"].load(
            ["name", "type", "team_id/.id", "stage_id/.id", "expected_revenue",
             "date_deadline"],
            [["I1", "opportunity", str(self.team.id), str(self.stage_new.id), "700",
              "2026-06-15"],
             ["I2", "opportunity", str(self.team.id), str(self.stage_new.id), "800",
              "2026-06-15"]],
        )
        self.assertFalse(result["messages"])
        # writes that bypass the ORM are caught too (imports, scripts)
        self.env.cr.execute(
            "UPDATE crm_lead SET expected_revenue = 1000, prorated_revenue = 100 WHERE id = %s",
            [lead("A1").id],
        )
        self.env.cr.execute(
            "UPDATE crm_lead SET user_id = NULL WHERE id = ANY(%s)", [result["ids"]]
        )
        lead("A3").action_unarchive()
        self.env.invalidate_all()
        self.assertEqual(self._summary(), self._truth())
        # writers only appended: every row that was in the ledger is there, unchanged
        after = self._ledger()
        self.assertEqual({key: after.get(key) for key in ledger}, ledger)
        self.assertGreater(len(after), len(ledger))
        # the compaction and the rebuild done at install and update give the same sums
        before = self._summary()
        self.env["crm.lead.forecast"]._cron_compact()
        self.assertEqual(self._summary(), before)
        self.env["crm.lead.forecast"].init()
        self.assertEqual(self._summary(), before)

    def test_writers_only_insert(self):
        """The trigger function writes the ledger with INSERT only: no writer updates
        (nor deletes) a row that another writer may be changing."""
        self.env.cr.execute("SELECT prosrc FROM pg_proc WHERE proname = 'crm_lead_forecast_sync'")
        source = self.env.cr.fetchone()[0]
        code = re.sub(r"'[^']*'|--[^\n]*", "", source)  # string literals, comments
        self.assertEqual(
            re.findall(r"\b(INSERT|UPDATE|DELETE|MERGE|CONFLICT|TRUNCATE)\b", code, re.I),
            ["INSERT"] * 3,
        )

    def test_rollback_takes_deltas_with_it(self):
        ledger, truth = self._ledger(), self._truth()
        with contextlib.suppress(RolledBack), self.env.cr.savepoint():
            self._lead("A1").stage_id = self.stage_qualified
            self._lead("B2").unlink()
            self.env.flush_all()
            self.assertNotEqual(self._ledger(), ledger)
            raise RolledBack
        self.env.invalidate_all()
        self.assertEqual(self._ledger(), ledger)
        self.assertEqual(self._summary(), truth)

    def test_compaction(self):
        lead = self._lead
        for stage in (self.stage_qualified, self.stage_new, self.stage_qualified):
            lead("A1").stage_id = stage  # three moves of one opportunity
        lead("B1").expected_revenue = 21000
        lead("B1").expected_revenue = 22000
        lead("U1").date_deadline = "2026-02-11"  # its old bucket is left empty
        self.env.flush_all()
        # the emptied bucket (U1's day) is not shown, neither as a record nor in the pivot
        Forecast = self.env["crm.lead.forecast"]
        self.assertFalse(Forecast.search([("date_deadline", "=", "2026-02-10")]))
        groups = Forecast._read_group(
            self._forecast_domain(), ["date_deadline:day", "stage_id"], ["lead_count:sum"]
        )
        self.assertNotIn(date(2026, 2, 10), [day for day, _stage, _count in groups])
        self.assertTrue(all(count for _day, _stage, count in groups))
        a1_bucket = Forecast.search([("stage_id", "=", self.stage_qualified.id),
                                     ("date_deadline", "=", "2026-01-20")])
        self.assertEqual(a1_bucket.lead_count, 1)
        summary = self._summary()
        self.assertEqual(summary, self._truth())

        def folds():
            """Most rows of a bucket, buckets that sum to zero, rows of U1's old day."""
            self.env.cr.execute(
                """SELECT max(n), count(*) FILTER (WHERE c = 0), sum(n) FILTER (WHERE u1)
                     FROM (SELECT count(*) AS n, sum(lead_count) AS c,
                                  bool_or(date_deadline = '2026-02-10' AND user_id IS NULL
                                          AND team_id = %s) AS u1
                             FROM crm_lead_forecast_delta
                            GROUP BY company_id, team_id, user_id, stage_id, date_deadline) b""",
                [self.team.id],
            )
            return self.env.cr.fetchone()

        rows, empty, u1_rows = folds()
        self.assertGreater(rows, 1)
        # U1's old day and A1's first stage (+1 then -1), and the buckets the ORM's
        # create() left for the computed company (inserted without, then set)
        self.assertGreaterEqual(empty, 2)
        self.assertGreaterEqual(u1_rows, 2)
        # the job as the scheduler runs it
        self.env.ref("crm_pipeline.ir_cron_crm_lead_forecast_compact").method_direct_trigger()
        self.assertEqual(folds(), (1, 0, None))
        self.assertEqual(self._summary(), summary)
        self.assertEqual(Forecast.search([("stage_id", "=", self.stage_qualified.id),
                                          ("date_deadline", "=", "2026-01-20")]), a1_bucket,
                         "a bucket keeps its record id")
        self.assertEqual(Forecast._cron_compact(), (0, 0), "nothing left to fold")

    @users("pipeline_manager")
    def test_grouped_reads_of_sums(self):
        """Grouped sums come from the ledger's rows when they give the same as the
        buckets, from the buckets when the domain filters on a sum."""
        self._lead("A2").expected_revenue = 6000  # its bucket: rows +5,000 and +1,000
        self._lead("A5").stage_id = self.stage_new  # A5's qualified bucket left empty
        Forecast = self.env["crm.lead.forecast"]
        domain = self._forecast_domain()
        self.assertTrue(Forecast._crm_sums_ledger_rows(
            domain, ["date_deadline:month", "stage_id"], ["__count", "prorated_revenue:sum"]
        ))
        buckets = Forecast.search(domain)
        for groupby in (["date_deadline:month", "stage_id"], ["user_id"], []):
            groups = Forecast._read_group(
                domain, groupby, ["expected_revenue:sum", "prorated_revenue:sum",
                                  "lead_count:sum"]
            )
            expected = {}
            for bucket in buckets:
                key = tuple(
                    date_utils.start_of(bucket.date_deadline, "month") if spec.endswith(":month")
                    else bucket[spec] for spec in groupby
                )
                sums = expected.get(key, (0.0, 0.0, 0))
                expected[key] = (sums[0] + bucket.expected_revenue,
                                 sums[1] + bucket.prorated_revenue,
                                 sums[2] + bucket.lead_count)
            self.assertEqual(
                {tuple(group[:len(groupby)]): tuple(group[len(groupby):]) for group in groups},
                expected,
            )
        # A5's month and stage had A5 only: no zero group
        self.assertNotIn((date(2026, 4, 1), self.stage_qualified), [
            tuple(group[:2]) for group in Forecast._read_group(
                domain, ["date_deadline:month", "stage_id"], ["lead_count:sum"]
            )
        ])
        # a filter on a sum filters buckets, not the ledger's rows (neither A2 row is
        # above 5,500, their bucket is)
        self.assertFalse(Forecast._crm_sums_ledger_rows(
            [("expected_revenue", ">", 5500)], ["user_id"], ["lead_count:sum"]
        ))
        groups = Forecast._read_group(
            domain + [("expected_revenue", ">", 5500), ("stage_id", "=", self.stage_qualified.id)],
            ["user_id"], ["expected_revenue:sum"],
        )
        self.assertEqual(groups, [(self.pipeline_rep, 14000.0)])  # A2 6,000 + A3 8,000

    @users("pipeline_rep")
    def test_summary_reads_unflushed_changes(self):
        """A change still in the ORM's cache is in the next forecast read."""
        lead_a1 = self._lead("A1")
        lead_a1.expected_revenue = 30000  # weighted 3,000 instead of 1,000
        groups = self.env["crm.lead.forecast"]._read_group(
            self._forecast_domain(), ["user_id"], ["prorated_revenue:sum"]
        )
        self.assertEqual({user.id: weighted for user, weighted in groups},
                         {self.pipeline_rep.id: 8200.0, False: 200.0})

    def test_upgrade_from_the_summary_table(self):
        """18.0.1.0.0 kept one row per bucket in crm_lead_forecast: the migration drops
        it, the update's init() rebuilds the ledger from crm_lead."""
        cr = self.env.cr
        cr.execute(
            """CREATE TABLE crm_lead_forecast (id serial PRIMARY KEY, company_id int4,
                   team_id int4, user_id int4, stage_id int4, date_deadline date,
                   expected_revenue numeric, prorated_revenue numeric, lead_count int4);
               INSERT INTO crm_lead_forecast (lead_count) VALUES (99);
               DROP TABLE crm_lead_forecast_delta"""
        )
        migration = load_script(
            "crm_pipeline/migrations/18.0.1.1.0/pre-migration.py", "crm_pipeline_forecast_ledger"
        )
        migration.migrate(cr, "18.0.1.0.0")
        cr.execute("SELECT to_regclass('crm_lead_forecast')")
        self.assertIsNone(cr.fetchone()[0])
        # crm_lead stays writable between the migration and init()
        self._lead("A2").expected_revenue = 5500
        self.env.flush_all()
        self.env["crm.lead.forecast"].init()
        self.assertEqual(self._summary(), self._truth())

    def test_uninstall_hook_removes_triggers(self):
        query = "SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'crm_lead_forecast_%%'"
        self.env.cr.execute(query)
        self.assertEqual(self.env.cr.fetchone()[0], 3)
        uninstall_hook(self.env)
        self.env.cr.execute(query)
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        self.env.cr.execute(
            "SELECT to_regclass('crm_lead_forecast_delta'), "
            "to_regproc('crm_lead_forecast_sync')"
        )
        self.assertEqual(self.env.cr.fetchone(), (None, None))
        # crm's own table works on without the addon's function
        self.env["crm.lead"].create({"name": "After uninstall", "type": "opportunity"})
        self.env.flush_all()


@tagged("post_install", "-at_install", "crm_pipeline")
class TestForecastConcurrency(BaseCase):
    """Writers and the compaction in real concurrent transactions, on committed rows.

    A test transaction sees no other transaction's work, so this test commits its own
    opportunities (raw SQL, on a closing day of 1901 nobody else uses) and deletes them
    at the end; the compaction it runs folds the rest of the ledger too, which changes
    no sum. Statements that would wait for a row lock fail after ``lock_timeout``
    instead of hanging: with one row per bucket, the second writer waited for the
    first and got a serialization error after its commit.
    """

    DAY_X, DAY_Y = date(1901, 1, 1), date(1901, 1, 2)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    def _cursor(self):
        cr = self.registry.cursor()
        self.addCleanup(cr.close)  # rolls back what was not committed
        cr.execute("SET lock_timeout = '2s'")
        return cr

    def _bucket_sums(self, cr):
        """{day: (expected, weighted, count)} of the model and recounted from crm_lead."""
        env = api.Environment(cr, SUPERUSER_ID, {})
        groups = env["crm.lead.forecast"]._read_group(
            [("date_deadline", "<", "1902-01-01")], ["date_deadline:day"],
            ["expected_revenue:sum", "prorated_revenue:sum", "lead_count:sum"],
        )
        cr.execute(
            """SELECT date_deadline, SUM(expected_revenue), SUM(prorated_revenue), count(*)
                 FROM crm_lead
                WHERE date_deadline < '1902-01-01' AND active AND type = 'opportunity'
                GROUP BY date_deadline"""
        )
        recount = {day: (float(exp), float(wei), count) for day, exp, wei, count in cr.fetchall()}
        return {day: (exp, wei, count) for day, exp, wei, count in groups}, recount

    def _rows_of(self, cr, day):
        cr.execute("SELECT count(*) FROM crm_lead_forecast_delta WHERE date_deadline = %s", [day])
        return cr.fetchone()[0]

    def test_writers_and_compaction_never_wait_nor_fail(self):
        setup = self._cursor()
        setup.execute(
            "SELECT id FROM crm_stage WHERE is_won IS NOT TRUE ORDER BY sequence, id LIMIT 2"
        )
        stage_x, stage_y = (row[0] for row in setup.fetchall())
        setup.execute(
            """INSERT INTO crm_lead (name, type, active, stage_id, date_deadline,
                                     expected_revenue, prorated_revenue)
               SELECT 'Forecast concurrency ' || i, 'opportunity', true, %s, %s, 1000, 100
                 FROM generate_series(1, 3) i
            RETURNING id""",
            [stage_x, self.DAY_X],
        )
        lead_1, lead_2, lead_3 = sorted(row[0] for row in setup.fetchall())
        setup.commit()
        self.addCleanup(self._cleanup, [lead_1, lead_2, lead_3])
        move = "UPDATE crm_lead SET stage_id = %s, date_deadline = %s WHERE id = %s"

        # two reps move deals of the same bucket at once: neither waits, both commit
        rep_a, rep_b = self._cursor(), self._cursor()
        rep_a.execute(move, [stage_y, self.DAY_Y, lead_1])
        rep_b.execute(move, [stage_y, self.DAY_Y, lead_2])
        rep_a.commit()
        rep_b.commit()

        # a compaction runs while two writers of its buckets are open: it folds what it
        # sees and the writers neither wait for it nor fail
        rep_a.execute("UPDATE crm_lead SET expected_revenue = 3000 WHERE id = %s", [lead_3])
        compactor = self._cursor()
        folded, _kept = api.Environment(compactor, SUPERUSER_ID, {})[
            "crm.lead.forecast"
        ]._cron_compact()
        self.assertGreaterEqual(folded, 5)  # 3 rows of day X, 2 of day Y
        rep_b.execute("UPDATE crm_lead SET expected_revenue = 2000 WHERE id = %s", [lead_1])
        compactor.commit()
        rep_a.commit()
        rep_b.commit()
        self.assertEqual(self._rows_of(compactor, self.DAY_X), 2)  # folded + lead 3's delta

        # a writer commits after the compaction took its snapshot: its rows stay
        compactor.execute("SELECT 1")  # the snapshot of the compaction's transaction
        rep_a.execute(move, [stage_x, self.DAY_X, lead_2])
        rep_a.commit()
        api.Environment(compactor, SUPERUSER_ID, {})["crm.lead.forecast"]._cron_compact()
        compactor.commit()
        check = self._cursor()
        self.assertEqual(self._rows_of(check, self.DAY_X), 2)  # folded + lead 2's move
        model, recount = self._bucket_sums(check)
        self.assertEqual(model, recount)
        self.assertEqual(
            recount,
            {self.DAY_X: (4000.0, 200.0, 2), self.DAY_Y: (2000.0, 100.0, 1)},
        )

    def _cleanup(self, lead_ids):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM crm_lead WHERE id = ANY(%s)", [lead_ids])
        with self.registry.cursor() as cr:
            api.Environment(cr, SUPERUSER_ID, {})["crm.lead.forecast"]._cron_compact()
        with self.registry.cursor() as cr:
            self.assertEqual(self._bucket_sums(cr), ({}, {}))
            self.assertEqual(self._rows_of(cr, self.DAY_X) + self._rows_of(cr, self.DAY_Y), 0)


@tagged("post_install", "-at_install", "crm_pipeline")
class TestForecastExport(CrmForecastCommon):
    @users("pipeline_manager")
    def test_export_by_month(self):
        sheet = self._export("month", "2026-01-01", "2026-04-30")
        self.assertEqual(sheet.title, "Weighted Forecast")
        self.assertEqual(
            [cell.value for cell in sheet[1]],
            ["Sales Team", "Salesperson", "2026-01", None, "2026-02", None, "2026-03", None,
             "2026-04", None, "Total", None],
        )
        self.assertEqual([cell.value for cell in sheet[2]][2:], ["Expected", "Weighted"] * 5)
        self.assertEqual(self._rows(sheet), [
            ["+Team B", "Rep Zhou", 0, 0, 0, 0, 20000, 5000, 0, 0, 20000, 5000],
            ["Pipeline Test Team", "=cmd()", 0, 0, 0, 0, 0, 0, 1000, 400, 1000, 400],
            ["Pipeline Test Team", "Rep Sun", 15000, 3000, 0, 0, 8000, 3200, 0, 0, 23000, 6200],
            ["Pipeline Test Team", "Unassigned", 0, 0, 2000, 200, 0, 0, 0, 0, 2000, 200],
            ["Total", None, 15000, 3000, 2000, 200, 28000, 8200, 1000, 400, 46000, 11800],
        ])
        # the team and the rep named like formulas are text, not formulas
        self.assertEqual((sheet["A3"].data_type, sheet["A3"].value), ("s", "+Team B"))
        self.assertEqual((sheet["B4"].data_type, sheet["B4"].value), ("s", "=cmd()"))
        self.assertEqual(sheet["C5"].data_type, "n")
        with zipfile.ZipFile(io.BytesIO(self.raw_xlsx)) as xlsx:
            self.assertNotIn(b"<f>", xlsx.read("xl/worksheets/sheet1.xml"))

    @users("pipeline_manager")
    def test_export_one_team_by_quarter(self):
        sheet = self._export("quarter", "2026-01-01", "2026-09-30")
        self.assertEqual(
            [sheet["C1"].value, sheet["E1"].value, sheet["G1"].value, sheet["I1"].value],
            ["Q1 2026", "Q2 2026", "Q3 2026", "Total"],
        )
        self.assertEqual(self._rows(sheet), [
            ["+Team B", "Rep Zhou", 20000, 5000, 0, 0, 3000, 1800, 23000, 6800],
            ["Pipeline Test Team", "=cmd()", 0, 0, 1000, 400, 0, 0, 1000, 400],
            ["Pipeline Test Team", "Rep Sun", 23000, 6200, 0, 0, 0, 0, 23000, 6200],
            ["Pipeline Test Team", "Unassigned", 2000, 200, 0, 0, 0, 0, 2000, 200],
            ["Total", None, 45000, 11400, 1000, 400, 3000, 1800, 49000, 13600],
        ])
        sheet = self._export("quarter", "2026-01-01", "2026-09-30", self.team_b)
        self.assertEqual(self._rows(sheet), [
            ["+Team B", "Rep Zhou", 20000, 5000, 0, 0, 3000, 1800, 23000, 6800],
            ["Total", None, 20000, 5000, 0, 0, 3000, 1800, 23000, 6800],
        ])

    @users("pipeline_manager")
    def test_export_by_iso_week(self):
        # Sunday 2026-03-29 ends ISO week 13; 03-31 and 04-01 fall in week 14
        sheet = self._export("week", "2026-03-29", "2026-04-05", self.team)
        self.assertEqual([sheet["C1"].value, sheet["E1"].value], ["W13 2026", "W14 2026"])
        self.assertEqual(self._rows(sheet), [
            ["Pipeline Test Team", "=cmd()", 0, 0, 1000, 400, 1000, 400],
            ["Pipeline Test Team", "Rep Sun", 0, 0, 8000, 3200, 8000, 3200],
            ["Total", None, 0, 0, 9000, 3600, 9000, 3600],
        ])

    @users("pipeline_manager")
    def test_export_formula_like_names_are_text(self):
        self.pipeline_rep2.sudo().name = "@SUM(A1:A9)"
        self.team_b.sudo().name = "-1+2"
        self.team.sudo().name = "=HYPERLINK(\"http://x\")"
        sheet = self._export("month", "2026-03-01", "2026-03-31")
        self.assertEqual(self._rows(sheet), [
            ["-1+2", "@SUM(A1:A9)", 20000, 5000, 20000, 5000],
            ["=HYPERLINK(\"http://x\")", "Rep Sun", 8000, 3200, 8000, 3200],
            ["Total", None, 28000, 8200, 28000, 8200],
        ])
        for ref in ("A3", "B3", "A4"):
            self.assertEqual(sheet[ref].data_type, "s", ref)
        with zipfile.ZipFile(io.BytesIO(self.raw_xlsx)) as xlsx:
            self.assertNotIn(b"<f>", xlsx.read("xl/worksheets/sheet1.xml"))

    @users("pipeline_rep")
    def test_export_rep_sees_own_rows(self):
        sheet = self._export("month", "2026-01-01", "2026-04-30")
        self.assertEqual(self._rows(sheet), [
            ["Pipeline Test Team", "Rep Sun", 15000, 3000, 0, 0, 8000, 3200, 0, 0, 23000, 6200],
            ["Pipeline Test Team", "Unassigned", 0, 0, 2000, 200, 0, 0, 0, 0, 2000, 200],
            ["Total", None, 15000, 3000, 2000, 200, 8000, 3200, 0, 0, 25000, 6400],
        ])

    @users("pipeline_manager")
    def test_export_queries_do_not_grow_with_reps(self):
        wizard = self.env["crm.forecast.export"].create(
            {"granularity": "month", "date_from": "2026-01-01", "date_to": "2026-12-31",
             "team_id": self.team.id}
        )

        def count_queries():
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            wizard._build_xlsx()
            return self.env.cr.sql_log_count - before

        count_queries()  # warm the caches
        few = count_queries()
        reps = [
            new_test_user(self.env(su=True), login=f"forecast_extra_{index}",
                          groups="crm_pipeline.group_crm_pipeline_user")
            for index in range(5)
        ]
        self.env["crm.lead"].sudo().create([
            {"name": f"Extra {index}", "type": "opportunity", "user_id": rep.id,
             "team_id": self.team.id, "stage_id": self.stage_new.id,
             "expected_revenue": 100, "date_deadline": "2026-05-05"}
            for index, rep in enumerate(reps)
        ])
        count_queries()  # the new users' names are read once
        self.assertEqual(count_queries(), few)
        self.assertEqual(len(self._rows(load_workbook(io.BytesIO(wizard._build_xlsx())).active)), 9)
