"""What the build's forked workers share (`deferred`, `late`): when a fork is safe, writing
and reading pickled values in a spool file, and stopping a worker.

A worker writes what it makes to an unnamed temporary file and sends only where it is
through a pipe, so it never waits for the build process to read. Nothing here imports
MkDocs or logs.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import IO, Any


def can_fork() -> bool:
    """True where a forked worker is safe and useful: Linux, this thread alone, two CPUs."""
    if not sys.platform.startswith("linux"):
        return False
    if "fork" not in multiprocessing.get_all_start_methods():
        return False
    if threading.active_count() > 1:
        return False
    return len(os.sched_getaffinity(0)) > 1


def spool(fd: int, offset: int, value: object) -> int:
    """Write `value` pickled at `offset` of the spool file `fd`; its length in bytes."""
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    written = 0
    while written < len(data):
        written += os.pwrite(fd, data[written:], offset + written)
    return len(data)


def unspool(file: IO[bytes] | None, offset: int, length: int) -> Any:
    """The value spooled at `offset`, or None when the file is gone or short."""
    if file is None:
        return None
    data = os.pread(file.fileno(), length, offset)
    return pickle.loads(data) if len(data) == length else None


Job = Callable[..., None]
"""What a worker runs: called with its arguments, then the pipe to send on (`Connection`)
and the spool file's descriptor (`spool` writes to it)."""


class Worker:
    """One forked worker: the pipe it sends on and the spool file it writes to."""

    def __init__(self) -> None:
        self.connection: Connection | None = None
        self._process: BaseProcess | None = None
        self._spool: IO[bytes] | None = None

    def start(self, job: Job, args: tuple[Any, ...], name: str) -> bool:
        """Fork a process running `job(*args, pipe, spool)`; False when it cannot start."""
        context = multiprocessing.get_context("fork")
        spool_file = tempfile.TemporaryFile(prefix=f"touchpoints-{name}-")  # noqa: SIM115 (closed in close)
        reader, writer = context.Pipe(duplex=False)
        process = context.Process(
            target=_run, args=(job, args, reader, writer, spool_file.fileno())
        )
        process.daemon = True  # ended with the build process, whatever happens to it
        try:
            process.start()
        except OSError:  # no memory or process left for a fork
            reader.close()
            writer.close()
            spool_file.close()
            return False
        writer.close()
        self.connection, self._process, self._spool = reader, process, spool_file
        return True

    def receive(self) -> Any:
        """The next message, or None when the worker is gone (then it is stopped)."""
        connection = self.connection
        if connection is None:
            return None
        try:
            return connection.recv()
        except (EOFError, OSError):  # done or died
            self.stop()
            return None

    def read(self, offset: int, length: int) -> Any:
        """A value the worker spooled (None when it cannot be read)."""
        return unspool(self._spool, offset, length)

    def stop(self) -> None:
        """End the worker if it still runs; what it spooled stays readable."""
        connection, process = self.connection, self._process
        self.connection = self._process = None
        if connection is not None:
            connection.close()
        if process is not None:
            if process.is_alive():
                process.terminate()
            process.join()

    def close(self) -> None:
        """Stop the worker and delete the spool file."""
        self.stop()
        if self._spool is not None:
            self._spool.close()
            self._spool = None


def _run(job: Job, args: tuple[Any, ...], reader: Connection, writer: Connection, fd: int) -> None:
    """In the worker: run the job; stop quietly on any failure (the build process then does
    the work itself)."""
    reader.close()
    # Ctrl-C reaches the whole process group; the build process handles it and ends this one.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        job(*args, writer, fd)
    except BaseException:
        pass
    finally:
        writer.close()
