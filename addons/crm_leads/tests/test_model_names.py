# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""The suite's model and field names must not be taken by Odoo or by OCA modules.

Two addons that declare the same model name (or add the same field name to the same
model) install together without an error, but Odoo merges the two definitions: the
other addon's views then name fields that no longer exist, its records miss columns
and its tests fail. OCA's crm_lead_product and the suite's crm.lead.line did exactly
that. The names the suite declares are read from the database (ir.model and
ir.model.fields with their ir.model.data module), the names taken elsewhere from the
other addons on the server's addons path, Odoo's own included, and from
oca_model_names.txt beside this file.
"""

import re
from collections import defaultdict
from pathlib import Path

import odoo.addons
from odoo.tests import TransactionCase, tagged

SUITE = ("crm_leads", "crm_pipeline", "crm_service", "crm_marketing", "crm_cti")
OCA_NAMES_FILE = Path(__file__).with_name("oca_model_names.txt")
# A class-level `_name = "x.y"` in an addon's Python source.
MODEL_NAME_RE = re.compile(r"""^[ \t]+_name\s*=\s*["']([\w.]+)["']""", re.M)


def read_oca_names(path=OCA_NAMES_FILE):
    """({model: {oca module}}, {(model, field): {oca module}}) from the data file."""
    models, fields = defaultdict(set), defaultdict(set)
    for line in path.read_text(encoding="utf-8").splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) == 2:
            models[words[1]].add(words[0])
        elif len(words) == 3:
            fields[words[1], words[2]].add(words[0])
        elif words:
            raise ValueError(f"{path.name}: cannot read {line!r}")
    return models, fields


def addons_path_model_names(exclude):
    """{model name: {addon}} for every addon on the addons path not in `exclude`.

    Read from the source, so that addons that are not installed count too: a name
    the suite takes from an uninstalled Odoo addon breaks the day it is installed.
    """
    names, seen = defaultdict(set), set(exclude)
    for folder in dict.fromkeys(Path(p).resolve() for p in odoo.addons.__path__):
        if not folder.is_dir():
            continue
        for addon in sorted(folder.iterdir()):
            if addon.name in seen or not (addon / "__manifest__.py").is_file():
                continue
            seen.add(addon.name)  # the first folder holding an addon wins, as in Odoo
            for source in addon.rglob("*.py"):
                if "tests" in source.relative_to(addon).parts:
                    continue
                text = source.read_text(encoding="utf-8", errors="replace")
                for name in MODEL_NAME_RE.findall(text):
                    names[name].add(addon.name)
    return names


@tagged("post_install", "-at_install", "crm_leads")
class TestModelNames(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        modules = cls.env["ir.module.module"].search([("state", "in", ("installed", "to upgrade"))])
        cls.suite = set(modules.mapped("name")) & set(SUITE)
        direct = defaultdict(set)
        for dep in cls.env["ir.module.module.dependency"].search(
            [("module_id", "in", modules.ids)]
        ):
            direct[dep.module_id.name].add(dep.name)
        cls.upstream = {}
        for name in modules.mapped("name"):
            closure, todo = set(), list(direct[name])
            while todo:
                dep = todo.pop()
                if dep not in closure:
                    closure.add(dep)
                    todo.extend(direct[dep])
            cls.upstream[name] = closure
        cls.oca_models, cls.oca_fields = read_oca_names()
        cls.elsewhere = addons_path_model_names(SUITE)

    def _is_related(self, module, other):
        """Whether `other` is `module`, one it depends on, or one depending on it."""
        return (
            other == module
            or other in self.upstream.get(module, ())
            or module in self.upstream.get(other, ())
        )

    def _xmlid_modules(self, model, res_ids):
        """{res_id: {module}} of the ir.model.data records of `model`."""
        owners = defaultdict(set)
        data = self.env["ir.model.data"].search_read(
            [("model", "=", model), ("res_id", "in", list(res_ids))], ["module", "res_id"]
        )
        for row in data:
            owners[row["res_id"]].add(row["module"])
        return owners

    def _declared_by_suite(self, model, res_ids):
        """{res_id: (suite addon, {modules})} for the records a suite addon introduces.

        Odoo writes an ir.model.data record for every module that declares or
        extends a model (or defines a field); an addon introduced the record when
        none of the modules it depends on has one.
        """
        declared = {}
        for res_id, modules in self._xmlid_modules(model, res_ids).items():
            for addon in sorted(modules & self.suite):
                if not modules & self.upstream[addon]:
                    declared[res_id] = (addon, modules)
                    break
        return declared

    def _suite_models(self):
        """{model name: (suite addon, {modules with an xml id for it})}."""
        suite_ids = (
            self.env["ir.model.data"]
            .search([("model", "=", "ir.model"), ("module", "in", list(self.suite))])
            .mapped("res_id")
        )
        declared = self._declared_by_suite("ir.model", suite_ids)
        models = self.env["ir.model"].browse(list(declared))
        return {model.model: declared[model.id] for model in models}

    def _suite_fields(self, suite_models):
        """{(model, field): (suite addon, modules)} the suite adds to others' models."""
        suite_ids = (
            self.env["ir.model.data"]
            .search([("model", "=", "ir.model.fields"), ("module", "in", list(self.suite))])
            .mapped("res_id")
        )
        declared = self._declared_by_suite("ir.model.fields", suite_ids)
        fields = self.env["ir.model.fields"].browse(list(declared))
        return {
            (field.model, field.name): declared[field.id]
            for field in fields
            if field.model not in suite_models
        }

    def test_enumeration(self):
        """The enumeration sees the suite's own models and not the ones it extends."""
        self.assertIn("crm_leads", self.suite)
        models = self._suite_models()
        self.assertEqual(models["crm.lead.form"][0], "crm_leads")
        self.assertNotIn("crm.lead", models)
        self.assertNotIn("res.partner", models)
        fields = self._suite_fields(models)
        self.assertEqual(fields["crm.lead", "phone_e164"][0], "crm_leads")
        self.assertNotIn(("crm.lead", "phone"), fields)
        self.assertIn("crm_lead_product", self.oca_models["crm.lead.line"])
        self.assertIn("crm_lead_product", self.oca_fields["crm.lead", "lead_line_ids"])
        self.assertIn("crm", self.elsewhere["crm.lead"])

    def test_model_names_are_free(self):
        """No suite model takes a name that Odoo, another addon or OCA declares."""
        clashes = []
        for name, (addon, modules) in sorted(self._suite_models().items()):
            owners = {m for m in modules if not self._is_related(addon, m)}
            owners |= self.elsewhere.get(name, set())
            owners |= {f"OCA {m}" for m in self.oca_models.get(name, ())}
            if owners:
                clashes.append(f"{addon} declares {name}, also declared by {sorted(owners)}")
        self.assertFalse(
            clashes,
            "Suite models named like models of other addons; give them the suite's "
            "own namespace:\n" + "\n".join(clashes),
        )

    def test_field_names_are_free(self):
        """No field the suite adds to another addon's model is added by OCA too."""
        clashes = []
        for (model, name), (addon, modules) in sorted(
            self._suite_fields(self._suite_models()).items()
        ):
            owners = {m for m in modules if not self._is_related(addon, m)}
            owners |= {f"OCA {m}" for m in self.oca_fields.get((model, name), ())}
            if owners:
                clashes.append(f"{addon} adds {model}.{name}, also added by {sorted(owners)}")
        self.assertFalse(
            clashes,
            "Suite fields named like fields that other addons add to the same model:\n"
            + "\n".join(clashes),
        )
