"""One thread for the native maths libraries (OpenBLAS, OpenMP, MKL).

NumPy's and SciPy's OpenBLAS start a helper thread for every extra core, and between
calls that helper spins (sched_yield) instead of sleeping. The assistant multiplies
small matrices (one message at a time), so the helper buys nothing, but it keeps a
core busy: a server answering about 140 messages/s used 1.87 cores, 0.9 of them
OpenBLAS's idle helper; with one thread, 0.95 core and the same throughput
(docs/performance.md). Where replicas share cores, or run under a CPU limit
(Kubernetes), that spinning is CPU the replicas and the autoscaler cannot tell from
work.

The libraries read these variables once, when they load, so `limit()` must run before
NumPy is imported. An operator who wants more threads sets the variable; it is not
overridden.
"""
import os

VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def limit() -> None:
    """One thread each, unless already set; before NumPy (or anything using it) loads."""
    for name in VARIABLES:
        os.environ.setdefault(name, "1")
