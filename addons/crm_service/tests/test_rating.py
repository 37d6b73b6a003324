# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
import re

from odoo.tests import HttpCase, tagged

from .aftercare_common import ServiceAftercareCommon


@tagged("post_install", "-at_install", "crm_service")
class TestServiceRating(ServiceAftercareCommon, HttpCase):
    def _rating_of(self, order):
        return self.env["rating.rating"].search(
            [("res_model", "=", order._name), ("res_id", "=", order.id)]
        )

    def _rate(self, token, score):
        """What the customer does from the e-mail: open the link, confirm."""
        page = self.url_open(f"/rate/{token}/{score}")
        self.assertEqual(page.status_code, 200)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            f"/rate/{token}/submit_feedback",
            data={"csrf_token": csrf, "rate": score, "feedback": "Fast and friendly"},
        )
        self.assertEqual(response.status_code, 200)

    def test_customer_rates_and_team_figure_changes(self):
        self.assertEqual(self.team.rating_count, 0)
        first = self._aftercare_order(self.contact_x)
        second = self._aftercare_order(self.contact_y)
        self._resolve(first)
        self._resolve(second)
        self._rate(self._rating_of(first).access_token, 5)
        rating = self._rating_of(first)
        self.assertTrue(rating.consumed)
        self.assertEqual(rating.rating, 5)
        self.assertEqual(first.rating_last_value, 5)
        self.team.invalidate_recordset()
        self.assertEqual(self.team.rating_count, 1)
        self.assertEqual(self.team.rating_avg, 5)
        self._rate(self._rating_of(second).access_token, 1)
        self.team.invalidate_recordset()
        self.assertEqual(self.team.rating_count, 2)
        self.assertEqual(self.team.rating_avg, 3)
        self.assertTrue(self.team.action_view_service_ratings()["domain"])

    def test_unknown_token(self):
        response = self.url_open("/rate/not-a-token/5")
        self.assertEqual(response.status_code, 404)
