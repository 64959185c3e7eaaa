"""Reference solution of the dcgan_gluon kata: a DCGAN trained with Gluon + autograd.

Two networks, two optimisers, one loss:

- the generator G turns noise into images (its last layer is a tanh, so the
  images lie in [-1, 1] like the preprocessed real data);
- the discriminator D turns an image into one logit: "real" when positive;
- both learn from ``gluon.loss.SigmoidBinaryCrossEntropyLoss`` (sigmoid and
  log-loss in one numerically stable op; D outputs logits, not probabilities).

Two architectures:

- ``image_size=64``: the DCGAN of the Gluon tutorial, (B, nz, 1, 1) N(0, 1)
  noise -> (B, nc, 64, 64) images;
- ``image_size=28``: the MNIST variant of the CNTK tutorial, (B, nz) U(-1, 1)
  noise -> flattened (B, nc*784) images, which D reshapes back to 28x28.
"""
import mxnet as mx
from mxnet import autograd, gluon
from mxnet.gluon import nn

IMAGE_SIZES = (28, 64)


def _check_size(image_size):
    if image_size not in IMAGE_SIZES:
        raise ValueError(f"image_size must be one of {IMAGE_SIZES}, got {image_size!r}")


def _reshape(shape):
    """A layer reshaping its input (0 copies that axis, -1 infers one)."""
    return nn.HybridLambda(lambda F, x: F.reshape(x, shape=shape))


def build_generator(ngf=64, nc=3, image_size=64):
    """The generator G, a HybridSequential (not yet initialised).

    64: ConvT(ngf*8, 4, 1, 0) 1->4, ConvT(ngf*4, 4, 2, 1) ->8, ConvT(ngf*2) ->16,
        ConvT(ngf) ->32, each + BatchNorm + relu; ConvT(nc, 4, 2, 1) ->64, tanh.
    28: Dense(ngf*2*7*7), reshape to (ngf*2, 7, 7), BatchNorm + relu,
        ConvT(ngf, 4, 2, 1) ->14 and ConvT(ngf, 4, 2, 1) ->28, each + BatchNorm
        + relu; Conv(nc, 3, 1, 1), tanh, flatten to (B, nc*784).
    Layers followed by BatchNorm have no bias (BatchNorm would cancel it);
    neither has the last layer.

    Why the 28 variant ends with a 3x3 Conv2D, not a ConvT to nc=1 channel:
    MXNet 1.9.1's CPU (MKLDNN) backward of a Conv2DTranspose with one output
    channel and several input channels fails ("could not create a primitive
    descriptor for a reorder primitive"). So on CPU keep nc=3 for 64x64.
    (And reshape straight after the Dense: a reshape after BatchNorm + relu
    fails hybridized on CPU with "Check failed: !is_view".)
    """
    _check_size(image_size)
    net = nn.HybridSequential()
    with net.name_scope():
        if image_size == 64:
            net.add(nn.Conv2DTranspose(ngf * 8, 4, 1, 0, use_bias=False),
                    nn.BatchNorm(), nn.Activation("relu"))
            for mult in (4, 2, 1):
                net.add(nn.Conv2DTranspose(ngf * mult, 4, 2, 1, use_bias=False),
                        nn.BatchNorm(), nn.Activation("relu"))
            net.add(nn.Conv2DTranspose(nc, 4, 2, 1, use_bias=False), nn.Activation("tanh"))
        else:
            net.add(nn.Dense(ngf * 2 * 7 * 7, use_bias=False), _reshape((0, ngf * 2, 7, 7)),
                    nn.BatchNorm(), nn.Activation("relu"),
                    nn.Conv2DTranspose(ngf, 4, 2, 1, use_bias=False), nn.BatchNorm(), nn.Activation("relu"),
                    nn.Conv2DTranspose(ngf, 4, 2, 1, use_bias=False), nn.BatchNorm(), nn.Activation("relu"),
                    nn.Conv2D(nc, 3, 1, 1, use_bias=False), nn.Activation("tanh"),
                    nn.Flatten())
    return net


def build_discriminator(ndf=64, image_size=64):
    """The discriminator D, a HybridSequential (not yet initialised) giving one
    logit per image.

    64: Conv(ndf, 4, 2, 1) 64->32 + LeakyReLU(0.2); Conv(ndf*2) ->16,
        Conv(ndf*4) ->8, Conv(ndf*8) ->4, each + BatchNorm + LeakyReLU(0.2);
        Conv(1, 4, 1, 0) ->1: output (B, 1, 1, 1).
    28: reshape to (B, -1, 28, 28) (so flat (B, 784) input works),
        Conv(ndf, 4, 2, 1) ->14 + LeakyReLU(0.2), Conv(ndf*2, 4, 2, 1) ->7
        + BatchNorm + LeakyReLU(0.2), Dense(1): output (B, 1).
    No conv has a bias; the final Dense has one.
    """
    _check_size(image_size)
    net = nn.HybridSequential()
    with net.name_scope():
        if image_size == 64:
            net.add(nn.Conv2D(ndf, 4, 2, 1, use_bias=False), nn.LeakyReLU(0.2))
            for mult in (2, 4, 8):
                net.add(nn.Conv2D(ndf * mult, 4, 2, 1, use_bias=False),
                        nn.BatchNorm(), nn.LeakyReLU(0.2))
            net.add(nn.Conv2D(1, 4, 1, 0, use_bias=False))
        else:
            net.add(_reshape((0, -1, 28, 28)),
                    nn.Conv2D(ndf, 4, 2, 1, use_bias=False), nn.LeakyReLU(0.2),
                    nn.Conv2D(ndf * 2, 4, 2, 1, use_bias=False), nn.BatchNorm(), nn.LeakyReLU(0.2),
                    nn.Dense(1))
    return net


def noise(batch_size, nz, image_size=64, ctx=None):
    """The generator's input: N(0, 1) of shape (B, nz, 1, 1) for the 64x64
    DCGAN, U(-1, 1) of shape (B, nz) for the 28x28 variant."""
    _check_size(image_size)
    ctx = ctx or mx.current_context()
    if image_size == 64:
        return mx.nd.random.normal(0, 1, shape=(batch_size, nz, 1, 1), ctx=ctx)
    return mx.nd.random.uniform(-1, 1, shape=(batch_size, nz), ctx=ctx)


def _loss(loss_fn):
    return loss_fn if loss_fn is not None else gluon.loss.SigmoidBinaryCrossEntropyLoss()


def _labels(value, batch_size, ctx):
    return mx.nd.full((batch_size,), value, ctx=ctx)


def d_step(netG, netD, trainerD, real, z, loss_fn=None):
    """One update of D: real images labelled 1, G(z) labelled 0.

    G(z) is detached, so errD.backward() stops at D's input and G gets no
    gradient. Returns (errD, real_logits, fake_logits): the per-image loss
    errD_real + errD_fake, shape (B,), and D's logits, shape (B,).
    """
    loss_fn = _loss(loss_fn)
    batch_size = real.shape[0]
    with autograd.record():
        real_logits = netD(real).reshape((-1,))
        err_real = loss_fn(real_logits, _labels(1, batch_size, real.context))
        fake = netG(z)
        fake_logits = netD(fake.detach()).reshape((-1,))
        err_fake = loss_fn(fake_logits, _labels(0, batch_size, real.context))
        errD = err_real + err_fake
    errD.backward()
    trainerD.step(batch_size)
    return errD, real_logits, fake_logits


def g_step(netG, netD, trainerG, z, loss_fn=None):
    """One update of G: a fresh G(z) through the (just updated) D, labelled 1
    ("fool D"). Only trainerG steps: D's gradients are written too, but D must
    not move. Returns errG, shape (B,)."""
    loss_fn = _loss(loss_fn)
    batch_size = z.shape[0]
    with autograd.record():
        logits = netD(netG(z)).reshape((-1,))
        errG = loss_fn(logits, _labels(1, batch_size, z.context))
    errG.backward()
    trainerG.step(batch_size)
    return errG


def train_step(netG, netD, trainerG, trainerD, real, z, loss_fn=None):
    """d_step then g_step on the same batch and noise. Returns a dict of floats:
    errD and errG (batch means), d_real = mean D(x) and d_fake = mean D(G(z))
    as probabilities (sigmoid of the logits, from the D step)."""
    errD, real_logits, fake_logits = d_step(netG, netD, trainerD, real, z, loss_fn)
    errG = g_step(netG, netD, trainerG, z, loss_fn)
    return {
        "errD": float(errD.mean().asscalar()),
        "errG": float(errG.mean().asscalar()),
        "d_real": float(real_logits.sigmoid().mean().asscalar()),
        "d_fake": float(fake_logits.sigmoid().mean().asscalar()),
    }
