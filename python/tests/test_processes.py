"""Threads (concurrent calls agree with serial ones) and fork (a child gets PkpoError FORKED, never hangs)."""
import os
import select
import signal
import threading
import time

import numpy as np
import pytest

import pkpo
from pkpo import _native


def test_threads_agree_with_serial_calls():
    rng = np.random.default_rng(3)
    inputs = [rng.random((64, 16)).astype(np.float32 if i % 2 else np.float64) for i in range(8)]
    want = [pkpo.transform(r, "sloo_minus_one", 4) for r in inputs]
    failures = []

    def work(i):
        try:
            for _ in range(40):
                np.testing.assert_array_equal(pkpo.transform(inputs[i], "sloo_minus_one", 4), want[i])
                try:
                    pkpo.transform(inputs[i], "sloo", 16)
                    failures.append("no BAD_K")
                except pkpo.PkpoError as e:  # the thread-local message is this thread's own
                    assert e.reason == "BAD_K" and "k=16" in e.message, e
        except Exception as e:  # noqa: BLE001 - reported below
            failures.append(repr(e))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    assert not failures, failures[:3]


def _in_child(body) -> str:
    """Runs body() in a fork()ed child; returns what it wrote, or fails after 20 s (killing the child)."""
    rd, wr = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: never return into pytest
        try:
            os.close(rd)
            os.write(wr, body().encode())
        except BaseException as e:  # noqa: BLE001
            os.write(wr, f"child raised {e!r}".encode())
        finally:
            os._exit(0)
    os.close(wr)
    try:
        ready, _, _ = select.select([rd], [], [], 20)
        if not ready:
            os.kill(pid, signal.SIGKILL)
            pytest.fail("the forked child hung")
        return os.read(rd, 4096).decode()
    finally:
        os.close(rd)
        os.waitpid(pid, 0)


def _calls_in_child() -> str:
    reasons = []
    for call in (lambda: pkpo.transform(np.zeros((1, 4)), "s", 2),
                 lambda: pkpo.estimate(np.zeros((1, 4), np.float32), [1]),
                 lambda: pkpo.transform(np.zeros(4), "s", 1, ids=np.zeros(4, np.int32)),
                 lambda: pkpo.pass_at_k(4, 1, 2),
                 lambda: pkpo.init()):
        try:
            call()
            reasons.append("ok")
        except pkpo.PkpoError as e:
            reasons.append(f"{e.reason}:{int(e.code)}:{'spawn' in e.message}")
    reasons.append(f"abi={pkpo.abi_version()}")  # works in any process
    return ",".join(reasons)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork")
def test_forked_child_gets_forked_error():
    pkpo.pass_at_k(4, 1, 2)  # the engine runs in this process
    assert _in_child(_calls_in_child) == "FORKED:-15:True," * 5 + "abi=2"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork")
def test_fork_while_another_thread_holds_the_init_lock():
    """The package's own lock is renewed in the child, so the child reaches the library and gets FORKED."""
    holder_has_it, release = threading.Event(), threading.Event()

    def hold():
        with _native._State.lock:
            holder_has_it.set()
            release.wait(30)

    t = threading.Thread(target=hold)
    t.start()
    holder_has_it.wait(10)
    try:
        assert _in_child(_calls_in_child).startswith("FORKED:-15")
    finally:
        release.set()
        t.join()


def test_spawned_worker_uses_its_own_engine():
    """The documented way to use workers: spawn (a fresh interpreter starts its own engine)."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        result = pool.apply_async(pkpo.pass_at_k, (16, 3, 4))
        assert abs(result.get(timeout=60) - 0.6071428571428571) < 1e-15
