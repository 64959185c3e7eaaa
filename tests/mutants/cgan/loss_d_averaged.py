"""D's loss is the average of the fake and real losses instead of their sum."""
import solutions.cgan as ref
from solutions.cgan import *  # noqa: F401,F403
from tests.mutants import rewire


def d_step(gan, images, digits, noise):
    return ref.d_step(gan, images, digits, noise) / 2


train_step = rewire(ref.train_step, d_step=d_step)
