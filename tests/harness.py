#!/usr/bin/env python3
# Copyright 2026 CRM Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Prepare, run and test the CRM suite on a real Odoo 18 and PostgreSQL.

``python3 tests/harness.py run``   installs what is missing, starts a private
PostgreSQL cluster, creates the demo database once and serves Odoo.
``python3 tests/harness.py test``  does the same preparation, installs the addons
with their tests in a throw-away database, proves each addon installs alone, runs
the code checks and prints ``N passed, N failed`` counted from Odoo's per-test log
lines (a skipped test counts as failed).

Everything the harness creates lives under ``$CRM_STATE_DIR`` (default
``<repo>/.state``), so a fresh clone starts from nothing and a second run reuses it.
"""

import argparse
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ADDONS_DIR = REPO / "addons"
ALL_ADDONS = ["crm_leads", "crm_pipeline", "crm_service", "crm_marketing", "crm_cti"]
STATE = Path(os.environ.get("CRM_STATE_DIR", REPO / ".state")).resolve()
PG_DIR = STATE / "pg"
PG_DATA = PG_DIR / "data"
PG_RUN = PG_DIR / "run"
PG_LOG = PG_DIR / "postgresql.log"
DB_ROLE = os.environ.get("CRM_DB_ROLE", "odoo")
DEMO_DB = os.environ.get("CRM_DB", "crm_demo")
HTTP_PORT = int(os.environ.get("CRM_HTTP_PORT", "8069"))
PG_VERSION = "15"

ODOO_MISSING = """\
Odoo 18.0 is not installed in this Python ({python}).

The CRM suite runs on an existing Odoo 18.0 server. Install it first, either:
  * from Odoo's official source:
        git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git ~/odoo18
        python3 -m pip install -r ~/odoo18/requirements.txt
        python3 -m pip install -e ~/odoo18
  * or from Odoo's official 18.0 packages (https://nightly.odoo.com), then use the
    Python that package installs into.
Or point ODOO_SRC at a local Odoo 18.0 source tree (the folder holding odoo-bin or
setup.py):  ODOO_SRC=~/odoo18 make run
"""


def say(msg=""):
    print(msg, flush=True)


def die(msg, code=2):
    sys.stderr.write(msg.rstrip() + "\n")
    sys.exit(code)


def as_root():
    return os.geteuid() == 0


# ---------------------------------------------------------------------------
# Odoo
# ---------------------------------------------------------------------------


def python_env():
    """Environment for Odoo subprocesses: ODOO_SRC on the path, our socket dir."""
    env = dict(os.environ)
    src = os.environ.get("ODOO_SRC")
    if src:
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(Path(src).expanduser().resolve()), env.get("PYTHONPATH")) if p
        )
    env["PGHOST"] = str(PG_RUN)
    env.pop("PGPORT", None)
    return env


def find_odoo():
    """Return (version, odoo package dir, list of addons dirs) or exit loudly."""
    probe = (
        "import os, odoo, odoo.release as r;"
        "d = os.path.dirname(odoo.__file__);"
        "print(r.version); print(d)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], env=python_env(), capture_output=True, text=True
    )
    if proc.returncode != 0:
        reason = (proc.stderr.strip().splitlines() or [""])[-1]
        if "No module named 'odoo'" in reason:
            die(ODOO_MISSING.format(python=sys.executable))
        die(
            f"Odoo was found but does not import: {reason}\n"
            "Install its Python requirements (pip install -r <odoo>/requirements.txt).\n\n"
            + ODOO_MISSING.format(python=sys.executable)
        )
    version, pkg_dir = proc.stdout.split()[:2]
    if not version.startswith("18.0"):
        die(
            f"Found Odoo {version} at {pkg_dir}, but the CRM suite needs Odoo 18.0.\n\n"
            + ODOO_MISSING.format(python=sys.executable)
        )
    pkg = Path(pkg_dir)
    addons = [pkg / "addons"]
    # A source checkout keeps the standard addons beside the odoo package.
    if (pkg.parent / "addons" / "crm" / "__manifest__.py").exists():
        addons.append(pkg.parent / "addons")
    if not any((p / "crm" / "__manifest__.py").exists() for p in addons):
        die(f"Odoo {version} at {pkg_dir} has no 'crm' addon: install a full Odoo 18.0.")
    return version, pkg, addons


def odoo_cmd(addons_paths, *args):
    paths = ",".join(str(p) for p in [*addons_paths, ADDONS_DIR])
    return [
        sys.executable,
        "-m",
        "odoo",
        "-c",
        str(REPO / "odoo.conf"),
        f"--addons-path={paths}",
        f"--data-dir={STATE / 'filestore'}",
        *args,
    ]


# ---------------------------------------------------------------------------
# Packages
# ---------------------------------------------------------------------------


def apt_install(*packages):
    cmd = ["apt-get", "install", "-y", "-q", *packages]
    if not as_root():
        if not shutil.which("sudo"):
            die(f"Please install {' '.join(packages)} (Debian packages) and run again.")
        cmd = ["sudo", *cmd]
    say(f"* installing Debian packages: {' '.join(packages)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    update = ["apt-get", "update", "-q"] if as_root() else ["sudo", "apt-get", "update", "-q"]
    subprocess.run(update, env=env, check=False, stdout=subprocess.DEVNULL)
    if subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL).returncode != 0:
        die(f"apt-get could not install {' '.join(packages)}.")


def pip_requirements(*files):
    """Install requirement files unless every line is already satisfied."""
    from importlib import metadata

    try:
        from packaging.requirements import Requirement
    except ImportError:
        Requirement = None
    missing = []
    for req_file in files:
        for line in Path(req_file).read_text().splitlines():
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            if Requirement is None:
                missing.append(line)
                continue
            req = Requirement(line)
            if req.marker and not req.marker.evaluate():
                continue
            try:
                installed = metadata.version(req.name)
            except metadata.PackageNotFoundError:
                missing.append(line)
                continue
            if req.specifier and not req.specifier.contains(installed, prereleases=True):
                missing.append(line)
    if missing:
        say(f"* installing Python packages: {' '.join(missing)}")
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", *missing], check=True)


def pg_bin(name):
    for base in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (base / name).exists():
            return str(base / name)
    return shutil.which(name)


# ---------------------------------------------------------------------------
# PostgreSQL: a private cluster, socket only, owned by the project
# ---------------------------------------------------------------------------


def pg_user_cmd(cmd):
    """PostgreSQL refuses to run as root: use the 'postgres' system account then."""
    if as_root():
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


def ensure_postgres():
    if not pg_bin("initdb") or not pg_bin("pg_ctl"):
        apt_install(f"postgresql-{PG_VERSION}", "postgresql-contrib")
    if not pg_bin("initdb"):
        die("PostgreSQL's initdb is still missing after installation.")
    PG_DIR.mkdir(parents=True, exist_ok=True)
    if as_root():
        shutil.chown(PG_DIR, "postgres", "postgres")
        PG_DIR.chmod(0o700)
    if not (PG_DATA / "PG_VERSION").exists():
        say(f"* creating a private PostgreSQL cluster in {PG_DATA}")
        PG_RUN.mkdir(parents=True, exist_ok=True)
        if as_root():
            shutil.chown(PG_RUN, "postgres", "postgres")
        subprocess.run(
            pg_user_cmd(
                [
                    pg_bin("initdb"),
                    "-D",
                    str(PG_DATA),
                    "-U",
                    "postgres",
                    "--auth=trust",  # socket-only cluster in a 0700 folder
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        conf = PG_DATA / "postgresql.conf"
        with open(conf, "a", encoding="utf-8") as fh:
            fh.write(
                "\n# CRM suite harness: unix socket only, in the state folder\n"
                "listen_addresses = ''\n"
                f"unix_socket_directories = '{PG_RUN}'\n"
                "unix_socket_permissions = 0700\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "shared_buffers = 512MB\nwork_mem = 32MB\nmaintenance_work_mem = 256MB\n"
                "max_connections = 200\n"
            )
    status = subprocess.run(
        pg_user_cmd([pg_bin("pg_ctl"), "-D", str(PG_DATA), "status"]),
        capture_output=True,
    )
    if status.returncode != 0:
        say("* starting PostgreSQL")
        subprocess.run(
            pg_user_cmd([pg_bin("pg_ctl"), "-D", str(PG_DATA), "-l", str(PG_LOG), "-w", "start"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    # The dedicated role Odoo connects as: may create databases, is no superuser.
    role_sql = (
        "DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%s') "
        "THEN CREATE ROLE %s LOGIN CREATEDB; END IF; END$$;" % (DB_ROLE, DB_ROLE)
    )
    psql(role_sql, user="postgres")


def psql(sql, user=None, db="postgres"):
    proc = subprocess.run(
        pg_user_cmd(
            [
                pg_bin("psql"),
                "-h",
                str(PG_RUN),
                "-U",
                user or DB_ROLE,
                "-d",
                db,
                "-tAX",
                "-v",
                "ON_ERROR_STOP=1",
                "-c",
                sql,
            ]
        ),
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        die(f"psql failed: {proc.stderr.strip()}")
    return proc.stdout.strip()


def db_exists(name):
    return psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"


def drop_db(name):
    # As the cluster's superuser: WITH (FORCE) must also end autovacuum workers
    # that a freshly installed database attracts, which the odoo role may not.
    for attempt in range(3):
        try:
            psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', user="postgres")
            return
        except SystemExit:
            if attempt == 2:
                raise
            time.sleep(2)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(for_tests=False):
    version, pkg, addons = find_odoo()
    say(f"* Odoo {version} from {pkg}")
    pip_requirements(
        REPO / "requirements.txt", *([REPO / "tests" / "requirements.txt"] if for_tests else [])
    )
    ensure_postgres()
    if for_tests and not any(
        shutil.which(b) for b in ("google-chrome", "chromium", "chromium-browser")
    ):
        apt_install("chromium")
    STATE.mkdir(parents=True, exist_ok=True)
    return addons


# ---------------------------------------------------------------------------
# run
# ---------------------------------------------------------------------------


def addons_fingerprint():
    """A hash of the addons' files, to tell whether the demo database is behind."""
    digest = hashlib.sha256()
    for path in sorted(ADDONS_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(ADDONS_DIR)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def demo_fingerprint_file():
    path = STATE / f"{DEMO_DB}.addons-hash"
    if not path.exists():
        path.write_text("", encoding="utf-8")
    return path


def demo_db_step(addons, env, name, *args):
    """Run Odoo once on the demo database (install or upgrade); the errors, if any."""
    log = STATE / f"{name}-{DEMO_DB}.log"
    proc = run_logged(
        odoo_cmd(
            addons, "-d", DEMO_DB, *args, "--stop-after-init", "--http-port", str(free_port())
        ),
        log,
        env,
    )
    errors = error_lines(log)
    if proc.returncode != 0 or errors:
        return "\n".join(errors[:20]) + f"\nFull log: {log}"
    return None


def cmd_run(args):
    addons = prepare()
    modules = ",".join(args.addons or ALL_ADDONS)
    env = python_env()
    if not db_exists(DEMO_DB):
        say(f"* creating demo database {DEMO_DB} with {modules} (a few minutes)")
        failure = demo_db_step(addons, env, "install", "-i", modules)
        if failure:
            drop_db(DEMO_DB)
            die(f"Installing the demo database failed:\n{failure}")
    elif addons_fingerprint() != demo_fingerprint_file().read_text(encoding="utf-8").strip():
        # New code since the demo database was made: upgrade it (new fields, views,
        # data), as an integrator does after pulling a new version.
        say(f"* upgrading {modules} in {DEMO_DB} (the addons changed)")
        failure = demo_db_step(addons, env, "upgrade", "-i", modules, "-u", modules)
        if failure:
            die(f"Upgrading the demo database failed:\n{failure}")
    else:
        say(f"* reusing demo database {DEMO_DB}")
    demo_fingerprint_file().write_text(addons_fingerprint(), encoding="utf-8")
    say("")
    say(f"  Odoo:      http://localhost:{HTTP_PORT}/odoo")
    say(f"  database:  {DEMO_DB}")
    say("  login:     admin / admin  (also the demo users, e.g. demo / demo)")
    say("")
    os.execve(
        sys.executable,
        odoo_cmd(addons, "-d", DEMO_DB, f"--db-filter=^{DEMO_DB}$", "--http-port", str(HTTP_PORT)),
        env,
    )


# ---------------------------------------------------------------------------
# test
# ---------------------------------------------------------------------------

LOG_RE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) "
    r"(?P<logger>[\w.]+): (?P<msg>.*)$"
)


def run_logged(cmd, log, env):
    with open(log, "w", encoding="utf-8") as fh:
        return subprocess.run(cmd, stdout=fh, stderr=subprocess.STDOUT, env=env)


def error_lines(log):
    out = []
    for line in Path(log).read_text(encoding="utf-8", errors="replace").splitlines():
        match = LOG_RE.match(line.rstrip())
        if match and match["level"] in ("ERROR", "CRITICAL"):
            out.append(line)
    return out


def parse_test_log(log, modules):
    """Per-test outcomes from Odoo's log: 'Starting', 'FAIL:', 'ERROR:', 'skipped'."""
    module_re = re.compile(r"^odoo\.addons\.(%s)\." % "|".join(map(re.escape, modules)))
    started, failed, skipped, other_errors = {}, {}, {}, []
    for line in Path(log).read_text(encoding="utf-8", errors="replace").splitlines():
        match = LOG_RE.match(line.rstrip())
        if not match:
            continue
        logger, msg, level = match["logger"], match["msg"], match["level"]
        ours = module_re.match(logger)
        name = None
        if ours:
            m = re.match(r"Starting (\S+) \.\.\.$", msg)
            if m:
                started[f"{ours[1]}: {m[1]}"] = True
                continue
            # @users/subTest failures read "FAIL: Subtest Class.method (login='x')".
            m = re.match(r"(FAIL|ERROR): (?:Subtest )?(\S+)", msg)
            if m and level == "ERROR":
                name = f"{ours[1]}: {m[2]}"
                failed[name] = m[1]
                continue
            m = re.match(r"skipped (?:Subtest )?(\S+)(?: \(.*?\))? : (.*)$", msg)
            if m:
                skipped[f"{ours[1]}: {m[1]}"] = m[2]
                continue
        if level in ("ERROR", "CRITICAL") and name is None:
            other_errors.append(line)
    # The exception behind an install failure is on the lines after the log record.
    text = Path(log).read_text(encoding="utf-8", errors="replace")
    other_errors += re.findall(r"^(?:odoo\.\S+|\w+)(?:Error|Exception): .*$", text, re.M)[:5]
    return started, failed, skipped, other_errors


def code_checks():
    """ruff and pylint-odoo on the addons; returns {check name: ok}."""
    results = {}
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "addons", "tests"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    results["ruff"] = ruff.returncode == 0
    if ruff.returncode:
        say(ruff.stdout + ruff.stderr)
    pylint = subprocess.run(
        [
            sys.executable,
            "-m",
            "pylint",
            "--rcfile",
            str(REPO / ".pylintrc"),
            *[str(ADDONS_DIR / a) for a in ALL_ADDONS if (ADDONS_DIR / a).exists()],
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    results["pylint-odoo"] = pylint.returncode == 0
    if pylint.returncode:
        say(pylint.stdout + pylint.stderr)
    results["i18n zh_CN complete"] = i18n_check()
    selftest = subprocess.run(
        [sys.executable, "-m", "unittest", "-q", "tests/test_harness.py"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    results["harness log parser"] = selftest.returncode == 0
    if selftest.returncode:
        say(selftest.stderr)
    return results


def i18n_check():
    import polib

    ok = True
    for addon in ALL_ADDONS:
        pot_path = ADDONS_DIR / addon / "i18n" / f"{addon}.pot"
        po_path = ADDONS_DIR / addon / "i18n" / "zh_CN.po"
        if not pot_path.exists() or not po_path.exists():
            say(f"  i18n: {addon} lacks {pot_path.name} or zh_CN.po")
            ok = False
            continue
        po = {e.msgid: e for e in polib.pofile(str(po_path))}
        for entry in polib.pofile(str(pot_path)):
            tr = po.get(entry.msgid)
            if tr is None or not tr.msgstr or "fuzzy" in tr.flags:
                say(f"  i18n: {addon} zh_CN.po lacks a translation of {entry.msgid[:60]!r}")
                ok = False
    return ok


def install_alone(addons_paths, addon, env):
    db = f"crm_alone_{addon}_{os.getpid()}"
    log = STATE / f"alone-{addon}-{os.getpid()}.log"
    drop_db(db)
    proc = run_logged(
        odoo_cmd(
            addons_paths,
            "-d",
            db,
            "-i",
            addon,
            "--stop-after-init",
            "--without-demo=all",
            "--http-port",
            str(free_port()),
        ),
        log,
        env,
    )
    installed = False
    if proc.returncode == 0:
        installed = (
            psql(f"SELECT state FROM ir_module_module WHERE name = '{addon}'", db=db) == "installed"
        )
    drop_db(db)
    errors = error_lines(log)
    for line in errors[:10]:
        say(f"    {line}")
    return installed and not errors


def cmd_test(args):
    started_at = time.time()
    addons_paths = prepare(for_tests=True)
    modules = args.addons or ALL_ADDONS
    env = python_env()
    env.setdefault("ODOO_TEST_MAX_FAILED_TESTS", "1000000")
    checks = {}
    if not args.no_checks:
        say("* code checks: ruff, pylint-odoo, zh_CN completeness, harness self-test")
        checks.update(code_checks())

    db = f"crm_test_{os.getpid()}"
    log = STATE / f"test-{os.getpid()}.log"
    drop_db(db)
    tags = ",".join(f"/{m}" for m in modules)
    say(f"* installing {','.join(modules)} with tests in {db} (log: {log})")
    proc = run_logged(
        odoo_cmd(
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
            str(free_port()),
        ),
        log,
        env,
    )
    if not args.keep_db:
        drop_db(db)
    started, failed, skipped, other_errors = parse_test_log(log, modules)

    if not args.no_alone:
        for addon in modules:
            say(f"* installing {addon} alone on a fresh database")
            checks[f"installs alone: {addon}"] = install_alone(addons_paths, addon, env)

    # Report
    for name, kind in sorted(failed.items()):
        say(f"  {kind}: {name}")
    for name, reason in sorted(skipped.items()):
        say(f"  SKIPPED (counts as failed): {name}: {reason}")
    for line in other_errors[:30]:
        say(f"  error outside a test: {line}")
    for name, ok in checks.items():
        if not ok:
            say(f"  CHECK FAILED: {name}")
    passed = [t for t in started if t not in failed and t not in skipped]
    # A failing setUpClass or a crash is reported under a name that never 'started'.
    n_failed = len(failed) + len(skipped) + sum(1 for ok in checks.values() if not ok)
    if other_errors and not failed:
        n_failed += 1
    if proc.returncode != 0 and not n_failed:
        say(f"  Odoo exited with status {proc.returncode}")
        n_failed += 1
    if not started:
        say("  no test ran: that is a failure")
        n_failed += 1
    elapsed = time.time() - started_at
    say(f"* {len(started)} tests ran, {len(checks)} checks, in {elapsed:.0f} s")
    say(f"{len(passed)} passed, {n_failed} failed")
    return 1 if n_failed else 0


ODOO_SUITES = ("crm", "sale_crm")


def cmd_odoo_tests(args):
    """Odoo's own crm and sale_crm tests on a database where the five addons are
    installed: each test file runs through ``--test-file`` after the whole registry is
    loaded, so crm's at-install tests meet the suite's overrides too."""
    started_at = time.time()
    addons_paths = prepare(for_tests=True)
    env = python_env()
    db = f"crm_odoo_tests_{os.getpid()}"
    drop_db(db)
    log = STATE / f"odoo-tests-install-{os.getpid()}.log"
    say(f"* installing the five addons in {db} (log: {log})")
    proc = run_logged(
        odoo_cmd(
            addons_paths,
            "-d",
            db,
            "-i",
            ",".join(ALL_ADDONS),
            "--stop-after-init",
            "--without-demo=all",
            "--http-port",
            str(free_port()),
        ),
        log,
        env,
    )
    if proc.returncode != 0:
        die(f"installing the suite failed, see {log}")
    started, failed, skipped, errors = {}, {}, {}, []
    for module in args.modules or ODOO_SUITES:
        test_dir = next(
            (p / module / "tests" for p in addons_paths if (p / module / "tests").is_dir()), None
        )
        if test_dir is None:
            die(f"Odoo's {module} tests were not found in {addons_paths}")
        for test_file in sorted(test_dir.glob("test_*.py")):
            log = STATE / f"odoo-tests-{module}-{test_file.stem}-{os.getpid()}.log"
            say(f"* {module}/{test_file.name}")
            run_logged(
                odoo_cmd(
                    addons_paths,
                    "-d",
                    db,
                    "--test-enable",
                    f"--test-file={test_file}",
                    "--stop-after-init",
                    "--log-level=test",
                    "--http-port",
                    str(free_port()),
                ),
                log,
                env,
            )
            s, f, k, e = parse_test_log(log, [module])
            started.update(s)
            failed.update(f)
            skipped.update(k)
            errors += [line for line in e if " ERROR " in line and "test" in line.lower()][:3]
    if not args.keep_db:
        drop_db(db)
    for name, kind in sorted(failed.items()):
        say(f"  {kind}: {name}")
    for name, reason in sorted(skipped.items()):
        say(f"  skipped: {name}: {reason}")
    passed = [t for t in started if t not in failed and t not in skipped]
    say(
        f"* Odoo's {', '.join(args.modules or ODOO_SUITES)} tests with the five addons, "
        f"in {time.time() - started_at:.0f} s"
    )
    say(f"{len(passed)} passed, {len(failed)} failed, {len(skipped)} skipped")
    return 1 if failed or not started else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="serve Odoo with the suite on the demo database")
    run.add_argument("addons", nargs="*", help="addons to install (default: all five)")
    test = sub.add_parser("test", help="run the suite's tests on a fresh database")
    test.add_argument("addons", nargs="*", help="addons to test (default: all five)")
    test.add_argument("--no-checks", action="store_true", help="skip ruff/pylint/i18n")
    test.add_argument("--no-alone", action="store_true", help="skip install-alone pass")
    test.add_argument("--keep-db", action="store_true", help="keep the test database")
    odoo_tests = sub.add_parser("odoo-tests", help="Odoo's crm and sale_crm tests with the suite")
    odoo_tests.add_argument("modules", nargs="*", help=f"default: {' '.join(ODOO_SUITES)}")
    odoo_tests.add_argument("--keep-db", action="store_true", help="keep the database")
    args = parser.parse_args()
    if args.command == "odoo-tests":
        return cmd_odoo_tests(args)
    if args.command == "run":
        return cmd_run(args)
    return cmd_test(args)


if __name__ == "__main__":
    sys.exit(main())
