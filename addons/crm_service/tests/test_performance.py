# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo.tests import tagged, users, warmup

from .common import CrmServiceCommon

# what the dispatch board's kanban cards ask for (crm_service_order_view_kanban)
BOARD_SPEC = {
    "name": {},
    "priority": {},
    "stage_type": {},
    "stage_id": {"fields": {"display_name": {}}},
    "partner_id": {"fields": {"display_name": {}}},
    "problem_type_id": {"fields": {"display_name": {}}},
    "product_id": {"fields": {"display_name": {}}},
    "date_request": {},
    "activity_ids": {"fields": {}},
    "activity_state": {},
    "activity_exception_decoration": {},
    "user_id": {"fields": {"display_name": {}}},
}


@tagged("post_install", "-at_install", "crm_service")
class TestServicePerformance(CrmServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.service.team"].create(
            {"name": "Board", "member_ids": [(6, 0, (cls.tech | cls.tech2).ids)]}
        )
        cls.customers = cls.env["res.partner"].create(
            [{"name": f"Board Customer {index}", "is_company": True} for index in range(30)]
        )
        cls.product = cls.env["product.product"].create({"name": "Boiler B-10"})
        cls.orders = cls.env["crm.service.order"].create([
            {
                "partner_id": customer.id,
                "team_id": cls.team.id,
                "user_id": (cls.tech, cls.tech2)[index % 2].id,
                "problem_type_id": cls.problem_breakdown.id,
                "product_id": cls.product.id,
                "priority": str(index % 4),
            }
            for index, customer in enumerate(cls.customers)
        ])
        for order in cls.orders:
            order.activity_schedule(
                "mail.mail_activity_data_todo", user_id=order.user_id.id, summary="Call back"
            )
        # hand re-dispatches: four on one order, one on another
        cls.busy, cls.quiet = cls.orders[0], cls.orders[2]
        for user in (cls.tech2, cls.tech, cls.tech2, cls.tech):
            cls.busy.user_id = user
        cls.quiet.user_id = cls.tech2
        cls.form_spec = cls._form_spec()

    @classmethod
    def _form_spec(cls):
        """The specification the web client sends to open the order form."""
        Order = cls.env["crm.service.order"]
        view = Order.get_views([(False, "form")])["views"]["form"]
        fields_info = view["fields"] if "fields" in view else Order.fields_get()
        spec = {}
        for fname in Order._fields:
            if fname not in fields_info and fname not in view["arch"]:
                continue
            if f'name="{fname}"' not in view["arch"]:
                continue
            field = Order._fields[fname]
            if fname == "dispatch_ids":  # its list on the form
                user = {"fields": {"display_name": {}}}
                spec[fname] = {"fields": {
                    "date": {}, "from_user_id": user, "to_user_id": user, "user_id": user,
                    "reason": {},
                }}
            elif field.type == "many2one":
                spec[fname] = {"fields": {"display_name": {}}}
            elif field.type in ("one2many", "many2many"):
                spec[fname] = {"fields": {"display_name": {}}}
            else:
                spec[fname] = {}
        return spec

    def _board(self, limit):
        return self.env["crm.service.order"].web_search_read(
            [("id", "in", self.orders.ids)], BOARD_SPEC, limit=limit
        )

    @users("service_manager")
    @warmup
    def test_board_query_count(self):
        """10 or 30 cards: the same queries (one per field to fetch, not per card).

        service_manager=19 (Odoo 18 community, crm_service without sibling addons):
        search, count, the orders, then one batch per related model whatever the
        number of cards (display names, activities, the customer rule's probe).
        """
        self.env.invalidate_all()
        with self.assertQueryCount(service_manager=19):
            result = self._board(10)
        self.assertEqual(len(result["records"]), 10)
        self.env.invalidate_all()
        with self.assertQueryCount(service_manager=19):
            result = self._board(30)
        self.assertEqual(len(result["records"]), 30)

    @users("service_manager")
    @warmup
    def test_form_query_count(self):
        """Opening an order costs the same with four re-dispatches logged or one:
        service_manager=28 (crm_service with its SLA, repair, labour, rating and
        knowledge tabs), the order, then one batch per related model."""
        self.assertEqual(len(self.busy.dispatch_ids), 4)
        self.assertEqual(len(self.quiet.dispatch_ids), 1)
        self.env.invalidate_all()
        with self.assertQueryCount(service_manager=28):
            self.busy.with_env(self.env).web_read(self.form_spec)
        self.env.invalidate_all()
        with self.assertQueryCount(service_manager=28):
            self.quiet.with_env(self.env).web_read(self.form_spec)
