# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from unittest.mock import patch

from odoo.addons.crm_service.models.crm_service_order import CrmServiceOrder
from odoo.addons.crm_service.tools.migrate import migrate_legacy_states
from odoo.tests import Form, tagged, users

from .common import CrmServiceCommon


@tagged("post_install", "-at_install", "crm_service")
class TestServiceStage(CrmServiceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage_new = cls.env.ref("crm_service.crm_service_stage_new")
        cls.stage_in_progress = cls.env.ref("crm_service.crm_service_stage_in_progress")
        cls.team_east = cls.env["crm.service.team"].create(
            {"name": "East", "member_ids": [(6, 0, (cls.tech | cls.tech2).ids)]}
        )
        cls.team_west = cls.env["crm.service.team"].create({"name": "West"})
        # the West team has its own intake and work stages
        cls.west_new, cls.west_work = cls.env["crm.service.stage"].create([
            {"name": "West Intake", "stage_type": "new", "sequence": 0,
             "team_ids": [(6, 0, cls.team_west.ids)]},
            {"name": "West Bench", "stage_type": "in_progress", "sequence": 0,
             "team_ids": [(6, 0, cls.team_west.ids)]},
        ])

    def test_stage_data(self):
        stages = self.env["crm.service.stage"].search([("team_ids", "=", False)])
        self.assertEqual(
            stages.mapped("stage_type"),
            ["new", "assigned", "in_progress", "waiting_parts", "waiting_customer",
             "resolved", "closed", "cancelled"],
        )
        self.assertEqual(
            stages.filtered("sla_paused").mapped("stage_type"),
            ["waiting_parts", "waiting_customer"],
        )
        for stage in stages:
            self.assertEqual(
                self.env.ref(f"crm_service.crm_service_stage_{stage.stage_type}"), stage
            )

    def test_stage_per_team(self):
        """An order starts in its team's first new stage; buttons pick the team's
        stage of the type; changing team keeps the type."""
        east, west = self._create_order(team_id=self.team_east.id), self._create_order(
            team_id=self.team_west.id
        )
        self.assertEqual(east.stage_id, self.stage_new)
        self.assertEqual(west.stage_id, self.west_new)
        self.assertEqual(west._service_stage_of_type("in_progress"), self.west_work)
        self.assertEqual(east._service_stage_of_type("in_progress"), self.stage_in_progress)
        (east | west).with_user(self.service_manager).action_start()
        self.assertEqual(east.stage_id, self.stage_in_progress)
        self.assertEqual(west.stage_id, self.west_work)
        west.team_id = self.team_east
        self.assertEqual(west.stage_id, self.stage_in_progress)
        east.team_id = self.team_west
        self.assertEqual(east.stage_id, self.stage_in_progress, "a stage of every team stays")

    def test_group_expand(self):
        """The board shows every stage of its team, empty ones too."""
        self._create_order(team_id=self.team_west.id)
        Order = self.env["crm.service.order"].with_context(default_team_id=self.team_east.id)
        groups = Order.read_group([("id", "=", 0)], ["stage_id"], ["stage_id"])
        names = [group["stage_id"][1] for group in groups]
        self.assertIn("Waiting for Parts", names)
        self.assertNotIn("West Bench", names)
        groups = Order.with_context(default_team_id=self.team_west.id).read_group(
            [("id", "=", 0)], ["stage_id"], ["stage_id"]
        )
        self.assertIn("West Bench", [group["stage_id"][1] for group in groups])

    def test_hooks(self):
        """_service_on_create once per creation, _service_on_stage_change with the
        previous stage of each order that moved."""
        created, changes = [], []
        origin_create = CrmServiceOrder._service_on_create
        origin_change = CrmServiceOrder._service_on_stage_change

        def on_create(records):
            created.append(records.ids)
            return origin_create(records)

        def on_change(records, old_stage_by_order):
            changes.append((records.ids, dict(old_stage_by_order)))
            return origin_change(records, old_stage_by_order)

        with patch.object(CrmServiceOrder, "_service_on_create", on_create), \
                patch.object(CrmServiceOrder, "_service_on_stage_change", on_change):
            orders = self.env["crm.service.order"].create(
                [{"partner_id": self.partner.id}, {"partner_id": self.partner.id}]
            )
            self.assertEqual(created, [orders.ids])
            self.assertEqual(changes, [])
            orders[0].action_start()
            self.assertEqual(changes, [([orders[0].id], {orders[0].id: self.stage_new})])
            orders.write({"stage_id": self.stage_in_progress.id})
            self.assertEqual(changes[-1], ([orders[1].id], {orders[1].id: self.stage_new}))
            orders.write({"priority": "3"})
            self.assertEqual(len(changes), 2)

    @users("service_tech")
    def test_cancel_and_reopen(self):
        order = self._create_order(user=self.tech).with_env(self.env)
        order.action_cancel()
        self.assertEqual(order.stage_type, "cancelled")
        self.assertTrue(order.date_closed)
        self.assertFalse(order.date_resolved)
        order.action_reopen()
        self.assertEqual(order.stage_type, "in_progress")
        self.assertFalse(order.date_closed)
        unassigned = self._create_order().with_env(self.env)
        unassigned.stage_id = self.env.ref("crm_service.crm_service_stage_resolved")
        unassigned.action_reopen()
        self.assertEqual(unassigned.stage_type, "new")
        self.assertFalse(unassigned.date_resolved)

    @users("service_tech")
    def test_dates_and_waiting(self):
        order = self._create_order().with_env(self.env)
        self.assertFalse(order.date_assigned)
        order.action_assign()
        self.assertTrue(order.date_assigned)
        order._service_set_stage_type("waiting_parts")
        self.assertEqual(order.stage_type, "waiting_parts")
        self.assertFalse(order.is_closed_stage)
        order.action_start()
        order.action_resolve()
        self.assertTrue(order.is_closed_stage)

    def test_equipment_warranty_and_contact(self):
        product = self.env["product.product"].create(
            {"name": "Compressor C-200", "is_storable": True, "tracking": "serial"}
        )
        lot = self.env["stock.lot"].create(
            {"name": "C200-0001", "product_id": product.id,
             "crm_warranty_end_date": "2026-06-30"}
        )
        contact = self.env["res.partner"].create({"name": "Sun Li", "parent_id": self.partner.id})
        with Form(self.env["crm.service.order"]) as form:
            form.partner_id = contact
            self.assertEqual(form.contact_id, contact)
            form.partner_id = self.partner
            self.assertEqual(form.contact_id, contact, "same customer: the contact stays")
            form.product_id = product
            form.lot_id = lot
            self.assertEqual(str(form.warranty_end_date), "2026-06-30")
        order = form.save()
        lot.crm_warranty_end_date = "2027-06-30"
        self.assertEqual(str(order.warranty_end_date), "2027-06-30")
        other = self.env["res.partner"].create({"name": "Other Customer", "is_company": True})
        order.partner_id = other
        self.assertFalse(order.contact_id)

    def test_migration_of_legacy_states(self):
        """The 18.0.2.0.0 migration maps the old state column to stages."""
        orders = self.env["crm.service.order"].create(
            [{"partner_id": self.partner.id, "user_id": self.tech.id} for _i in range(5)]
        )
        self.env.flush_all()
        self.env.cr.execute(
            "ALTER TABLE crm_service_order ADD COLUMN crm_legacy_state varchar, "
            "ADD COLUMN crm_legacy_date_done timestamp"
        )
        states = ["new", "assigned", "in_progress", "done", "cancelled"]
        for order, state in zip(orders, states, strict=True):
            self.env.cr.execute(
                "UPDATE crm_service_order SET crm_legacy_state = %s, "
                "crm_legacy_date_done = CASE WHEN %s = 'done' THEN '2025-03-01 10:00:00'::timestamp END "
                "WHERE id = %s",
                (state, state, order.id),
            )
        count = migrate_legacy_states(self.env)
        self.assertGreaterEqual(count, 5)
        self.assertEqual(
            orders.mapped("stage_id"),
            self.env.ref("crm_service.crm_service_stage_new")
            | self.env.ref("crm_service.crm_service_stage_assigned")
            | self.env.ref("crm_service.crm_service_stage_in_progress")
            | self.env.ref("crm_service.crm_service_stage_closed")
            | self.env.ref("crm_service.crm_service_stage_cancelled"),
        )
        self.assertEqual(
            orders.mapped("stage_type"),
            ["new", "assigned", "in_progress", "closed", "cancelled"],
        )
        self.assertEqual(orders.mapped("is_closed_stage"), [False, False, False, True, True])
        done = orders[3]
        self.assertEqual(str(done.date_resolved), "2025-03-01 10:00:00")
        self.assertEqual(str(done.date_closed), "2025-03-01 10:00:00")
        self.assertEqual(done.date_assigned, done.date_request)
