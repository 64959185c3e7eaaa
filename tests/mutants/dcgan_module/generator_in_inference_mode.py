"""G's forward runs with is_train=False: the fakes come from BatchNorm's moving statistics, not the batch's."""
import solutions.dcgan_module as ref
from solutions.dcgan_module import *  # noqa: F401,F403


def train_step(generator, discriminator, noise, real):
    forward = generator.forward
    generator.forward = lambda batch, is_train=None: forward(batch, is_train=False)
    try:
        return ref.train_step(generator, discriminator, noise, real)
    finally:
        generator.forward = forward
