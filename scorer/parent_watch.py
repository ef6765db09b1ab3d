"""Make a worker process exit when the process that started it dies, even by `kill -9` (which runs no clean-up).

On Linux the kernel does it: prctl(PR_SET_PDEATHSIG, SIGTERM) asks for SIGTERM when the parent exits. Everywhere
(and in case the parent died before the request was made) a daemon thread also checks the parent's pid each second.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
# How often the fallback thread looks at the parent pid: an orphan lingers at most this long.
CHECK_SECONDS = 1.0


def ask_kernel_for_signal_on_parent_death(sig: int = signal.SIGTERM) -> bool:
    """prctl(PR_SET_PDEATHSIG, sig) on Linux; False where it is not available."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    return libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0


def _watch(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(CHECK_SECONDS)
    os._exit(1)  # reparented: the parent is gone; nothing of this process's work can be delivered any more


def exit_with_parent(parent_pid: int) -> None:
    """Call first thing in a worker process; `parent_pid` is the pid of the process that started it."""
    ask_kernel_for_signal_on_parent_death()
    if os.getppid() != parent_pid:  # the parent died before the kernel was asked
        os._exit(1)
    threading.Thread(target=_watch, args=(parent_pid,), name="parent-watch", daemon=True).start()
