"""testdata/vectors/golden.jsonl through the package, float32 and float64, with the tolerances its README
states: |out - expected| <= 1e-12 * scale (float64), 1e-5 * scale (float32), scale = max |g| or 1."""
import numpy as np
import pytest

import pkpo

TOL = {np.float64: 1e-12, np.float32: 1e-5}


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["f64", "f32"])
def test_transforms_and_rho(golden, dtype):
    checked = 0
    for case in golden:
        if case["estimator"] == "pass_at_k":
            continue
        g = np.array(case["rewards"], dtype=dtype)
        scale = float(np.abs(g).max()) or 1.0
        got = pkpo.transform(g.reshape(1, -1), case["estimator"], case["k"])
        assert got.dtype == dtype
        want = np.asarray(case["expected"], dtype=np.float64).reshape(got.shape)
        err = float(np.abs(got.astype(np.float64) - want).max())
        assert err <= TOL[dtype] * scale, f"{case['id']} {np.dtype(dtype).name}: off by {err}"
        checked += 1
    assert checked == 1512


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["f64", "f32"])
def test_batched_equals_one_by_one(golden, dtype):
    """All sloo_minus_one k=2, n=8 vectors in one (groups, n) call: row i is group i (within the accuracy
    contract: the batched call may take the SIMD lane kernels, one group the scalar path)."""
    cases = [c for c in golden if c["estimator"] == "sloo_minus_one" and c["k"] == 2 and len(c["rewards"]) == 8]
    assert len(cases) >= 2
    batch = np.array([c["rewards"] for c in cases], dtype=dtype)
    together = pkpo.transform(batch, "sloo_minus_one", 2)
    for i, row in enumerate(batch):
        spread = float(row.max() - row.min())
        np.testing.assert_allclose(together[i], pkpo.transform(row, "sloo_minus_one", 2), rtol=0,
                                   atol=4 * 3 * np.finfo(dtype).eps * spread)


def test_estimate_matches_rho_vectors(golden):
    for case in golden:
        if case["estimator"] != "rho":
            continue
        g = np.array(case["rewards"])
        got = pkpo.estimate(g, [case["k"]])
        assert got.shape == (1,)
        assert abs(got[0] - case["expected"]) <= 1e-12 * (float(np.abs(g).max()) or 1.0), case["id"]


def test_pass_at_k(golden):
    cases = [c for c in golden if c["estimator"] == "pass_at_k"]
    assert len(cases) == 100
    for k in sorted({c["k"] for c in cases}):
        sub = [c for c in cases if c["k"] == k]
        got = pkpo.pass_at_k(np.array([c["n"] for c in sub]), [c["c"] for c in sub], k)
        np.testing.assert_allclose(got, [c["expected"] for c in sub], rtol=1e-12, atol=1e-15)
    one = cases[-1]
    value = pkpo.pass_at_k(one["n"], one["c"], one["k"])
    assert isinstance(value, float) and abs(value - one["expected"]) <= 1e-12


def test_per_sample_scale_is_paper_times_n():
    g = np.random.default_rng(1).random((5, 8))
    paper = pkpo.transform(g, "sloo_minus_one", 3)
    np.testing.assert_allclose(pkpo.transform(g, "sloo_minus_one", 3, scale="per_sample"), paper * 8, rtol=1e-12)
    loo = pkpo.transform(g, "loo", 1)
    np.testing.assert_array_equal(pkpo.transform(g, pkpo.Estimator.LOO, 1, scale=pkpo.Scale.PER_SAMPLE), loo)
