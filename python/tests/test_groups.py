"""Grouped calls (pkpo_transform_groups_*): ids in any order, masks, k per group, too-small groups, against one
transform call per group, bit for bit."""
import numpy as np
import pytest

import pkpo

RNG = np.random.default_rng(11)
ESTIMATORS = ["rho", "s", "sloo", "sloo_minus_one", "loo"]


def _batch(dtype, groups=23, lo=3, hi=20):
    """Contiguous groups of sizes lo..hi, their ids (distinct, any values), and the samples interleaved at random
    with each group's own samples kept in order (a sum such as loo's mean depends on that order)."""
    sizes = RNG.integers(lo, hi + 1, groups)
    r = RNG.random(int(sizes.sum())).astype(dtype)
    r[RNG.random(r.size) < 0.3] = 1.0
    group = np.repeat(np.arange(groups), sizes)
    labels = RNG.permutation(group)  # the group of each shuffled position
    perm = np.empty(r.size, np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes)])
    nxt = starts[:-1].copy()
    for i, g in enumerate(labels):
        perm[i] = nxt[g]
        nxt[g] += 1
    return r, sizes, starts, group, perm


def _first_appearance(ids):
    u, first = np.unique(ids, return_index=True)
    return u[np.argsort(first)]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("estimator", ESTIMATORS)
@pytest.mark.parametrize("id_dtype", [np.int32, np.int64])
def test_shuffled_ids_are_per_group_calls(dtype, estimator, id_dtype):
    r, sizes, starts, group, perm = _batch(dtype)
    k = 1 if estimator == "loo" else 2
    gid = (RNG.permutation(len(sizes)) * 7919 - 10**5).astype(id_dtype)  # any values, negative too
    rs, ids = r[perm], gid[group[perm]]
    got, rep = pkpo.transform(rs, estimator, k, ids=ids, return_report=True)
    assert isinstance(rep, pkpo.GroupsReport)
    assert (rep.groups, rep.samples, rep.masked_samples, rep.zeroed_groups) == (len(sizes), r.size, 0, 0)
    if estimator == "rho":
        order = _first_appearance(ids)
        want = [pkpo.transform(r[starts[g]:starts[g + 1]], "rho", k) for g in range(len(sizes))]
        rank = {int(v): g for g, v in enumerate(gid)}
        np.testing.assert_array_equal(got, np.array([want[rank[int(v)]] for v in order], dtype))
        return
    want = np.concatenate([pkpo.transform(r[starts[g]:starts[g + 1]], estimator, k) for g in range(len(sizes))])
    np.testing.assert_array_equal(got, want[perm])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("estimator", ESTIMATORS)
def test_a_masked_sample_is_the_sample_removed(dtype, estimator):
    r, sizes, starts, group, perm = _batch(dtype, lo=6)
    k = 1 if estimator == "loo" else 2
    mask = np.ones(r.size, bool)
    for g in range(len(sizes)):  # up to 3 masked per group: at least 3 valid stay
        drop = RNG.choice(sizes[g], RNG.integers(0, 4), replace=False)
        mask[starts[g] + drop] = False
    masked = r.copy()
    masked[~mask] = np.nan  # never read
    for m in (mask, mask.astype(np.uint8), mask.astype(np.int64) * 5):
        got, rep = pkpo.transform(masked, estimator, k, offsets=starts, mask=m, scale="per_sample",
                                  return_report=True)
        assert rep.masked_samples == int((~mask).sum()) and rep.samples == r.size
        per = [pkpo.transform(r[starts[g]:starts[g + 1]][mask[starts[g]:starts[g + 1]]], estimator, k,
                              scale="per_sample") for g in range(len(sizes))]
        if estimator == "rho":
            np.testing.assert_array_equal(got, np.array(per, dtype))
        else:
            want = np.zeros(r.size, dtype)
            want[mask] = np.concatenate(per)
            np.testing.assert_array_equal(got, want)
    # The same with the samples shuffled and grouped by ids.
    ids = group[perm] * 3 + 1
    got = pkpo.transform(masked[perm], estimator, k, ids=ids, mask=mask[perm], scale="per_sample")
    if estimator != "rho":
        full = pkpo.transform(masked, estimator, k, offsets=starts, mask=mask, scale="per_sample")
        np.testing.assert_array_equal(got, full[perm])


@pytest.mark.parametrize("estimator", ["rho", "s", "sloo", "sloo_minus_one"])
def test_k_per_group_is_one_call_per_group_with_its_k(estimator):
    r = RNG.random((9, 8))
    ks = RNG.integers(1, 8, 9).astype(np.int32)  # < n: sloo too
    got = pkpo.transform(r, estimator, 99, k_per_group=ks)  # the call's k is not used
    want = np.array([pkpo.transform(r[g], estimator, int(ks[g])) for g in range(9)])
    np.testing.assert_array_equal(got, want)
    # A mask in the uniform form, as a 2-D array of the rewards' shape.
    mask = RNG.random((9, 8)) > 0.2
    mask[:, :2] = True
    got = pkpo.transform(r, estimator, 1, k_per_group=np.minimum(ks, 1), mask=mask)
    for g in range(9):
        one = pkpo.transform(r[g][mask[g]], estimator, 1)
        if estimator == "rho":
            assert got[g] == one
        else:
            np.testing.assert_array_equal(got[g][mask[g]], one)
            assert not got[g][~mask[g]].any()


def test_too_small_groups():
    r = np.array([1, 1, 0, 1, 0.25, 0.5], np.float32)
    ids = np.array([7, 3, 7, 9, 3, 9], np.int64)
    valid = np.array([1, 1, 1, 1, 0, 1], np.uint8)
    with pytest.raises(pkpo.PkpoError) as e:
        pkpo.transform(r, "sloo_minus_one", 1, ids=ids, mask=valid)
    assert e.value.reason == "BAD_K"
    assert "group 1 (id 3) has 1 valid sample (of 2), too few for k=1" in e.value.message
    adv, rep = pkpo.transform(r, "sloo_minus_one", 1, ids=ids, mask=valid, too_small="zero", return_report=True)
    assert (rep.groups, rep.zeroed_groups, rep.masked_samples) == (3, 1, 1)
    assert adv[1] == 0 and adv[4] == 0
    np.testing.assert_array_equal(adv[[0, 2]], pkpo.transform(r[[0, 2]], "sloo_minus_one", 1))
    np.testing.assert_array_equal(adv[[3, 5]], pkpo.transform(r[[3, 5]], "sloo_minus_one", 1))
    rho = pkpo.transform(r, "rho", 1, ids=ids, mask=valid, too_small=pkpo.TooSmall.ZERO)
    assert rho.shape == (3,) and rho[1] == 1.0  # group 3's one valid sample: rho at k = 1 is its reward
    rho = pkpo.transform(r, "rho", 2, ids=ids, mask=valid, too_small="zero")
    assert rho[1] == 0 and rho[0] == 1.0 and rho[2] == 1.0


def test_out_and_in_place():
    r = RNG.random(40)
    ids = RNG.integers(0, 5, 40)
    want = pkpo.transform(r, "s", 1, ids=ids)
    x = r.copy()
    assert pkpo.transform(x, "s", 1, ids=ids, out=x) is x
    np.testing.assert_array_equal(x, want)
    out = np.full(40, -1.0)
    rho = pkpo.transform(r, "rho", 1, ids=ids, out=out)
    assert rho.base is out and rho.shape == (len(np.unique(ids)),)
    with pytest.raises(pkpo.PkpoError) as e:
        pkpo.transform(r, "rho", 1, ids=ids, out=np.zeros(2))
    assert e.value.reason == "BUFFER_TOO_SMALL"


def test_bad_arguments():
    r = np.zeros(6)
    for kwargs, needle in [(dict(ids=np.zeros(5, np.int64)), "one id per sample"),
                           (dict(ids=np.zeros(6), mask=None), "expected integers"),
                           (dict(mask=np.ones(5, bool)), "one entry per sample"),
                           (dict(ids=np.zeros(6, np.int64), offsets=[0, 6]), "not both"),
                           (dict(too_small="maybe"), "too_small"),
                           (dict(offsets=[0, 3, 5], mask=np.ones(6, bool)), "must equal the sample count 6")]:
        with pytest.raises(pkpo.PkpoError) as e:
            pkpo.transform(r, "s", 1, **kwargs)
        assert needle in str(e.value), (kwargs, str(e.value))
    with pytest.raises(pkpo.PkpoError) as e:
        pkpo.transform(np.zeros((2, 3)), "s", 1, ids=np.zeros(6, np.int32))
    assert "1-D" in str(e.value)
