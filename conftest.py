"""Pytest configuration for the whole repository: nbval's kernels start again when a start fails.

nbval starts one kernel per solution notebook. A kernel that dies before it answers its first
message (``RuntimeError: Kernel died before replying to kernel_info``) fails every cell of that
notebook, although nothing in the notebook ran. Under ``pytest -n 2`` this happens now and then:
jupyter_client chooses five free TCP ports, closes them, and the kernel binds them a moment
later, so another process can take one in between and the kernel exits with "Address already
in use". Such a start is retried, with new ports, up to ``KERNEL_STARTS`` times; a notebook that
fails after its kernel is up is not retried.

This lives at the root, not in ``tests/``, because the solution notebooks are collected from
``solutions/`` and a conftest in ``tests/`` does not apply to them when they are run alone.
"""

import warnings

import nbval.kernel

#: Attempts at starting one notebook's kernel.
KERNEL_STARTS = 3

_start_new_kernel = nbval.kernel.start_new_kernel


def _start_new_kernel_again_on_failure(*args, **kwargs):
    for attempt in range(1, KERNEL_STARTS + 1):
        try:
            return _start_new_kernel(*args, **kwargs)
        except RuntimeError as error:
            if attempt == KERNEL_STARTS:
                raise
            warnings.warn(f"kernel start {attempt} of {KERNEL_STARTS} failed ({error}); "
                          "starting it again", RuntimeWarning, stacklevel=2)


# RunningKernel looks the function up in its module at each start.
nbval.kernel.start_new_kernel = _start_new_kernel_again_on_failure
