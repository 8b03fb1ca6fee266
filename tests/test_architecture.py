"""The package's shape: the import contract in pyproject.toml holds, no module imports another
that (directly or not) imports it back, and what analysis imports comes with a plain install."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_import_contract_holds():
    if shutil.which("lint-imports") is None:
        pytest.skip("import-linter is not installed (pip install -e '.[dev]')")
    result = subprocess.run(["lint-imports"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_no_import_cycles():
    grimp = pytest.importorskip("grimp", reason="grimp comes with import-linter (pip install -e '.[dev]')")
    graph = grimp.build_graph("slant")
    cycles = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            if imported != importer and graph.chain_exists(importer=imported, imported=importer):
                cycles.append(f"{importer} <-> {imported}")
    assert not cycles, "import cycles: " + "; ".join(cycles[:20])


ANALYSE_AND_LIST_IMPORTS = """
import json, sys
at_start = set(sys.modules)  # the interpreter's own (and site hooks such as setuptools' _distutils_hack)
import slant
from slant.api.app import create_app
from slant.cli.main import main
from slant.corpus import add, engines
from slant.output import html
slant.analyze(sys.argv[1])
print(json.dumps(sorted({name.split(".")[0] for name in set(sys.modules) - at_start})))
"""
# Imported when present and done without otherwise: no dependency of ours needs them.
OPTIONAL_IMPORTS = {
    "orjson": "fastapi.responses tries it for ORJSONResponse",
    "sniffio": "anyio tries it to tell the async library",
}


@pytest.mark.slow
def test_analysis_service_and_corpus_need_nothing_a_plain_install_lacks(plain_install):
    """`pip install . && slant analyze …` on a fresh machine: every module an analysis with every
    default component, the service and the corpus store import comes with the declared
    dependencies (the tests run with the dev and train extras, which bring more)."""
    example = REPO / "examples" / "port-city-unrest.txt"
    result = subprocess.run([sys.executable, "-c", ANALYSE_AND_LIST_IMPORTS, str(example)], capture_output=True, text=True,
                            timeout=600, check=True)
    imported = json.loads(result.stdout.strip().splitlines()[-1])
    assert "onnxruntime" in imported and "fastapi" in imported  # the paths did run
    assert {module: names for module, names in plain_install(imported).items() if module not in OPTIONAL_IMPORTS} == {}
