"""D trained with the fakes labelled 1 and the reals labelled 0."""
from solutions.cgan import *  # noqa: F401,F403
import solutions.cgan as ref


def d_step(gan, images, digits, noise):
    digits = ref._as_nd(digits, gan.ctx)
    fake = generate(gan, noise, digits)
    p_fake = ref._d_forward_backward(gan.D, fake, digits, 1)
    ref._update(gan.D, gan.D_params, gan.D_updater)
    p_real = ref._d_forward_backward(gan.D, ref._as_nd(images, gan.ctx), digits, 0)
    ref._update(gan.D, gan.D_params, gan.D_updater)
    return ref._bce(p_fake, 1) + ref._bce(p_real, 0)


def train_step(gan, images, digits, noise=None):
    loss_d = d_step(gan, images, digits, noise)
    return {"loss_D": loss_d, "loss_G": g_step(gan, digits, noise)}
