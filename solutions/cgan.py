"""Reference solution of the cgan kata: a conditional GAN on MNIST with
MXNet's Symbol and executor API, after the MXNet R CGAN demo.

The generator is told which digit to draw: its input is the noise with the
one-hot digit appended, (B, nz + 10, 1, 1). The discriminator is told which
digit it should be looking at: the one-hot is broadcast to ten 28x28 planes
(plane k all ones when the digit is k) and stacked onto the image channels.

Training runs three executors that share D's weights:

- ``gan.G``: the generator, gradients for its parameters;
- ``gan.D``: the discriminator, trained on fakes (label 0) then reals (label 1);
- ``gan.D_back``: the same discriminator weights bound with ``grad_req='write'``
  on its input 'data', used only to hand G the gradient of D's verdict with
  respect to the fake images (labelled "real": G wants to be believed).
"""
import mxnet as mx
import numpy as np

NUM_DIGITS = 10
IMAGE_SIZE = 28
D_INPUTS = ("data", "digit", "label")
G_INPUTS = ("rand", "digit")


# ------------------------------------------------------------------ symbols

def generator_symbol(nz=100, ngf=64):
    """Noise 'rand' (B, nz, 1, 1) and one-hot 'digit' (B, 10) -> images (B, 1, 28, 28)
    in [-1, 1]. Deconvolutions grow 1x1 -> 7x7 -> 14x14 -> 28x28:
    out = (in - 1) * stride - 2 * pad + kernel."""
    rand = mx.sym.Variable("rand")
    digit = mx.sym.reshape(mx.sym.Variable("digit"), shape=(0, NUM_DIGITS, 1, 1))
    x = mx.sym.concat(rand, digit, dim=1, name="g_concat")                  # (B, nz+10, 1, 1)
    x = mx.sym.Deconvolution(x, name="g1", kernel=(7, 7), num_filter=ngf * 2, no_bias=True)
    x = mx.sym.Activation(mx.sym.BatchNorm(x, name="gbn1", fix_gamma=False), act_type="relu")
    x = mx.sym.Deconvolution(x, name="g2", kernel=(4, 4), stride=(2, 2), pad=(1, 1),
                             num_filter=ngf, no_bias=True)                 # 14x14
    x = mx.sym.Activation(mx.sym.BatchNorm(x, name="gbn2", fix_gamma=False), act_type="relu")
    x = mx.sym.Deconvolution(x, name="g3", kernel=(4, 4), stride=(2, 2), pad=(1, 1),
                             num_filter=ngf, no_bias=True)                 # 28x28
    x = mx.sym.Activation(mx.sym.BatchNorm(x, name="gbn3", fix_gamma=False), act_type="relu")
    # A 3x3 convolution makes the single grey channel. (A one-filter Deconvolution
    # would do, but MXNet 1.9.1's MKLDNN CPU kernel cannot back-propagate through
    # a Deconvolution with num_filter=1: "could not create a primitive descriptor".)
    x = mx.sym.Convolution(x, name="g4", kernel=(3, 3), pad=(1, 1), num_filter=1)
    return mx.sym.Activation(x, act_type="tanh", name="gout")


def digit_planes(digit, size=IMAGE_SIZE):
    """One-hot symbol (B, 10) -> (B, 10, size, size): plane k is all ones when
    the digit is k, all zeros otherwise (the condition on the channel axis)."""
    digit = mx.sym.reshape(digit, shape=(0, NUM_DIGITS, 1, 1))
    return mx.sym.broadcast_to(digit, shape=(0, NUM_DIGITS, size, size))


def discriminator_symbol(ndf=64):
    """Image 'data' (B, 1, 28, 28), one-hot 'digit' (B, 10) and 'label' (B,)
    (1 real, 0 fake) -> probability of "real" (B, 1) with a logistic-regression loss."""
    data = mx.sym.Variable("data")
    planes = digit_planes(mx.sym.Variable("digit"))
    x = mx.sym.concat(data, planes, dim=1, name="d_concat")                # (B, 11, 28, 28)
    x = mx.sym.Convolution(x, name="d1", kernel=(4, 4), stride=(2, 2), pad=(1, 1), num_filter=ndf)
    x = mx.sym.LeakyReLU(x, act_type="leaky", slope=0.2)                     # 14x14
    # No BatchNorm in D: D sees all-fake then all-real batches, and normalising
    # each batch on its own would wipe out the very difference D has to find.
    x = mx.sym.Convolution(x, name="d2", kernel=(4, 4), stride=(2, 2), pad=(1, 1), num_filter=ndf * 2)
    x = mx.sym.LeakyReLU(x, act_type="leaky", slope=0.2)                      # 7x7
    x = mx.sym.Convolution(x, name="d3", kernel=(7, 7), num_filter=1)       # 1x1
    x = mx.sym.flatten(x)
    return mx.sym.LogisticRegressionOutput(x, label=mx.sym.Variable("label"), name="dloss")


# ---------------------------------------------------------------- executors

class CGAN:
    """The executors and updaters of one conditional GAN.

    Attributes: ``G``, ``D``, ``D_back`` (executors), ``G_symbol``,
    ``G_updater``, ``D_updater``, ``G_params`` / ``D_params`` (names of the
    trained arguments), ``batch_size``, ``nz``, ``ctx``.
    """

    def __init__(self, G, D, D_back, G_updater, D_updater, nz, ctx, G_symbol):
        self.G, self.D, self.D_back, self.G_symbol = G, D, D_back, G_symbol
        self.G_updater, self.D_updater = G_updater, D_updater
        self.G_params = [n for n in G.arg_dict if n not in G_INPUTS]
        self.D_params = [n for n in D.arg_dict if n not in D_INPUTS]
        self.batch_size, self.nz, self.ctx = G.arg_dict["rand"].shape[0], nz, ctx


def _adam_updater(lr, beta1, batch_size):
    # LogisticRegressionOutput's gradient is summed over the batch: rescale to a mean.
    return mx.optimizer.get_updater(
        mx.optimizer.Adam(learning_rate=lr, beta1=beta1, rescale_grad=1.0 / batch_size))


def make_executors(batch_size, nz=100, ngf=64, ndf=64, ctx=None, lr=2e-4, beta1=0.5, sigma=0.02):
    """Bind G, D and D_back with ``simple_bind``, draw every weight from
    N(0, sigma) (BatchNorm gammas 1, betas 0) and attach Adam updaters."""
    ctx = ctx or mx.cpu()
    g_sym = generator_symbol(nz, ngf)
    G = g_sym.simple_bind(ctx, rand=(batch_size, nz, 1, 1), digit=(batch_size, NUM_DIGITS),
                          grad_req={n: ("null" if n in G_INPUTS else "write")
                                    for n in g_sym.list_arguments()})
    d_sym = discriminator_symbol(ndf)
    shapes = dict(data=(batch_size, 1, IMAGE_SIZE, IMAGE_SIZE), digit=(batch_size, NUM_DIGITS),
                  label=(batch_size,))
    D = d_sym.simple_bind(ctx, grad_req={n: ("null" if n in ("data", "label") else "write")
                                         for n in d_sym.list_arguments()}, **shapes)
    # D_back shares D's weights and moving statistics, but has its own gradients,
    # written afresh every step, including the one for 'data'.
    grads = {n: mx.nd.zeros(a.shape, ctx) for n, a in D.arg_dict.items()}
    D_back = d_sym.bind(ctx, args=D.arg_dict, args_grad=grads, grad_req="write",
                        aux_states=D.aux_dict)
    for exe, inputs in ((G, G_INPUTS), (D, D_INPUTS)):
        for name, arr in exe.arg_dict.items():
            if name in inputs:
                continue
            if name.endswith("gamma"):
                arr[:] = 1.0
            elif name.endswith("beta") or name.endswith("bias"):
                arr[:] = 0.0
            else:
                arr[:] = mx.nd.random.normal(0, sigma, shape=arr.shape, ctx=ctx)
        for name, arr in exe.aux_dict.items():
            arr[:] = 1.0 if name.endswith("var") else 0.0
    return CGAN(G, D, D_back, _adam_updater(lr, beta1, batch_size),
                _adam_updater(lr, beta1, batch_size), nz, ctx, g_sym)


# ----------------------------------------------------------------- training

def _update(exe, names, updater):
    for index, name in enumerate(names):
        updater(index, exe.grad_dict[name], exe.arg_dict[name])


def _as_nd(x, ctx):
    return x.as_in_context(ctx) if isinstance(x, mx.nd.NDArray) else mx.nd.array(x, ctx=ctx)


def _bce(prob, label):
    p = np.clip(prob.asnumpy().ravel(), 1e-7, 1 - 1e-7)
    return float(-np.mean(np.log(p) if label == 1 else np.log(1 - p)))


def generate(gan, noise, digits, is_train=True):
    """G's forward pass on ``noise`` (B, nz, 1, 1) and one-hot ``digits`` (B, 10)."""
    gan.G.arg_dict["rand"][:] = _as_nd(noise, gan.ctx)
    gan.G.arg_dict["digit"][:] = _as_nd(digits, gan.ctx)
    gan.G.forward(is_train=is_train)
    return gan.G.outputs[0]


def _d_forward_backward(exe, images, digits, label):
    """A training pass of D (or D_back) with every label set to ``label``.
    Returns a *copy* of D's verdicts: ``exe.outputs[0]`` is the executor's own
    buffer, which its next forward overwrites."""
    exe.arg_dict["data"][:] = images
    exe.arg_dict["digit"][:] = digits
    exe.arg_dict["label"][:] = label
    exe.forward(is_train=True)
    exe.backward()
    return exe.outputs[0].copy()


def d_step(gan, images, digits, noise):
    """Two D updates, as in the seed: on G's fakes labelled 0, then on the
    real ``images`` labelled 1. Returns D's loss (fake + real)."""
    digits = _as_nd(digits, gan.ctx)
    fake = generate(gan, noise, digits)
    p_fake = _d_forward_backward(gan.D, fake, digits, 0)
    _update(gan.D, gan.D_params, gan.D_updater)
    p_real = _d_forward_backward(gan.D, _as_nd(images, gan.ctx), digits, 1)
    _update(gan.D, gan.D_params, gan.D_updater)
    return _bce(p_fake, 0) + _bce(p_real, 1)


def g_step(gan, digits, noise):
    """One G update: D_back judges G's fakes labelled "real"; its gradient
    with respect to 'data' is G's output gradient. Returns G's loss."""
    digits = _as_nd(digits, gan.ctx)
    fake = generate(gan, noise, digits)
    p = _d_forward_backward(gan.D_back, fake, digits, 1)
    gan.G.backward(out_grads=[gan.D_back.grad_dict["data"]])
    _update(gan.G, gan.G_params, gan.G_updater)
    return _bce(p, 1)


def train_step(gan, images, digits, noise=None):
    """One CGAN iteration on real ``images`` (B, 1, 28, 28) in [-1, 1] with
    their one-hot ``digits`` (B, 10): D on fakes and reals, then G. The fakes
    are drawn for the same digits from ``noise`` (B, nz, 1, 1; N(0, 1) when
    None). Returns {'loss_D': ..., 'loss_G': ...}."""
    if noise is None:
        noise = mx.nd.random.normal(0, 1, shape=(gan.batch_size, gan.nz, 1, 1), ctx=gan.ctx)
    loss_d = d_step(gan, images, digits, noise)
    loss_g = g_step(gan, digits, noise)
    return {"loss_D": loss_d, "loss_G": loss_g}


# ---------------------------------------------------------------- inference

def _digits(digit, n):
    """``digit`` (an int, or n ints) as n ints in [0, 10); ValueError otherwise."""
    digits = np.asarray(digit)
    if digits.ndim == 0:
        digits = np.full(n, digits)
    if digits.shape != (n,):
        raise ValueError(f"digit must be one int or {n} ints, got shape {digits.shape}")
    digits = digits.astype(int)
    if digits.size and (digits.min() < 0 or digits.max() >= NUM_DIGITS):
        raise ValueError(f"digits must lie in [0, {NUM_DIGITS}), got {digits.tolist()}")
    return digits


def generate_digits(digit, n, gan, noise=None):
    """``n`` images (n, 1, 28, 28) in [-1, 1] of ``digit`` (an int, or n ints)
    from the trained generator of ``gan``: a fresh G executor bound for batch
    ``n`` with no gradients, G's weights and moving statistics copied in,
    forward with ``is_train=False``. Returns a float32 numpy array."""
    digits = _digits(digit, n)
    one_hot = np.zeros((n, NUM_DIGITS), np.float32)
    one_hot[np.arange(n), digits] = 1
    if noise is None:
        noise = mx.nd.random.normal(0, 1, shape=(n, gan.nz, 1, 1), ctx=gan.ctx)
    G = gan.G_symbol.simple_bind(gan.ctx, grad_req="null", rand=(n, gan.nz, 1, 1),
                                  digit=(n, NUM_DIGITS))
    G.copy_params_from({k: gan.G.arg_dict[k] for k in gan.G_params}, gan.G.aux_dict)
    G.arg_dict["rand"][:] = _as_nd(noise, gan.ctx)
    G.arg_dict["digit"][:] = mx.nd.array(one_hot, ctx=gan.ctx)
    G.forward(is_train=False)
    return G.outputs[0].asnumpy()
