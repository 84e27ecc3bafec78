"""transform, estimate and pass_at_k: numpy arrays in, numpy arrays out, over the C ABI."""
from __future__ import annotations

import ctypes
import enum
from typing import Any, Optional, Sequence, Tuple, Union

import numpy as np

from ._native import ErrorCode, GroupsReport, PkpoError, Report, _Groups, check, ready


class Estimator(enum.IntEnum):
    """pkpo_estimator_t; equation numbers of the PKPO paper (Walder and Karkhanis, 2025)."""

    RHO = 0             #: eq. 12, the unbiased max_g@k estimate: one value per group; 1 <= k <= n
    S = 1               #: eq. 19-21, no baseline; 1 <= k <= n
    SLOO = 2            #: eq. 29, leave-one-out baseline; 1 <= k < n
    SLOO_MINUS_ONE = 3  #: eq. 33, max_g@(k-1) baseline; 1 <= k <= n, n >= 2
    LOO = 4             #: eq. 26, g_i - mean of the others; k = 1, n >= 2


class Scale(enum.IntEnum):
    """pkpo_scale_t: ``PAPER`` per-sample weights, or ``PER_SAMPLE`` (times n, for losses averaged over samples)."""

    PAPER = 0
    PER_SAMPLE = 1


class NonFinite(enum.IntEnum):
    """pkpo_non_finite_t: ``REJECT`` fails the call on NaN/inf; ``EXCLUDE`` leaves such samples out (output 0)."""

    REJECT = 0
    EXCLUDE = 1


class TooSmall(enum.IntEnum):
    """pkpo_too_small_t, for grouped calls: a group with fewer valid samples than the estimator needs either fails
    the call (``REJECT``, naming the group, its size and k) or gets outputs 0 (``ZERO``, counted in the report)."""

    REJECT = 0
    ZERO = 1


_UNIFORM, _OFFSETS, _IDS32, _IDS64 = 0, 1, 2, 3  # pkpo_groups_form_t

ArrayLike = Any  # numpy arrays, sequences, or objects with __array_interface__ / __dlpack__ (CPU)
_INT32_MAX = 2**31 - 1


def _enum(kind: type, value: Union[str, int, enum.IntEnum], what: str) -> int:
    if isinstance(value, str):
        key = value.strip().upper().replace("-", "_")
        if key in kind.__members__:
            return int(kind.__members__[key])
    elif isinstance(value, (int, np.integer)) and not isinstance(value, bool) and int(value) in iter(kind):
        return int(value)
    names = ", ".join(repr(m.lower()) for m in kind.__members__)
    raise PkpoError(ErrorCode.INVALID_ARGUMENT, f"{what}={value!r}: expected one of {names}")


def _int32(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise PkpoError(ErrorCode.INVALID_ARGUMENT, f"{what}={value!r}: expected an int")
    if not -2**31 <= int(value) <= _INT32_MAX:
        raise PkpoError(ErrorCode.INVALID_ARGUMENT, f"{what}={value}: out of the int32 range")
    return int(value)


def as_array(obj: ArrayLike) -> np.ndarray:
    """A numpy view of obj when it can be one: an ndarray as is, ``__array_interface__`` through
    np.asarray, ``__dlpack__`` (torch, jax, cupy... on CPU) through np.from_dlpack; anything else
    through np.asarray (which copies lists)."""
    if isinstance(obj, np.ndarray):
        return obj
    if hasattr(obj, "__array_interface__"):
        return np.asarray(obj)
    if hasattr(obj, "__dlpack__"):
        try:
            return np.from_dlpack(obj)
        except (BufferError, RuntimeError, TypeError, ValueError) as e:
            raise PkpoError(ErrorCode.INVALID_ARGUMENT,
                            f"cannot view a {type(obj).__name__} through __dlpack__ ({e}); pkpo reads CPU memory "
                            "only: move it to the CPU first (torch: t.cpu())") from e
    return np.asarray(obj)


def _rewards(rewards: ArrayLike) -> np.ndarray:
    """float32 stays float32, float64 stays float64, anything else becomes float64; a copy only when the
    array is not C-contiguous, aligned, native-endian, of one of those two types."""
    arr = as_array(rewards)
    dtype = np.dtype(np.float32) if arr.dtype == np.float32 else np.dtype(np.float64)
    if arr.dtype.kind not in "biuf":
        raise PkpoError(ErrorCode.INVALID_ARGUMENT, f"rewards of dtype {arr.dtype}: expected real numbers")
    return np.require(arr, dtype=dtype, requirements=["C", "A"])


def _out(out: Optional[np.ndarray], shape: Tuple[int, ...], dtype: np.dtype, zero: bool) -> Tuple[np.ndarray, np.ndarray]:
    """(the array to return, the C-contiguous buffer the library writes)."""
    if out is None:
        buf = (np.zeros if zero else np.empty)(shape, dtype)
        return buf, buf
    if not isinstance(out, np.ndarray):
        raise PkpoError(ErrorCode.INVALID_ARGUMENT, f"out must be a numpy.ndarray, not {type(out).__name__}")
    if out.shape != tuple(shape) or out.dtype != dtype:
        raise PkpoError(ErrorCode.INVALID_ARGUMENT,
                        f"out has shape {out.shape} and dtype {out.dtype}; this call needs shape {tuple(shape)} "
                        f"and dtype {dtype}")
    if not out.flags.writeable:
        raise PkpoError(ErrorCode.INVALID_ARGUMENT, "out is read-only")
    if out.flags.c_contiguous and out.flags.aligned and out.dtype.isnative:
        return out, out
    buf = np.array(out, dtype=dtype, order="C")  # written here, then copied into out on success
    return out, buf


def _finish(result: np.ndarray, buf: np.ndarray, rep: Report,
            return_report: bool) -> Union[np.ndarray, Tuple[np.ndarray, Report]]:
    if buf is not result:
        result[...] = buf
    return (result, rep) if return_report else result


def _offsets(offsets: ArrayLike) -> np.ndarray:
    arr = as_array(offsets)
    if arr.ndim != 1 or arr.size < 1 or arr.dtype.kind not in "iu":
        raise PkpoError(ErrorCode.INVALID_ARGUMENT,
                        f"offsets must be a 1-D integer array of groups + 1 entries, got shape {arr.shape} "
                        f"and dtype {arr.dtype}")
    return np.require(arr, dtype=np.int64, requirements=["C", "A"])


def _layout(r: np.ndarray, offsets: Optional[ArrayLike]) -> Tuple[int, Optional[np.ndarray], Tuple[int, ...], int]:
    """(n, offsets, shape of the groups, number of groups): uniform groups along the last axis of r
    (offsets None), or ragged groups of 1-D r at the int64 offsets (n unused, 0)."""
    if offsets is None:
        if r.ndim == 0:
            raise PkpoError(ErrorCode.INVALID_ARGUMENT, "rewards is a scalar: expected shape (..., n)")
        n = r.shape[-1]
        if n > _INT32_MAX:
            raise PkpoError(ErrorCode.INVALID_ARGUMENT, f"n={n} rewards per group: at most {_INT32_MAX}")
        return n, None, r.shape[:-1], int(np.prod(r.shape[:-1], dtype=np.int64))
    if r.ndim != 1:
        raise PkpoError(ErrorCode.INVALID_ARGUMENT, f"with offsets, rewards must be 1-D, got shape {r.shape}")
    off = _offsets(offsets)
    return 0, off, (off.size - 1,), off.size - 1


def _ptr(a: np.ndarray) -> Optional[int]:
    """The array's address (even when empty: the library then sees a real, unused pointer and reports what
    is actually wrong, such as n = 0 < k, rather than NULL)."""
    return a.ctypes.data or None


def transform(rewards: ArrayLike, estimator: Union[str, Estimator] = "sloo_minus_one", k: int = 4, *,
              scale: Union[str, Scale] = "paper", non_finite: Union[str, NonFinite] = "reject",
              offsets: Optional[ArrayLike] = None, ids: Optional[ArrayLike] = None,
              mask: Optional[ArrayLike] = None, k_per_group: Optional[ArrayLike] = None,
              too_small: Union[str, TooSmall] = "reject", out: Optional[np.ndarray] = None,
              return_report: bool = False) -> Union[np.ndarray, Tuple[np.ndarray, Union[Report, GroupsReport]]]:
    """PKPO reward transform of groups of rewards: the per-sample weights (or, for ``"rho"``, the
    per-group max_g@k estimate) of the paper's eq. 12-33.

    Args:
        rewards: without ``offsets``, shape ``(..., n)``: every row of the last axis is a group (usually
            ``(groups, n)``; 1-D is one group). With ``offsets``, 1-D. float32 or float64 (kept: the
            result has the same dtype); other real dtypes become float64.
        estimator: ``"rho"`` (eq. 12), ``"s"`` (eq. 19-21), ``"sloo"`` (eq. 29), ``"sloo_minus_one"``
            (eq. 33, lowest variance) or ``"loo"`` (eq. 26, k = 1), or an ``Estimator``.
        k: the k of pass@k / max@k; must suit every group (``BAD_K`` otherwise).
        scale: ``"paper"`` (weights whose sum times the score functions is the gradient estimate) or
            ``"per_sample"`` (times n, for a loss averaged over samples).
        non_finite: ``"reject"`` (NaN/inf fails the call, naming group and position) or ``"exclude"``
            (such samples get 0 and are left out of their group; a group left too small for k is all 0).
        offsets: ragged groups: group g is ``rewards[offsets[g]:offsets[g+1]]`` (groups + 1
            non-decreasing integers). Outputs land at the positions of their rewards; other positions of a
            new result are 0 (of a given ``out``, untouched). With any of the four grouped arguments below,
            offsets must start at 0 and end at ``len(rewards)``.
        ids: one group id per sample of 1-D ``rewards`` (int32 or int64; other integer types become int64),
            any values, any order: a group's samples need not be contiguous. Outputs stay in sample order.
            Groups are numbered in order of first appearance (for ``k_per_group``, ``"rho"``'s outputs and
            error messages): ``u, first = np.unique(ids, return_index=True); u[np.argsort(first)]``.
        mask: one entry per sample (the rewards' shape; bool or integers, nonzero = valid). A masked sample
            is left out of its group (its reward is never read, it may be NaN) and gets output 0.
        k_per_group: one k per group (uniform: the rewards' shape without the last axis, or flat; offsets
            and ids: group order), instead of ``k``.
        too_small: for groups with fewer valid samples than the estimator needs (n < k, singletons, groups
            a mask emptied): ``"reject"`` (``BAD_K`` naming the group, its size and k) or ``"zero"`` (outputs
            0, counted in the report's ``zeroed_groups``).
        out: where to write: an ndarray of exactly the result's shape and dtype; may be ``rewards``
            itself (in place) for every estimator but ``"rho"``. If it is not C-contiguous the result is
            computed in a temporary and copied into it. For ``"rho"`` with ``ids`` (whose group count the
            call finds): a 1-D array with at least one element per group; the result is its first ones.
        return_report: also return a ``Report`` (groups, samples, excluded_samples, zeroed_groups), or for
            a grouped call (``ids``, ``mask``, ``k_per_group`` or ``too_small`` given) a ``GroupsReport``,
            which also counts ``masked_samples``.

    Returns:
        An array of the rewards' shape (``"rho"``: the shape without the last axis; with offsets:
        ``(groups,)``; with ids: one value per distinct id), or ``(array, report)``.

    Grouped calls (pkpo_transform_groups_*): each group's outputs are bit for bit those of a call on that
    group alone (its valid samples, its k); masks and ids work with every form::

        adv = pkpo.transform(rewards, "sloo_minus_one", 4, ids=prompt_ids, mask=valid, too_small="zero")

    Zero-copy: a C-contiguous, aligned, native-endian float32/float64 ndarray (or an
    ``__array_interface__``/``__dlpack__`` object that numpy views as one) is read where it is, and
    ``out`` is written where it is. Anything else is copied first (once).

    Raises:
        PkpoError: reason ``BAD_K``, ``NON_FINITE``, ``OVERLAP`` (out overlaps rewards without being it),
            ``INVALID_ARGUMENT`` (bad enum, offsets, shapes), ``FORKED`` (a fork child of the process that
            started the engine), ...; nothing was written.
    """
    est = _enum(Estimator, estimator, "estimator")
    sc = _enum(Scale, scale, "scale")
    nf = _enum(NonFinite, non_finite, "non_finite")
    kk = _int32(k, "k")
    ts = _enum(TooSmall, too_small, "too_small")
    r = _rewards(rewards)
    if ids is not None or mask is not None or k_per_group is not None or ts != TooSmall.REJECT:
        return _grouped(r, est, kk, sc, nf, ts, offsets, ids, mask, k_per_group, out, return_report)
    n, off, gshape, groups = _layout(r, offsets)
    result, buf = _out(out, gshape if est == Estimator.RHO else r.shape, r.dtype, zero=off is not None)
    rep = Report()
    lib = ready()
    f32 = r.dtype == np.float32
    if off is None:
        fn = lib.pkpo_transform_f32 if f32 else lib.pkpo_transform_f64
        rc = fn(est, kk, sc, nf, _ptr(r), r.size, groups, n, _ptr(buf), buf.size, ctypes.byref(rep))
    else:
        fn = lib.pkpo_transform_ragged_f32 if f32 else lib.pkpo_transform_ragged_f64
        rc = fn(est, kk, sc, nf, _ptr(r), r.size, _ptr(off), groups, _ptr(buf), buf.size, ctypes.byref(rep))
    check(lib, rc)
    return _finish(result, buf, rep, return_report)


def _int_array(a: ArrayLike, what: str) -> np.ndarray:
    arr = as_array(a)
    if arr.dtype.kind not in "iu" and arr.size:
        raise PkpoError(ErrorCode.INVALID_ARGUMENT, f"{what} of dtype {arr.dtype}: expected integers")
    return arr


def _grouped(r: np.ndarray, est: int, k: int, sc: int, nf: int, ts: int, offsets: Optional[ArrayLike],
             ids: Optional[ArrayLike], mask: Optional[ArrayLike], k_per_group: Optional[ArrayLike],
             out: Optional[np.ndarray], return_report: bool) -> Union[np.ndarray, Tuple[np.ndarray, GroupsReport]]:
    """transform's grouped calls: pkpo_transform_groups_* over a pkpo_groups_t."""
    lib = ready()
    g = _Groups()
    check(lib, lib.pkpo_groups_init(ctypes.byref(g)))
    keep = []  # the arrays the struct points to, alive until the call returns
    rho = est == Estimator.RHO
    gshape: Optional[Tuple[int, ...]] = None  # rho's result shape; None: the count of distinct ids
    if ids is not None:
        if offsets is not None:
            raise PkpoError(ErrorCode.INVALID_ARGUMENT, "pass offsets or ids, not both")
        if r.ndim != 1:
            raise PkpoError(ErrorCode.INVALID_ARGUMENT, f"with ids, rewards must be 1-D, got shape {r.shape}")
        ia = _int_array(ids, "ids")
        if ia.shape != r.shape:
            raise PkpoError(ErrorCode.INVALID_ARGUMENT,
                            f"ids has shape {ia.shape}, rewards {r.shape}: one id per sample")
        if ia.dtype == np.uint64 and ia.size and ia.max() > np.iinfo(np.int64).max:
            raise PkpoError(ErrorCode.INVALID_ARGUMENT, "ids holds values beyond int64")
        narrow = ia.dtype == np.int32 or (ia.dtype.kind in "iu" and ia.dtype.itemsize < 4)
        ia = np.require(ia, dtype=np.int32 if narrow else np.int64, requirements=["C", "A"])
        g.form, g.ids = (_IDS32 if narrow else _IDS64), _ptr(ia)
        keep.append(ia)
    elif offsets is not None:
        if r.ndim != 1:
            raise PkpoError(ErrorCode.INVALID_ARGUMENT, f"with offsets, rewards must be 1-D, got shape {r.shape}")
        off = _offsets(offsets)
        g.form, g.offsets, g.groups = _OFFSETS, _ptr(off), off.size - 1
        keep.append(off)
        gshape = (off.size - 1,)
    else:
        n, _, gshape, _ = _layout(r, None)
        g.form, g.n = _UNIFORM, n
    if mask is not None:
        ma = as_array(mask)
        if ma.shape != r.shape:
            raise PkpoError(ErrorCode.INVALID_ARGUMENT,
                            f"mask has shape {ma.shape}, rewards {r.shape}: one entry per sample")
        if ma.dtype.kind not in "biu" and ma.size:
            raise PkpoError(ErrorCode.INVALID_ARGUMENT, f"mask of dtype {ma.dtype}: expected bool or integers")
        if ma.dtype.itemsize != 1:
            ma = ma != 0  # nonzero = valid, whatever the width
        ma = np.require(ma.view(np.uint8) if ma.dtype != np.uint8 else ma, requirements=["C", "A"])
        g.mask = _ptr(ma)
        keep.append(ma)
    if k_per_group is not None:
        ka = _int_array(k_per_group, "k_per_group").ravel()
        if ka.size and (ka.min() < -2**31 or ka.max() > _INT32_MAX):
            raise PkpoError(ErrorCode.INVALID_ARGUMENT, "k_per_group holds values out of the int32 range")
        ka = np.require(ka, dtype=np.int32, requirements=["C", "A"])
        g.k_per_group, g.k_per_group_len = _ptr(ka), ka.size
        keep.append(ka)
    g.too_small = ts
    if rho and gshape is None:
        # The group count comes from the ids: one value per distinct id, at most one per sample.
        if out is None:
            result = buf = np.zeros(r.size, r.dtype)
        else:
            if not isinstance(out, np.ndarray) or out.ndim != 1 or out.dtype != r.dtype:
                raise PkpoError(ErrorCode.INVALID_ARGUMENT,
                                f"out must be a 1-D numpy.ndarray of dtype {r.dtype} for rho with ids")
            if not out.flags.writeable:
                raise PkpoError(ErrorCode.INVALID_ARGUMENT, "out is read-only")
            result = out
            buf = out if out.flags.c_contiguous and out.flags.aligned and out.dtype.isnative else \
                np.array(out, order="C")
    else:
        result, buf = _out(out, gshape if rho else r.shape, r.dtype, zero=False)
    rep = GroupsReport()
    fn = lib.pkpo_transform_groups_f32 if r.dtype == np.float32 else lib.pkpo_transform_groups_f64
    check(lib, fn(est, k, sc, nf, _ptr(r), r.size, r.size, ctypes.byref(g), _ptr(buf), buf.size, ctypes.byref(rep)))
    if rho and gshape is None:
        if buf is not result:
            result[:rep.groups] = buf[:rep.groups]
        result = result[:rep.groups]
        return (result, rep) if return_report else result
    return _finish(result, buf, rep, return_report)


def estimate(rewards: ArrayLike, ks: Union[int, Sequence[int]], *, non_finite: Union[str, NonFinite] = "reject",
             offsets: Optional[ArrayLike] = None, out: Optional[np.ndarray] = None,
             return_report: bool = False) -> Union[np.ndarray, Tuple[np.ndarray, Report]]:
    """rho (eq. 12): the unbiased max_g@k estimate of every group (pass@k for 0/1 rewards), for each k.

    Args:
        rewards: shape ``(..., n)`` (groups along the last axis), or 1-D with ``offsets`` (as ``transform``).
        ks: one k, or a sequence of them; each 1 <= k <= n (of the smallest group when ragged).
        non_finite: ``"reject"`` or ``"exclude"`` (as ``transform``).
        offsets: ragged groups, as ``transform``.
        out: an ndarray of exactly the result's shape and dtype (the rewards' float type).
        return_report: also return the ``Report`` (zeroed_groups summed over the ks).

    Returns:
        For a sequence of ks, shape ``(len(ks),) + groups_shape``: ``result[j]`` is every group at
        ``ks[j]``; for one int k, ``groups_shape``. ``groups_shape`` is the rewards' shape without the last
        axis, or ``(groups,)`` with offsets.

    Raises:
        PkpoError: as ``transform``.
    """
    nf = _enum(NonFinite, non_finite, "non_finite")
    scalar_k = isinstance(ks, (int, np.integer))
    kv = np.array([_int32(k, "k") for k in ([ks] if scalar_k else list(ks))], dtype=np.int32)
    r = _rewards(rewards)
    n, off, gshape, groups = _layout(r, offsets)
    rep = Report()
    result, buf = _out(out, gshape if scalar_k else (kv.size,) + gshape, r.dtype, zero=False)
    lib = ready()
    f32 = r.dtype == np.float32
    if off is None:
        fn = lib.pkpo_estimate_f32 if f32 else lib.pkpo_estimate_f64
        rc = fn(_ptr(r), r.size, groups, n, _ptr(kv), kv.size, nf, _ptr(buf), buf.size, ctypes.byref(rep))
    else:
        fn = lib.pkpo_estimate_ragged_f32 if f32 else lib.pkpo_estimate_ragged_f64
        rc = fn(_ptr(r), r.size, _ptr(off), groups, _ptr(kv), kv.size, nf, _ptr(buf), buf.size, ctypes.byref(rep))
    check(lib, rc)
    return _finish(result, buf, rep, return_report)


def pass_at_k(n: ArrayLike, c: ArrayLike, k: int) -> Union[float, np.ndarray]:
    """Eq. 3: ``1 - C(n - c, k) / C(n, k)``, the unbiased pass@k of a problem from n samples, c correct.

    Args:
        n: sample counts (int or integer array), each >= k.
        c: correct counts, 0 <= c <= n; broadcast against n.
        k: >= 1.

    Returns:
        A float for scalar n and c, else a float64 array of their broadcast shape.

    Raises:
        PkpoError: ``BAD_K`` (n < k, k < 1), ``INVALID_ARGUMENT`` (c > n, c < 0, non-integers).
    """
    kk = _int32(k, "k")
    na, ca = as_array(n), as_array(c)
    for name, a in (("n", na), ("c", ca)):
        if a.dtype.kind not in "iu" and a.size:
            raise PkpoError(ErrorCode.INVALID_ARGUMENT, f"{name} of dtype {a.dtype}: expected integers")
        if a.dtype == np.uint64 and a.size and a.max() > np.iinfo(np.int64).max:
            raise PkpoError(ErrorCode.INVALID_ARGUMENT, f"{name} holds values beyond int64")
    try:
        nb, cb = np.broadcast_arrays(na, ca)
    except ValueError as e:
        raise PkpoError(ErrorCode.INVALID_ARGUMENT, f"n and c do not broadcast: {e}") from e
    nv = np.require(nb, dtype=np.int64, requirements=["C", "A"])
    cv = np.require(cb, dtype=np.int64, requirements=["C", "A"])
    out = np.empty(nv.shape, np.float64)
    lib = ready()
    check(lib, lib.pkpo_pass_at_k(_ptr(nv), _ptr(cv), nv.size, kk, _ptr(out)))
    return float(out) if out.ndim == 0 else out
