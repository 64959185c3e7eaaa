"""make_executors accepts sigma but draws every weight from N(0, 0.02)."""
import solutions.cgan as ref
from solutions.cgan import *  # noqa: F401,F403


def make_executors(batch_size, nz=100, ngf=64, ndf=64, ctx=None, lr=2e-4, beta1=0.5, sigma=0.02):
    return ref.make_executors(batch_size, nz, ngf, ndf, ctx, lr, beta1, 0.02)
