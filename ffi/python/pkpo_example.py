"""Calling libpkpo.so from Python with only ctypes and numpy: the transform runs in place on the numpy
array's own memory (arr.ctypes.data), no copies. Also a trainer's batch (pkpo_transform_groups_f32: prompt ids in
any order, a validity mask and a k per prompt), checked against one call per group, and one evaluation from counts
(pkpo_eval_counts: pass@k for every k with standard errors), checked against a value worked out by hand.

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
PKPO_METRIC_PASS, PKPO_METRIC_PASS_HAT = 0, 1
PKPO_ERR_NON_FINITE = -7
PKPO_GROUPS_IDS64, PKPO_TOO_SMALL_ZERO = 3, 1


class Report(ctypes.Structure):
    _fields_ = [("groups", ctypes.c_int64), ("samples", ctypes.c_int64),
                ("excluded_samples", ctypes.c_int64), ("zeroed_groups", ctypes.c_int64)]


class Groups(ctypes.Structure):
    """pkpo_groups_t: how samples form groups (filled by pkpo_groups_init, then set)."""
    _fields_ = [("size", ctypes.c_uint64), ("form", ctypes.c_int32), ("n", ctypes.c_int32),
                ("offsets", ctypes.c_void_p), ("groups", ctypes.c_int64), ("ids", ctypes.c_void_p),
                ("mask", ctypes.c_void_p), ("k_per_group", ctypes.c_void_p), ("k_per_group_len", ctypes.c_uint64),
                ("too_small", ctypes.c_int32), ("reserved", ctypes.c_int32)]


class GroupsReport(ctypes.Structure):
    _fields_ = [("groups", ctypes.c_int64), ("samples", ctypes.c_int64), ("excluded_samples", ctypes.c_int64),
                ("zeroed_groups", ctypes.c_int64), ("masked_samples", ctypes.c_int64),
                ("reserved", ctypes.c_int64 * 3)]


class EvalRow(ctypes.Structure):
    """pkpo_eval_row_t: one k of pkpo_eval_counts (56 bytes)."""
    _fields_ = [("k", ctypes.c_int32), ("reserved", ctypes.c_int32), ("problems", ctypes.c_int64),
                ("refused", ctypes.c_int64), ("without_variance", ctypes.c_int64), ("estimate", ctypes.c_double),
                ("se_within", ctypes.c_double), ("se_across", ctypes.c_double)]


def load(path):
    lib = ctypes.CDLL(path)
    transform_args = [ctypes.c_int, ctypes.c_int32, ctypes.c_int, ctypes.c_int,   # estimator, k, scale, non_finite
                      ctypes.c_void_p, ctypes.c_uint64, ctypes.c_int64, ctypes.c_int32,  # rewards, len, groups, n
                      ctypes.c_void_p, ctypes.c_uint64, ctypes.POINTER(Report)]      # out, len, report
    for name in ("pkpo_transform_f32", "pkpo_transform_f64"):
        getattr(lib, name).argtypes = transform_args
        getattr(lib, name).restype = ctypes.c_int
    lib.pkpo_groups_init.argtypes = [ctypes.POINTER(Groups)]
    lib.pkpo_transform_groups_f32.argtypes = [ctypes.c_int, ctypes.c_int32, ctypes.c_int, ctypes.c_int,
                                              ctypes.c_void_p, ctypes.c_uint64, ctypes.c_int64,  # rewards, len, samples
                                              ctypes.POINTER(Groups), ctypes.c_void_p, ctypes.c_uint64,
                                              ctypes.POINTER(GroupsReport)]
    lib.pkpo_eval_counts.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int64,  # metric, n, c, problems
                                     ctypes.c_void_p, ctypes.c_int32, ctypes.POINTER(EvalRow),     # ks, num_k, rows
                                     ctypes.c_uint64, ctypes.c_void_p, ctypes.c_void_p,            # rows_len, estimate, variance
                                     ctypes.c_uint64]                                              # per_problem_len
    lib.pkpo_eval_counts.restype = ctypes.c_int
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


def eval_counts(lib, n, c, ks, metric=PKPO_METRIC_PASS):
    """pass@k (or pass^k) over problems from counts: the rows, and each problem's estimate and variance."""
    n = np.ascontiguousarray(n, dtype=np.int64)
    c = np.ascontiguousarray(c, dtype=np.int64)
    ks = np.ascontiguousarray(ks, dtype=np.int32)
    rows = (EvalRow * len(ks))()
    est = np.empty((len(n), len(ks)))
    var = np.empty((len(n), len(ks)))
    rc = lib.pkpo_eval_counts(metric, n.ctypes.data, c.ctypes.data, len(n), ks.ctypes.data, len(ks), rows, len(ks),
                              est.ctypes.data, var.ctypes.data, est.size)
    if rc < 0:
        raise ValueError(f"pkpo error {rc}: {lib.pkpo_last_error().decode()}")
    return list(rows), est, var


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

    # A trainer's batch: 3 prompts, samples in any order, sample 4 failed to score (masked: its NaN is never read),
    # k = 2 for the prompt seen first and 1 for the others; under PKPO_TOO_SMALL_ZERO a prompt left with too few valid
    # samples would get zeros instead of failing the call.
    r = np.array([1, 0, 0, 1, np.nan, 1, 0.5, 0], dtype=np.float32)
    ids = np.array([7, 3, 7, 9, 3, 9, 3, 7], dtype=np.int64)     # groups by first appearance: 7, 3, 9
    valid = np.array([1, 1, 1, 1, 0, 1, 1, 1], dtype=np.uint8)
    ks = np.array([2, 1, 1], dtype=np.int32)
    g = Groups()
    lib.pkpo_groups_init(ctypes.byref(g))
    g.form, g.ids, g.mask, g.too_small = PKPO_GROUPS_IDS64, ids.ctypes.data, valid.ctypes.data, PKPO_TOO_SMALL_ZERO
    g.k_per_group, g.k_per_group_len = ks.ctypes.data, len(ks)
    adv, grep = np.empty_like(r), GroupsReport()
    rc = lib.pkpo_transform_groups_f32(PKPO_SLOO_MINUS_ONE, 1, PKPO_SCALE_PAPER, PKPO_NON_FINITE_REJECT, r.ctypes.data,
                                       r.size, r.size, ctypes.byref(g), adv.ctypes.data, adv.size, ctypes.byref(grep))
    assert rc == 0, lib.pkpo_last_error()
    for id_, k in ((7, 2), (3, 1), (9, 1)):              # each group alone, its valid samples, its k: the same bits
        at = np.flatnonzero((ids == id_) & (valid == 1))
        one = r[at].reshape(1, -1).copy()
        transform_inplace(lib, one, PKPO_SLOO_MINUS_ONE, k)
        assert np.array_equal(adv[at], one[0]), (id_, adv[at], one)
    assert adv[4] == 0 and (grep.groups, grep.masked_samples, grep.zeroed_groups) == (3, 1, 0), grep
    print("groups:", adv.tolist())

    # Evaluation from counts: 3 problems of which one (n = 1) is too small for k = 2 and is refused.
    assert ctypes.sizeof(EvalRow) == 56
    rows, est, var = eval_counts(lib, n=[10, 4, 1], c=[3, 4, 1], ks=[1, 2])
    want = (1 - 21 / 45 + 1) / 2                   # pass@2: 1 - C(7,2)/C(10,2) and 1, over 2 problems
    assert (rows[1].k, rows[1].problems, rows[1].refused) == (2, 2, 1), (rows[1].k, rows[1].problems, rows[1].refused)
    assert abs(rows[1].estimate - want) < 1e-15 and np.isnan(est[2, 1]), (rows[1].estimate, est)
    assert abs(var[0, 1] - ((21 / 45) ** 2 - 35 / 210)) < 1e-15, var   # V = a^2 - C(7,4)/C(10,4)
    print(f"eval: pass@2 = {rows[1].estimate:.6f} +- {rows[1].se_within:.6f} (within), refused {rows[1].refused}")

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
