"""Finding and loading libpkpo.so, its ctypes signatures, the one-time pkpo_init, and errors.

Everything here follows native-headers/pkpo.h: the enum values are the header's explicit ABI numbers.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import enum
import os
import sys
import threading
from pathlib import Path
from typing import Optional, Sequence

ABI_VERSION = 2  # PKPO_ABI_VERSION of the header this package was written against


class ErrorCode(enum.IntEnum):
    """pkpo_error_t: the negative return codes of the C ABI (pkpo.h)."""

    INVALID_ARGUMENT = -1
    NULL_POINTER = -2
    MISALIGNED = -3
    BUFFER_TOO_SMALL = -4
    OVERLAP = -5
    BAD_K = -6
    NON_FINITE = -7
    NOT_INITIALIZED = -8
    ALREADY_INITIALIZED = -9
    SHUT_DOWN = -10
    JVM_NOT_FOUND = -11
    JAR_NOT_FOUND = -12
    JVM_START = -13
    INTERNAL = -14
    FORKED = -15


class PkpoError(ValueError):
    """A pkpo call failed; nothing was written to any output.

    Attributes:
        code: the C ABI's negative ``pkpo_error_t`` (``ErrorCode`` member when known), or ``None`` when the
            failure happened before the library could be called (library not found, wrong ABI version).
        reason: the code's name without the ``PKPO_ERR_`` prefix, e.g. ``"BAD_K"``, ``"NON_FINITE"``,
            ``"FORKED"``, ``"LIBRARY_NOT_FOUND"``; ``"UNKNOWN"`` for a code newer than this package.
        message: the engine's text (``pkpo_last_error()``), naming the offending values.
    """

    def __init__(self, code: Optional[int], message: str, reason: Optional[str] = None):
        if reason is None:
            try:
                code = ErrorCode(code)
                reason = code.name
            except ValueError:
                reason = "UNKNOWN"
        self.code = code
        self.reason = reason
        self.message = message
        suffix = f" ({int(code)})" if code is not None else ""
        super().__init__(f"{reason}{suffix}: {message}")

    def __reduce__(self):  # keep code/reason/message through pickling (multiprocessing)
        return (type(self), (self.code, self.message, self.reason))


class LibraryNotFoundError(PkpoError, OSError):
    """libpkpo.so was not found, or could not be loaded (reason ``"LIBRARY_NOT_FOUND"``)."""

    def __init__(self, message: str, code: Optional[int] = None, reason: str = "LIBRARY_NOT_FOUND"):
        PkpoError.__init__(self, code, message, reason)

    def __reduce__(self):
        return (type(self), (self.message, self.code, self.reason))


class Report(ctypes.Structure):
    """pkpo_report_t: what a call did."""

    _fields_ = [("groups", ctypes.c_int64), ("samples", ctypes.c_int64),
                ("excluded_samples", ctypes.c_int64), ("zeroed_groups", ctypes.c_int64)]

    def __repr__(self) -> str:
        return (f"Report(groups={self.groups}, samples={self.samples}, "
                f"excluded_samples={self.excluded_samples}, zeroed_groups={self.zeroed_groups})")


class GroupsReport(ctypes.Structure):
    """pkpo_groups_report_t: what a grouped call (``ids=``, ``mask=``, ``k_per_group=``, ``too_small=``) did."""

    _fields_ = [("groups", ctypes.c_int64), ("samples", ctypes.c_int64),
                ("excluded_samples", ctypes.c_int64), ("zeroed_groups", ctypes.c_int64),
                ("masked_samples", ctypes.c_int64), ("reserved", ctypes.c_int64 * 3)]

    def __repr__(self) -> str:
        return (f"GroupsReport(groups={self.groups}, samples={self.samples}, "
                f"excluded_samples={self.excluded_samples}, zeroed_groups={self.zeroed_groups}, "
                f"masked_samples={self.masked_samples})")


class _Groups(ctypes.Structure):
    """pkpo_groups_t (72 bytes)."""

    _fields_ = [("size", ctypes.c_uint64), ("form", ctypes.c_int32), ("n", ctypes.c_int32),
                ("offsets", ctypes.c_void_p), ("groups", ctypes.c_int64), ("ids", ctypes.c_void_p),
                ("mask", ctypes.c_void_p), ("k_per_group", ctypes.c_void_p), ("k_per_group_len", ctypes.c_uint64),
                ("too_small", ctypes.c_int32), ("reserved", ctypes.c_int32)]


class _Options(ctypes.Structure):
    """pkpo_options_t."""

    _fields_ = [("size", ctypes.c_uint64), ("java_home", ctypes.c_char_p), ("jar_path", ctypes.c_char_p),
                ("jvm_options", ctypes.POINTER(ctypes.c_char_p)), ("warm_up", ctypes.c_int32),
                ("no_default_jvm_options", ctypes.c_int32)]


_P = ctypes.c_void_p
_I32, _I64, _U64, _INT = ctypes.c_int32, ctypes.c_int64, ctypes.c_uint64, ctypes.c_int
_REP = ctypes.POINTER(Report)
_TRANSFORM = [_INT, _I32, _INT, _INT, _P, _U64, _I64, _I32, _P, _U64, _REP]
_RAGGED = [_INT, _I32, _INT, _INT, _P, _U64, _P, _I64, _P, _U64, _REP]
_GROUPS = [_INT, _I32, _INT, _INT, _P, _U64, _I64, ctypes.POINTER(_Groups), _P, _U64, ctypes.POINTER(GroupsReport)]
_ESTIMATE = [_P, _U64, _I64, _I32, _P, _I32, _INT, _P, _U64, _REP]
_ESTIMATE_RAGGED = [_P, _U64, _P, _I64, _P, _I32, _INT, _P, _U64, _REP]
_SIGNATURES = {
    "pkpo_abi_version": ([], _I32),
    "pkpo_options_init": ([ctypes.POINTER(_Options)], _INT),
    "pkpo_init": ([ctypes.POINTER(_Options)], _INT),
    "pkpo_shutdown": ([], _INT),
    "pkpo_last_error": ([], ctypes.c_char_p),
    "pkpo_transform_f32": (_TRANSFORM, _INT),
    "pkpo_transform_f64": (_TRANSFORM, _INT),
    "pkpo_transform_ragged_f32": (_RAGGED, _INT),
    "pkpo_transform_ragged_f64": (_RAGGED, _INT),
    "pkpo_groups_init": ([ctypes.POINTER(_Groups)], _INT),
    "pkpo_transform_groups_f32": (_GROUPS, _INT),
    "pkpo_transform_groups_f64": (_GROUPS, _INT),
    "pkpo_estimate_f32": (_ESTIMATE, _INT),
    "pkpo_estimate_f64": (_ESTIMATE, _INT),
    "pkpo_estimate_ragged_f32": (_ESTIMATE_RAGGED, _INT),
    "pkpo_estimate_ragged_f64": (_ESTIMATE_RAGGED, _INT),
    "pkpo_pass_at_k": ([_P, _P, _U64, _I32, _P], _INT),
}

_PACKAGE_DIR = Path(__file__).resolve().parent
_LIB_NAME = "libpkpo.so"


def candidate_paths() -> list[tuple[str, Path]]:
    """Where libpkpo.so is looked for, in order, after ``PKPO_LIBRARY`` (which, when set, is the only place).

    1. next to this package (``pkpo/libpkpo.so``, with ``pkpo-ffi.jar`` beside it), for a copy bundled by hand;
    2. ``<sys.prefix>/lib/libpkpo.so``: the C library installed into the same prefix or venv as Python;
    3. the build tree of the checkout this file sits in (``<repo>/ffi/target/native/libpkpo.so``), when pkpo
       runs from ``python/`` of a checkout (``PYTHONPATH=python`` or an editable install);
    4. the build tree of the checkout a wheel was built from (recorded in ``pkpo/_build_tree.txt`` by the
       in-tree build backend), if it still exists.
    After these, the system's library search path (``ctypes.util.find_library("pkpo")``).
    """
    out = [("next to the package", _PACKAGE_DIR / _LIB_NAME),
           ("sys.prefix/lib", Path(sys.prefix) / "lib" / _LIB_NAME),
           ("source checkout's build tree", _PACKAGE_DIR.parent.parent / "ffi" / "target" / "native" / _LIB_NAME)]
    hint = _PACKAGE_DIR / "_build_tree.txt"
    if hint.is_file():
        out.append(("build tree the wheel was built from", Path(hint.read_text().strip()) / _LIB_NAME))
    return out


def find_library() -> str:
    """The path of the libpkpo.so that pkpo loads; raises LibraryNotFoundError naming every place tried."""
    env = os.environ.get("PKPO_LIBRARY")
    if env:
        if not os.path.isfile(env):
            raise LibraryNotFoundError(f"PKPO_LIBRARY={env!r} is not a file")
        return env
    tried = []
    for what, path in candidate_paths():
        if path.is_file():
            return str(path)
        tried.append(f"{path} ({what})")
    found = ctypes.util.find_library("pkpo")
    if found:
        return found
    tried.append("the system library path (ctypes.util.find_library('pkpo'))")
    raise LibraryNotFoundError(
        "libpkpo.so not found. Build it (mvn -B -pl ffi -am package -DskipTests) and set PKPO_LIBRARY to "
        "its path (it needs pkpo-ffi.jar beside it), or install it. Tried: " + "; ".join(tried))


class _State:
    lock = threading.Lock()
    lib: Optional[ctypes.CDLL] = None
    path: Optional[str] = None
    initialized = False


def _reset_lock_in_child() -> None:
    # A fork while another thread held the lock would leave it held forever in the child: the child must
    # get PKPO_ERR_FORKED from the library, never hang here.
    _State.lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_reset_lock_in_child)


def _load_locked() -> ctypes.CDLL:
    if _State.lib is None:
        path = find_library()
        try:
            lib = ctypes.CDLL(path)
        except OSError as e:
            raise LibraryNotFoundError(f"cannot load {path}: {e}") from e
        for name, (argtypes, restype) in _SIGNATURES.items():
            try:
                fn = getattr(lib, name)
            except AttributeError as e:
                raise LibraryNotFoundError(f"{path} lacks {name}: not a libpkpo.so of ABI {ABI_VERSION}") from e
            fn.argtypes, fn.restype = argtypes, restype
        version = lib.pkpo_abi_version()
        if version != ABI_VERSION:
            raise LibraryNotFoundError(
                f"{path} has ABI version {version}, this package needs {ABI_VERSION}", reason="ABI_MISMATCH")
        _State.lib, _State.path = lib, path
    return _State.lib


def library() -> ctypes.CDLL:
    """The loaded libpkpo.so (loaded on first use; pkpo_init not necessarily called)."""
    lib = _State.lib
    if lib is not None:
        return lib
    with _State.lock:
        return _load_locked()


def library_path() -> str:
    """The path of the loaded libpkpo.so (loading it if needed)."""
    library()
    return _State.path  # type: ignore[return-value]


def check(lib: ctypes.CDLL, rc: int) -> None:
    """Raises PkpoError for a negative return code, with the calling thread's pkpo_last_error()."""
    if rc < 0:
        raise PkpoError(rc, (lib.pkpo_last_error() or b"").decode("utf-8", "replace"))


def init(java_home: Optional[str] = None, jar_path: Optional[str] = None,
         jvm_options: Sequence[str] = (), warm_up: bool = True) -> None:
    """Starts the engine (a JDK 25 JVM inside this process) with explicit options.

    Optional: the first transform, estimate or pass_at_k call initialises with the defaults. Call this
    first to choose the JDK (``java_home``; default ``$JAVA_HOME`` if it is 25+, then the usual install
    places), the jar (``jar_path``; default pkpo-ffi.jar next to libpkpo.so, then in ``pkpo/`` beside it, then ``$PKPO_JAR``), extra
    JVM options (e.g. ``["-Xmx1g"]``) or to skip the warm-up (``warm_up=False``: faster start, slower
    first calls). Raises PkpoError with reason ``ALREADY_INITIALIZED`` if the engine already runs,
    ``JVM_NOT_FOUND`` or ``JAR_NOT_FOUND`` (nothing started: fix and call again), ``FORKED`` in a
    child forked after initialisation. Thread-safe.
    """
    with _State.lock:
        lib = _load_locked()
        opts = _Options()
        check(lib, lib.pkpo_options_init(ctypes.byref(opts)))
        keep = []  # the C strings must live until pkpo_init returns (it copies them)
        if java_home is not None:
            keep.append(os.fsencode(java_home))
            opts.java_home = keep[-1]
        if jar_path is not None:
            keep.append(os.fsencode(jar_path))
            opts.jar_path = keep[-1]
        if jvm_options:
            arr = (ctypes.c_char_p * (len(jvm_options) + 1))(*[o.encode() for o in jvm_options], None)
            keep.append(arr)
            opts.jvm_options = ctypes.cast(arr, ctypes.POINTER(ctypes.c_char_p))
        opts.warm_up = 1 if warm_up else 0
        check(lib, lib.pkpo_init(ctypes.byref(opts)))
        _State.initialized = True


def ready() -> ctypes.CDLL:
    """The library, initialised with the defaults on first use (once, under a lock)."""
    lib = _State.lib
    if lib is not None and _State.initialized:
        return lib
    with _State.lock:
        lib = _load_locked()
        if not _State.initialized:
            rc = lib.pkpo_init(None)
            # Another user of libpkpo.so in this process may have started it already: that is fine.
            if rc != ErrorCode.ALREADY_INITIALIZED:
                check(lib, rc)
            _State.initialized = True
        return lib


def shutdown() -> None:
    """Stops the engine's JVM. Final: a JVM cannot be created twice in one process, so every later call
    raises PkpoError with reason ``SHUT_DOWN``. Optional; a process may simply exit."""
    with _State.lock:
        lib = _load_locked()
        check(lib, lib.pkpo_shutdown())


def abi_version() -> int:
    """PKPO_ABI_VERSION of the loaded library (works without initialisation, in any process)."""
    return int(library().pkpo_abi_version())
