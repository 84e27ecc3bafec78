"""A PEP 517 build backend for the pure-Python package pkpo, with no dependencies.

Writes the wheel (and the sdist, and PEP 660 editable wheels) itself, following the binary distribution
format: ``pkpo/*.py`` and ``py.typed`` at the root, ``pkpo-<version>.dist-info/`` with METADATA (core
metadata 2.1, from ``[project]`` of pyproject.toml), WHEEL (``py3-none-any``, purelib) and RECORD (sha256
of every file, urlsafe base64 without padding, and size; RECORD's own line is ``RECORD,,``). Why not
setuptools: here it has no ``wheel`` package, so ``bdist_wheel`` does not exist.

Entries are sorted and dated SOURCE_DATE_EPOCH (default 1980-01-01), so the same tree gives the same
archive. One exception, on purpose: a wheel built inside a checkout of pkpo-engine records that checkout's
``ffi/target/native`` in ``pkpo/_build_tree.txt``, the last place pkpo looks for libpkpo.so, so that
``pip install python/`` after the Maven build works without PKPO_LIBRARY.
"""
from __future__ import annotations

import ast
import base64
import hashlib
import io
import os
import re
import tarfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the folder of pyproject.toml
PACKAGE = "pkpo"
TAG = "py3-none-any"


def _project() -> dict:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    try:
        import tomllib  # Python 3.11+
        return tomllib.loads(text)["project"]
    except ImportError:
        pass
    # Older Pythons: the [project] table here uses only "strings" and ["lists", "of strings"], which
    # read as Python literals.
    out, inside = {}, False
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("["):
            inside = line == "[project]"
        elif inside and "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            out[key.strip()] = ast.literal_eval(value.strip())
    return out


def _names() -> tuple[str, str, str]:
    p = _project()
    name, version = p["name"], p["version"]
    norm = re.sub(r"[-_.]+", "_", name).lower()
    return name, version, f"{norm}-{version}"


def _metadata() -> bytes:
    p = _project()
    lines = ["Metadata-Version: 2.1", f"Name: {p['name']}", f"Version: {p['version']}"]
    if "description" in p:
        lines.append(f"Summary: {p['description']}")
    if "requires-python" in p:
        lines.append(f"Requires-Python: {p['requires-python']}")
    lines += [f"Requires-Dist: {d}" for d in p.get("dependencies", [])]
    body = ""
    if "readme" in p:
        lines.append("Description-Content-Type: text/markdown")
        body = (ROOT / p["readme"]).read_text(encoding="utf-8")
    return ("\n".join(lines) + "\n\n" + body).encode("utf-8")


def _wheel_file() -> bytes:
    return (f"Wheel-Version: 1.0\nGenerator: pkpo_build\nRoot-Is-Purelib: true\nTag: {TAG}\n").encode()


def _package_files() -> list[tuple[str, bytes]]:
    files = []
    for path in sorted((ROOT / PACKAGE).rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix in (".py", ".typed"):
            files.append((path.relative_to(ROOT).as_posix(), path.read_bytes()))
    return files


def _build_tree() -> list[tuple[str, bytes]]:
    native = ROOT.parent / "ffi" / "target" / "native"
    if (ROOT.parent / "ffi" / "Makefile").is_file() and (ROOT.parent / "native-headers" / "pkpo.h").is_file():
        return [(f"{PACKAGE}/_build_tree.txt", (str(native) + "\n").encode())]
    return []


def _epoch() -> int:
    return max(int(os.environ.get("SOURCE_DATE_EPOCH", "315532800")), 315532800)  # zip starts at 1980


def _date() -> tuple:
    return time.gmtime(_epoch())[:6]


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def _write_wheel(directory: str, files: list[tuple[str, bytes]]) -> str:
    _, _, stem = _names()
    dist_info = f"{stem}.dist-info"
    files = files + [(f"{dist_info}/METADATA", _metadata()), (f"{dist_info}/WHEEL", _wheel_file())]
    record = "".join(f"{name},{_record_hash(data)},{len(data)}\n" for name, data in files)
    record += f"{dist_info}/RECORD,,\n"
    files.append((f"{dist_info}/RECORD", record.encode()))
    filename = f"{stem}-{TAG}.whl"
    with zipfile.ZipFile(Path(directory) / filename, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=_date())
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return filename


# ---- PEP 517 hooks ------------------------------------------------------------------------------------

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    _, _, stem = _names()
    dist_info = Path(metadata_directory) / f"{stem}.dist-info"
    dist_info.mkdir(parents=True, exist_ok=True)
    (dist_info / "METADATA").write_bytes(_metadata())
    (dist_info / "WHEEL").write_bytes(_wheel_file())
    return dist_info.name


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _write_wheel(wheel_directory, _package_files() + _build_tree())


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """PEP 660: a wheel holding only a .pth file that puts this source folder on sys.path."""
    return _write_wheel(wheel_directory, [(f"__editable__.{PACKAGE}.pth", (str(ROOT) + "\n").encode())])


def build_sdist(sdist_directory, config_settings=None):
    _, _, stem = _names()
    members = [("pyproject.toml", (ROOT / "pyproject.toml").read_bytes()), ("PKG-INFO", _metadata())]
    readme = _project().get("readme")
    if readme:
        members.append((readme, (ROOT / readme).read_bytes()))
    for folder in ("build_backend", "tests"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "__pycache__" not in path.parts:
                members.append((path.relative_to(ROOT).as_posix(), path.read_bytes()))
    members += _package_files()
    filename = f"{stem}.tar.gz"
    mtime = _epoch()
    with tarfile.open(Path(sdist_directory) / filename, "w:gz", format=tarfile.PAX_FORMAT) as tf:
        for name, data in sorted(members):
            info = tarfile.TarInfo(f"{stem}/{name}")
            info.size, info.mtime, info.mode = len(data), mtime, 0o644
            tf.addfile(info, io.BytesIO(data))
    return filename
