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
    - the output: tanh, so images lie in (-1, 1) like the preprocessed data.
    - every (de)convolution has ``no_bias=True`` (BatchNorm's beta is the
      bias); every BatchNorm has ``fix_gamma=True, eps=BN_EPS``.

    Hint: the deconvolution output size is ``(in - 1) * stride - 2 * pad + kernel``;
    ``symbol.infer_shape(rand=(64, 100, 1, 1))`` checks your stack without
    allocating anything.

    Known MXNet 1.9.1 CPU bug: a Deconvolution with ONE output filter and a
    multiple of 8 input channels cannot backpropagate to its input ("could
    not create a primitive descriptor for a reorder primitive"), so train
    with nc=3 (grey MNIST tiled into 3 channels, as the tutorial does).
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
    - ``no_bias=True`` and ``fix_gamma=True, eps=BN_EPS`` as in the generator.
    """
    raise NotImplementedError("discriminator_symbol: build d1 ... d{k+1} and the logistic loss")


def make_modules(batch_size, nz=100, ngf=128, ndf=128, nc=3, image_size=64, ctx=None,
                 lr=LR, beta1=BETA1, sigma=SIGMA):
    """Build, bind and initialise both networks; return ``(generator, discriminator)``,
    two ``mx.mod.Module`` objects ready for ``train_step``.

    - ``ctx``: the ``mx.Context`` to run on (``None`` means ``mx.cpu()``).
    - generator: ``data_names=('rand',)`` and ``label_names=None`` (noise has
      no label; leaving it out gives Module's default ``('softmax_label',)``);
      bound to ``[('rand', (batch_size, nz, 1, 1))]``, what ``RandIter`` provides.
    - discriminator: ``data_names=('data',)``, ``label_names=('label',)``;
      bound to ``[('data', (batch_size, nc, image_size, image_size))]`` and
      ``[('label', (batch_size,))]`` with ``inputs_need_grad=True``: G learns
      from D's gradient with respect to its input images.
    - both: ``init_params(initializer=mx.init.Normal(sigma))`` (BatchNorm's
      gamma and beta still start at 1 and 0: the initialiser knows them by
      name) and ``init_optimizer(optimizer='adam', optimizer_params=
      {'learning_rate': lr, 'beta1': beta1})``.
    """
    raise NotImplementedError("make_modules: bind, init_params and init_optimizer for G and D")


def train_step(generator, discriminator, noise, real):
    """One DCGAN training step; returns a dict of float statistics.

    ``noise`` is a DataBatch holding (B, nz, 1, 1) noise (``RandIter.next()``);
    ``real`` a DataBatch holding (B, nc, S, S) real images (``image_iter``).

    1. G forward on the noise (``is_train=True``); ``generator.get_outputs()``
       is the fake batch, a list with one NDArray.
    2. D forward and backward on the fake batch with labels 0. Copy D's
       gradients (``discriminator._exec_group.grad_arrays``, a list per
       parameter of a list per device): the next backward overwrites them.
    3. D forward and backward on the real images with labels 1, then add the
       copied fake gradients into ``grad_arrays`` (``grad += saved``).
    4. ``discriminator.update()``: one step on the summed gradient.
    5. D forward and backward on the same fake batch with labels 1 ("what
       would make D call these real?"). Do not update D here.
    6. ``generator.backward(discriminator.get_input_grads())``, then
       ``generator.update()``.

    Returned dict (Python floats):

    - ``d_fake``: mean of D's outputs on the fake batch in step 2;
    - ``d_real``: mean of D's outputs on the real batch in step 3;
    - ``d_loss``: mean(-log(1 - D(fake))) + mean(-log(D(real))), same passes;
    - ``g_loss``: mean(-log(D(fake))) with the updated D of step 5.

    After the step, ``generator.get_outputs()[0]`` still holds the step's
    fake batch (a training runner draws it): do no other G forward.

    Hints: a DataBatch is ``mx.io.DataBatch(data=[...], label=[...])``.
    ``get_outputs()`` hands back the module's own buffers, which the next
    forward overwrites: copy what you want to keep (``.copy()``). Clip the
    probabilities (e.g. to [1e-7, 1 - 1e-7]) before taking logs.
    """
    raise NotImplementedError("train_step: D on fake + real, one D update, then G through D")
