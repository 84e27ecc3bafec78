"""Calling libpkpo.so from Python with only ctypes and numpy: the transform runs in place on the numpy
array's own memory (arr.ctypes.data), no copies.

usage: python3 pkpo_example.py path/to/libpkpo.so [path/to/golden.jsonl]
Run by `make -C ffi test` when numpy is installed; with golden.jsonl it also checks every sloo_minus_one
vector in float32 and float64 and exits non-zero on a mismatch.
"""
import ctypes
import json
import sys

import numpy as np

# The explicit values of pkpo.h (ABI: they never change).
PKPO_RHO, PKPO_S, PKPO_SLOO, PKPO_SLOO_MINUS_ONE, PKPO_LOO = 0, 1, 2, 3, 4
PKPO_SCALE_PAPER, PKPO_SCALE_PER_SAMPLE = 0, 1
PKPO_NON_FINITE_REJECT, PKPO_NON_FINITE_EXCLUDE = 0, 1
PKPO_ERR_NON_FINITE = -7


class Report(ctypes.Structure):
    _fields_ = [("groups", ctypes.c_int64), ("samples", ctypes.c_int64),
                ("excluded_samples", ctypes.c_int64), ("zeroed_groups", ctypes.c_int64)]


def load(path):
    lib = ctypes.CDLL(path)
    transform_args = [ctypes.c_int, ctypes.c_int32, ctypes.c_int, ctypes.c_int,   # estimator, k, scale, non_finite
                      ctypes.c_void_p, ctypes.c_uint64, ctypes.c_int64, ctypes.c_int32,  # rewards, len, groups, n
                      ctypes.c_void_p, ctypes.c_uint64, ctypes.POINTER(Report)]      # out, len, report
    for name in ("pkpo_transform_f32", "pkpo_transform_f64"):
        getattr(lib, name).argtypes = transform_args
        getattr(lib, name).restype = ctypes.c_int
    lib.pkpo_init.argtypes = [ctypes.c_void_p]
    lib.pkpo_last_error.restype = ctypes.c_char_p
    return lib


def transform_inplace(lib, rewards, estimator, k, non_finite=PKPO_NON_FINITE_REJECT):
    """In place on a C-contiguous (groups, n) float32 or float64 array; returns the Report."""
    assert rewards.flags.c_contiguous and rewards.ndim == 2
    fn = lib.pkpo_transform_f32 if rewards.dtype == np.float32 else lib.pkpo_transform_f64
    rep = Report()
    rc = fn(estimator, k, PKPO_SCALE_PAPER, non_finite, rewards.ctypes.data, rewards.size, rewards.shape[0],
            rewards.shape[1], rewards.ctypes.data, rewards.size, ctypes.byref(rep))
    if rc < 0:
        raise ValueError(f"pkpo error {rc}: {lib.pkpo_last_error().decode()}")
    return rep


def main():
    lib = load(sys.argv[1])
    if lib.pkpo_init(None) != 0:
        sys.exit("pkpo_init: " + lib.pkpo_last_error().decode())

    # The README example: 2 groups of 4 rewards, loo advantages in place.
    r = np.array([[1, 0, 0, 1], [0, 0, 0, 1]], dtype=np.float32)
    transform_inplace(lib, r, PKPO_LOO, 1)
    print("loo:", r.tolist())
    want = np.array([[2 / 3, -2 / 3, -2 / 3, 2 / 3], [-1 / 3, -1 / 3, -1 / 3, 1]], dtype=np.float32)
    assert np.allclose(r, want, atol=1e-6), r

    # Errors come back as codes with a message; the interpreter lives on.
    bad = np.array([[0.5, np.nan, 1.0, 0.0]])
    try:
        transform_inplace(lib, bad, PKPO_S, 2)
        sys.exit("NaN was not rejected")
    except ValueError as e:
        assert "non-finite reward" in str(e), e
        print("rejected as expected:", e)
    rep = transform_inplace(lib, bad, PKPO_S, 2, PKPO_NON_FINITE_EXCLUDE)
    assert rep.excluded_samples == 1 and bad[0, 1] == 0.0

    checked = 0
    if len(sys.argv) > 2:
        with open(sys.argv[2]) as f:
            for line in f:
                case = json.loads(line)
                if case["estimator"] != "sloo_minus_one":
                    continue
                g = np.array(case["rewards"])
                scale = max(np.abs(g).max(), 1e-300) if np.abs(g).max() > 0 else 1.0
                for dtype, tol in ((np.float64, 1e-12), (np.float32, 1e-5)):
                    x = g.astype(dtype).reshape(1, -1)
                    transform_inplace(lib, x, PKPO_SLOO_MINUS_ONE, case["k"])
                    err = np.abs(x[0].astype(np.float64) - np.array(case["expected"])).max()
                    if err > tol * scale:
                        sys.exit(f"{case['id']} {dtype.__name__}: off by {err}")
                    checked += 1
    print(f"python example: ok ({checked} golden checks)")


if __name__ == "__main__":
    main()
