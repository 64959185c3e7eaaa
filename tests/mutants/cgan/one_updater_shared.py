"""One updater serves G and D: their weights share Adam states by index."""
import solutions.cgan as ref
from solutions.cgan import *  # noqa: F401,F403


def make_executors(batch_size, nz=100, ngf=64, ndf=64, ctx=None, lr=2e-4, beta1=0.5, sigma=0.02):
    gan = ref.make_executors(batch_size, nz, ngf, ndf, ctx, lr, beta1, sigma)
    return ref.CGAN(gan.G, gan.D, gan.D_back, gan.G_updater, gan.G_updater, gan.nz, gan.ctx, gan.G_symbol)
