"""A first run with an empty encoder cache: the encoder is built, and slant's one notice that it
builds it is all that reaches stderr (no onnxruntime advice, no library warnings)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "port-city-unrest.txt"


@pytest.mark.slow
def test_first_run_prints_only_the_build_notice(tmp_path):
    env = {**os.environ, "SLANT_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run(
        [sys.executable, "-m", "slant.cli", "analyze", str(EXAMPLE), "-f", "json", "-o", str(tmp_path / "out.json")],
        capture_output=True, text=True, env=env, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("slant: building the int8 encoder for techniques"), lines[0]
    assert list((tmp_path / "cache").glob("*.int8.onnx")), "the encoder was not cached"
    assert not [p for p in (tmp_path / "cache").iterdir() if p.name.startswith(".")], "temporary files left behind"
    again = subprocess.run(
        [sys.executable, "-m", "slant.cli", "analyze", str(EXAMPLE), "-f", "json", "-o", str(tmp_path / "again.json")],
        capture_output=True, text=True, env=env, timeout=600,
    )
    assert again.returncode == 0 and again.stderr == "", again.stderr
    assert (tmp_path / "out.json").read_text() == (tmp_path / "again.json").read_text()
