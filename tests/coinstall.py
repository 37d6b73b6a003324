#!/usr/bin/env python3
# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Prove that the CRM suite installs beside well-known OCA modules (make coinstall).

Run by hand: ``make coinstall`` (or ``python3 tests/coinstall.py``).

1. Installs the OCA 18.0 wheels of ``crm_lead_product``, ``partner_multi_relation``,
   ``base_phone`` and ``crm_security_group`` from PyPI into ``$CRM_STATE_DIR/oca``
   (``pip install --no-deps --target``, so that pip never installs the ``odoo``
   distribution again, whether Odoo came from pip or from a source tree). The OCA
   addons those modules depend on are read from their manifests and installed the
   same way; their Python requirements (``Requires-Dist`` of the wheels, less
   ``odoo`` and ``odoo-addon-*``) go into the Python that runs Odoo when missing.
   A second run reuses the folder; ``--refresh`` installs the wheels again.
2. Creates a fresh database, installs the five suite addons and the four OCA modules
   together, with the tests of both sides (``--test-tags=/crm_leads,...,
   /crm_security_group``), and counts each side's tests from Odoo's log as
   ``make test`` does (a skipped test counts as failed).
3. On that database, as a CRM-only user of ``crm_security_group`` (group "User: Own
   Documents Only", no Sales rights): loads the crm.lead form (``get_views``) and
   reads a lead with ``web_read`` on the fields of that form, as the web client
   does; then saves a new lead through a ``Form``, as that user and as the
   administrator.

It prints one "N passed, N failed" line per side and a combined one, and exits
non-zero on any failure. ``--oca-alone`` runs only the OCA modules and their tests
on a fresh database (to tell a failure of theirs from one the suite causes).
``--keep-db`` keeps the database; the log is ``$CRM_STATE_DIR/coinstall-<pid>.log``.
"""

import argparse
import ast
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402  (tests/harness.py: PostgreSQL, Odoo command line, log parsing)

OCA_MODULES = ["crm_lead_product", "partner_multi_relation", "base_phone", "crm_security_group"]
OCA_VERSION = ">=18.0,<18.1"
OCA_DIR = harness.STATE / "oca"
OCA_ADDONS = OCA_DIR / "odoo" / "addons"
OCA_STAMP = OCA_DIR / "requested.txt"

CHECKS = r'''
import json
import traceback

from lxml import etree

from odoo.tests import Form, new_test_user

results = []


def check(name, func):
    """Run one check in a savepoint; record ok / the exception."""
    try:
        with env.cr.savepoint():
            detail = func()
        results.append([name, True, detail or ""])
    except Exception as exc:  # report it, whatever it is
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{frame.filename}:{frame.lineno} in {frame.name}"
        what = "".join(traceback.format_exception_only(exc)).strip()
        results.append([name, False, f"{what} (at {where})"])


def web_read_spec(node, model, models):
    """The web_read specification of the fields a view arch shows, as the client builds it."""
    info = models.get(model, {}).get("fields", {})
    spec = {}
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag != "field":
            spec.update(web_read_spec(child, model, models))
            continue
        name = child.get("name")
        field = info.get(name, {})
        sub = {}
        comodel = field.get("relation")
        if field.get("type") in ("one2many", "many2many"):
            for view in child:
                if isinstance(view.tag, str) and view.tag in ("list", "tree", "kanban", "form"):
                    sub.update(web_read_spec(view, comodel, models))
            spec[name] = {"fields": sub} if sub else {}
        elif field.get("type") == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    return spec


crm_only = new_test_user(
    env, login="coinstall_crm_only", name="CRM Only",
    groups="crm_security_group.group_crm_own_leads",
)
partner = env["res.partner"].create({"name": "Co-install Customer", "email": "co@example.com"})
lead = env["crm.lead"].create(
    {"name": "Co-install lead", "partner_id": partner.id, "user_id": crm_only.id}
)
has_sales = crm_only.has_group("sales_team.group_sale_salesman")


def form_renders():
    views = env["crm.lead"].with_user(crm_only).get_views([(False, "form")])
    arch = etree.fromstring(views["views"]["form"]["arch"])
    spec = web_read_spec(arch, "crm.lead", views["models"])
    values = lead.with_user(crm_only).web_read(spec)[0]
    return f"{len(values)} fields read (user has Sales rights: {has_sales})"


def form_saves(user):
    def save():
        with Form(env["crm.lead"].with_user(user)) as form:
            form.name = "Saved through a Form"
            form.partner_id = partner
        return ""
    return save


check("crm.lead form renders for a CRM-only user (get_views + web_read)", form_renders)
check("crm.lead Form saves as the CRM-only user", form_saves(crm_only))
check("crm.lead Form saves as the administrator", form_saves(env.ref("base.user_admin")))
print("COINSTALL-CHECKS " + json.dumps(results))
env.cr.rollback()
'''


def say(msg=""):
    harness.say(msg)


# ---------------------------------------------------------------------------
# OCA wheels
# ---------------------------------------------------------------------------


def manifest(addon_dir):
    return ast.literal_eval((addon_dir / "__manifest__.py").read_text(encoding="utf-8"))


def known_addons(odoo_paths):
    names = set()
    for folder in [*odoo_paths, harness.ADDONS_DIR, OCA_ADDONS]:
        if folder.is_dir():
            names.update(p.name for p in folder.iterdir() if (p / "__manifest__.py").is_file())
    return names


def pip_target(modules):
    """Install the wheels of `modules` (only those, --no-deps) into a fresh OCA_DIR."""
    specs = [f"odoo-addon-{m}{OCA_VERSION}" for m in sorted(modules)]
    say(f"* pip install --no-deps --target {OCA_DIR} {' '.join(specs)}")
    # --target cannot add an addon to a folder that holds others (it replaces the
    # shared odoo/ folder): install the whole set into a fresh folder each time.
    tmp = OCA_DIR.with_name("oca.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    cmd = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(tmp)]
    if subprocess.run([*cmd, *specs]).returncode != 0:
        harness.die("pip could not install the OCA wheels (see above).")
    shutil.rmtree(OCA_DIR, ignore_errors=True)
    tmp.rename(OCA_DIR)
    OCA_STAMP.write_text("\n".join(specs) + "\n", encoding="utf-8")


def python_requirements():
    """Requires-Dist of the installed wheels, less Odoo itself and OCA addons."""
    from packaging.requirements import Requirement

    reqs = set()
    for meta in sorted(OCA_DIR.glob("*.dist-info/METADATA")):
        for line in meta.read_text(encoding="utf-8").splitlines():
            if not line.startswith("Requires-Dist:"):
                continue
            req = line.split(":", 1)[1].strip()
            name = re.sub(r"[-_.]+", "-", Requirement(req).name).lower()
            if name != "odoo" and not name.startswith("odoo-addon-"):
                reqs.add(req)
    return sorted(reqs)


def install_oca(odoo_paths, refresh=False):
    """The OCA modules and the OCA addons they depend on, in OCA_ADDONS."""
    wanted = set(OCA_MODULES)
    if not refresh and OCA_STAMP.exists():
        # Reuse: what was installed last time, if it still covers OCA_MODULES.
        wanted |= {
            line.split(">=")[0].removeprefix("odoo-addon-")
            for line in OCA_STAMP.read_text(encoding="utf-8").split()
        }
    while True:
        stamp = "\n".join(f"odoo-addon-{m}{OCA_VERSION}" for m in sorted(wanted)) + "\n"
        present = all((OCA_ADDONS / m / "__manifest__.py").is_file() for m in wanted)
        if (
            refresh
            or not present
            or not OCA_STAMP.exists()
            or (OCA_STAMP.read_text(encoding="utf-8") != stamp)
        ):
            pip_target(wanted)
            refresh = False
        available = known_addons(odoo_paths)
        missing = set()
        for module in sorted(wanted):
            for dep in manifest(OCA_ADDONS / module).get("depends", []):
                if dep not in available:
                    missing.add(dep)
        if not missing:
            break
        say(f"* OCA addons they depend on: {', '.join(sorted(missing))}")
        wanted |= missing
    reqs = python_requirements()
    if reqs:
        req_file = OCA_DIR / "python-requirements.txt"
        req_file.write_text("\n".join(reqs) + "\n", encoding="utf-8")
        harness.pip_requirements(req_file)
    for meta in sorted(OCA_DIR.glob("odoo_addon_*.dist-info")):
        say(f"  {meta.name.removesuffix('.dist-info')}")
    return sorted(wanted)


# ---------------------------------------------------------------------------
# Run
# ---------------------------------------------------------------------------


def module_states(db, modules):
    names = ",".join(f"'{m}'" for m in modules)
    rows = harness.psql(f"SELECT name, state FROM ir_module_module WHERE name IN ({names})", db=db)
    states = dict(line.split("|", 1) for line in rows.splitlines() if "|" in line)
    return {m: states.get(m, "absent") for m in modules}


def run_checks(addons_paths, db, env):
    """The form checks in `odoo shell` on `db`: {check: (ok, detail)}."""
    paths = ",".join(str(p) for p in [*addons_paths, harness.ADDONS_DIR])
    cmd = [
        sys.executable,
        "-m",
        "odoo",
        "shell",
        "-c",
        str(harness.REPO / "odoo.conf"),
        f"--addons-path={paths}",
        f"--data-dir={harness.STATE / 'filestore'}",
        "-d",
        db,
        "--log-level=warn",
    ]
    proc = subprocess.run(cmd, input=CHECKS, capture_output=True, text=True, env=env)
    for line in proc.stdout.splitlines():
        if line.startswith("COINSTALL-CHECKS "):
            return {name: (ok, detail) for name, ok, detail in json.loads(line.split(" ", 1)[1])}
    tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-15:])
    return {"form checks ran": (False, tail)}


def side_counts(log, modules):
    started, failed, skipped, _other = harness.parse_test_log(log, modules)
    passed = [t for t in started if t not in failed and t not in skipped]
    return started, failed, skipped, passed


def cmd_coinstall(args):
    started_at = time.time()
    odoo_paths = harness.prepare(for_tests=True)
    oca_installed = install_oca(odoo_paths, refresh=args.refresh)
    addons_paths = [*odoo_paths, OCA_ADDONS]
    env = harness.python_env()
    env.setdefault("ODOO_TEST_MAX_FAILED_TESTS", "1000000")

    sides = (
        {"OCA": OCA_MODULES}
        if args.oca_alone
        else {
            "suite": harness.ALL_ADDONS,
            "OCA": OCA_MODULES,
        }
    )
    modules = [m for side in sides.values() for m in side]
    db = f"crm_coinstall_{os.getpid()}"
    log = harness.STATE / f"coinstall-{os.getpid()}.log"
    harness.drop_db(db)
    tags = ",".join(f"/{m}" for m in modules)
    say(f"* installing {','.join(modules)} with their tests in {db} (log: {log})")
    proc = harness.run_logged(
        harness.odoo_cmd(
            addons_paths,
            "-d",
            db,
            "-i",
            ",".join(modules),
            "--test-enable",
            f"--test-tags={tags}",
            "--stop-after-init",
            "--log-level=test",
            "--http-port",
            str(harness.free_port()),
        ),
        log,
        env,
    )
    states = module_states(db, modules) if harness.db_exists(db) else {}
    checks = {}
    for module in modules:
        checks[f"{module} installed"] = (states.get(module) == "installed", states.get(module))
    if not args.oca_alone and all(ok for ok, _ in checks.values()):
        say("* form checks as a CRM-only user of crm_security_group")
        checks.update(run_checks(addons_paths, db, env))
    if not args.keep_db:
        harness.drop_db(db)

    # Report
    all_started, all_failed, all_skipped, other_errors = harness.parse_test_log(log, modules)
    counts = {}
    for side, side_modules in sides.items():
        started, failed, skipped, passed = side_counts(log, side_modules)
        for name, kind in sorted(failed.items()):
            say(f"  {kind}: {name}")
        for name, reason in sorted(skipped.items()):
            say(f"  SKIPPED (counts as failed): {name}: {reason}")
        counts[side] = (len(passed), len(failed) + len(skipped))
    for line in other_errors[:30]:
        say(f"  error outside a test: {line}")
    for name, (ok, detail) in checks.items():
        if not ok:
            say(f"  CHECK FAILED: {name}: {detail}")
        elif detail and not name.endswith(" installed"):
            say(f"  check ok: {name}: {detail}")
    n_checks_failed = sum(1 for ok, _ in checks.values() if not ok)
    extra = n_checks_failed
    if other_errors and not all_failed:
        extra += 1
    if proc.returncode != 0 and not (all_failed or all_skipped or extra):
        say(f"  Odoo exited with status {proc.returncode}")
        extra += 1
    if not all_started:
        say("  no test ran: that is a failure")
        extra += 1
    say(f"* OCA wheels: {', '.join(oca_installed)} from {OCA_DIR}")
    say(
        f"* {len(all_started)} tests ran, {len(checks)} checks, in {time.time() - started_at:.0f} s"
    )
    for side, (n_passed, n_failed) in counts.items():
        say(f"  {side} ({','.join(sides[side])}): {n_passed} passed, {n_failed} failed")
    say(f"  checks: {len(checks) - n_checks_failed} passed, {n_checks_failed} failed")
    total_passed = sum(c[0] for c in counts.values())
    total_failed = sum(c[1] for c in counts.values()) + extra
    say(f"{total_passed} passed, {total_failed} failed")
    return 1 if total_failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--oca-alone", action="store_true", help="only the OCA modules")
    parser.add_argument("--keep-db", action="store_true", help="keep the database")
    parser.add_argument("--refresh", action="store_true", help="reinstall the OCA wheels")
    return cmd_coinstall(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
