# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import Form, tagged, users

from .test_service_repair import CrmServiceRepairCommon


@tagged("post_install", "-at_install", "crm_service")
class TestRepairFormLocation(CrmServiceRepairCommon):
    """Found by the repair tour: a user without multi-location rights does not see
    the repair's locations on its form, so the part lines were computed (client
    side) from the operation type's source location, not the team's van."""

    @users("service_tech")
    def test_parts_from_service_location_without_multi_locations(self):
        self.assertFalse(self.env.user.has_group("stock.group_stock_multi_locations"))
        action = self.order.with_user(self.env.user).action_create_repair()
        with Form(self.env["repair.order"].with_context(**action["context"])) as form:
            with form.move_ids.new() as line:
                line.product_id = self.part_filter
        repair = form.record
        self.assertEqual(repair.location_id, self.service_location)
        self.assertEqual(repair.move_ids.location_id, self.service_location)
        self._confirm(repair)
        self.assertEqual(repair.move_ids.quantity, 1)
        self.assertEqual(self._available(self.part_filter), 9)
