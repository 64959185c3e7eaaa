"""D's fake pass runs forward and backward twice (once for d_fake, once for the gradients): BatchNorm's moving statistics move one time too many."""
import solutions.dcgan_module as ref
from solutions.dcgan_module import *  # noqa: F401,F403



def train_step(generator, discriminator, noise, real):
    generator.forward(noise, is_train=True)
    fake = generator.get_outputs()
    d_fake = ref._d_pass(discriminator, fake, FAKE)        # for the statistics
    ref._d_pass(discriminator, fake, FAKE)                 # and again for the gradients
    fake_grads = ref._copy_grads(discriminator)
    d_real = ref._d_pass(discriminator, real.data, REAL)
    ref._add_grads(discriminator, fake_grads)
    discriminator.update()
    d_judged, input_grads = ref._generator_gradient(discriminator, fake)
    generator.backward(input_grads)
    generator.update()
    return {"d_loss": ref._bce(d_fake, FAKE) + ref._bce(d_real, REAL), "g_loss": ref._bce(d_judged, REAL),
            "d_real": float(d_real.mean().asscalar()), "d_fake": float(d_fake.mean().asscalar())}
