"""Shapes, dtypes, offsets, out= and in place, copies of non-contiguous input, other array protocols."""
import numpy as np
import pytest

import pkpo

RNG = np.random.default_rng(7)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_shapes_and_dtypes(dtype):
    r = RNG.random((2, 3, 8)).astype(dtype)
    out = pkpo.transform(r, "s", 3)
    assert out.shape == (2, 3, 8) and out.dtype == dtype
    np.testing.assert_array_equal(out.reshape(6, 8), pkpo.transform(r.reshape(6, 8), "s", 3))
    assert pkpo.transform(r, "rho", 3).shape == (2, 3)
    assert pkpo.transform(r[0, 0], "rho", 3).shape == ()
    assert pkpo.transform(r[0, 0], "loo", 1).shape == (8,)
    assert pkpo.estimate(r, [1, 2]).shape == (2, 2, 3)
    assert pkpo.estimate(r, 2).shape == (2, 3)
    np.testing.assert_array_equal(pkpo.estimate(r, [1, 2])[1], pkpo.transform(r, "rho", 2))


def test_other_dtypes_become_float64():
    ints = np.array([[1, 0, 0, 1], [0, 0, 0, 1]])
    out = pkpo.transform(ints, "loo", 1)
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, [[2 / 3, -2 / 3, -2 / 3, 2 / 3], [-1 / 3, -1 / 3, -1 / 3, 1]])
    np.testing.assert_array_equal(pkpo.transform([[1, 0, 0, 1]], "loo", 1), out[:1])
    np.testing.assert_array_equal(pkpo.estimate(ints.astype(bool), [1, 4]), [[0.5, 0.25], [1, 1]])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_offsets(dtype):
    r = RNG.random(12).astype(dtype)
    off = [2, 5, 9, 12]  # r[0:2] is in no group
    out = pkpo.transform(r, "sloo_minus_one", 2, offsets=off)
    assert out.shape == (12,) and out.dtype == dtype
    assert out[0] == 0 and out[1] == 0
    for a, b in zip(off, off[1:]):
        np.testing.assert_allclose(out[a:b], pkpo.transform(r[a:b], "sloo_minus_one", 2), rtol=1e-6, atol=0)
    rho = pkpo.transform(r, "rho", 2, offsets=np.array(off, dtype=np.int32))
    assert rho.shape == (3,)
    est = pkpo.estimate(r, [1, 3], offsets=off)
    assert est.shape == (2, 3)
    np.testing.assert_allclose(est[1], [pkpo.estimate(r[a:b], 3) for a, b in zip(off, off[1:])], rtol=1e-6)
    given = np.full(12, 9, dtype)
    assert pkpo.transform(r, "s", 2, offsets=off, out=given) is given
    assert given[0] == 9 and given[1] == 9  # outside every group: untouched


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_out_and_in_place(dtype):
    r = RNG.random((4, 6)).astype(dtype)
    want = pkpo.transform(r, "sloo", 2)
    out = np.empty_like(r)
    assert pkpo.transform(r, "sloo", 2, out=out) is out
    np.testing.assert_array_equal(out, want)
    address = r.ctypes.data
    assert pkpo.transform(r, "sloo", 2, out=r) is r  # in place, on the array's own memory
    assert r.ctypes.data == address
    np.testing.assert_array_equal(r, want)
    rho = np.empty(4, dtype)
    assert pkpo.estimate(r, 2, out=rho) is rho


def test_non_contiguous_input_is_copied_and_left_alone():
    base = RNG.random((8, 6))
    view = base.T  # (6, 8), not C-contiguous
    before = view.copy()
    np.testing.assert_array_equal(pkpo.transform(view, "s", 2), pkpo.transform(np.ascontiguousarray(view), "s", 2))
    np.testing.assert_array_equal(view, before)
    strided = base[:, ::2]
    np.testing.assert_array_equal(pkpo.transform(strided, "s", 2), pkpo.transform(strided.copy(), "s", 2))
    swapped = base.astype(">f8")  # not native-endian
    np.testing.assert_array_equal(pkpo.transform(swapped, "s", 2), pkpo.transform(base, "s", 2))
    raw = bytearray(8 * 48 + 1)
    unaligned = np.frombuffer(raw, np.float64, count=48, offset=1).reshape(8, 6)
    unaligned[...] = base
    assert not unaligned.flags.aligned
    np.testing.assert_array_equal(pkpo.transform(unaligned, "s", 2), pkpo.transform(base, "s", 2))


def test_non_contiguous_out_and_in_place_on_a_view():
    base = RNG.random((6, 8))
    want = pkpo.transform(base.T, "sloo_minus_one", 3)
    view = base.T
    assert pkpo.transform(view, "sloo_minus_one", 3, out=view) is view
    np.testing.assert_array_equal(base.T, want)  # the copy's result was written back into base


def test_array_interface_and_dlpack_objects_are_viewed_not_copied():
    class Interface:
        def __init__(self, a):
            self.a = a
            self.__array_interface__ = a.__array_interface__

    class DLPackOnly:
        def __init__(self, a):
            self.a = a

        def __dlpack__(self, **kwargs):
            return self.a.__dlpack__(**kwargs)

        def __dlpack_device__(self):
            return self.a.__dlpack_device__()

    r = RNG.random((3, 5)).astype(np.float32)
    want = pkpo.transform(r, "sloo_minus_one", 2)
    for wrap in (Interface, DLPackOnly):
        arr = r.copy()
        view = pkpo.as_array(wrap(arr))
        assert np.shares_memory(view, arr)
        np.testing.assert_array_equal(pkpo.transform(wrap(arr), "sloo_minus_one", 2), want)

    class Gpu(DLPackOnly):
        def __dlpack_device__(self):
            return (2, 0)  # kDLCUDA

        def __dlpack__(self, **kwargs):
            raise BufferError("device memory")

    with pytest.raises(pkpo.PkpoError, match="CPU"):
        pkpo.transform(Gpu(r), "s", 2)


def test_zero_size():
    assert pkpo.transform(np.empty((0, 4), np.float32), "s", 2).shape == (0, 4)
    assert pkpo.transform(np.empty(0), "s", 2, offsets=[0]).shape == (0,)
    assert pkpo.pass_at_k([], [], 2).shape == (0,)
    assert pkpo.estimate(np.empty((0, 4)), [1, 2]).shape == (2, 0)
    with pytest.raises(pkpo.PkpoError) as info:  # empty groups are not NULL buffers: the real fault is named
        pkpo.transform(np.empty((3, 0)), "s", 2)
    assert info.value.reason == "BAD_K"
    with pytest.raises(pkpo.PkpoError, match="num_k"):
        pkpo.estimate(np.zeros((2, 4)), [])
