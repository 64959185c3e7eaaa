"""D's step sums the fake and real gradients into one update (the dcgan_module way) instead of the R demo's two updates."""
import solutions.cgan as ref
from solutions.cgan import *  # noqa: F401,F403
from tests.mutants import rewire


def d_step(gan, images, digits, noise):
    digits = ref._as_nd(digits, gan.ctx)
    fake = generate(gan, noise, digits)
    p_fake = ref._d_forward_backward(gan.D, fake, digits, 0)
    saved = {n: gan.D.grad_dict[n].copy() for n in gan.D_params}
    p_real = ref._d_forward_backward(gan.D, ref._as_nd(images, gan.ctx), digits, 1)
    for n in gan.D_params:
        gan.D.grad_dict[n][:] += saved[n]
    ref._update(gan.D, gan.D_params, gan.D_updater)
    return ref._bce(p_fake, 0) + ref._bce(p_real, 1)


train_step = rewire(ref.train_step, d_step=d_step)
