"""make_executors accepts ctx but binds everything on the default CPU."""
import solutions.cgan as ref
from solutions.cgan import *  # noqa: F401,F403


def make_executors(batch_size, nz=100, ngf=64, ndf=64, ctx=None, lr=2e-4, beta1=0.5, sigma=0.02):
    return ref.make_executors(batch_size, nz, ngf, ndf, None, lr, beta1, sigma)
