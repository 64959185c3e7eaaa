"""One updater serves G and D: their weights share Adam states by index."""
import solutions.cgan as ref
from solutions.cgan import *  # noqa: F401,F403


def make_executors(*args, **kwargs):
    gan = ref.make_executors(*args, **kwargs)
    return ref.CGAN(gan.G, gan.D, gan.D_back, gan.G_updater, gan.G_updater, gan.nz, gan.ctx, gan.G_symbol)
