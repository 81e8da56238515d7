"""The worker pool: each item within its time and memory, a dying worker costs only its item,
and workers never outlive the process that started them."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from conftest import group_alive
from fourgood import workers


def _work(item: int) -> int:
    """Real work that misbehaves on purpose for some items."""
    if item == 3:
        os._exit(9)                     # killed, as by the system's out-of-memory killer
    if item == 4:
        time.sleep(60)                  # never ends
    if item == 5:
        return len(bytearray(400 * workers.MB))  # more memory than the budget
    return item * item


@pytest.mark.slow
def test_each_item_within_its_budget_and_one_bad_item_costs_only_itself():
    budget = workers.Budget(seconds=3, memory=2 * 150 * workers.MB)
    started = time.monotonic()
    with workers.Pool(2, budget) as pool:
        got = dict(pool.run(range(10), _work, lambda item, code: code))
    assert time.monotonic() - started < 30
    assert got.pop(3) == "worker_died"
    assert got.pop(4) == "too_slow"
    if sys.platform.startswith("linux"):  # where an address-space limit exists
        assert got.pop(5) == "too_large"
    else:
        got.pop(5)
    assert got == {n: n * n for n in (0, 1, 2, 6, 7, 8, 9)}


def _pid(item: int) -> int:
    return os.getpid()


def test_a_pool_serves_every_batch_with_the_same_workers_and_replaces_a_dead_one():
    with workers.Pool(2, workers.Budget(seconds=10)) as pool:
        first = {pid for _, pid in pool.run(range(6), _pid, lambda item, code: code)}
        assert dict(pool.run([3], _work, lambda item, code: code)) == {3: "worker_died"}
        second = {pid for _, pid in pool.run(range(6), _pid, lambda item, code: code)}
    assert len(first) == 2 and len(second) == 2 and len(first & second) == 1
    assert os.getpid() not in first | second


@pytest.mark.slow
def test_workers_end_when_their_parent_is_killed(tmp_path):
    script = tmp_path / "parent.py"
    script.write_text(textwrap.dedent("""
        import sys, time
        from fourgood import workers

        def work(item):
            time.sleep(120)

        if __name__ == "__main__":
            with workers.Pool(2) as pool:
                for _ in pool.run(range(4), work, lambda i, c: c):
                    pass
    """), encoding="utf-8")
    parent = subprocess.Popen([sys.executable, str(script)], start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while len(group_alive(parent.pid)) < 3 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(group_alive(parent.pid)) >= 3, "the workers never started"
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while group_alive(parent.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert group_alive(parent.pid) == []
    finally:
        for pid in group_alive(parent.pid):
            os.kill(pid, signal.SIGKILL)
