# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The runner's reading of Odoo's log: run by the test command as a check."""

import sys
import tempfile
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

PREFIX = "2026-11-23 14:42:23,145 20460 {level} crm_test_1 odoo.addons.crm_cti.tests.t: "
LOG = "\n".join(
    PREFIX.format(level=level) + msg + " "
    for level, msg in [
        ("INFO", "Starting TestA.test_ok ..."),
        ("INFO", "Starting TestA.test_fails ..."),
        ("ERROR", "FAIL: TestA.test_fails"),
        ("INFO", "Starting TestA.test_subtest_fails ..."),
        ("ERROR", "FAIL: Subtest TestA.test_subtest_fails (login='rep')"),
        ("INFO", "Starting TestA.test_errors ..."),
        ("ERROR", "ERROR: TestA.test_errors"),
        ("INFO", "Starting TestA.test_tour ..."),
        ("INFO", "skipped TestA.test_tour : websocket-client module is not installed"),
        ("INFO", "Starting TestA.test_sub_skip ..."),
        ("INFO", "skipped Subtest TestA.test_sub_skip (login='rep') : no"),
    ]
)


class TestParseLog(unittest.TestCase):
    def parse(self, text):
        with tempfile.NamedTemporaryFile("w", suffix=".log", delete=False) as fh:
            fh.write(text)
        return harness.parse_test_log(fh.name, ["crm_cti"])

    def test_outcomes(self):
        started, failed, skipped, _other = self.parse(LOG)
        self.assertEqual(len(started), 6)
        self.assertEqual(
            set(failed),
            {
                "crm_cti: TestA.test_fails",
                "crm_cti: TestA.test_subtest_fails",
                "crm_cti: TestA.test_errors",
            },
        )
        self.assertEqual(set(skipped), {"crm_cti: TestA.test_tour", "crm_cti: TestA.test_sub_skip"})

    def test_other_modules_ignored(self):
        started, *_ = self.parse(LOG.replace("crm_cti", "crm"))
        self.assertFalse(started)


if __name__ == "__main__":
    unittest.main()
