"""pkpo: exact PKPO (Pass@k Policy Optimization) reward transforms for numpy, over libpkpo.so.

    import numpy as np, pkpo
    rewards = np.random.rand(64, 16).astype(np.float32)     # 64 groups of 16 samples
    adv = pkpo.transform(rewards, "sloo_minus_one", k=4)      # same shape and dtype
    pkpo.transform(rewards, "sloo_minus_one", k=4, out=rewards)   # in place, zero-copy
    pkpo.estimate(rewards, [1, 2, 4])                         # rho: shape (3, 64)
    pkpo.pass_at_k(16, 3, k=4)                                # eq. 3 from counts
    ids = np.repeat(np.arange(64), 16); np.random.shuffle(ids)  # a prompt id per sample, any order
    pkpo.transform(rewards.ravel(), "sloo_minus_one", 4, ids=ids, mask=rewards.ravel() > 0.05, too_small="zero")

Pure Python over ctypes: the engine is the Java library behind the C ABI of native-headers/pkpo.h
(libpkpo.so starts a JDK 25 JVM inside this process on first use). Where libpkpo.so is found:
``PKPO_LIBRARY``, else see ``pkpo.candidate_paths``. Errors raise ``PkpoError`` (a ValueError) with
``.code``, ``.reason`` and the engine's ``.message``; nothing is written by a failed call.

Threads: every function may be called from any number of threads at once (the GIL is released during the
call). Fork: the engine lives in the process that started it; in a child forked after that, every call
raises PkpoError with reason ``FORKED``: start worker processes with ``spawn``
(``multiprocessing.set_start_method("spawn")``) and use pkpo in each.
"""
from ._api import Estimator, NonFinite, Scale, TooSmall, as_array, estimate, pass_at_k, transform
from ._native import (ABI_VERSION, ErrorCode, GroupsReport, LibraryNotFoundError, PkpoError, Report, abi_version,
                      candidate_paths, find_library, init, library_path, shutdown)

__version__ = "0.1.0"

__all__ = ["transform", "estimate", "pass_at_k", "init", "shutdown", "abi_version", "library_path",
           "find_library", "candidate_paths", "as_array", "PkpoError", "LibraryNotFoundError", "ErrorCode",
           "Estimator", "Scale", "NonFinite", "TooSmall", "Report", "GroupsReport", "ABI_VERSION", "__version__"]
