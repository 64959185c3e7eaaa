"""train_epoch averages the chunks' mean losses: the short last chunk counts as much as a full one."""
import math

from mxnet import autograd, gluon

from solutions.textgen import *  # noqa: F401,F403


def train_epoch(model, data, trainer, loss_fn, seq_len, clip=None):
    batch_size = data.shape[1]
    hidden = model.begin_state(batch_size, ctx=data.context)
    means = []
    for i in range(0, data.shape[0] - 1, seq_len):
        inputs, targets = get_batch(data, i, seq_len)
        hidden = detach(hidden)
        with autograd.record():
            output, hidden = model(inputs, hidden)
            loss = loss_fn(output, targets)
        loss.backward()
        if clip is not None:
            grads = [p.grad(data.context) for p in model.collect_params().values()]
            gluon.utils.clip_global_norm(grads, clip * inputs.shape[0] * batch_size)
        trainer.step(batch_size)
        means.append(float(loss.mean().asscalar()))
    mean = sum(means) / len(means)
    return mean, math.exp(mean)
