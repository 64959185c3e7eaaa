"""The MXNet tutorial's own training loop (copyto, one label array set in place, outG passed as it is), with the statistics added."""
import mxnet as mx
import numpy as np

from solutions.dcgan_module import *  # noqa: F401,F403


def _bce(probs, label):
    p = np.clip(probs, 1e-7, 1 - 1e-7)
    return float(np.mean(-np.log(p) if label == 1 else -np.log(1 - p)))


def train_step(generator, discriminator, noise, real):
    ctx = real.data[0].context
    batch_size = real.data[0].shape[0]
    generator.forward(noise, is_train=True)
    outG = generator.get_outputs()

    label = mx.nd.zeros((batch_size,), ctx=ctx)
    discriminator.forward(mx.io.DataBatch(outG, [label]), is_train=True)
    d_fake = discriminator.get_outputs()[0].asnumpy()
    discriminator.backward()
    gradD = [[grad.copyto(grad.context) for grad in grads] for grads in discriminator._exec_group.grad_arrays]

    label[:] = 1
    batch = mx.io.DataBatch(real.data, [label])
    discriminator.forward(batch, is_train=True)
    d_real = discriminator.get_outputs()[0].asnumpy()
    discriminator.backward()
    for gradsr, gradsf in zip(discriminator._exec_group.grad_arrays, gradD):
        for gradr, gradf in zip(gradsr, gradsf):
            gradr += gradf
    discriminator.update()

    discriminator.forward(mx.io.DataBatch(outG, [label]), is_train=True)
    d_judged = discriminator.get_outputs()[0].asnumpy()
    discriminator.backward()
    diffD = discriminator.get_input_grads()
    generator.backward(diffD)
    generator.update()
    return {"d_loss": _bce(d_fake, 0) + _bce(d_real, 1), "g_loss": _bce(d_judged, 1),
            "d_real": float(d_real.mean()), "d_fake": float(d_fake.mean())}
