"""BatchNorm's momentum is set to 0.8 instead of the default 0.9: the moving mean and variance drift too fast."""
import json

import mxnet as mx

import solutions.dcgan_module as ref
from solutions.dcgan_module import *  # noqa: F401,F403
from tests.mutants import rewire


def _momentum(symbol, momentum="0.8"):
    graph = json.loads(symbol.tojson())
    for node in graph["nodes"]:
        if node["op"] == "BatchNorm":
            node.setdefault("attrs", {})["momentum"] = momentum
    return mx.sym.load_json(json.dumps(graph))


def generator_symbol(ngf=128, nc=3, image_size=64):
    return _momentum(ref.generator_symbol(ngf, nc, image_size))


def discriminator_symbol(ndf=128, image_size=64):
    return _momentum(ref.discriminator_symbol(ndf, image_size))


make_modules = rewire(ref.make_modules, generator_symbol=generator_symbol, discriminator_symbol=discriminator_symbol)
