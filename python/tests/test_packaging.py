"""The in-tree build backend (wheel per the binary distribution format, sdist, editable) and a real
`pip install --no-build-isolation --no-index` of python/ into a temporary venv."""
import base64
import csv
import hashlib
import importlib.util
import io
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

PYTHON_DIR = Path(__file__).resolve().parent.parent


def _backend(root: Path):
    spec = importlib.util.spec_from_file_location(f"pkpo_build_{abs(hash(root))}", root / "build_backend" / "pkpo_build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _check_wheel(path: Path) -> dict:
    """Every file is in RECORD with its sha256 and size; RECORD lists itself without either."""
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        record_name = next(n for n in names if n.endswith(".dist-info/RECORD"))
        rows = list(csv.reader(io.StringIO(zf.read(record_name).decode())))
        assert sorted(r[0] for r in rows) == sorted(names)
        for name, digest, size in rows:
            if name == record_name:
                assert digest == "" and size == ""
                continue
            data = zf.read(name)
            want = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert digest == f"sha256={want}" and int(size) == len(data), name
        return {n: zf.read(n) for n in names}


def test_wheel_sdist_and_wheel_from_sdist(tmp_path):
    backend = _backend(PYTHON_DIR)
    assert backend.get_requires_for_build_wheel() == []
    name = backend.build_wheel(str(tmp_path))
    assert name == "pkpo-0.1.0-py3-none-any.whl"
    files = _check_wheel(tmp_path / name)
    assert {"pkpo/__init__.py", "pkpo/_api.py", "pkpo/_native.py", "pkpo/py.typed"} <= set(files)
    assert not any(n.startswith(("tests/", "build_backend/")) for n in files)
    wheel = files["pkpo-0.1.0.dist-info/WHEEL"].decode()
    assert "Root-Is-Purelib: true" in wheel and "Tag: py3-none-any" in wheel
    metadata = files["pkpo-0.1.0.dist-info/METADATA"].decode()
    assert "Name: pkpo\nVersion: 0.1.0\n" in metadata and "Requires-Dist: numpy>=1.22" in metadata
    if (PYTHON_DIR.parent / "ffi" / "Makefile").is_file():  # built inside a checkout: its build tree is recorded
        assert files["pkpo/_build_tree.txt"].decode().strip() == str(PYTHON_DIR.parent / "ffi" / "target" / "native")
    before = (tmp_path / name).read_bytes()
    backend.build_wheel(str(tmp_path))
    assert (tmp_path / name).read_bytes() == before  # reproducible

    sdist = backend.build_sdist(str(tmp_path))
    assert sdist == "pkpo-0.1.0.tar.gz"
    with tarfile.open(tmp_path / sdist) as tf:
        members = tf.getnames()
        assert {"pkpo-0.1.0/pyproject.toml", "pkpo-0.1.0/PKG-INFO", "pkpo-0.1.0/README.md",
                "pkpo-0.1.0/build_backend/pkpo_build.py", "pkpo-0.1.0/pkpo/__init__.py"} <= set(members)
        tf.extractall(tmp_path / "unpacked", **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    from_sdist = _backend(tmp_path / "unpacked" / "pkpo-0.1.0")
    out = tmp_path / "from-sdist"
    out.mkdir()
    files2 = _check_wheel(out / from_sdist.build_wheel(str(out)))
    assert "pkpo/_build_tree.txt" not in files2  # outside a checkout there is no build tree to remember
    assert files2["pkpo/_api.py"] == files["pkpo/_api.py"]

    editable = tmp_path / "editable"
    editable.mkdir()
    pth = _check_wheel(editable / backend.build_editable(str(editable)))["__editable__.pkpo.pth"]
    assert pth.decode().strip() == str(PYTHON_DIR)


def test_minimal_toml_reader_matches_tomllib(monkeypatch):
    tomllib = pytest.importorskip("tomllib")
    backend = _backend(PYTHON_DIR)
    want = tomllib.loads((PYTHON_DIR / "pyproject.toml").read_text())["project"]
    monkeypatch.setitem(sys.modules, "tomllib", None)  # import tomllib now raises ImportError
    assert backend._project() == want


def test_pip_install_into_a_venv_and_use_it(tmp_path):
    """The README's command, into a fresh venv (numpy from the system site-packages, no index)."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                    "--no-build-isolation", "--no-index", str(PYTHON_DIR)], check=True, timeout=120)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PKPO_LIBRARY")}
    recorded = (PYTHON_DIR.parent / "ffi" / "target" / "native" / "libpkpo.so")
    if not recorded.is_file() and "PKPO_LIBRARY" in os.environ:  # a build tree elsewhere: name it
        env["PKPO_LIBRARY"] = os.environ["PKPO_LIBRARY"]
    script = ("import numpy as np, pkpo\n"
              "r = np.array([[1, 0, 0, 1], [0, 0, 0, 1]], np.float32)\n"
              "print(pkpo.__file__); print(pkpo.library_path())\n"
              # Within float32 rounding, not bit for bit: since the one-sequence float32 arithmetic (069daac) the
              # first 2/3 comes out one ulp low (0.6666666269...), on every kernel.
              "print(np.allclose(pkpo.transform(r, 'loo', 1, out=r), "
              "np.float32([[2/3, -2/3, -2/3, 2/3], [-1/3, -1/3, -1/3, 1]]), rtol=1e-6, atol=0))\n")
    done = subprocess.run([str(python), "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    where, lib, ok = done.stdout.split()
    assert where.startswith(str(venv)), where
    assert ok == "True"
    if "PKPO_LIBRARY" not in env:
        assert lib == str(recorded)  # found through the build tree the wheel recorded
