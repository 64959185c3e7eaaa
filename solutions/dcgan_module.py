"""Reference solution of the dcgan_module kata: a DCGAN with Symbol + Module.

The generator G turns noise ``rand`` (B, nz, 1, 1) into images (B, nc, S, S)
with a stack of stride-2 deconvolutions; the discriminator D turns images
into the probability that they are real. One training step updates D on a
fake and a real batch (the two gradients summed into one update), then G
from the gradient D hands back for G's images.

MXNet 1.9.1 on CPU (oneDNN) cannot backpropagate to the input of a
Deconvolution with one output filter and a multiple of 8 input channels
("could not create a primitive descriptor for a reorder primitive"): train
with nc=3, as the tutorial does, or set MXNET_MKLDNN_ENABLED=0.
"""
import mxnet as mx

BN_EPS = 1.0000001e-05  # 1e-5 + 1e-12: cuDNN wants eps > 1e-5 (MXNet's default is 1e-3)
SLOPE = 0.2             # LeakyReLU slope in D
SIGMA = 0.02            # weights ~ N(0, SIGMA)
LR = 0.0002
BETA1 = 0.5
FAKE, REAL = 0.0, 1.0  # the logistic-regression labels


def _stages(image_size):
    """How many stride-2 (de)convolutions take 4x4 to image_size x image_size."""
    size, stages = int(image_size), 0
    while size > 4 and size % 2 == 0:
        size //= 2
        stages += 1
    if size != 4 or stages < 1:
        raise ValueError(f"image_size must be 4 * 2**k with k >= 1 (8, 16, 32, 64, 128...), got {image_size}")
    return stages


def generator_symbol(ngf=128, nc=3, image_size=64):
    """Noise 'rand' (B, nz, 1, 1) -> images (B, nc, image_size, image_size) in (-1, 1).

    g1: 4x4 deconvolution to 4x4; then one stride-2 deconvolution per doubling,
    the width halving from ngf * 2**(stages-1) down to ngf; each followed by
    BatchNorm and ReLU; the last one (to nc channels) by tanh.
    """
    stages = _stages(image_size)
    net = mx.sym.Variable("rand")
    net = mx.sym.Deconvolution(net, name="g1", kernel=(4, 4), num_filter=ngf * 2 ** (stages - 1),
                               no_bias=True)
    for i in range(1, stages + 1):
        net = mx.sym.BatchNorm(net, name=f"gbn{i}", fix_gamma=True, eps=BN_EPS)
        net = mx.sym.Activation(net, name=f"gact{i}", act_type="relu")
        width = nc if i == stages else ngf * 2 ** (stages - 1 - i)
        net = mx.sym.Deconvolution(net, name=f"g{i + 1}", kernel=(4, 4), stride=(2, 2), pad=(1, 1),
                                   num_filter=width, no_bias=True)
    return mx.sym.Activation(net, name=f"gact{stages + 1}", act_type="tanh")


def discriminator_symbol(ndf=128, image_size=64):
    """Images 'data' (B, nc, S, S) and 'label' (B,) -> P(real) (B, 1), trained
    by logistic regression.

    One stride-2 convolution per halving (widths ndf, 2ndf, 4ndf...), each
    followed by LeakyReLU(0.2), with BatchNorm before it on all but the first;
    then a 4x4 convolution to one number, flattened.
    """
    stages = _stages(image_size)
    net = mx.sym.Variable("data")
    for i in range(1, stages + 1):
        net = mx.sym.Convolution(net, name=f"d{i}", kernel=(4, 4), stride=(2, 2), pad=(1, 1),
                                 num_filter=ndf * 2 ** (i - 1), no_bias=True)
        if i > 1:
            net = mx.sym.BatchNorm(net, name=f"dbn{i}", fix_gamma=True, eps=BN_EPS)
        net = mx.sym.LeakyReLU(net, name=f"dact{i}", act_type="leaky", slope=SLOPE)
    net = mx.sym.Convolution(net, name=f"d{stages + 1}", kernel=(4, 4), num_filter=1, no_bias=True)
    net = mx.sym.Flatten(net)
    return mx.sym.LogisticRegressionOutput(data=net, label=mx.sym.Variable("label"), name="dloss")


def _adam(module, lr, beta1):
    module.init_optimizer(optimizer="adam", optimizer_params={"learning_rate": lr, "beta1": beta1})


def make_modules(batch_size, nz=100, ngf=128, ndf=128, nc=3, image_size=64, ctx=None,
                 lr=LR, beta1=BETA1, sigma=SIGMA):
    """Bind, initialise and equip with Adam the two modules; return (generator, discriminator)."""
    ctx = ctx or mx.cpu()
    generator = mx.mod.Module(generator_symbol(ngf, nc, image_size), data_names=("rand",),
                              label_names=None, context=ctx)
    generator.bind(data_shapes=[("rand", (batch_size, nz, 1, 1))])
    generator.init_params(initializer=mx.init.Normal(sigma))
    _adam(generator, lr, beta1)

    discriminator = mx.mod.Module(discriminator_symbol(ndf, image_size), data_names=("data",),
                                  label_names=("label",), context=ctx)
    discriminator.bind(data_shapes=[("data", (batch_size, nc, image_size, image_size))],
                       label_shapes=[("label", (batch_size,))],
                       inputs_need_grad=True)  # G learns from D's gradient w.r.t. its input
    discriminator.init_params(initializer=mx.init.Normal(sigma))
    _adam(discriminator, lr, beta1)
    return generator, discriminator


def _bce(prob, label):
    """Mean binary cross-entropy of probabilities against a constant label."""
    prob = mx.nd.clip(prob, 1e-7, 1 - 1e-7)
    loss = -mx.nd.log(prob) if label == REAL else -mx.nd.log(1 - prob)
    return float(loss.mean().asscalar())


def _d_pass(discriminator, images, label):
    """D forward and backward on ``images`` (a list with one NDArray), every
    label set to ``label``; returns a copy of D's outputs (the next forward
    overwrites the module's output buffer)."""
    labels = mx.nd.full((images[0].shape[0],), label, ctx=images[0].context)
    discriminator.forward(mx.io.DataBatch(images, [labels]), is_train=True)
    probs = discriminator.get_outputs()[0].copy()
    discriminator.backward()
    return probs


def _copy_grads(module):
    """A copy of the module's parameter gradients (a list per parameter of a list per device)."""
    return [[grad.copy() for grad in grads] for grads in module._exec_group.grad_arrays]


def _add_grads(module, saved):
    """Add saved gradients into the module's current ones, in place."""
    for grads, saved_grads in zip(module._exec_group.grad_arrays, saved):
        for grad, saved_grad in zip(grads, saved_grads):
            grad += saved_grad


def _generator_gradient(discriminator, fake):
    """The updated D judges the fakes against label 1 (what would make it call
    them real?); the gradient w.r.t. its input is what G must follow.
    Returns (D's outputs, the input gradient)."""
    probs = _d_pass(discriminator, fake, REAL)
    return probs, discriminator.get_input_grads()


def train_step(generator, discriminator, noise, real):
    """One DCGAN step. ``noise`` and ``real`` are DataBatch objects (RandIter,
    image_iter). Returns a dict of floats: d_loss, g_loss, d_real, d_fake."""
    generator.forward(noise, is_train=True)
    fake = generator.get_outputs()  # a list holding the (B, nc, S, S) images

    d_fake = _d_pass(discriminator, fake, FAKE)
    fake_grads = _copy_grads(discriminator)      # the real pass overwrites them
    d_real = _d_pass(discriminator, real.data, REAL)
    _add_grads(discriminator, fake_grads)         # one update for fake + real
    discriminator.update()

    d_judged, input_grads = _generator_gradient(discriminator, fake)
    generator.backward(input_grads)
    generator.update()
    return {"d_loss": _bce(d_fake, FAKE) + _bce(d_real, REAL), "g_loss": _bce(d_judged, REAL),
            "d_real": float(d_real.mean().asscalar()), "d_fake": float(d_fake.mean().asscalar())}
