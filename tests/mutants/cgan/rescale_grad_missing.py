"""Adam without rescale_grad=1/batch_size: it follows the batch-summed gradient of LogisticRegressionOutput."""
import mxnet as mx

import solutions.cgan as ref
from solutions.cgan import *  # noqa: F401,F403
from tests.mutants import rewire


def _adam_updater(lr, beta1, batch_size):
    return mx.optimizer.get_updater(mx.optimizer.Adam(learning_rate=lr, beta1=beta1))


make_executors = rewire(ref.make_executors, _adam_updater=_adam_updater)
