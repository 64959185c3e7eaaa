"""Kata 6: dcgan_module -- a DCGAN trained with MXNet's Symbol and Module APIs.

A DCGAN is two networks playing a game. The generator G turns noise
``rand`` of shape (B, nz, 1, 1) into images (B, nc, S, S); the discriminator
D turns images into the probability that they are real. D learns to tell
real from fake; G learns to make D say "real".

With the Module API you describe each network as a Symbol (a graph with
named inputs), bind it to input shapes, initialise its parameters and give
it an optimizer. ``Module.fit()`` cannot train a GAN (two networks, each
one's gradient depends on the other), so you write the step yourself with
``forward()``, ``backward()``, ``get_input_grads()`` and ``update()``.

Layer names matter: the tests exchange parameters between your modules and
the reference's by name, so use the names given below (they are the MXNet
tutorial's). Replace every ``raise NotImplementedError``, then run
``make test KATA=dcgan_module``.
"""
import mxnet as mx

BN_EPS = 1.0000001e-05  # 1e-5 + 1e-12: cuDNN wants eps > 1e-5 (MXNet's default is 1e-3)
SLOPE = 0.2             # LeakyReLU slope in D
SIGMA = 0.02            # weights ~ N(0, SIGMA)
LR = 0.0002
BETA1 = 0.5
FAKE, REAL = 0.0, 1.0  # the logistic-regression labels


def generator_symbol(ngf=128, nc=3, image_size=64):
    """The generator as a Symbol: noise 'rand' (B, nz, 1, 1) -> images (B, nc, S, S).

    ``S = image_size`` is 4 * 2**k with k >= 1 (8, 16, 32, 64, 128...); any
    other size raises ValueError. k is the number of stride-2 layers; for
    64x64, k = 4. nz is not an argument: MXNet infers it from the input.

    - Input: ``mx.sym.Variable('rand')``.
    - ``g1``: ``mx.sym.Deconvolution`` with kernel (4, 4), no stride or pad:
      1x1 -> 4x4, ``ngf * 2**(k-1)`` filters (1024 for the tutorial's ngf=128).
    - then k times: BatchNorm ``gbn{i}``, ReLU, and Deconvolution ``g{i+1}``
      with kernel (4, 4), stride (2, 2), pad (1, 1), which doubles the size;
      the widths halve down to ``ngf``, and the last one has ``nc`` filters.
    - the output: tanh, so images lie in [-1, 1] like the preprocessed data.
    - every (de)convolution has ``no_bias=True`` (BatchNorm's beta is the
      bias); every BatchNorm has ``fix_gamma=True, eps=BN_EPS`` and keeps
      MXNet's default momentum 0.9 for its moving mean and variance.

    Known MXNet 1.9.1 CPU bug: a Deconvolution with ONE output filter and
    many input channels (16 and more) cannot backpropagate to its input
    ("could not create a primitive descriptor for a reorder primitive"), so
    train the tutorial's widths with nc=3 (grey MNIST tiled into 3 channels,
    as the tutorial does). Forward passes work for any nc.
    """
    raise NotImplementedError("generator_symbol: build g1 ... g{k+1}")


def discriminator_symbol(ndf=128, image_size=64):
    """The discriminator as a Symbol: images 'data' (B, nc, S, S) and labels
    'label' (B,) -> the probability that each image is real, (B, 1).

    ``image_size`` as for the generator (ValueError otherwise); nc is
    inferred from the data.

    - Input: ``mx.sym.Variable('data')``.
    - k times: ``mx.sym.Convolution`` ``d{i}`` with kernel (4, 4), stride
      (2, 2), pad (1, 1), which halves the size, with ``ndf * 2**(i-1)``
      filters (128, 256, 512, 1024 in the tutorial), then ``mx.sym.LeakyReLU``
      with ``act_type='leaky', slope=SLOPE``; from the second layer on a
      BatchNorm ``dbn{i}`` sits between the convolution and the LeakyReLU
      (none on the first layer: ``dbn2`` is the first BatchNorm).
    - ``d{k+1}``: a 4x4 convolution (no stride, no pad) with one filter:
      4x4 -> 1x1; then ``mx.sym.Flatten``.
    - the loss: ``mx.sym.LogisticRegressionOutput`` with
      ``label=mx.sym.Variable('label')``: a sigmoid forward, and backward
      the gradient of the logistic loss, ``sigmoid(x) - label``.
    - ``no_bias=True`` and ``fix_gamma=True, eps=BN_EPS``, momentum 0.9, as
      in the generator.
    """
    raise NotImplementedError("discriminator_symbol: build d1 ... d{k+1} and the logistic loss")


def make_modules(batch_size, nz=100, ngf=128, ndf=128, nc=3, image_size=64, ctx=None,
                 lr=LR, beta1=BETA1, sigma=SIGMA):
    """Build, bind and initialise both networks; return ``(generator, discriminator)``,
    two ``mx.mod.Module`` objects ready for ``train_step``.

    - ``ctx``: the ``mx.Context`` everything lives on: every parameter,
      gradient and BatchNorm statistic of both modules (``None`` means
      ``mx.cpu()``).
    - generator: the symbol ``generator_symbol(ngf, nc, image_size)`` with
      the data name ``'rand'`` and no label (``label_names=None``), bound for
      noise of shape ``(batch_size, nz, 1, 1)``, what ``RandIter`` provides.
    - discriminator: ``discriminator_symbol(ndf, image_size)`` with the data
      name ``'data'`` and the label name ``'label'``, bound for images
      ``(batch_size, nc, image_size, image_size)`` and labels
      ``(batch_size,)``, and able to hand back the gradient with respect to
      its input images (G learns from it: ``get_input_grads()``).
    - both: every weight drawn from N(0, ``sigma``) (BatchNorm's gamma and
      beta start at 1 and 0, its moving mean and variance at 0 and 1), and
      the Adam optimizer with learning rate ``lr`` and ``beta1`` (its other
      settings Module's defaults).
    - an unsupported ``image_size`` raises ValueError (as the symbols do).
    """
    raise NotImplementedError("make_modules: bind, init_params and init_optimizer for G and D")


def train_step(generator, discriminator, noise, real):
    """One DCGAN training step; returns a dict of Python floats.

    ``noise`` is a DataBatch holding (B, nz, 1, 1) noise (``RandIter.next()``);
    ``real`` a DataBatch holding (B, nc, S, S) real images (``image_iter``),
    with B, nz, nc and S as the modules were bound. Every pass below is a
    training pass (BatchNorm normalises with the batch statistics and, at
    each backward, moves its moving mean and variance).

    - G makes one fake batch from the noise (one pass through G).
    - D is trained once on the sum of two gradients: D's loss on the fake
      batch against label 0 (``FAKE``) and on the real batch against label 1
      (``REAL``), both with D's weights from before the step: one
      ``discriminator.update()`` per step.
    - G is then trained once, with one pass of that same fake batch through
      the *updated* D against label 1 ("what would make D call these
      real?"): G's gradient is the backward, through G, of D's gradient
      with respect to the fake images. D does not move in this part.

    So each step runs one forward and one backward through G, three forward
    and backward passes through D (fake, real, fake again), and one update
    of each module, D's first.

    Returned dict (Python ``float`` values; more keys are allowed):

    - ``d_fake``: the mean of D's outputs on the fake batch (before D's update);
    - ``d_real``: the mean of D's outputs on the real batch (before D's update);
    - ``d_loss``: mean(-log(1 - D(fake))) + mean(-log(D(real))), the sum
      (not the average) of D's two losses, from the same outputs;
    - ``g_loss``: mean(-log(D(fake))) with the updated D (its outputs in G's part).

    The losses stay finite even when D is certain (outputs of exactly 0 or
    1): clip the probabilities to [1e-7, 1 - 1e-7] before the logs.

    After the step, ``generator.get_outputs()[0]`` still holds the step's
    fake batch (a training runner draws it).
    """
    raise NotImplementedError("train_step: D on fake + real, one D update, then G through D")
