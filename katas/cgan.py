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
does (no Module): ``sym.simple_bind(ctx, grad_req=..., **shapes)`` allocates
``exe.arg_dict`` (inputs and weights), ``exe.grad_dict`` (gradients, None
where grad_req is 'null') and ``exe.aux_dict`` (BatchNorm statistics);
``exe.forward(is_train=True)``, ``exe.backward(out_grads=None)``, and
``exe.outputs``. An updater from
``mx.optimizer.get_updater(mx.optimizer.Adam(...))`` is called as
``updater(index, grad, weight)``, one distinct index per weight.

The names below are the contract with the tests (they copy the reference's
weights into your networks by name):

- G's inputs 'rand' and 'digit'; layers g1, gbn1, g2, gbn2, g3, gbn3, g4
  (arguments g1_weight, gbn1_gamma, gbn1_beta, ..., g4_weight, g4_bias);
- D's inputs 'data', 'digit', 'label'; layers d1, d2, d3
  (arguments d1_weight, d1_bias, d2_weight, d2_bias, d3_weight, d3_bias).

Replace every ``raise NotImplementedError`` below. Run ``make test KATA=cgan``.
"""
import mxnet as mx
import numpy as np

NUM_DIGITS = 10
IMAGE_SIZE = 28
D_INPUTS = ("data", "digit", "label")
G_INPUTS = ("rand", "digit")


def generator_symbol(nz=100, ngf=64):
    """The generator: 'rand' (B, nz, 1, 1) and one-hot 'digit' (B, 10) ->
    images (B, 1, 28, 28) in [-1, 1].

    1. reshape 'digit' to (B, 10, 1, 1) (``shape=(0, 10, 1, 1)``: 0 keeps B)
       and ``mx.sym.concat`` it after the noise on axis 1: (B, nz + 10, 1, 1).
       The condition goes in *before* the first layer, so every layer sees it.
    2. g1: Deconvolution kernel 7, ngf * 2 filters, no bias -> 7x7;
       gbn1 BatchNorm (fix_gamma=False), relu.
    3. g2: Deconvolution kernel 4, stride 2, pad 1, ngf filters, no bias
       -> 14x14; gbn2, relu.
    4. g3: the same with ngf filters -> 28x28; gbn3, relu.
    5. g4: Convolution kernel 3, pad 1, one filter (with bias); tanh.

    Deconvolution: out = (in - 1) * stride - 2 * pad + kernel.
    Why g4 is a convolution: MXNet 1.9.1's MKLDNN CPU kernel cannot
    back-propagate through a Deconvolution with num_filter=1 ("could not
    create a primitive descriptor for a reorder primitive").
    """
    raise NotImplementedError("generator_symbol: concat noise and digit, then deconvolve to 28x28")


def digit_planes(digit, size=IMAGE_SIZE):
    """One-hot symbol (B, 10) -> (B, 10, size, size): plane k all ones when
    the sample's digit is k, all zeros otherwise.

    Hint: reshape to (B, 10, 1, 1), then ``mx.sym.broadcast_to`` with
    ``shape=(0, 10, size, size)``. Get the axes right: the ten digits go on
    the channel axis (1), not on a spatial one.
    """
    raise NotImplementedError("digit_planes: broadcast the one-hot over the image")


def discriminator_symbol(ndf=64):
    """The discriminator: 'data' (B, 1, 28, 28), one-hot 'digit' (B, 10) and
    'label' (B,) (1 real, 0 fake) -> probability of "real", (B, 1).

    1. concat 'data' with ``digit_planes('digit')`` on axis 1: (B, 11, 28, 28);
    2. d1: Convolution kernel 4, stride 2, pad 1, ndf filters -> 14x14;
       LeakyReLU (slope 0.2);
    3. d2: Convolution kernel 4, stride 2, pad 1, ndf * 2 filters -> 7x7;
       LeakyReLU 0.2. No BatchNorm in D: D is shown all-fake, then all-real
       batches, and normalising each batch on its own would erase the very
       difference D has to find (D gets stuck at p = 0.5);
    4. d3: Convolution kernel 7, one filter -> 1x1; flatten;
    5. ``mx.sym.LogisticRegressionOutput(x, label=label, name="dloss")``:
       forward gives sigmoid(x), backward gives sigmoid(x) - label.
    """
    raise NotImplementedError("discriminator_symbol: image + digit planes -> real/fake")


class CGAN:
    """Everything one conditional GAN trains with.

    ``CGAN(G, D, D_back, G_updater, D_updater, nz, ctx, G_symbol)`` stores
    its arguments under those names and adds ``G_params`` / ``D_params``
    (the names of G's / D's weights: every argument but the inputs
    ``G_INPUTS`` / ``D_INPUTS``, in ``arg_dict`` order) and ``batch_size``
    (the first dimension of G's 'rand').
    """

    def __init__(self, G, D, D_back, G_updater, D_updater, nz, ctx, G_symbol):
        """Store the executors, updaters and sizes."""
        raise NotImplementedError("CGAN.__init__")


def make_executors(batch_size, nz=100, ngf=64, ndf=64, ctx=None, lr=2e-4, beta1=0.5, sigma=0.02):
    """Bind and initialise the three executors of a CGAN; return a ``CGAN``.

    - G: ``simple_bind`` for 'rand' (batch_size, nz, 1, 1) and 'digit'
      (batch_size, 10); grad_req 'write' for the weights, 'null' for the inputs.
    - D: ``simple_bind`` for 'data', 'digit' and 'label'; grad_req 'null'
      for 'data' and 'label', 'write' for the rest.
    - D_back: the G step's discriminator. ``d_sym.bind(ctx, args=D.arg_dict,
      args_grad=<fresh zeros for every argument>, grad_req='write',
      aux_states=D.aux_dict)``: it *shares* D's weight arrays (so it always
      judges with D's current weights) but has its own gradients, among them
      the one for 'data' that G learns from. 'write', not 'add': each step's
      gradient replaces the last one.
    - weights ~ N(0, sigma) (``mx.nd.random.normal``), BatchNorm gammas 1,
      betas and biases 0, moving means 0 and moving variances 1.
    - updaters: ``mx.optimizer.get_updater(mx.optimizer.Adam(learning_rate=lr,
      beta1=beta1, rescale_grad=1 / batch_size))``, one for G, one for D
      (LogisticRegressionOutput sums its gradient over the batch).
    ``ctx`` defaults to ``mx.cpu()``.
    """
    raise NotImplementedError("make_executors: simple_bind G and D, bind D_back on D's arrays")


def generate(gan, noise, digits, is_train=True):
    """G's forward pass: copy ``noise`` (B, nz, 1, 1) and one-hot ``digits``
    (B, 10) (numpy or NDArray) into G's 'rand' and 'digit', run
    ``forward(is_train=is_train)`` and return ``G.outputs[0]`` (B, 1, 28, 28).

    Hint: ``exe.arg_dict[name][:] = value`` writes into the bound array.
    """
    raise NotImplementedError("generate: fill G's inputs and run forward")


def d_step(gan, images, digits, noise):
    """Train D twice, as in the R demo, and return D's loss (a float).

    1. fake = ``generate(gan, noise, digits)``;
    2. D on (fake, digits) with label 0: forward, backward, update every
       weight in ``gan.D_params`` with ``gan.D_updater``;
    3. D on (images, digits) with label 1: forward, backward, update.

    The loss is the binary cross-entropy of both verdicts:
    mean(-log(1 - p_fake)) + mean(-log(p_real)).
    G's weights must not change.
    """
    raise NotImplementedError("d_step: D on fakes (label 0), then on reals (label 1)")


def g_step(gan, digits, noise):
    """Train G once through D_back and return G's loss, mean(-log(p_fake)).

    1. fake = ``generate(gan, noise, digits)``;
    2. D_back on (fake, digits) with label 1 ("real": G wants D to believe
       it): forward, backward;
    3. ``gan.G.backward(out_grads=[gan.D_back.grad_dict['data']])``: D's
       gradient with respect to its input image is the gradient of G's output;
    4. update G's weights with ``gan.G_updater``.

    D's weights must not change (D_back's weight gradients are thrown away).
    """
    raise NotImplementedError("g_step: D_back's data gradient into G.backward")


def train_step(gan, images, digits, noise=None):
    """One CGAN iteration on real ``images`` (B, 1, 28, 28) in [-1, 1] and
    their one-hot ``digits`` (B, 10): ``d_step`` then ``g_step`` with the
    same ``noise`` (B, nz, 1, 1; drawn from N(0, 1) with ``mx.nd.random.normal``
    when None) and the same digits for the fakes.

    Returns ``{'loss_D': float, 'loss_G': float}``.
    """
    raise NotImplementedError("train_step: d_step then g_step")


def generate_digits(digit, n, gan, noise=None):
    """``n`` images of ``digit`` (an int, or n ints) from a trained ``gan``,
    as a numpy array (n, 1, 28, 28) in [-1, 1].

    Inference with fixed labels: bind a fresh executor of ``gan.G_symbol``
    for batch ``n`` with grad_req 'null', copy in G's weights and BatchNorm
    statistics (``exe.copy_params_from(arg_params, aux_params)``), set 'rand'
    to ``noise`` (N(0, 1) when None) and 'digit' to the one-hot of the
    digits, and run ``forward(is_train=False)``. Digits outside 0..9 raise
    ValueError.
    """
    raise NotImplementedError("generate_digits: bind G for n samples, forward with fixed digits")
