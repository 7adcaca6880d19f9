"""Store fixtures: every backend behind one parametrised ``store`` fixture.

The remote backend runs against a real OpenLink Virtuoso (Debian package
virtuoso-opensource) started here on free loopback ports with its own
temporary database and ini, and stopped at the end of the session.
"""
from __future__ import annotations

import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest

from vanban.graph.remote import RemoteStore
from vanban.graph.store import open_store

from tests.conftest import free_port, stop_process, wait_until_up

VIRTUOSO = shutil.which("virtuoso-t")
ISQL = shutil.which("isql-vt") or shutil.which("isql")

_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
CheckpointInterval = 0
DirsAllowed = ., {d}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 8
MaxClientConnections = 8
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 300
MaxQueryCostEstimationTime = 0
"""
# Let the anonymous SPARQL user write (loopback only): SPARQL Update and the Graph Store Protocol.
_GRANTS = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET('nobody', 7);"


class Virtuoso:
    """A throw-away Virtuoso bound to 127.0.0.1."""

    def __init__(self, folder: Path) -> None:
        self.sql_port, self.http_port = free_port(), free_port()
        ini = folder / "virtuoso.ini"
        ini.write_text(_INI.format(d=folder, sql=self.sql_port, http=self.http_port))
        self.log = folder / "stdout.log"
        self.proc = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(ini)],
                                     cwd=folder, stdout=self.log.open("wb"),
                                     stderr=subprocess.STDOUT)
        self.url = f"http://127.0.0.1:{self.http_port}/sparql"
        wait_until_up(self.proc, self._answers, seconds=60, what="virtuoso",
                      log=lambda: self.log.read_text(errors="replace"))
        subprocess.run([ISQL, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={_GRANTS}"],
                       check=True, capture_output=True, timeout=60)

    def _answers(self) -> bool:
        try:
            urllib.request.urlopen(f"{self.url}?query=ASK%7B%7D", timeout=2).read()
            return True
        except OSError:
            return False

    def stop(self) -> None:
        stop_process(self.proc)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    if not (VIRTUOSO and ISQL):
        pytest.skip("virtuoso-t is not installed (apt-get install virtuoso-opensource)")
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


BACKENDS = ["disk", "memory", "virtuoso"]


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    """A fresh, empty store of each backend."""
    if request.param == "disk":
        s = open_store(tmp_path / "store")
    elif request.param == "memory":
        s = open_store(None)
    else:
        url = request.getfixturevalue("virtuoso").url
        plain = RemoteStore(url)
        for graph in plain.graphs(derived=True):
            plain.remove_graph(graph)
        s = RemoteStore(url, index_path=tmp_path / "index.sqlite")
    yield s
    s.close()
