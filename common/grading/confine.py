"""The first code a grading child runs: confine this process, then run pytest.

    python -m common.grading.confine   (settings in $GRADE_CONFINE, JSON)

In order, before pytest (and long before any submission code) starts:

1. resource limits: heap (RLIMIT_DATA), file size, processes, no core dumps;
2. inside the private namespaces the grader starts it in (where the kernel
   allows them: user, mount and PID): a private, small ``/dev/shm``; the
   grader's processes are out of sight (``/proc`` shows only this one) and
   everything this process starts dies with it, pid 1;
3. Landlock: writes only inside the temporary folder, no TCP, no signals or
   abstract sockets beyond itself.

Reads of the project are cut later, by the grading plugin, once the tests
are collected (common/grading/guard.py).
"""
import ctypes
import json
import os
import resource
import sys

from common.grading import landlock

SETTINGS = "GRADE_CONFINE"
_MS_NOSUID, _MS_NODEV = 2, 4


def limit(data_mb, file_mb, processes):
    resource.setrlimit(resource.RLIMIT_DATA, (data_mb * 2**20,) * 2)
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_mb * 2**20,) * 2)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_NPROC, (processes,) * 2)


def private_shm(size_mb=16):
    """A fresh tmpfs on /dev/shm: what the kata leaves there vanishes with it."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.mount(b"tmpfs", b"/dev/shm", b"tmpfs", _MS_NOSUID | _MS_NODEV,
                  f"size={size_mb}m".encode()) != 0:
        raise OSError(ctypes.get_errno(), "mount tmpfs on /dev/shm")


def main():
    settings = json.loads(os.environ.pop(SETTINGS))
    limit(settings["memory_mb"], settings["file_mb"], settings["processes"])
    if settings.get("namespaces"):
        private_shm()
    if settings.get("landlock"):
        landlock.restrict(writable=[settings["folder"]])
    import pytest
    sys.exit(pytest.main(settings["pytest_args"]))


if __name__ == "__main__":
    main()
