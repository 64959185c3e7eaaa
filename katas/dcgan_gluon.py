"""Kata 7: dcgan_gluon -- a DCGAN trained with Gluon + autograd.

Two networks play against each other:

- the generator G turns noise z into images; its last layer is a tanh, so
  its images lie in [-1, 1] like the preprocessed real digits;
- the discriminator D turns an image into one *logit* (a raw score: "real"
  when positive). The loss is ``gluon.loss.SigmoidBinaryCrossEntropyLoss()``,
  which applies the sigmoid itself (stabler than a sigmoid layer in D).

Two sizes:

- ``image_size=64``: the DCGAN of the Gluon tutorial. Noise (B, nz, 1, 1)
  from N(0, 1) -> images (B, nc, 64, 64).
- ``image_size=28``: the MNIST variant of the CNTK tutorial. Noise (B, nz)
  from U(-1, 1) -> *flattened* images (B, nc*784); D reshapes them back.

Every ``nn.Conv2D(channels, kernel, stride, pad)`` / ``nn.Conv2DTranspose``
below is written (channels, kernel, stride, pad). No layer has a bias
(``use_bias=False``: BatchNorm right after a layer cancels its bias anyway)
except D's final ``Dense(1)`` in the 28x28 variant. "BatchNorm" means
``nn.BatchNorm()`` with Gluon's defaults (momentum 0.9, epsilon 1e-5). The
layer order is fixed (the tests load the reference's parameters into your
networks, in order).

Replace every ``raise NotImplementedError`` below. Run ``make test KATA=dcgan_gluon``.
"""
import mxnet as mx
from mxnet import autograd, gluon
from mxnet.gluon import nn

IMAGE_SIZES = (28, 64)


def build_generator(ngf=64, nc=3, image_size=64):
    """The generator: a ``nn.HybridSequential``, not yet initialised, that
    works for any batch size and any ``nc``, imperative or hybridized.

    ``ngf`` is the width (channels of the last hidden layer), ``nc`` the
    image channels. ``image_size=64`` (from (B, nz, 1, 1) noise):

    - ConvT(ngf*8, 4, 1, 0) -> 4x4, BatchNorm, relu
    - ConvT(ngf*4, 4, 2, 1) -> 8x8, BatchNorm, relu
    - ConvT(ngf*2, 4, 2, 1) -> 16x16, BatchNorm, relu
    - ConvT(ngf, 4, 2, 1) -> 32x32, BatchNorm, relu
    - ConvT(nc, 4, 2, 1) -> 64x64, tanh: output (B, nc, 64, 64)

    ``image_size=28`` (from (B, nz) noise):

    - Dense(ngf*2*7*7) (no bias), reshape to (B, ngf*2, 7, 7), BatchNorm, relu
    - ConvT(ngf, 4, 2, 1) -> 14x14, BatchNorm, relu
    - ConvT(ngf, 4, 2, 1) -> 28x28, BatchNorm, relu
    - Conv(nc, 3, 1, 1) -> 28x28, tanh, Flatten: output (B, nc*784)

    Any other ``image_size`` raises ValueError.

    Two MXNet 1.9.1 CPU bugs shape this design: a reshape placed after
    BatchNorm + relu fails once hybridized ("Check failed: !is_view"), hence
    the reshape straight after the Dense; and backprop through a ConvT with a
    single output channel fails for wide inputs ("could not create a
    primitive descriptor for a reorder primitive"), hence the final 3x3
    Conv2D in the 28x28 variant, and nc=3 for a wide 64x64 G on CPU.
    """
    raise NotImplementedError("build_generator: stack the layers listed in the docstring")


def build_discriminator(ndf=64, image_size=64):
    """The discriminator: a ``nn.HybridSequential`` giving one logit per image,
    not yet initialised, for any batch size and any number of channels
    (MXNet infers them at the first call). LeakyReLU means ``nn.LeakyReLU(0.2)``.

    ``image_size=64``, input (B, nc, 64, 64), output (B, 1, 1, 1):

    - Conv(ndf, 4, 2, 1) -> 32x32, LeakyReLU (no BatchNorm on the input layer)
    - Conv(ndf*2, 4, 2, 1) -> 16x16, BatchNorm, LeakyReLU
    - Conv(ndf*4, 4, 2, 1) -> 8x8, BatchNorm, LeakyReLU
    - Conv(ndf*8, 4, 2, 1) -> 4x4, BatchNorm, LeakyReLU
    - Conv(1, 4, 1, 0) -> 1x1 (no activation: a logit)

    ``image_size=28``, input (B, nc*784) (what G makes) or (B, nc, 28, 28),
    output (B, 1):

    - reshape to (B, nc, 28, 28) (the batch axis kept, the channels inferred)
    - Conv(ndf, 4, 2, 1) -> 14x14, LeakyReLU
    - Conv(ndf*2, 4, 2, 1) -> 7x7, BatchNorm, LeakyReLU
    - Dense(1) (this one keeps its bias)

    Any other ``image_size`` raises ValueError.
    """
    raise NotImplementedError("build_discriminator: stack the layers listed in the docstring")


def noise(batch_size, nz, image_size=64, ctx=None):
    """A fresh float32 batch of the generator's input, on ``ctx`` (default:
    the current context, ``mx.current_context()``).

    ``image_size=64``: N(0, 1) noise of shape (batch_size, nz, 1, 1).
    ``image_size=28``: U(-1, 1) noise of shape (batch_size, nz), as in the
    CNTK tutorial. Any other ``image_size`` raises ValueError.
    """
    raise NotImplementedError("noise: N(0,1) for 64x64, U(-1,1) for 28x28")


def d_step(netG, netD, trainerD, real, z, loss_fn=None):
    """One update of the discriminator.

    ``real``: a batch of B real images; ``z``: B noise vectors; ``loss_fn``:
    the loss, called as ``loss_fn(logits, labels)`` (default
    ``gluon.loss.SigmoidBinaryCrossEntropyLoss()``).

    The loss of D, per image: ``loss_fn`` of D's logits on ``real`` against
    label 1, plus ``loss_fn`` of D's logits on the fakes ``netG(z)`` against
    label 0; two separate training passes of D (BatchNorm normalises the
    real and the fake batch each on its own). Its gradient reaches D only:
    the fakes are *detached*, G gets no gradient in D's step. Then one
    ``trainerD.step(B)`` (Trainer.step divides the summed gradient by B).

    Returns ``(errD, real_logits, fake_logits)``: three NDArrays of shape
    (B,) on ``real``'s context, D's loss per image and D's logits (from
    before the update).
    """
    raise NotImplementedError("d_step: real vs detached fake, backward, trainerD.step")


def g_step(netG, netD, trainerG, z, loss_fn=None):
    """One update of the generator.

    The loss of G, per image: ``loss_fn`` (as in d_step) of the (just
    updated) D's logits on a fresh ``netG(z)`` against the *real* label 1:
    G wins when D calls its images real. One training pass of G and of D;
    then one ``trainerG.step(B)``.

    The backward pass writes D's gradients too (the gradient has to travel
    through D to reach G); that is fine as long as only trainerG steps: D's
    weights do not move in G's step.

    Returns ``errG``, an NDArray of shape (B,) on ``z``'s context.
    """
    raise NotImplementedError("g_step: fresh fake, real label, backward, trainerG.step")


def train_step(netG, netD, trainerG, trainerD, real, z, loss_fn=None):
    """One DCGAN iteration: ``d_step`` then ``g_step`` with the same ``z``
    and the same ``loss_fn``.

    The trainers come from the caller, e.g.
    ``gluon.Trainer(netD.collect_params(), "adam", {"learning_rate": 2e-4, "beta1": 0.5})``.

    Returns a dict of Python floats (more keys are allowed): ``errD`` and
    ``errG``, the batch means of the two losses; ``d_real`` = mean D(x) and
    ``d_fake`` = mean D(G(z)) as probabilities, the sigmoid of the logits
    d_step returned. A healthy GAN keeps d_real and d_fake away from 0 and 1.
    Every BatchNorm moves its running mean and variance once per backward
    pass through it: D's three times per step (real, fake, G's pass), G's once.
    """
    raise NotImplementedError("train_step: d_step, g_step, then the four numbers")
