"""The Python examples of README.md ("C and Python") and python/README.md ("Use") run as pasted."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

PYTHON_DIR = Path(__file__).resolve().parent.parent
REPO = PYTHON_DIR.parent


def _python_block(path: Path, heading: str) -> str:
    text = path.read_text()
    section = text[text.index(heading):]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match, f"no python block under {heading!r} in {path}"
    return match.group(1)


@pytest.mark.parametrize("path, heading", [(REPO / "README.md", "## C and Python"),
                                           (PYTHON_DIR / "README.md", "## Use")], ids=["README", "python-README"])
def test_example_runs(path, heading):
    if not path.is_file():
        pytest.skip(f"{path} not here (sdist)")
    code = _python_block(path, heading)
    env = dict(os.environ, PYTHONPATH=str(PYTHON_DIR))  # as after `pip install ./python`
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "0.607" in done.stdout, done.stdout
