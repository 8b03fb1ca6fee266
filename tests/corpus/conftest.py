"""A temporary PostgreSQL server for the store's PostgreSQL test.

``SLANT_TEST_POSTGRES_URL`` names a server to use (its database gets the store's tables); else,
where PostgreSQL's ``initdb`` and ``pg_ctl`` are installed, one is started in a temporary folder
(as the ``postgres`` user when the tests run as root) and stopped afterwards. Without a server or
without a driver (``pip install 'psycopg[binary]'``) the test skips and says why.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest


def _tool(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_url():
    if importlib.util.find_spec("psycopg") is None and importlib.util.find_spec("psycopg2") is None:
        pytest.skip("no PostgreSQL driver installed (pip install 'psycopg[binary]')")
    given = os.environ.get("SLANT_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    initdb, pg_ctl = _tool("initdb"), _tool("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("no PostgreSQL server: set SLANT_TEST_POSTGRES_URL or install PostgreSQL (initdb, pg_ctl)")
    as_user: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        runuser = shutil.which("runuser")
        if runuser is None:
            pytest.skip("tests run as root and runuser is missing: cannot start PostgreSQL as another user")
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("tests run as root and there is no postgres user to start PostgreSQL as")
        as_user = [runuser, "-u", "postgres", "--"]
    folder = Path(tempfile.mkdtemp(prefix="slantpg."))
    if as_user:
        shutil.chown(folder, "postgres")
    data, port = folder / "data", _free_port()
    try:
        subprocess.run([*as_user, initdb, "-D", str(data), "-A", "trust", "-U", "slant", "--no-sync", "-E", "UTF8"],
                       check=True, capture_output=True, timeout=120)
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-l", str(folder / "log"), "-w", "-t", "60",
                        "-o", f"-k {folder} -p {port} -c listen_addresses='' -c fsync=off", "start"],
                       check=True, capture_output=True, timeout=120)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        detail = getattr(exc, "stderr", b"") or b""
        pytest.skip(f"could not start a PostgreSQL server: {exc} {detail.decode(errors='replace')[-300:]}")
    try:
        yield f"postgresql://slant@/postgres?host={folder}&port={port}"
    finally:
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)
