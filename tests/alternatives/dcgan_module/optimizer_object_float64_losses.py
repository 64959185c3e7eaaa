"""Adam handed to init_optimizer as an Optimizer object (rescale_grad 1/B, as Module sets it), and the losses in float64 numpy with a 1e-12 clip."""
import mxnet as mx
import numpy as np

import solutions.dcgan_module as ref
from solutions.dcgan_module import *  # noqa: F401,F403
from tests.mutants import rewire


def _adam(module, lr, beta1):
    batch_size = module.data_shapes[0].shape[0]
    module.init_optimizer(optimizer=mx.optimizer.Adam(learning_rate=lr, beta1=beta1,
                                                      rescale_grad=1.0 / batch_size))


def _bce(prob, label):
    p = np.clip(prob.asnumpy().astype(np.float64), 1e-12, 1 - 1e-12)
    return float(np.mean(-np.log(p) if label == REAL else -np.log(1 - p)))


make_modules = rewire(ref.make_modules, _adam=_adam)
train_step = rewire(ref.train_step, _bce=_bce)
