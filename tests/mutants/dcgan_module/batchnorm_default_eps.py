"""BatchNorm keeps MXNet's default eps=1e-3 instead of the tutorial's 1e-5."""
import solutions.dcgan_module as ref
from solutions.dcgan_module import *  # noqa: F401,F403
from tests.mutants import rewire

generator_symbol = rewire(ref.generator_symbol, BN_EPS=1e-3)
discriminator_symbol = rewire(ref.discriminator_symbol, BN_EPS=1e-3)
make_modules = rewire(ref.make_modules, generator_symbol=generator_symbol,
                      discriminator_symbol=discriminator_symbol)
