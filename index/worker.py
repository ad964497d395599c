"""Run a producer — a generator function of one picklable job — in a worker process, its items arriving
here through a pipe as it yields them; or in this process, one item at a time when asked for.

The index build uses it to read, parse and store reports in a second process while this one encodes.
The worker is a fresh interpreter (``python -c``), not a multiprocessing child: "spawn" would import the
caller's main script again (a script without a ``__main__`` guard would run twice), and "fork" is unsafe
in a threaded server. The job and the items travel as pickles over two OS pipes; a thread drains the
items as they come, so the worker never waits for a busy consumer (a pipe holds 64 KB).
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib
import logging
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, NamedTuple

from threadpoolctl import threadpool_limits

_ROOT = Path(__file__).resolve().parent.parent  # the folder holding the index package
_PR_SET_PDEATHSIG = 1
logger = logging.getLogger(__name__)
Producer = Callable[[Any], Iterator[Any]]


class _Failed(NamedTuple):
    """The producer stopped on an error: raised again in the consuming process."""

    error: BaseException
    trace: str


_END = object()


class InProcess:
    """The producer run here, one item at a time, when the consumer asks for it."""

    def __init__(self, producer: Producer, job: object) -> None:
        self._items = producer(job)

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        return next(self._items)

    def poll(self) -> Any | None:
        return next(self._items, None)

    def close(self) -> None:
        self._items.close()  # type: ignore[attr-defined]  # runs the producer's finally


class Worker:
    """The producer (named ``module:function``) run in a worker process."""

    def __init__(self, producer: str, job: object) -> None:
        job_read, job_write = os.pipe()
        item_read, item_write = os.pipe()
        code = f"import sys; sys.path.insert(0, {str(_ROOT)!r}); from index.worker import main; main()"
        arguments = [producer, str(job_read), str(item_write), str(os.getpid())]
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-c", code, *arguments], pass_fds=(job_read, item_write), stdin=subprocess.DEVNULL
            )
        except BaseException:
            for descriptor in (job_read, job_write, item_read, item_write):
                os.close(descriptor)
            raise
        os.close(job_read)
        os.close(item_write)  # the worker holds the only writing end: its exit (or death) ends the stream
        self._receiver = Connection(item_read, writable=False)
        try:
            with Connection(job_write, readable=False) as sender:
                sender.send(job)
        except BaseException:  # it died on start (could not import the producer?)
            self._process.kill()
            self._process.wait()
            self._receiver.close()
            raise
        self._queue: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._drain = threading.Thread(target=self._receive, name="nianbao-worker-pipe", daemon=True)
        self._drain.start()
        self._ended = False

    def _receive(self) -> None:
        try:
            while True:
                self._queue.put(self._receiver.recv())
        except (EOFError, OSError):
            pass
        except BaseException as error:  # an item that does not unpickle
            self._queue.put(_Failed(error, ""))
        finally:
            self._queue.put(_END)

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        if self._ended:
            raise StopIteration
        return self._take(self._queue.get())

    def poll(self) -> Any | None:
        """The next item if one is there already, else None."""
        if self._ended:
            return None
        try:
            item = self._queue.get_nowait()
        except queue.Empty:
            return None
        try:
            return self._take(item)
        except StopIteration:
            return None

    def _take(self, item: object) -> Any:
        if item is _END:
            self._ended = True
            if self._process.wait():
                raise RuntimeError(f"构建中断：解析进程退出，代码 {self._process.returncode}")
            raise StopIteration
        if isinstance(item, _Failed):
            if item.trace:
                item.error.add_note(f"in the worker process:\n{item.trace}")
            raise item.error
        return item

    def busy(self) -> bool:
        return self._process.poll() is None

    def close(self) -> None:
        """Stop the worker (if still running) and wait for it."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._drain.join()
        self._receiver.close()


def start(producer: str, job: object, fallback: InProcess) -> InProcess | Worker:
    """A worker running ``producer``, or ``fallback`` (the producer here) where a process cannot start."""
    try:
        worker = Worker(producer, job)
    except (OSError, ValueError) as error:
        logger.warning("worker process not started (%s): working in this process", error)
        return fallback
    fallback.close()  # never started: nothing to undo
    return worker


def main() -> None:
    """The worker process (arguments: the producer, the job's and the items' pipe descriptors, the parent's
    pid): the producer's items into the pipe; an error as one last item."""
    producer, job_read, item_write, parent = sys.argv[1], *map(int, sys.argv[2:5])
    module, function = producer.split(":")
    produce: Producer = getattr(importlib.import_module(module), function)
    with Connection(job_read, writable=False) as receiver:
        job = receiver.recv()
    _die_with_parent(parent)
    sender = Connection(item_write, readable=False)
    try:
        with threadpool_limits(limits=1):  # one core for this process; the consumer has the rest
            for item in produce(job):
                sender.send(item)
    except BaseException as error:
        trace = traceback.format_exc()
        try:
            pickle.loads(pickle.dumps(error))
        except Exception:
            error = RuntimeError(f"{type(error).__name__}: {error}")
        with contextlib.suppress(OSError):
            sender.send(_Failed(error, trace))
    finally:
        sender.close()


def _die_with_parent(parent: int) -> None:
    """Linux: the kernel kills this process when its parent dies (a SIGKILLed build leaves no orphan
    parsing into a build folder nobody will serve)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the request took effect
        os._exit(1)
