"""make_modules accepts ctx but binds both modules on the default CPU."""
import solutions.dcgan_module as ref
from solutions.dcgan_module import *  # noqa: F401,F403


def make_modules(batch_size, nz=100, ngf=128, ndf=128, nc=3, image_size=64, ctx=None,
                 lr=LR, beta1=BETA1, sigma=SIGMA):
    return ref.make_modules(batch_size, nz, ngf, ndf, nc, image_size, None, lr, beta1, sigma)
