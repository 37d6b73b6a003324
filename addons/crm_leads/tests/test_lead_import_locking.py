# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import base64
from unittest.mock import patch

from odoo import SUPERUSER_ID, api
from odoo.addons.crm_leads.tools import lead_file_reader
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged


@tagged("post_install", "-at_install", "crm_leads")
class TestLeadImportJobLocking(BaseCase):
    """Two runners (cron workers, a manual run) never import a job twice.

    Row locks only show between transactions: each test commits its job from
    a cursor of its own, plays the runners on two more, and removes what it
    created, as Odoo's own concurrency tests do (account's sequence mixin).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    def setUp(self):
        super().setUp()
        lines = ["Name,Email"] + [f"Locked {i},locked{i}@locking.test" for i in range(4)]
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            job = env["crm.lead.import.job"].create(
                {
                    "name": "locking.csv",
                    "file": base64.b64encode(("\n".join(lines) + "\n").encode()),
                    "headers": ["Name", "Email"],
                    "mapping": ["name", "email_from"],
                    "total_rows": 4,
                    "batch_size": 2,
                    # Duplicates are imported (flagged): a row imported twice shows.
                    "duplicate_policy": "flag",
                    "user_id": env.ref("base.user_admin").id,
                    "company_id": env.ref("base.main_company").id,
                }
            )
            self.job_id = job.id
        self.addCleanup(self._remove_job)
        self.crs = [self.registry.cursor(), self.registry.cursor()]
        for cr in self.crs:
            self.addCleanup(cr.close)

    def _remove_job(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
            env["crm.lead"].search([("import_job_id", "=", self.job_id)]).unlink()
            env["crm.lead.import.job"].browse(self.job_id).unlink()

    def _runner(self, index):
        return api.Environment(self.crs[index], SUPERUSER_ID, {})["crm.lead.import.job"]

    def _job_outcome(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"active_test": False})
            job = env["crm.lead.import.job"].browse(self.job_id)
            leads = env["crm.lead"].search([("import_job_id", "=", job.id)], order="id")
            return job.state, job.processed_rows, job.created_count, leads.mapped("name")

    def test_second_runner_skips_a_held_job(self):
        first, second = self._runner(0), self._runner(1)
        self.assertEqual(first._take_next_job([]).id, self.job_id)
        # The first runner holds the job: the second one neither takes it nor
        # processes it, and does not wait for it either.
        self.assertNotIn(self.job_id, second._take_next_job([]).ids)
        self.assertFalse(second.browse(self.job_id)._lock_job())
        second._cron_process_jobs()
        self.crs[1].commit()
        first.browse(self.job_id)._process()
        self.crs[0].commit()
        self.assertEqual(
            self._job_outcome(),
            ("done", 4, 4, ["Locked 0", "Locked 1", "Locked 2", "Locked 3"]),
        )

    def test_job_taken_over_between_batches_is_left(self):
        """A commit per batch releases the lock: when another runner took the job
        and went on meanwhile, the first one does not import the rows again."""
        first, second = self._runner(0), self._runner(1)
        real_batches = lead_file_reader.batches
        batches, took_over = [], []

        def batches_with_takeover(data, batch_size, skip=0):
            for index, rows in enumerate(real_batches(data, batch_size, skip=skip)):
                if index == 1 and not took_over:
                    # The first runner committed its first batch: the second
                    # runner takes the job and finishes it.
                    took_over.append(True)
                    second.browse(self.job_id)._process()
                    self.crs[1].commit()
                batches.append([line for line, _cells in rows])
                yield rows

        with patch.object(lead_file_reader, "batches", batches_with_takeover):
            first.browse(self.job_id)._process(commit=True)
        self.crs[0].commit()
        # Lines 2-3 by the first runner, 4-5 by the second; the first one left
        # the job instead of importing 4-5 once more (as flagged duplicates).
        self.assertEqual(batches, [[2, 3], [4, 5], [4, 5]])
        self.assertEqual(
            self._job_outcome(),
            ("done", 4, 4, ["Locked 0", "Locked 1", "Locked 2", "Locked 3"]),
        )
