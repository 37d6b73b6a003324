#!/usr/bin/env python3
# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Export each addon's .pot from a real database and merge it into zh_CN.po.

Usage: python3 tests/i18n.py [addon ...]
New terms are added to zh_CN.po with an empty msgstr; the test command's
completeness check then names every term still to translate.
"""

import os
import sys
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402


def merge(pot_path, po_path):
    pot = polib.pofile(str(pot_path))
    old = {e.msgid: e for e in polib.pofile(str(po_path))} if po_path.exists() else {}
    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(pot.metadata)
    po.metadata.update(
        {
            "Language": "zh_CN",
            "Language-Team": "Chinese (Simplified)",
            "Plural-Forms": "nplurals=1; plural=0;",
            "Content-Type": "text/plain; charset=UTF-8",
        }
    )
    for entry in pot:
        prev = old.get(entry.msgid)
        entry.msgstr = prev.msgstr if prev else ""
        po.append(entry)
    po.save(str(po_path))
    return sum(1 for e in po if not e.msgstr)


def main():
    addons = sys.argv[1:] or harness.ALL_ADDONS
    paths = harness.prepare()
    env = harness.python_env()
    db = f"crm_i18n_{os.getpid()}"
    log = harness.STATE / "i18n.log"
    harness.drop_db(db)
    proc = harness.run_logged(
        harness.odoo_cmd(
            paths,
            "-d",
            db,
            "-i",
            ",".join(addons),
            "--without-demo=all",
            "--stop-after-init",
            "--http-port",
            str(harness.free_port()),
        ),
        log,
        env,
    )
    if proc.returncode:
        harness.die(f"install failed, see {log}")
    for addon in addons:
        i18n = harness.ADDONS_DIR / addon / "i18n"
        i18n.mkdir(exist_ok=True)
        pot = i18n / f"{addon}.pot"
        harness.run_logged(
            harness.odoo_cmd(
                paths,
                "-d",
                db,
                f"--i18n-export={pot}",
                f"--modules={addon}",
                "--stop-after-init",
                "--http-port",
                str(harness.free_port()),
            ),
            log,
            env,
        )
        missing = merge(pot, i18n / "zh_CN.po")
        print(f"{addon}: {len(polib.pofile(str(pot)))} terms, {missing} to translate in zh_CN.po")
    harness.drop_db(db)


if __name__ == "__main__":
    main()
