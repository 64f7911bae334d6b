"""Where a Dask run's cluster comes from: one that exists (tcp://HOST:PORT), or one on this machine.

`--scheduler tcp://HOST:PORT` joins the cluster the course already has: a `dask scheduler`
with `dask worker`s, a dask-jobqueue cluster on SLURM or PBS, the Dask Kubernetes
operator's. Its workers decide how many submissions each grades at once (their --nthreads).
`--scheduler local` starts a LocalCluster here, and closes it when the run ends.
"""

from __future__ import annotations

import logging

from grader.classroom.runner import RunnerError

CONNECT_S = 20.0  # to reach the scheduler
WORKERS_S = 60.0  # for a first worker to join it


def connect(scheduler: str, jobs: int | None = None):
    """(the LocalCluster started here, or None; a Client of the cluster with at least one worker)."""
    from distributed import Client

    cluster = local_cluster(*local_shape(jobs)) if scheduler == "local" else None
    address = cluster.scheduler_address if cluster is not None else scheduler
    try:
        client = Client(address, timeout=CONNECT_S, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise RunnerError(f"cannot reach the Dask scheduler at {scheduler} ({type(exc).__name__}: {exc}); "
                          "is it running, and is the address tcp://HOST:PORT?") from exc
    try:
        client.wait_for_workers(1, timeout=WORKERS_S)
    except TimeoutError as exc:
        client.close()
        raise RunnerError(f"no Dask worker joined the scheduler at {scheduler} within {WORKERS_S:g} s") from exc
    return cluster, client


def local_shape(jobs: int | None) -> tuple[int, int]:
    """(workers, threads per worker) of `--scheduler local`: the local runner's jobs in one worker.

    Two per core, as the local runner: each thread spends most of its time waiting on its
    sandboxed child. One worker process holds one fork server, as the local runner does, so
    the two runners differ only by Dask (benchmarks/dask_scale.py compares 1 and 2 workers)."""
    from grader.classroom.runner import default_jobs

    return 1, jobs or default_jobs()


def local_cluster(workers: int, threads: int):
    """A LocalCluster on 127.0.0.1 only: worker processes, each with its own fork server. Its HTTP
    server (the dashboard, when bokeh is installed) takes a free port, never a fixed one."""
    from distributed import LocalCluster

    return LocalCluster(n_workers=workers, threads_per_worker=threads, processes=True, host="127.0.0.1",
                        scheduler_port=0, dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
