"""Where a Dask run's cluster comes from: one that exists (tcp://HOST:PORT), or one on this machine.

`--scheduler tcp://HOST:PORT` joins the cluster the course already has: a `dask scheduler`
with `dask worker`s, a dask-jobqueue cluster on SLURM or PBS, the Dask Kubernetes
operator's. Its workers decide how many submissions each grades at once (their --nthreads).
`--scheduler local` starts a LocalCluster here (--jobs threads in all, a worker process per
four cores), and closes it when the run ends.
"""

from __future__ import annotations

import logging
import os

from grader.classroom.runner import RunnerError

CONNECT_S = 20.0  # to reach the scheduler, or reach it again once lost (Dask's connect timeout, if set, wins)
WORKERS_S = 60.0  # for a first worker to join it
CORES_PER_WORKER = 4  # of `--scheduler local`: see local_shape


def connect_timeout() -> float:
    """DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT when someone set it (the tests do), else CONNECT_S."""
    from dask.utils import parse_timedelta

    given = os.environ.get("DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT")
    return float(parse_timedelta(given)) if given else CONNECT_S


def connect(scheduler: str, jobs: int | None = None):
    """(the LocalCluster started here, or None; a Client of the cluster with at least one worker)."""
    from distributed import Client

    cluster = local_cluster(*local_shape(jobs)) if scheduler == "local" else None
    address = cluster.scheduler_address if cluster is not None else scheduler
    try:
        client = Client(address, timeout=connect_timeout(), set_as_default=False)
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
    """(workers, threads per worker) of `--scheduler local`: --jobs threads in all (two per core by
    default, as the local runner: each thread mostly waits on its sandboxed child), one worker
    process per CORES_PER_WORKER cores. A worker process checks every answer of its threads
    under one GIL: on 2 cores it took about a third of the CPU a submission costs (see
    benchmarks/dask_scale.py), so one process would hold back a machine of many cores."""
    from grader.classroom.runner import default_jobs

    jobs = jobs or default_jobs()
    workers = max(1, min(jobs, (os.cpu_count() or 1) // CORES_PER_WORKER))
    while jobs % workers:  # exactly --jobs at a time
        workers -= 1
    return workers, jobs // workers


def local_cluster(workers: int, threads: int):
    """A LocalCluster on 127.0.0.1 only: worker processes, each with its own fork server. Its HTTP
    server (the dashboard, when bokeh is installed) takes a free port, never a fixed one."""
    from distributed import LocalCluster

    return LocalCluster(n_workers=workers, threads_per_worker=threads, processes=True, host="127.0.0.1",
                        scheduler_port=0, dashboard_address="127.0.0.1:0", silence_logs=logging.ERROR)
