"""Run one kata's tests on one submission in a confined child process.

What confines the child (``run_tests``):

- a fresh temporary folder holds a copy of the one kata module under test, and
  is the child's cwd, HOME and TMPDIR; the submission's own conftest, tests
  and pytest configuration are never copied, the tests come from the project;
- Landlock (Linux >= 5.13, no privileges needed), when the kernel has it: the
  child may write only inside its temporary folder (and /dev/null), may not
  open TCP connections and (Landlock ABI >= 6) may not signal processes
  outside itself, e.g. the grader; ``SANDBOX`` says which protection is on;
- resource limits: RLIMIT_DATA (heap and anonymous memory, not the address
  space: MXNet and CUDA reserve gigabytes of virtual memory they never touch,
  so RLIMIT_AS would kill correct code), RLIMIT_FSIZE (no file, including the
  captured output, above ``FILE_LIMIT_MB``), no core dumps; plus a watchdog
  in the parent that kills the child's process group on the wall-clock limit
  or when its resident memory passes the memory limit;
- its own session (process group), killed as a whole at the end; this
  process is a child subreaper, so a daemon that escapes the group is
  re-parented here and killed too.
"""
import ctypes
import glob
import os
import resource
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

from common.course import ROOT

FILE_LIMIT_MB = 64
OUTPUT_TAIL = 2000       # characters of the child's own output kept for the report
EVIDENCE_LIMIT = 8 << 20  # bytes read from the evidence pipe at most
PASS_ENV = ("LD_LIBRARY_PATH", "HYPOTHESIS_PROFILE", "NVIDIA_VISIBLE_DEVICES")
STARTUP_LIMIT = 120       # seconds for Python, MXNet and pytest to start and collect

# ----------------------------------------------------------------- Landlock

_SYS_CREATE, _SYS_ADD_RULE, _SYS_RESTRICT = 444, 445, 446  # x86_64 and aarch64 alike
_PR_SET_NO_NEW_PRIVS, _PR_SET_CHILD_SUBREAPER = 38, 36
_WRITE_FILE = 1 << 1
_FS_WRITE_ACCESS = sum(1 << bit for bit in (1, 4, 5, 6, 7, 8, 9, 10, 11, 12))  # write, remove, make_*
_REFER, _TRUNCATE = 1 << 13, 1 << 14


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def landlock_abi():
    """The kernel's Landlock ABI version, 0 when it has none."""
    if not sys.platform.startswith("linux"):
        return 0
    try:
        version = _libc().syscall(_SYS_CREATE, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    except (OSError, AttributeError):
        return 0
    return max(int(version), 0)


SANDBOX = (f"landlock ABI {landlock_abi()}: writes only inside the temporary folder"
           if landlock_abi() else "none (no Landlock): writes outside the folder are only detected")


def _confine_writes(folder, abi):
    """Allow the calling process (and what it execs) to write only beneath ``folder``."""
    libc = _libc()
    access = _FS_WRITE_ACCESS | (_REFER if abi >= 2 else 0) | (_TRUNCATE if abi >= 3 else 0)
    fields = [access, 3 if abi >= 4 else 0, 3 if abi >= 6 else 0]  # fs, TCP bind+connect, scopes
    size = 8 * (1 if abi < 4 else 2 if abi < 6 else 3)
    attr = (ctypes.c_uint64 * 3)(*fields)
    ruleset = libc.syscall(_SYS_CREATE, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset")

    def allow(path, allowed):
        rule = (ctypes.c_uint8 * 12)()
        ctypes.memmove(rule, ctypes.byref(ctypes.c_uint64(allowed)), 8)
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        ctypes.memmove(ctypes.byref(rule, 8), ctypes.byref(ctypes.c_int32(fd)), 4)
        if libc.syscall(_SYS_ADD_RULE, ruleset, 1, ctypes.byref(rule), ctypes.c_uint32(0)) < 0:
            raise OSError(ctypes.get_errno(), f"landlock_add_rule {path}")
        os.close(fd)

    allow(str(folder), access)
    for device in ["/dev/null", *glob.glob("/dev/nvidia*")]:  # CUDA opens its devices read-write
        allow(device, _WRITE_FILE | (_TRUNCATE if abi >= 3 else 0))
    if os.path.isdir("/dev/shm"):  # POSIX shared memory and semaphores
        allow("/dev/shm", access)
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(NO_NEW_PRIVS)")
    if libc.syscall(_SYS_RESTRICT, ruleset, ctypes.c_uint32(0)) < 0:
        raise OSError(ctypes.get_errno(), "landlock_restrict_self")
    os.close(ruleset)


def become_subreaper():
    """Orphaned descendants of this process's children get re-parented here."""
    if sys.platform.startswith("linux"):
        _libc().prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def kill_orphans():
    """Kill and reap every child of this process (daemons a submission left behind)."""
    me = os.getpid()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == me:
                os.kill(int(stat.parent.name), signal.SIGKILL)
        except (OSError, IndexError, ValueError):
            continue
    while True:
        try:
            if os.waitpid(-1, os.WNOHANG) == (0, 0):
                break
        except ChildProcessError:
            break


def group_rss_mb(pgid):
    """Resident memory of every process in a process group, in MB."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid:
                total += int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
    return total * os.sysconf("SC_PAGE_SIZE") / 2**20


# ------------------------------------------------------------------- a run

class Run:
    """What came back from one child: the raw evidence lines and how it ended."""

    def __init__(self):
        self.lines = []          # raw evidence lines, verified by the caller
        self.returncode = None   # exit code, or -signal
        self.killed = None       # "timeout" or "memory" when the watchdog killed it
        self.peak_rss_mb = 0.0
        self.wall_s = 0.0
        self.cpu_s = 0.0         # user + system CPU time of the child (and what it waited for)
        self.output_tail = ""


def run_tests(folder, test_files, impl_dir, key, *, timeout, memory_mb, threads=1, confine=True, rootdir=ROOT,
              extra_args=()):
    """Run ``pytest test_files --impl impl_dir`` confined to ``folder``; return a Run."""
    folder = Path(folder)
    for sub in ("home", "tmp", "work"):
        (folder / sub).mkdir(exist_ok=True)
    key_r, key_w = os.pipe()
    res_r, res_w = os.pipe()
    os.set_inheritable(key_r, True)
    os.set_inheritable(res_w, True)
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
        "HOME": str(folder / "home"), "TMPDIR": str(folder / "tmp"),
        "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1",
        "OMP_NUM_THREADS": str(threads), "MXNET_CPU_WORKER_NTHREADS": str(threads),
        "MPLBACKEND": "Agg", "MPLCONFIGDIR": str(folder / "home"),
        "GRADE_KEY_FD": str(key_r), "GRADE_RESULT_FD": str(res_w),
    }
    env.update({name: value for name, value in os.environ.items()
                if name in PASS_ENV or name.startswith(("MXNET_", "CUDA_"))})
    command = [sys.executable, "-m", "pytest", "-p", "common.grading.plugin",
               "-c", str(ROOT / "pytest.ini"), "--rootdir", str(rootdir),
               "-q", "--tb=short", "-p", "no:cacheprovider", "--impl", str(impl_dir),
               *extra_args, *(str(ROOT / f) for f in test_files)]  # ROOT / absolute == absolute
    abi = landlock_abi() if confine else 0
    data_limit = memory_mb * 2**20
    file_limit = FILE_LIMIT_MB * 2**20

    def limit_child():  # runs in the child between fork and exec
        resource.setrlimit(resource.RLIMIT_DATA, (data_limit, data_limit))
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if abi:
            _confine_writes(folder, abi)

    run = Run()
    output = folder / "output.txt"
    start = time.monotonic()
    with open(output, "wb") as out:
        proc = subprocess.Popen(command, cwd=folder / "work", env=env, stdin=subprocess.DEVNULL,
                                stdout=out, stderr=subprocess.STDOUT, pass_fds=(key_r, res_w),
                                preexec_fn=limit_child, start_new_session=True)
    os.close(key_r)
    os.close(res_w)
    os.write(key_w, key)
    os.close(key_w)
    try:
        _watch(proc, res_r, run, timeout, memory_mb)
    finally:
        os.close(res_r)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        kill_orphans()
    run.wall_s = time.monotonic() - start
    run.output_tail = _tail(output)
    return run


def _watch(proc, fd, run, timeout, memory_mb):
    """Collect evidence lines until the child exits; kill it on timeout or memory.

    The clock starts when the first line arrives (the plugin's "ready", sent
    once the tests are collected and before any submission code runs): the
    start-up of Python, MXNet and pytest gets its own limit, STARTUP_LIMIT."""
    buffer, received, next_rss = b"", 0, 0.0
    deadline = time.monotonic() + max(STARTUP_LIMIT, timeout)
    os.set_blocking(fd, False)
    status = None
    while status is None:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            chunk = _read(fd)
            if chunk and received == 0:
                deadline = time.monotonic() + timeout
            if chunk and received < EVIDENCE_LIMIT:
                received += len(chunk)
                buffer += chunk
                *lines, buffer = buffer.split(b"\n")
                run.lines += [line for line in lines if len(line) < 65536]
        pid, wait_status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            status = wait_status
            run.peak_rss_mb = max(run.peak_rss_mb, usage.ru_maxrss / 1024)
            run.cpu_s = usage.ru_utime + usage.ru_stime
            break
        now = time.monotonic()
        if now > deadline:
            run.killed = "timeout"
        elif now > next_rss:
            next_rss = now + 0.5
            rss = group_rss_mb(proc.pid)
            run.peak_rss_mb = max(run.peak_rss_mb, rss)
            if rss > memory_mb:
                run.killed = "memory"
        if run.killed:
            os.killpg(proc.pid, signal.SIGKILL)
            _, status, usage = os.wait4(proc.pid, 0)
            run.cpu_s = usage.ru_utime + usage.ru_stime
    proc.returncode = os.waitstatus_to_exitcode(status)
    run.returncode = proc.returncode
    chunk = _read(fd)  # whatever the child wrote just before it ended
    if chunk and received < EVIDENCE_LIMIT:
        run.lines += [line for line in (buffer + chunk).split(b"\n")[:-1] if len(line) < 65536]


def _read(fd):
    data = b""
    while len(data) < EVIDENCE_LIMIT:
        try:
            chunk = os.read(fd, 65536)
        except BlockingIOError:
            break
        if not chunk:
            break
        data += chunk
    return data


def _tail(path, limit=OUTPUT_TAIL):
    """The last ``limit`` characters of a (possibly huge) output file."""
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - limit))
            text = f.read().decode("utf-8", "replace")
    except OSError:
        return ""
    return (f"[... {size - limit} bytes cut ...]\n" if size > limit else "") + text
