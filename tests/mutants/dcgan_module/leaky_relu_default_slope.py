"""D's LeakyReLU keeps MXNet's default slope 0.25 instead of 0.2."""
import solutions.dcgan_module as ref
from solutions.dcgan_module import *  # noqa: F401,F403
from tests.mutants import rewire

discriminator_symbol = rewire(ref.discriminator_symbol, SLOPE=0.25)
make_modules = rewire(ref.make_modules, discriminator_symbol=discriminator_symbol)
