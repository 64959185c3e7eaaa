"""train_step calls trainer.step(1) on a summed loss: the update is batch_size times too large."""
from mxnet import autograd

from solutions.unrolled_rnn import *  # noqa: F401,F403


def train_step(model, trainer, loss_fn, inputs, targets):
    with autograd.record():
        loss = loss_fn(model(inputs), targets)
    loss.backward()
    trainer.step(1)
    return float(loss.mean().asscalar())
