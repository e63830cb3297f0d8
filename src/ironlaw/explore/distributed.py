"""Evaluating a sweep's chunks on a Dask cluster (dask.distributed; ``pip install
'ironlaw[dask]'``).

``scheduler="tcp://HOST:PORT"`` connects to a running cluster (whose workers have ironlaw
installed); ``workers=N`` starts a LocalCluster of N single-threaded workers on this machine.
The space is scattered to every worker once; chunks are submitted a few per worker at a time
and gathered as they complete, so the client streams them to Parquet (``partitions``) while
the cluster keeps computing. Workers need no shared filesystem: they return chunks to the
client, which writes them. Ctrl-C cancels what is in flight and closes the cluster; completed
chunks stay written.
"""

from __future__ import annotations

import logging
import secrets
import signal
import threading
from collections.abc import Callable, Iterable

from ironlaw.errors import ParameterError, UserError
from ironlaw.explore.space import Chunk, Space

IN_FLIGHT_PER_WORKER = 2


def _client(scheduler: str | None, workers: int | None, processes: bool):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise UserError("a Dask cluster (scheduler or workers) needs dask.distributed: "
                        "pip install 'ironlaw[dask]'") from None
    if scheduler is not None:
        if not scheduler.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
            raise ParameterError("scheduler", f"expected an address like tcp://HOST:PORT; got "
                            f"{scheduler!r}")
        try:
            return Client(scheduler, timeout="10s"), None
        except (OSError, TimeoutError) as exc:
            raise ParameterError("scheduler", f"cannot reach {scheduler} ({exc})") from None
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ParameterError("workers", f"expected a whole number of at least 1; got {workers!r}")
    # Ctrl-C reaches the whole process group: worker processes started while SIGINT is ignored
    # inherit that (Python installs its handler only where SIGINT is at its default), so only
    # this process sees Ctrl-C and closes the cluster, instead of every worker printing its
    # own KeyboardInterrupt traceback.
    ignoring = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if ignoring else None
    try:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes,
                               dashboard_address=None, silence_logs=logging.CRITICAL)
    finally:
        if ignoring:
            signal.signal(signal.SIGINT, previous)
    return Client(cluster), cluster


def run_chunks(space: Space, pending: Iterable[int], accept: Callable[[Chunk], None], *,
               evaluate: Callable[[Space, int], Chunk], scheduler: str | None = None,
               workers: int | None = None, processes: bool = True) -> None:
    """Evaluate chunks ``pending`` of ``space`` on the cluster, calling ``accept`` with each as
    it completes (in completion order)."""
    from dask.distributed import as_completed

    client, cluster = _client(scheduler, workers, processes)
    todo = list(pending)
    futures = []
    try:
        shared = client.scatter(space, broadcast=True)
        nworkers = max(1, len(client.scheduler_info().get("workers", {})) or (workers or 1))
        window = IN_FLIGHT_PER_WORKER * nworkers
        token = secrets.token_hex(4)

        def submit(k: int):
            future = client.submit(evaluate, shared, k, key=f"ironlaw-chunk-{token}-{k}")
            futures.append(future)
            return future

        queue = as_completed([submit(k) for k in todo[:window]])
        rest = iter(todo[window:])
        for future in queue:
            chunk = future.result()
            future.release()
            accept(chunk)
            following = next(rest, None)
            if following is not None:
                queue.add(submit(following))
    finally:
        for future in futures:
            if not future.done():
                future.cancel()
        client.close()
        if cluster is not None:
            cluster.close()
