"""BatchNorm learns gamma (fix_gamma=False) where the tutorial fixes it to 1."""
import mxnet as mx

import solutions.dcgan_module as ref
from solutions.dcgan_module import *  # noqa: F401,F403
from tests.mutants import rewire


def _learned_gamma(symbol):
    return mx.sym.load_json(symbol.tojson().replace('"fix_gamma": "True"', '"fix_gamma": "False"'))


def generator_symbol(ngf=128, nc=3, image_size=64):
    return _learned_gamma(ref.generator_symbol(ngf, nc, image_size))


def discriminator_symbol(ndf=128, image_size=64):
    return _learned_gamma(ref.discriminator_symbol(ndf, image_size))


make_modules = rewire(ref.make_modules, generator_symbol=generator_symbol, discriminator_symbol=discriminator_symbol)
