"""g_loss is computed against label 0: it reports -log(1 - D(G(z))) instead of -log(D(G(z)))."""
import solutions.dcgan_module as ref
from solutions.dcgan_module import *  # noqa: F401,F403
from solutions.dcgan_module import _add_grads, _bce, _copy_grads, _d_pass, _generator_gradient


def train_step(generator, discriminator, noise, real):
    generator.forward(noise, is_train=True)
    fake = generator.get_outputs()
    d_fake = _d_pass(discriminator, fake, FAKE)
    fake_grads = _copy_grads(discriminator)
    d_real = _d_pass(discriminator, real.data, REAL)
    _add_grads(discriminator, fake_grads)
    discriminator.update()
    d_judged, input_grads = _generator_gradient(discriminator, fake)
    generator.backward(input_grads)
    generator.update()
    return {"d_loss": _bce(d_fake, FAKE) + _bce(d_real, REAL), "g_loss": _bce(d_judged, FAKE),
            "d_real": float(d_real.mean().asscalar()), "d_fake": float(d_fake.mean().asscalar())}
