"""Errors: PkpoError (a ValueError) with the ABI's code, the reason and the engine's message; nothing written."""
import ctypes.util
import pickle

import numpy as np
import pytest

import pkpo
from pkpo import ErrorCode, PkpoError


def raises(code, fn, *args, **kwargs) -> PkpoError:
    with pytest.raises(PkpoError) as info:
        fn(*args, **kwargs)
    e = info.value
    assert isinstance(e, ValueError)
    assert e.code == code and e.reason == ErrorCode(code).name, (e.code, e.reason, str(e))
    assert e.message and e.message in str(e)
    return e


def test_bad_k():
    g = np.zeros((2, 4))
    e = raises(-6, pkpo.transform, g, "sloo", 4)
    assert "sloo_minus_one" in e.message  # the engine's hint
    raises(ErrorCode.BAD_K, pkpo.transform, g, "loo", 2)
    raises(ErrorCode.BAD_K, pkpo.estimate, g, [1, 5])
    raises(ErrorCode.BAD_K, pkpo.pass_at_k, 3, 1, 4)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_non_finite_rejected_nothing_written_or_excluded(dtype):
    r = np.array([[0.5, 0.25, 1.0, 0.0], [0.5, np.nan, 1.0, 0.0]], dtype)
    out = np.full_like(r, 7)
    e = raises(ErrorCode.NON_FINITE, pkpo.transform, r, "s", 2, out=out)
    assert "non-finite" in e.message
    assert (out == 7).all()
    out2, rep = pkpo.transform(r, "s", 2, non_finite="exclude", return_report=True)
    assert rep.excluded_samples == 1 and rep.groups == 2 and rep.samples == 8 and out2[1, 1] == 0
    np.testing.assert_allclose(out2[1, [0, 2, 3]], pkpo.transform(r[1, [0, 2, 3]], "s", 2), rtol=1e-6)


def test_overlap_and_enums_and_arguments():
    buf = np.zeros(10)
    raises(ErrorCode.OVERLAP, pkpo.transform, buf[:8].reshape(2, 4), "s", 2, out=buf[2:10].reshape(2, 4))
    g = np.zeros((2, 4))
    raises(ErrorCode.INVALID_ARGUMENT, pkpo.transform, g, "sloo-minus-two", 2)
    raises(ErrorCode.INVALID_ARGUMENT, pkpo.transform, g, "s", 2, scale="per-group")
    raises(ErrorCode.INVALID_ARGUMENT, pkpo.transform, g, "s", 2, non_finite=True)
    raises(ErrorCode.INVALID_ARGUMENT, pkpo.transform, g, "s", 2.0)
    raises(ErrorCode.INVALID_ARGUMENT, pkpo.transform, g, "s", 2, out=np.zeros((2, 4), np.float32))
    raises(ErrorCode.INVALID_ARGUMENT, pkpo.transform, g, "rho", 2, out=g)  # rho writes one value a group
    raises(ErrorCode.INVALID_ARGUMENT, pkpo.transform, np.zeros(8), "s", 2, offsets=[0, 6, 4])
    raises(ErrorCode.INVALID_ARGUMENT, pkpo.transform, np.zeros(8), "s", 2, offsets=[[0, 8]])
    raises(ErrorCode.BUFFER_TOO_SMALL, pkpo.transform, np.zeros(8), "s", 2, offsets=[0, 4, 9])
    raises(ErrorCode.INVALID_ARGUMENT, pkpo.pass_at_k, 4, 5, 2)
    raises(ErrorCode.INVALID_ARGUMENT, pkpo.pass_at_k, 4.5, 1, 2)
    raises(ErrorCode.INVALID_ARGUMENT, pkpo.pass_at_k, [4, 4], [1, 1, 1], 2)
    ro = np.zeros((2, 4))
    ro.flags.writeable = False
    raises(ErrorCode.INVALID_ARGUMENT, pkpo.transform, ro, "s", 2, out=ro)
    raises(ErrorCode.ALREADY_INITIALIZED, pkpo.init)


def test_error_survives_pickling():
    e = pickle.loads(pickle.dumps(PkpoError(-7, "group 1, position 2: NaN")))
    assert (e.code, e.reason, e.message) == (ErrorCode.NON_FINITE, "NON_FINITE", "group 1, position 2: NaN")
    assert PkpoError(-99, "new").reason == "UNKNOWN"


def test_library_not_found(monkeypatch, tmp_path):
    monkeypatch.setenv("PKPO_LIBRARY", str(tmp_path / "nothing.so"))
    with pytest.raises(pkpo.LibraryNotFoundError, match="PKPO_LIBRARY"):
        pkpo.find_library()
    monkeypatch.delenv("PKPO_LIBRARY")
    monkeypatch.setattr(pkpo._native, "candidate_paths", lambda: [("nowhere", tmp_path / "libpkpo.so")])
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    with pytest.raises(pkpo.LibraryNotFoundError) as info:
        pkpo.find_library()
    assert info.value.reason == "LIBRARY_NOT_FOUND" and info.value.code is None
    assert isinstance(info.value, (ValueError)) and isinstance(info.value, OSError)
    assert str(tmp_path) in str(info.value) and "PKPO_LIBRARY" in str(info.value)


def test_discovery_order_and_abi():
    places = [what for what, _ in pkpo.candidate_paths()]
    assert places[:3] == ["next to the package", "sys.prefix/lib", "source checkout's build tree"]
    assert pkpo.abi_version() == pkpo.ABI_VERSION == 2
    assert pkpo.library_path().endswith("libpkpo.so")
