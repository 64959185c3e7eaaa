"""G's backward fed the gradient of one of D's parameters instead of D's gradient with respect to 'data'."""
from solutions.cgan import *  # noqa: F401,F403
import solutions.cgan as ref


def g_step(gan, digits, noise):
    digits = ref._as_nd(digits, gan.ctx)
    fake = generate(gan, noise, digits)
    p = ref._d_forward_backward(gan.D_back, fake, digits, 1)
    gan.G.backward(out_grads=[gan.D_back.grad_dict[gan.D_params[0]]])
    ref._update(gan.G, gan.G_params, gan.G_updater)
    return ref._bce(p, 1)


def train_step(gan, images, digits, noise=None):
    loss_d = d_step(gan, images, digits, noise)
    return {"loss_D": loss_d, "loss_G": g_step(gan, digits, noise)}
