# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Access sweep over every model of the suite that points at a customer or a lead.

It reads the models from ``ir.model.fields`` instead of listing them, so that a model
added later by any of the five addons is checked the day it lands, and fails until it
has record rules following its parent and refuses links to hidden records.
"""

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

SUITE_ADDONS = ("crm_leads", "crm_pipeline", "crm_service", "crm_marketing", "crm_cti")
TARGETS = ("res.partner", "crm.lead")
# the rep role of every addon that is installed
REP_GROUPS = (
    "crm_leads.group_crm_leads_user",
    "crm_pipeline.group_crm_pipeline_user",
    "crm_service.group_crm_service_technician",
    "crm_marketing.group_crm_marketing_user",
    "crm_cti.group_crm_cti_agent",
)
# stored fields that are not the record's own link (they copy the link's parent)
DERIVED_LINKS = {"commercial_partner_id"}


@tagged("post_install", "-at_install", "crm_leads", "crm_access_sweep")
class TestAccessSweep(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        groups = ",".join(x for x in REP_GROUPS if cls.env.ref(x, raise_if_not_found=False))
        cls.rep_a = new_test_user(cls.env, login="sweep_rep_a", name="Rep A", groups=groups)
        cls.rep_b = new_test_user(cls.env, login="sweep_rep_b", name="Rep B", groups=groups)
        leader = new_test_user(cls.env, login="sweep_leader", groups=groups)
        cls.team_a = cls.env["crm.team"].create(
            {"name": "Sweep A", "user_id": leader.id, "member_ids": [Command.link(cls.rep_a.id)]}
        )
        cls.team_b = cls.env["crm.team"].create(
            {"name": "Sweep B", "user_id": leader.id, "member_ids": [Command.link(cls.rep_b.id)]}
        )
        if "hr.employee" in cls.env:  # expenses are an employee's
            cls.env["hr.employee"].create(
                [{"name": rep.name, "user_id": rep.id} for rep in (cls.rep_a, cls.rep_b)]
            )
        cls.customer = {}
        cls.other_customer = {}  # the second company of a rep, for a record's other links
        cls.lead = {}
        for key, rep, team in (("a", cls.rep_a, cls.team_a), ("b", cls.rep_b, cls.team_b)):
            customer = cls.env["res.partner"].create(
                {
                    "name": f"Sweep Customer {key.upper()} Ltd",
                    "is_company": True,
                    "user_id": rep.id,
                    "email": f"buyer-{key}@sweep.example.com",
                    "phone": f"+86 10 6243 60{4 if key == 'a' else 5}1",
                }
            )
            cls.customer[key] = customer
            cls.other_customer[key] = cls.env["res.partner"].create(
                {"name": f"Sweep Supplier {key.upper()} Ltd", "is_company": True, "user_id": rep.id}
            )
            cls.lead[key] = cls.env["crm.lead"].create(
                {
                    "name": f"Sweep deal {key.upper()}",
                    "type": "opportunity",
                    "partner_id": customer.id,
                    "user_id": rep.id,
                    "team_id": team.id,
                    "expected_revenue": 1000,
                }
            )
        if "crm.lead.form" in cls.env:  # web-form submissions hang off a form
            cls.env["crm.lead.form"].create({"name": "Sweep form", "team_id": cls.team_a.id})
        cls._make_report_rows()

    @classmethod
    def _make_report_rows(cls):
        """Rows of the SQL-view reports: a stage move and a done activity on A's deal."""
        lead = cls.lead["a"]
        stages = cls.env["crm.stage"].search([], order="sequence, id")
        later = stages.filtered(lambda s: s != lead.stage_id and not s.is_won)[:1]
        if later:
            lead.stage_id = later
        won = lead.copy({"name": "Sweep deal A (won)"})
        won.action_set_won()
        cls.records_of_a = {"crm.lead": lead | won, "res.partner": cls.customer["a"]}
        lead.activity_schedule(
            "mail.mail_activity_data_todo", user_id=cls.rep_a.id, summary="Sweep call"
        ).action_done()
        cls.env.flush_all()

    # ------------------------------------------------------------
    # ENUMERATION AND FIXTURES
    # ------------------------------------------------------------

    def _suite_links(self):
        """(model, field) of every stored many2one to a customer or a lead that a
        suite addon declares, on any model."""
        links = []
        for field in (
            self.env["ir.model.fields"]
            .sudo()
            .search([("ttype", "=", "many2one"), ("relation", "in", TARGETS), ("store", "=", True)])
        ):
            if field.model not in self.env or field.name in DERIVED_LINKS:
                continue
            if self.env[field.model]._transient:  # wizards: they act on records the user has
                continue
            modules = set((field.modules or "").replace(" ", "").split(","))
            model_modules = set(
                (self.env["ir.model"]._get(field.model).modules or "").replace(" ", "").split(",")
            )
            owned = modules & set(SUITE_ADDONS)
            defined = self.env[field.model]._original_module in SUITE_ADDONS
            if owned or (defined and model_modules & set(SUITE_ADDONS)):
                links.append((field.model, field.name))
        return sorted(set(links))

    def _target(self, model_name, fname, key):
        comodel = self.env[model_name]._fields[fname].comodel_name
        return self.customer[key] if comodel == "res.partner" else self.lead[key]

    def _values(self, model, fname, target, own_key):
        """Values creating a record of ``model`` linked to ``target`` by ``fname``; other
        links point at the records of ``own_key``'s rep, other required fields get
        a plain value."""
        values = {fname: target.id}
        if "name" in model._fields and model._fields["name"].type == "char":
            values["name"] = "Sweep"  # contacts need one though the field is optional
        defaults = model.default_get(list(model._fields))
        rep = self.rep_a if own_key == "a" else self.rep_b
        for name, field in model._fields.items():
            writable_compute = field.compute and not field.readonly and field.required
            if name in values or (field.compute and not writable_compute) or field.related:
                continue
            if name in defaults and defaults[name]:
                continue
            if field.type == "many2one" and field.comodel_name in TARGETS and field.store:
                other = self._target(model._name, name, own_key)
                if other._name == "res.partner":
                    other = self.other_customer[own_key]
                values[name] = other.id
            elif not field.required or name in models_magic():
                continue
            elif field.type == "many2one":
                if field.comodel_name == "res.users":
                    values[name] = rep.id
                elif field.comodel_name == "hr.employee":
                    values[name] = (
                        self.env["hr.employee"]
                        .sudo()
                        .search([("user_id", "=", rep.id)], limit=1)
                        .id
                    )
                else:
                    values[name] = self.env[field.comodel_name].sudo().search([], limit=1).id
            elif field.type in ("char", "text", "html"):
                values[name] = "Sweep"
            elif field.type == "selection":
                selection = field._description_selection(self.env)
                values[name] = selection[0][0]
            elif field.type in ("integer", "float", "monetary"):
                values[name] = 1
            elif field.type == "date":
                values[name] = fields.Date.today()
            elif field.type == "datetime":
                values[name] = fields.Datetime.now()
        return values

    def _rows_of_a(self, model_name, fname):
        """A's records pointing at A's customer or lead: existing report rows, else
        one created for the sweep."""
        model = self.env[model_name].sudo().with_context(active_test=False)
        target = self._target(model_name, fname, "a")
        rows = model.search([(fname, "in", self.records_of_a[target._name].ids)], limit=5)
        if rows or not model._auto:
            return rows
        return model.create(self._values(model, fname, target, "a"))

    # ------------------------------------------------------------
    # TESTS
    # ------------------------------------------------------------

    def test_sweep_finds_the_suite_models(self):
        """The enumeration itself: the models this issue named are in it."""
        links = {model for model, __ in self._suite_links()}
        self.assertIn("crm.company.relation", links)
        self.assertIn("crm.partner.owner.log", links)
        if "crm.pipeline.lead.line" in self.env:
            self.assertIn("crm.pipeline.lead.line", links)
            self.assertIn("hr.expense", links)

    def test_parent_rules_probe_the_parent_row_by_row(self):
        """The parent rules compile to a correlated EXISTS keyed on the row's own
        parent, never to ``parent IN (SELECT id FROM parent WHERE <rule>)``, which
        PostgreSQL evaluates over the whole parent table (1.3 s per call at
        1,000,000 partners)."""
        models = [
            name
            for name in self.env.registry
            if "crm.parent.access.mixin" in self.env[name]._inherit
            and self.env[name]._auto
            and not self.env[name]._abstract
        ]
        self.assertIn("crm.company.relation", models)
        for model_name in models:
            with self.subTest(model=model_name):
                Model = self.env[model_name].with_user(self.rep_b)
                # the parent rule alone, without the model's own rules
                sql = Model._where_calc([("crm_parent_readable", "=", True)]).select()
                code = self.env.cr.mogrify(sql.code, sql.params).decode()
                for fname in Model._crm_access_parents:
                    table = self.env[Model._fields[fname].comodel_name]._table
                    self.assertIn(f'"{table}"."id" = "crm_parent_child"."{fname}"', code)
                    self.assertNotIn(f'"{Model._table}"."{fname}" IN (SELECT', code)

    def test_rep_reads_and_writes_no_row_of_another_rep(self):
        """Rep B gets no row pointing at rep A's customer or lead, by search, by id,
        and cannot write one; rep A reads them."""
        checked = []
        for model_name, fname in self._suite_links():
            with self.subTest(model=model_name, field=fname), self.env.cr.savepoint():
                rows = self._rows_of_a(model_name, fname)
                self.assertTrue(
                    rows,
                    f"no record of {model_name} pointing at rep A's record by {fname}: "
                    "give the sweep a way to make one (_make_report_rows)",
                )
                as_b = rows.with_user(self.rep_b).with_context(active_test=False)
                if as_b.browse().has_access("read"):
                    self.assertFalse(as_b.search([("id", "in", rows.ids)]))
                    for row in as_b:
                        self.assertFalse(row.has_access("read"), f"{row} readable by rep B")
                if rows._auto and as_b.browse().has_access("write"):
                    own = self._target(model_name, fname, "b")
                    for row in as_b:
                        with self.assertRaises(AccessError):
                            row.write({fname: own.id})
                as_a = rows.with_user(self.rep_a).with_context(active_test=False)
                if as_a.browse().has_access("read"):
                    # not vacuous: A, who owns the parent, reads them (report rows
                    # of events done by others on A's deals may follow other rules)
                    self.assertTrue(as_a.search([("id", "in", rows.ids)]))
                checked.append(model_name)
        self.assertTrue(checked)

    def test_rep_cannot_link_to_a_hidden_customer_or_lead(self):
        """Creating or writing a record of the suite (and crm.lead itself) with rep A's
        customer or lead, as rep B, raises AccessError: nothing of A's is copied."""
        links = [(m, f) for m, f in self._suite_links() if self.env[m]._auto]
        links.append(("crm.lead", "partner_id"))
        for model_name, fname in sorted(set(links)):
            with self.subTest(model=model_name, field=fname), self.env.cr.savepoint():
                model = self.env[model_name].with_user(self.rep_b)
                if not model.browse().has_access("create"):
                    continue
                hidden = self._target(model_name, fname, "a")
                values = self._values(model, fname, hidden, "b")
                with self.assertRaises(AccessError):
                    model.create(values)
                # B's own record, then pointed at A's
                own_values = dict(values, **{fname: self._target(model_name, fname, "b").id})
                try:
                    own = model.create(own_values)
                except (UserError, ValidationError) as error:
                    self.fail(f"{model_name}: the sweep cannot create B's own record: {error}")
                with self.assertRaises(AccessError):
                    own.write({fname: hidden.id})

    def test_lead_form_onchange_does_not_copy_a_hidden_customer(self):
        """The form's onchange of the customer, as rep B with A's customer id, reveals
        nothing of A's customer (crm computes e-mail and phone from it)."""
        lead_b = self.lead["b"].with_user(self.rep_b)
        spec = {"partner_id": {}, "email_from": {}, "phone": {}}
        with self.assertRaises(AccessError):
            lead_b.onchange({"partner_id": self.customer["a"].id}, ["partner_id"], spec)
        self.assertNotEqual(lead_b.email_from, self.customer["a"].email)


def models_magic():
    return {"id", "create_uid", "create_date", "write_uid", "write_date", "company_id"}
