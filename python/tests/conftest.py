"""Tests of the pkpo package in this folder's parent (not an installed copy), against the libpkpo.so that
pkpo finds (PKPO_LIBRARY, set by `make -C ffi python-test`, else the checkout's ffi/target/native)."""
import json
import os
import sys
from pathlib import Path

import pytest

PYTHON_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PYTHON_DIR))

import pkpo  # noqa: E402

REPO = PYTHON_DIR.parent


def golden_path() -> Path:
    return Path(os.environ.get("PKPO_GOLDEN", REPO / "testdata" / "vectors" / "golden.jsonl"))


@pytest.fixture(scope="session", autouse=True)
def engine():
    """Starts the engine once for the session, without the warm-up (the tests need no fast first call).
    A missing library fails every test: these tests never pass by skipping."""
    pkpo.init(warm_up=False)
    yield


@pytest.fixture(scope="session")
def golden():
    path = golden_path()
    if not path.is_file():
        pytest.skip(f"{path} not found (set PKPO_GOLDEN)")
    with open(path) as f:
        return [json.loads(line) for line in f]
