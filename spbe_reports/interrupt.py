"""Ctrl-C and SIGTERM as a fact the whole run can see, not only an exception that may be lost.

Python delivers Ctrl-C as a KeyboardInterrupt raised wherever the main thread happens to be.
Inside a library that catches every exception (openpyxl's bare ``except``, a matplotlib draw
in C code) it can come out as a TypeError or a ValueError, or vanish. :func:`install` makes
both signals set a flag before raising, so code that turns "any exception" into a rejected
workbook first asks :func:`requested` and re-raises the interrupt instead; the command line
exits 130 whenever the flag is set, whatever exception ended the run.

Inside :func:`deferred` (the few renames that put a finished run in place) a signal only sets
the flag; the interrupt is raised when the block ends, so the output folder is never left
half committed.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

_requested = False
_deferring = 0
_holding = False  # install(hold=True): only the flag, until install() is called again


def requested() -> bool:
    """True once Ctrl-C or SIGTERM was received in this process."""
    return _requested


def check() -> None:
    """Raise KeyboardInterrupt if an interrupt was received (for checkpoints and except-clauses)."""
    if _requested:
        raise KeyboardInterrupt


def _handle(signum, frame) -> None:
    global _requested
    _requested = True
    if not _deferring and not _holding:
        raise KeyboardInterrupt


def install(hold: bool = False) -> None:
    """Route SIGINT and SIGTERM through the flag (main thread only; elsewhere a no-op).

    With ``hold``, a signal only sets the flag until ``install()`` is called again: the command
    line holds while its modules load (Python would print a traceback from an import), then
    checks the flag once it can exit cleanly.
    """
    global _holding
    if threading.current_thread() is not threading.main_thread():
        return
    _holding = hold
    signal.signal(signal.SIGINT, _handle)
    if hasattr(signal, "SIGTERM"):  # `kill` stops a run as cleanly as Ctrl-C does
        signal.signal(signal.SIGTERM, _handle)


def reset() -> None:
    """Forget an earlier interrupt (for a long-lived process that starts a new run, and for tests)."""
    global _requested
    _requested = False


@contextlib.contextmanager
def deferred(reraise: bool = True) -> Iterator[None]:
    """Hold interrupts until the block ends, then raise one if it came (unless ``reraise`` is False:
    for clean-up that runs while an interrupt is already on its way)."""
    global _deferring
    _deferring += 1
    try:
        yield
    finally:
        _deferring -= 1
    if reraise and not _deferring:
        check()
