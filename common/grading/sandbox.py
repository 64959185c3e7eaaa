"""Run kata tests on one submission in a confined child process.

What confines the child (``run_tests``), outermost first:

- a fresh temporary folder holds a copy of the kata modules under test, and
  is the child's cwd, HOME and TMPDIR; the submission's own conftest, tests
  and pytest configuration are never copied, the tests come from the project;
- private namespaces where the kernel allows them (user, mount and PID, via
  util-linux's ``unshare``): the child sees only its own processes in
  ``/proc`` (not the grader's command line), has a private ``/dev/shm``, and
  every process it starts dies with it;
- common/grading/confine.py, the first code the child runs: resource limits
  (heap, file size, processes, no core dumps) and Landlock (writes only
  inside the temporary folder, no TCP, no signals beyond itself);
- once the tests are collected, the grading plugin locks the child down
  (common/grading/guard.py): no reads of the project or other folders, an
  audit hook, modules that refuse patching;
- a watchdog here, in the grader: the wall-clock limit, the resident memory
  of the child's process group, and its own session killed as a whole at the
  end; the grader is a child subreaper, so a process that escapes the group
  is re-parented to it and killed too.

``SANDBOX`` says which of these this machine provides.
"""
import functools
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from common.course import ROOT
from common.datasets import DATA
from common.grading import confine, landlock

FILE_LIMIT_MB = 64
OUTPUT_TAIL = 2000       # characters of the child's own output kept for the report
EVIDENCE_LIMIT = 8 << 20  # bytes read from the evidence pipe at most
PASS_ENV = ("LD_LIBRARY_PATH", "HYPOTHESIS_PROFILE", "NVIDIA_VISIBLE_DEVICES")
STARTUP_LIMIT = 120       # seconds for Python, MXNet and pytest to start and collect
EXTRA_PROCESSES = 256     # processes and threads a child may add to its user's count
UNSHARE = ["unshare", "--user", "--map-root-user", "--mount", "--pid", "--fork", "--mount-proc",
           "--kill-child"]
_PR_SET_CHILD_SUBREAPER = 36
_children_lock = threading.Lock()
_active = set()          # pids of the children running now (jobs run in threads)


@functools.lru_cache(maxsize=None)
def namespaces():
    """True when unprivileged user, mount and PID namespaces work here."""
    if not shutil.which("unshare"):
        return False
    try:
        return subprocess.run(UNSHARE + ["true"], capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def landlock_abi():
    return landlock.abi()


def describe():
    """Which protections this machine gives a grading child, in words."""
    parts = ["kata rules (source check, guarded builtins, audit hook, modules refuse patching)"]
    if landlock_abi():
        parts.append(f"Landlock ABI {landlock_abi()} (writes only inside its folder; after collection, "
                     "no reads of the project or other folders)")
    else:
        parts.append("no Landlock: writes outside the folder are only detected afterwards")
    parts.append("private namespaces (its own /proc and /dev/shm; its processes die with it)"
                 if namespaces() else "no private namespaces (its process group is killed at the end)")
    return "; ".join(parts)


def read_roots():
    """What a locked-down child may still read: the Python installation, the
    system libraries and configuration, and the shipped data."""
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, str(DATA), "/usr", "/lib", "/lib64",
             "/lib32", "/bin", "/sbin", "/etc", "/dev", "/sys", "/proc/self", "/proc/cpuinfo",
             "/proc/meminfo", "/proc/stat", "/proc/sys"}
    roots.update(p for p in sys.path if p.endswith("site-packages"))
    return sorted(r for r in roots if r and os.path.exists(r))


def become_subreaper():
    """Orphaned descendants of this process's children get re-parented here."""
    if sys.platform.startswith("linux"):
        import ctypes
        ctypes.CDLL(None).prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def kill_orphans():
    """Kill and reap every child of this process that is not a running kata
    child (daemons a submission left behind, re-parented here)."""
    me = os.getpid()
    for _ in range(50):  # a daemon may re-fork while we kill: until none is left
        found = False
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                pid = int(stat.parent.name)
                fields = stat.read_text().rsplit(")", 1)[1].split()
                with _children_lock:
                    if int(fields[1]) == me and pid not in _active:
                        os.kill(pid, signal.SIGKILL)
                        found = True
            except (OSError, IndexError, ValueError):
                continue
        _reap()
        if not found:
            return


def kill_children():
    """Kill every kata child still running, and what they left (the run's deadline passed)."""
    with _children_lock:
        active = list(_active)
    for pid in active:
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    kill_orphans()


def _reap():
    with _children_lock:
        active = set(_active)
    for pid in _children():
        if pid in active:
            continue
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass


def _children():
    me = os.getpid()
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == me:
                out.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    return out


def user_processes():
    """Processes and threads of this user right now (what RLIMIT_NPROC counts)."""
    uid, count = os.getuid(), 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("Uid", "").split()[:1] == [str(uid)]:
            count += int(fields.get("Threads", "1").strip())
    return count


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


def run_tests(folder, test_files, impl_dir, key, *, kata_files, timeout, memory_mb, threads=1,
              confined=True, rootdir=ROOT):
    """Run ``pytest test_files --impl impl_dir`` confined to ``folder`` (the
    kata modules under test are ``kata_files``, inside it); return a Run."""
    folder = Path(folder)
    for sub in ("home", "tmp", "work"):
        (folder / sub).mkdir(exist_ok=True)
    key_r, key_w = os.pipe()
    res_r, res_w = os.pipe()
    os.set_inheritable(key_r, True)
    os.set_inheritable(res_w, True)
    use_namespaces = confined and namespaces()
    settings = {
        "memory_mb": memory_mb, "file_mb": FILE_LIMIT_MB, "folder": str(folder),
        "processes": user_processes() + EXTRA_PROCESSES, "namespaces": use_namespaces,
        "landlock": bool(confined and landlock_abi()),
        "pytest_args": ["-p", "common.grading.plugin", "-c", str(ROOT / "pytest.ini"),
                        "--rootdir", str(rootdir), "-q", "--tb=short", "-p", "no:cacheprovider",
                        "--impl", str(impl_dir), *(str(ROOT / f) for f in test_files)],
    }
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8",
        "HOME": str(folder / "home"), "TMPDIR": str(folder / "tmp"),
        "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1",
        "OMP_NUM_THREADS": str(threads),
        # one engine worker, MXNet's default, as in `make test`: with two, MXNet 1.9.1 may run
        # a write to a BatchNorm statistic after the forward that reads it (a reference lost a test)
        "MXNET_CPU_WORKER_NTHREADS": "1",
        "MPLBACKEND": "Agg", "MPLCONFIGDIR": str(folder / "home"),
        "GRADE_KEY_FD": str(key_r), "GRADE_RESULT_FD": str(res_w),
        confine.SETTINGS: json.dumps(settings),
        "GRADE_LOCKDOWN": json.dumps({"kata_files": list(map(str, kata_files)), "folder": str(folder),
                                      "read_roots": read_roots(), "landlock": settings["landlock"]}),
    }
    env.update({name: value for name, value in os.environ.items()
                if name in PASS_ENV or name.startswith(("MXNET_", "CUDA_"))})
    command = (UNSHARE if use_namespaces else []) + [sys.executable, "-m", "common.grading.confine"]
    run = Run()
    output = folder / "output.txt"
    start = time.monotonic()
    with open(output, "wb") as out, _children_lock:
        proc = subprocess.Popen(command, cwd=folder / "work", env=env, stdin=subprocess.DEVNULL,
                                stdout=out, stderr=subprocess.STDOUT, pass_fds=(key_r, res_w),
                                start_new_session=True)
        _active.add(proc.pid)
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
        with _children_lock:
            _active.discard(proc.pid)
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
