"""Process set-up: threads, warnings, device, seeds."""
import os
import subprocess
import sys

import numpy as np

from common import env
from common.course import ROOT


def run_python(code, **environ):
    full_env = {k: v for k, v in os.environ.items() if k != "OMP_NUM_THREADS"}
    full_env.update(environ)
    return subprocess.run([sys.executable, "-W", "error::DeprecationWarning", "-c", code],
                          cwd=ROOT, env=full_env, capture_output=True, text=True)


def test_threads_default_to_every_core_but_respect_the_user():
    mine = run_python("import common, os; print(os.environ['OMP_NUM_THREADS'])")
    assert mine.stdout.strip() == str(os.cpu_count())
    theirs = run_python("import common, os; print(os.environ['OMP_NUM_THREADS'])", OMP_NUM_THREADS="1")
    assert theirs.stdout.strip() == "1"


def test_only_mxnets_own_deprecation_warnings_are_silenced():
    quiet = run_python("import common, mxnet")
    assert quiet.returncode == 0, quiet.stderr[-2000:]
    loud = run_python("import common, mxnet, warnings; warnings.warn('mine', DeprecationWarning)")
    assert loud.returncode != 0 and "mine" in loud.stderr


def test_one_device_picker_for_tests_demos_and_benchmarks():
    """The picker probes once per process; the CPU here (tests/bench has the GPU fallbacks)."""
    import mxnet as mx
    from common.bench import core
    ctx, note = env.select_context()
    assert env.default_context() is ctx and core.select_context() == (ctx, note)
    assert env.select_context.cache_info().currsize == 1
    if mx.context.num_gpus() == 0:
        assert ctx == mx.cpu() and note.startswith("CPU")


def test_seeding_makes_numpy_and_mxnet_repeat():
    import mxnet as mx
    env.seed_everything(3)
    a = (np.random.rand(3), mx.nd.random.normal(shape=3).asnumpy())
    env.seed_everything(3)
    b = (np.random.rand(3), mx.nd.random.normal(shape=3).asnumpy())
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
