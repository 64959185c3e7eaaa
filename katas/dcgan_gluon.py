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
below is written (channels, kernel, stride, pad); give none of them a bias
(``use_bias=False``): BatchNorm right after a layer cancels its bias anyway.
The layer order is fixed (the tests load the reference's parameters into your
networks, in order).

Replace every ``raise NotImplementedError`` below. Run ``make test KATA=dcgan_gluon``.
"""
import mxnet as mx
from mxnet import autograd, gluon
from mxnet.gluon import nn

IMAGE_SIZES = (28, 64)


def build_generator(ngf=64, nc=3, image_size=64):
    """The generator: a ``nn.HybridSequential``, not yet initialised.

    ``ngf`` is the width (channels of the last hidden layer), ``nc`` the
    image channels. ``image_size=64`` (from (B, nz, 1, 1) noise):

    - ConvT(ngf*8, 4, 1, 0) -> 4x4, BatchNorm, relu
    - ConvT(ngf*4, 4, 2, 1) -> 8x8, BatchNorm, relu
    - ConvT(ngf*2, 4, 2, 1) -> 16x16, BatchNorm, relu
    - ConvT(ngf, 4, 2, 1) -> 32x32, BatchNorm, relu
    - ConvT(nc, 4, 2, 1) -> 64x64, tanh

    ``image_size=28`` (from (B, nz) noise):

    - Dense(ngf*2*7*7), reshape to (B, ngf*2, 7, 7), BatchNorm, relu
    - ConvT(ngf, 4, 2, 1) -> 14x14, BatchNorm, relu
    - ConvT(ngf, 4, 2, 1) -> 28x28, BatchNorm, relu
    - Conv(nc, 3, 1, 1) -> 28x28, tanh, Flatten -> (B, nc*784)

    Any other ``image_size`` raises ValueError.

    Hints: a reshape inside a HybridSequential is
    ``nn.HybridLambda(lambda F, x: F.reshape(x, shape=(0, c, 7, 7)))`` (0 keeps
    the batch axis). Two MXNet 1.9.1 CPU bugs shape this design: a reshape
    placed after BatchNorm + relu fails once hybridized ("Check failed:
    !is_view"), and backprop through a ConvT with a single output channel fails
    ("could not create a primitive descriptor for a reorder primitive"): hence
    the final 3x3 Conv2D in the 28x28 variant, and nc=3 for 64x64 on CPU.
    """
    raise NotImplementedError("build_generator: stack the layers listed in the docstring")


def build_discriminator(ndf=64, image_size=64):
    """The discriminator: a ``nn.HybridSequential`` giving one logit per image,
    not yet initialised. LeakyReLU means ``nn.LeakyReLU(0.2)``.

    ``image_size=64``, input (B, nc, 64, 64), output (B, 1, 1, 1):

    - Conv(ndf, 4, 2, 1) -> 32x32, LeakyReLU (no BatchNorm on the input layer)
    - Conv(ndf*2, 4, 2, 1) -> 16x16, BatchNorm, LeakyReLU
    - Conv(ndf*4, 4, 2, 1) -> 8x8, BatchNorm, LeakyReLU
    - Conv(ndf*8, 4, 2, 1) -> 4x4, BatchNorm, LeakyReLU
    - Conv(1, 4, 1, 0) -> 1x1 (no activation: a logit)

    ``image_size=28``, input (B, 784) or (B, 1, 28, 28), output (B, 1):

    - reshape to (B, -1, 28, 28)
    - Conv(ndf, 4, 2, 1) -> 14x14, LeakyReLU
    - Conv(ndf*2, 4, 2, 1) -> 7x7, BatchNorm, LeakyReLU
    - Dense(1) (this one keeps its bias)

    Any other ``image_size`` raises ValueError.
    """
    raise NotImplementedError("build_discriminator: stack the layers listed in the docstring")


def noise(batch_size, nz, image_size=64, ctx=None):
    """The generator's input on ``ctx`` (default: the current context).

    ``image_size=64``: N(0, 1) noise of shape (batch_size, nz, 1, 1).
    ``image_size=28``: U(-1, 1) noise of shape (batch_size, nz), as in the
    CNTK tutorial. Any other ``image_size`` raises ValueError.

    Hint: ``mx.nd.random.normal`` / ``mx.nd.random.uniform`` take ``ctx=``.
    """
    raise NotImplementedError("noise: N(0,1) for 64x64, U(-1,1) for 28x28")


def d_step(netG, netD, trainerD, real, z, loss_fn=None):
    """One update of the discriminator.

    ``real``: a batch of B real images; ``z``: B noise vectors;
    ``loss_fn``: defaults to ``gluon.loss.SigmoidBinaryCrossEntropyLoss()``.

    Inside ``autograd.record()``: D's logits on ``real`` against label 1, and
    on the fake images ``netG(z)`` against label 0; ``errD = errD_real +
    errD_fake`` (per image). Then ``errD.backward()`` and
    ``trainerD.step(B)`` (Trainer.step divides the summed gradient by B).

    The fake images must be *detached* before D sees them (``fake.detach()``):
    otherwise errD.backward() runs on into G and writes G's gradients.

    Returns ``(errD, real_logits, fake_logits)``, each of shape (B,): reshape
    D's output with ``.reshape((-1,))``; labels are ``mx.nd.ones((B,), ctx=...)``
    and ``mx.nd.zeros``.
    """
    raise NotImplementedError("d_step: real vs detached fake, backward, trainerD.step")


def g_step(netG, netD, trainerG, z, loss_fn=None):
    """One update of the generator.

    Inside ``autograd.record()``: a fresh ``netG(z)`` through the (just
    updated) D, against the *real* label 1: G wins when D calls its images
    real. Then ``errG.backward()`` and ``trainerG.step(B)``.

    The backward pass writes D's gradients too (the gradient has to travel
    through D to reach G); that is fine as long as only trainerG steps: D must
    not move in G's step.

    Returns ``errG``, shape (B,).
    """
    raise NotImplementedError("g_step: fresh fake, real label, backward, trainerG.step")


def train_step(netG, netD, trainerG, trainerD, real, z, loss_fn=None):
    """One DCGAN iteration: ``d_step`` then ``g_step`` with the same ``z``.

    The trainers come from the caller, e.g.
    ``gluon.Trainer(netD.collect_params(), "adam", {"learning_rate": 2e-4, "beta1": 0.5})``.

    Returns a dict of Python floats: ``errD`` and ``errG`` (the batch means of
    the two losses), ``d_real`` = mean D(x) and ``d_fake`` = mean D(G(z)) as
    probabilities (the sigmoid of the logits d_step returned). A healthy GAN
    keeps d_real and d_fake away from 0 and 1.

    Hint: ``.mean().asscalar()`` turns an NDArray into a float.
    """
    raise NotImplementedError("train_step: d_step, g_step, then the four numbers")
