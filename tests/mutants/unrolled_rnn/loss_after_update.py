"""train_step returns the loss recomputed after trainer.step, not the loss of the step it took."""
from mxnet import autograd

from solutions.unrolled_rnn import *  # noqa: F401,F403


def train_step(model, trainer, loss_fn, inputs, targets):
    with autograd.record():
        loss = loss_fn(model(inputs), targets)
    loss.backward()
    trainer.step(inputs.shape[0])
    return float(loss_fn(model(inputs), targets).mean().asscalar())
