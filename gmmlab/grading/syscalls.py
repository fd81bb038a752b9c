"""A seccomp filter for a submission's process: one process, no signals to others, no network.

Once installed (it cannot be removed, and it holds for every thread), the process may not fork,
``exec``, trace or signal another process, open an Internet socket, or create namespaces; it may
still start threads (which share its memory limit). So a submission is exactly one process: its
memory cap is its total memory, nothing it starts outlives it, and it cannot reach the grader or
another submission. The filter is written in classic BPF for x86-64 Linux; elsewhere
:func:`install` returns False and the grader says that this layer is missing.
"""

from __future__ import annotations

import ctypes
import platform
import struct

_LD_W_ABS, _JEQ, _JGE, _JSET, _RET = 0x20, 0x15, 0x35, 0x45, 0x06
_ALLOW, _KILL = 0x7FFF0000, 0x80000000
_EPERM, _ENOSYS = 0x00050000 | 1, 0x00050000 | 38
_ARCH_X86_64 = 0xC000003E
_NR, _ARCH, _ARG0 = 0, 4, 16
_CLONE_THREAD = 0x00010000
_AF_UNIX = 1
#: x86-64 system calls refused outright (EPERM): processes, tracing, namespaces, kernel hooks.
DENIED = {
    "fork": 57, "vfork": 58, "execve": 59, "execveat": 322, "tkill": 200, "ptrace": 101,
    "process_vm_readv": 310, "process_vm_writev": 311, "pidfd_open": 434,
    "pidfd_send_signal": 424, "pidfd_getfd": 438, "rt_sigqueueinfo": 129,
    "rt_tgsigqueueinfo": 297, "mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161,
    "unshare": 272, "setns": 308, "bpf": 321, "userfaultfd": 323, "perf_event_open": 298,
    "keyctl": 250, "add_key": 248, "request_key": 249, "io_uring_setup": 425,
    "kexec_load": 246, "init_module": 175, "finit_module": 313, "reboot": 169,
}
_CLONE, _CLONE3, _KILL_NR, _TGKILL, _SOCKET = 56, 435, 62, 234, 41


def _op(code, k, jt=0, jf=0):
    return struct.pack("HBBI", code, jt, jf, k)


def program(own_pid: int) -> bytes:
    """The filter for a process whose pid is ``own_pid``, as packed ``sock_filter`` structs."""
    ld_nr = _op(_LD_W_ABS, _NR)
    ld_arg0 = _op(_LD_W_ABS, _ARG0)
    ops = [_op(_LD_W_ABS, _ARCH), _op(_JEQ, _ARCH_X86_64, 1, 0), _op(_RET, _KILL), ld_nr,
           _op(_JGE, 0x40000000, 0, 1), _op(_RET, _KILL)]
    for nr in sorted(DENIED.values()):
        ops += [_op(_JEQ, nr, 0, 1), _op(_RET, _EPERM)]
    # clone3 cannot be inspected: ENOSYS makes the C library fall back on clone.
    ops += [_op(_JEQ, _CLONE3, 0, 1), _op(_RET, _ENOSYS)]
    # clone: threads only.
    ops += [_op(_JEQ, _CLONE, 0, 4), ld_arg0, _op(_JSET, _CLONE_THREAD, 1, 0), _op(_RET, _EPERM),
            _op(_RET, _ALLOW), ld_nr]
    # kill: only this process (or its own group, which holds nothing else).
    ops += [_op(_JEQ, _KILL_NR, 0, 5), ld_arg0, _op(_JEQ, own_pid, 2, 0), _op(_JEQ, 0, 1, 0),
            _op(_RET, _EPERM), _op(_RET, _ALLOW), ld_nr]
    ops += [_op(_JEQ, _TGKILL, 0, 4), ld_arg0, _op(_JEQ, own_pid, 1, 0), _op(_RET, _EPERM),
            _op(_RET, _ALLOW), ld_nr]
    # socket: local (AF_UNIX) only.
    ops += [_op(_JEQ, _SOCKET, 0, 4), ld_arg0, _op(_JEQ, _AF_UNIX, 1, 0), _op(_RET, _EPERM),
            _op(_RET, _ALLOW), ld_nr]
    ops.append(_op(_RET, _ALLOW))
    return b"".join(ops)


class _Prog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def install(own_pid: int) -> bool:
    """Install the filter on the calling process (all its threads). False when unsupported."""
    if platform.system() != "Linux" or platform.machine() not in ("x86_64", "AMD64"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    code = program(own_pid)
    buf = ctypes.create_string_buffer(code, len(code))
    prog = _Prog(len(code) // 8, ctypes.cast(buf, ctypes.c_void_p))
    if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
        return False
    # seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog)
    return libc.syscall(317, 1, 1, ctypes.byref(prog)) == 0
