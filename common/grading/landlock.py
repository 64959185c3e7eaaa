"""Landlock (Linux >= 5.13): a process confines itself, no privileges needed.

``restrict(writable=..., readable=...)`` adds one layer of rules to the
calling thread (and everything it starts later): only the listed paths may
be written (or read); TCP connections, signals to processes outside the
layer and abstract Unix sockets are refused where the kernel's ABI knows
them. Layers only ever narrow: a confined process cannot undo them.
"""
import ctypes
import glob
import os
import sys

_SYS_CREATE, _SYS_ADD_RULE, _SYS_RESTRICT = 444, 445, 446  # x86_64 and aarch64 alike
_PR_SET_NO_NEW_PRIVS = 38
_PATH_BENEATH = 1
EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
_WRITE_BITS = (1, 4, 5, 6, 7, 8, 9, 10, 11, 12)  # write, remove, make_*
REFER, TRUNCATE = 1 << 13, 1 << 14
READ = READ_FILE | READ_DIR


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def abi():
    """The kernel's Landlock ABI version, 0 when it has none."""
    if not sys.platform.startswith("linux"):
        return 0
    try:
        version = _libc().syscall(_SYS_CREATE, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    except (OSError, AttributeError):
        return 0
    return max(int(version), 0)


def write_access(version):
    """Every write-like right this ABI version can restrict."""
    bits = sum(1 << bit for bit in _WRITE_BITS)
    return bits | (REFER if version >= 2 else 0) | (TRUNCATE if version >= 3 else 0)


def restrict(writable=None, readable=None, network=True, version=None):
    """Confine the calling thread: when ``writable`` is a list of paths, writes
    only beneath them (plus /dev/null and GPU devices); when ``readable`` is,
    reads only beneath them (and the writable ones); with ``network``, no TCP
    bind or connect and no signals or abstract sockets beyond this layer
    (ABI >= 4 and >= 6). Paths that do not exist are skipped."""
    version = version or abi()
    if not version:
        raise OSError("this kernel has no Landlock")
    libc = _libc()
    handled = (write_access(version) if writable is not None else 0) | (READ if readable is not None else 0)
    net = 3 if network and version >= 4 else 0
    scopes = 3 if network and version >= 6 else 0
    fields = [handled, net, scopes]
    size = 8 * (1 if version < 4 else 2 if version < 6 else 3)
    attr = (ctypes.c_uint64 * 3)(*fields)
    ruleset = libc.syscall(_SYS_CREATE, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset")

    def allow(path, rights):
        rights &= handled
        if not rights or not os.path.exists(path):
            return
        if not os.path.isdir(path):
            rights &= EXECUTE | WRITE_FILE | READ_FILE | TRUNCATE  # what a file rule may hold
        rule = (ctypes.c_uint8 * 12)()
        ctypes.memmove(rule, ctypes.byref(ctypes.c_uint64(rights)), 8)
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        try:
            ctypes.memmove(ctypes.byref(rule, 8), ctypes.byref(ctypes.c_int32(fd)), 4)
            if libc.syscall(_SYS_ADD_RULE, ruleset, _PATH_BENEATH, ctypes.byref(rule), ctypes.c_uint32(0)) < 0:
                raise OSError(ctypes.get_errno(), f"landlock_add_rule {path}")
        finally:
            os.close(fd)

    try:
        for path in writable or ():
            allow(str(path), handled)
        for device in ["/dev/null", *glob.glob("/dev/nvidia*")]:  # CUDA opens its devices read-write
            allow(device, WRITE_FILE | TRUNCATE | READ_FILE)
        for path in readable or ():
            allow(str(path), READ)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(NO_NEW_PRIVS)")
        if libc.syscall(_SYS_RESTRICT, ruleset, ctypes.c_uint32(0)) < 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self")
    finally:
        os.close(ruleset)
