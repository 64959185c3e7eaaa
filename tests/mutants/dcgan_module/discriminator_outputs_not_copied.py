"""D's outputs are kept as get_outputs()[0], D's own buffer, which the next forward overwrites: d_fake and d_real report the last pass."""
import mxnet as mx

import solutions.dcgan_module as ref
from solutions.dcgan_module import *  # noqa: F401,F403
from tests.mutants import rewire


def _d_pass(discriminator, images, label):
    labels = mx.nd.full((images[0].shape[0],), label, ctx=images[0].context)
    discriminator.forward(mx.io.DataBatch(images, [labels]), is_train=True)
    discriminator.backward()
    return discriminator.get_outputs()[0]


_generator_gradient = rewire(ref._generator_gradient, _d_pass=_d_pass)
train_step = rewire(ref.train_step, _d_pass=_d_pass, _generator_gradient=_generator_gradient)
