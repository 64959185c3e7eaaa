"""Kata 8: cgan -- a conditional GAN with MXNet's Symbol and executor API.

A plain GAN draws *some* digit; a conditional GAN draws the digit you ask
for. Both networks are told the digit as a one-hot vector of length 10:

- the generator G gets the noise with the one-hot appended:
  (B, nz, 1, 1) + (B, 10, 1, 1) -> (B, nz + 10, 1, 1), then deconvolutions
  grow 1x1 -> 7x7 -> 14x14 -> 28x28 and a tanh gives images in [-1, 1];
- the discriminator D gets the image with the one-hot broadcast to ten
  28x28 planes stacked on the channel axis, (B, 1 + 10, 28, 28): plane k is
  all ones when the digit is k. D can then say "this is not a 3".

This kata drives the networks with bare executors, as the MXNet R CGAN demo
does (no Module): ``sym.simple_bind`` / ``sym.bind`` give an executor with
``arg_dict`` (inputs and weights), ``grad_dict`` (gradients, None where
nothing is computed), ``aux_dict`` (BatchNorm's moving statistics),
``forward``, ``backward`` and ``outputs``. An updater from
``mx.optimizer.get_updater`` is called as ``updater(index, grad, weight)``,
one distinct index per weight.

The names below are the contract with the tests (they copy the reference's
weights into your networks by name):

- G's inputs 'rand' and 'digit'; layers g1, gbn1, g2, gbn2, g3, gbn3, g4
  (arguments g1_weight, gbn1_gamma, gbn1_beta, ..., g4_weight, g4_bias;
  moving statistics gbn1_moving_mean, gbn1_moving_var, ...);
- D's inputs 'data', 'digit', 'label'; layers d1, d2, d3
  (arguments d1_weight, d1_bias, d2_weight, d2_bias, d3_weight, d3_bias).

Everything is float32. Replace every ``raise NotImplementedError`` below.
Run ``make test KATA=cgan``.
"""
import mxnet as mx
import numpy as np

NUM_DIGITS = 10
IMAGE_SIZE = 28
D_INPUTS = ("data", "digit", "label")
G_INPUTS = ("rand", "digit")


def generator_symbol(nz=100, ngf=64):
    """The generator: 'rand' (B, nz, 1, 1) and one-hot 'digit' (B, 10) ->
    images (B, 1, 28, 28) in [-1, 1], for any batch size B.

    1. the digit as (B, 10, 1, 1), appended to the noise on the channel
       axis: (B, nz + 10, 1, 1). The condition goes in *before* the first
       layer, so every layer sees it.
    2. g1: Deconvolution kernel 7, ngf * 2 filters, no bias -> 7x7;
       gbn1 BatchNorm, relu.
    3. g2: Deconvolution kernel 4, stride 2, pad 1, ngf filters, no bias
       -> 14x14; gbn2 BatchNorm, relu.
    4. g3: the same with ngf filters -> 28x28; gbn3 BatchNorm, relu.
    5. g4: Convolution kernel 3, pad 1, one filter (with bias); tanh.

    Every BatchNorm learns its gamma (``fix_gamma=False``) and keeps MXNet's
    default momentum 0.9 for its moving mean and variance; its eps is yours
    to choose (MXNet's default 1e-3, or the tutorials' 1e-5).

    Why g4 is a convolution: MXNet 1.9.1's MKLDNN CPU kernel cannot
    back-propagate through a Deconvolution with num_filter=1 ("could not
    create a primitive descriptor for a reorder primitive").
    """
    raise NotImplementedError("generator_symbol: concat noise and digit, then deconvolve to 28x28")


def digit_planes(digit, size=IMAGE_SIZE):
    """One-hot symbol (B, 10) -> (B, 10, size, size), for any batch size B:
    plane k all ones when the sample's digit is k, all zeros otherwise (the
    ten digits on the channel axis, axis 1)."""
    raise NotImplementedError("digit_planes: broadcast the one-hot over the image")


def discriminator_symbol(ndf=64):
    """The discriminator: 'data' (B, 1, 28, 28), one-hot 'digit' (B, 10) and
    'label' (B,) (1 real, 0 fake) -> probability of "real", (B, 1).

    1. 'data' with ``digit_planes('digit')`` stacked on axis 1: (B, 11, 28, 28);
    2. d1: Convolution kernel 4, stride 2, pad 1, ndf filters -> 14x14;
       LeakyReLU (slope 0.2);
    3. d2: Convolution kernel 4, stride 2, pad 1, ndf * 2 filters -> 7x7;
       LeakyReLU 0.2. No BatchNorm in D: D is shown all-fake, then all-real
       batches, and normalising each batch on its own would erase the very
       difference D has to find (D gets stuck at p = 0.5);
    4. d3: Convolution kernel 7, one filter -> 1x1; flatten;
    5. ``mx.sym.LogisticRegressionOutput`` with ``label`` (name "dloss"):
       forward gives sigmoid(x), backward gives sigmoid(x) - label (summed
       over the batch, not averaged).
    Every convolution of D has a bias.
    """
    raise NotImplementedError("discriminator_symbol: image + digit planes -> real/fake")


class CGAN:
    """Everything one conditional GAN trains with.

    ``CGAN(G, D, D_back, G_updater, D_updater, nz, ctx, G_symbol)`` stores
    its arguments under those names and adds ``G_params`` / ``D_params``
    (lists of the names of G's / D's weights: every argument but the inputs
    ``G_INPUTS`` / ``D_INPUTS``, in ``arg_dict`` order) and ``batch_size``
    (an int: the first dimension of G's 'rand').
    """

    def __init__(self, G, D, D_back, G_updater, D_updater, nz, ctx, G_symbol):
        """Store the executors, updaters and sizes."""
        raise NotImplementedError("CGAN.__init__")


def make_executors(batch_size, nz=100, ngf=64, ndf=64, ctx=None, lr=2e-4, beta1=0.5, sigma=0.02):
    """Bind and initialise the three executors of a CGAN; return a ``CGAN``.

    - ``ctx``: the ``mx.Context`` everything lives on: every input, weight,
      gradient and moving statistic of the three executors (``None`` means
      ``mx.cpu()``).
    - G: ``generator_symbol(nz, ngf)`` bound for 'rand' (batch_size, nz, 1, 1)
      and 'digit' (batch_size, 10); gradients ('write') for its weights,
      none for its inputs.
    - D: ``discriminator_symbol(ndf)`` bound for 'data' (batch_size, 1, 28, 28),
      'digit' and 'label' (batch_size,); gradients ('write') for its
      weights, none for 'data' and 'label'.
    - D_back: the G step's discriminator. It *shares* D's weight arrays and
      moving statistics (so it always judges with D's current weights) but
      has gradients of its own, among them the one for 'data' that G learns
      from, written afresh ('write', not 'add') at every backward.
    - weights ~ N(0, ``sigma``), BatchNorm gammas 1, betas and biases 0,
      moving means 0 and moving variances 1.
    - updaters: one for G, one for D (two distinct objects), each
      ``mx.optimizer.get_updater`` of an ``mx.optimizer.Adam`` with
      ``learning_rate=lr``, ``beta1=beta1`` and ``rescale_grad=1 / batch_size``
      (LogisticRegressionOutput sums its gradient over the batch), its other
      settings Adam's defaults.
    """
    raise NotImplementedError("make_executors: simple_bind G and D, bind D_back on D's arrays")


def generate(gan, noise, digits, is_train=True):
    """G's forward pass: write ``noise`` (B, nz, 1, 1) and one-hot ``digits``
    (B, 10) (numpy arrays or NDArrays) into G's 'rand' and 'digit', run G
    forward (``is_train`` as given) and return ``gan.G.outputs[0]``, the
    (B, 1, 28, 28) NDArray on ``gan.ctx`` (G's own output buffer, which G's
    next forward overwrites).
    """
    raise NotImplementedError("generate: fill G's inputs and run forward")


def d_step(gan, images, digits, noise):
    """Train D twice, as in the R demo, and return D's loss, a Python float.

    ``images``: real images (B, 1, 28, 28) in [-1, 1]; ``digits``: their
    one-hot (B, 10); ``noise``: (B, nz, 1, 1); numpy arrays or NDArrays.

    1. fake = ``generate(gan, noise, digits)`` (a training pass of G);
    2. a training pass of D on (fake, digits) against label 0, then one
       update of every weight in ``gan.D_params`` with ``gan.D_updater``;
    3. a training pass of D on (images, digits) against label 1 (with the
       weights step 2 left), then a second update of every weight.

    The loss is the binary cross-entropy of both verdicts,
    mean(-log(1 - p_fake)) + mean(-log(p_real)), with p_fake D's outputs in
    step 2 and p_real D's outputs in step 3. It stays finite even when D is
    certain (outputs of exactly 0 or 1): clip the probabilities to
    [1e-7, 1 - 1e-7] before the logs. G's weights do not change.
    """
    raise NotImplementedError("d_step: D on fakes (label 0), then on reals (label 1)")


def g_step(gan, digits, noise):
    """Train G once through D_back and return G's loss, a Python float:
    mean(-log(p)), with p D_back's outputs on the fakes (clipped as in d_step).

    1. fake = ``generate(gan, noise, digits)`` (a training pass of G);
    2. a training pass of D_back on (fake, digits) against label 1 ("real":
       G wants D to believe it);
    3. D_back's gradient with respect to its input 'data' is the gradient of
       G's output: back-propagate it through G;
    4. update every weight in ``gan.G_params`` with ``gan.G_updater``.

    D's weights do not change (D_back's weight gradients are thrown away).
    """
    raise NotImplementedError("g_step: D_back's data gradient into G.backward")


def train_step(gan, images, digits, noise=None):
    """One CGAN iteration on real ``images`` (B, 1, 28, 28) in [-1, 1] and
    their one-hot ``digits`` (B, 10): ``d_step`` then ``g_step`` with the
    same ``noise`` (B, nz, 1, 1) and the same digits for the fakes.

    ``noise=None`` draws a fresh batch from N(0, 1) at every call:
    ``mx.nd.random.normal(0, 1, shape=(B, nz, 1, 1), ctx=gan.ctx)``.

    Returns ``{'loss_D': float, 'loss_G': float}`` (Python floats), what the
    two steps returned.
    """
    raise NotImplementedError("train_step: d_step then g_step")


def generate_digits(digit, n, gan, noise=None):
    """``n`` images of ``digit`` from a trained ``gan``: a float32 numpy array
    (n, 1, 28, 28) in [-1, 1]; image i is of ``digit`` (an int) or of
    ``digit[i]`` (a sequence of n ints).

    Inference: G's current weights and moving statistics (BatchNorm
    normalises with the moving mean and variance, so each image depends
    only on its own noise and digit, never on its batch-mates), for any
    ``n``, on ``gan.ctx``, leaving ``gan``'s executors as they are (bind a
    fresh executor of ``gan.G_symbol`` for batch ``n``). ``noise``
    (n, nz, 1, 1), numpy or NDArray; when None,
    ``mx.nd.random.normal(0, 1, shape=(n, nz, 1, 1), ctx=gan.ctx)``.

    Digits outside 0..9, or a sequence whose length is not n, raise ValueError.
    """
    raise NotImplementedError("generate_digits: bind G for n samples, forward with fixed digits")
