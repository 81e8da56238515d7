"""Untrusted work in worker processes, each item within a time and memory budget.

Each worker takes one item at a time. A worker that runs out of its memory (an address-space
limit, where the system has one), runs past the item's time, or dies for any other reason
takes only that item with it: the item is handed to ``failed`` with a code (``too_large``,
``too_slow``, ``worker_died``), the worker is replaced, and every other item goes on.
Workers are started when first needed and serve every batch of their pool; they ignore
Ctrl+C (the parent decides) and end as soon as their parent ends, however it ends. None is
forked from the parent (its memory, open ledger and threads stay its own): where the system
has one (Linux, macOS), a clean server process with the workers' modules already imported
forks each worker, so a worker costs milliseconds to start, not a new interpreter's imports;
elsewhere (Windows) each is a new interpreter.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any, Callable, Iterable, Iterator

MB = 1024 * 1024
MAX_WORKERS = 16


@dataclass(frozen=True)
class Budget:
    """What reading may cost: wall time per item, and memory beyond what the workers hold
    once set up (address space, which counts reserved as well as used memory), shared
    equally between the workers: each item may use ``share(workers)``."""

    seconds: float = 60.0
    memory: int = 640 * MB

    def share(self, workers: int) -> int:
        return self.memory // max(1, workers)


def default_workers() -> int:
    """Workers for this machine: one per core, at most 4 (memory stays bounded)."""
    return max(1, min(os.cpu_count() or 1, 4))


def _context(init: Callable[..., None] | None):
    """How workers are started: forked by multiprocessing's fork server, which imports the
    module of ``init`` once, where the system has one; else as new interpreters. The server
    starts with the process's first pool, and its workers keep the environment variables
    of that moment (the working folder and ``sys.path`` are the parent's at each start)."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    if init is not None:  # read when the server starts: the first pool of the process
        ctx.set_forkserver_preload([init.__module__])
    return ctx


def _limit_memory(memory: int) -> None:
    """Let this process's address space grow by at most ``memory`` from here on."""
    try:
        import resource

        with open("/proc/self/statm") as handle:
            now = int(handle.read().split()[0]) * resource.getpagesize()
        resource.setrlimit(resource.RLIMIT_AS, (now + memory, now + memory))
    except (ImportError, OSError, ValueError):  # Windows, macOS: no such limit; the time
        pass                                    # budget and the containment still hold


def _end_with_parent() -> None:
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _serve(conn, init: Callable[..., None] | None, memory: int) -> None:
    """A worker's life: set up with the arguments it is sent first, then one item at a
    time, each with the function to apply to it, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with_parent()
    try:
        init_args = conn.recv()
    except (EOFError, OSError):
        return
    if init is not None:
        init(*init_args)
    _limit_memory(memory)
    conn.send(("ready", None))
    while True:
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if item is None:
            return
        work, item = item
        try:
            answer = ("ok", work(item))
        except MemoryError:
            answer = ("failed", "too_large")
        try:
            conn.send(answer)
        except MemoryError:
            conn.send(("failed", "too_large"))
        if answer[0] == "failed":
            return  # a worker that ran out of memory is not trusted with another item


class _Worker:
    def __init__(self, ctx, init: Callable[..., None] | None, init_args: tuple, memory: int):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, init, memory), daemon=True)
        self.process.start()  # a few bytes to send: the workers start side by side
        child.close()
        self.init_args: tuple | None = init_args  # sent once it has started (a roster: MBs)
        self.item: Any = None
        self.started = 0.0

    def give(self, work: Callable[[Any], Any], item: Any) -> None:
        if self.init_args is not None:  # one that cannot start is fourgood's fault, not a file's
            try:
                self.conn.send(self.init_args)
                kind, _ = self.answer()
            except OSError:
                kind = "failed"
            if kind != "ready":
                raise RuntimeError("a worker process could not start")
            self.init_args = None
        self.item, self.started = item, time.monotonic()
        self.conn.send((work, item))

    def answer(self) -> tuple[str, Any]:
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            self.process.join(1)
            return "failed", "worker_died"

    def stop(self, kill: bool = False) -> None:
        if not kill:
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class Pool:
    """At most ``workers`` processes, started when first needed (``init(*init_args)`` in
    each), that serve every batch given to ``run`` until the pool is closed; use as a
    context manager. ``init``, and the functions given to ``run``, run in the workers:
    module-level functions, picklable arguments."""

    def __init__(self, workers: int, budget: Budget = Budget(),
                 init: Callable[..., None] | None = None, init_args: tuple = ()):
        self.workers, self.budget = workers, budget
        self._ctx = _context(init)
        self._target_args = (init, init_args, budget.share(workers))
        self._idle: list[_Worker] = []

    def run(self, items: Iterable[Any], work: Callable[[Any], Any],
            failed: Callable[[Any, str], Any]) -> Iterator[tuple[Any, Any]]:
        """``(item, work(item))`` for every item, in the order they finish; an item that
        breaks its budget or its worker gives ``(item, failed(item, code))`` instead."""
        budget, todo, idle = self.budget, iter(items), self._idle
        busy: list[_Worker] = []
        try:
            while True:
                given = []  # every worker needed started before any is waited for
                while len(busy) < self.workers:
                    item = next(todo, _END)
                    if item is _END:
                        break
                    worker = idle.pop() if idle else _Worker(self._ctx, *self._target_args)
                    busy.append(worker)
                    given.append((worker, item))
                for worker, item in given:
                    worker.give(work, item)
                if not busy:
                    return
                now = time.monotonic()
                timeout = max(0.0, min(w.started + budget.seconds for w in busy) - now)
                ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                                 timeout))
                for worker in list(busy):
                    if worker.conn in ready or worker.process.sentinel in ready:
                        kind, value = worker.answer()
                    elif time.monotonic() - worker.started >= budget.seconds:
                        kind, value = "failed", "too_slow"
                    else:
                        continue
                    busy.remove(worker)
                    if kind == "ok":
                        idle.append(worker)
                        yield worker.item, value
                    else:
                        worker.stop(kill=True)
                        yield worker.item, failed(worker.item, value)
        finally:  # a batch left unfinished leaves no item running
            for worker in busy:
                worker.stop(kill=True)

    def close(self) -> None:
        for worker in self._idle:
            worker.stop()
        self._idle.clear()

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *_: Any) -> None:
        self.close()


_END = object()
