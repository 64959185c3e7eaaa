"""G's BatchNorms with the tutorials' eps 1e-5 + 1e-12 instead of MXNet's default 1e-3 (the docstring leaves eps free)."""
import mxnet as mx

import solutions.cgan as ref
from solutions.cgan import *  # noqa: F401,F403
from tests.mutants import rewire

EPS = 1e-5 + 1e-12


def generator_symbol(nz=100, ngf=64):
    rand = mx.sym.Variable("rand")
    digit = mx.sym.reshape(mx.sym.Variable("digit"), shape=(0, NUM_DIGITS, 1, 1))
    x = mx.sym.concat(rand, digit, dim=1)
    x = mx.sym.Deconvolution(x, name="g1", kernel=(7, 7), num_filter=ngf * 2, no_bias=True)
    x = mx.sym.Activation(mx.sym.BatchNorm(x, name="gbn1", fix_gamma=False, eps=EPS), act_type="relu")
    x = mx.sym.Deconvolution(x, name="g2", kernel=(4, 4), stride=(2, 2), pad=(1, 1), num_filter=ngf, no_bias=True)
    x = mx.sym.Activation(mx.sym.BatchNorm(x, name="gbn2", fix_gamma=False, eps=EPS), act_type="relu")
    x = mx.sym.Deconvolution(x, name="g3", kernel=(4, 4), stride=(2, 2), pad=(1, 1), num_filter=ngf, no_bias=True)
    x = mx.sym.Activation(mx.sym.BatchNorm(x, name="gbn3", fix_gamma=False, eps=EPS), act_type="relu")
    x = mx.sym.Convolution(x, name="g4", kernel=(3, 3), pad=(1, 1), num_filter=1)
    return mx.sym.Activation(x, act_type="tanh")


make_executors = rewire(ref.make_executors, generator_symbol=generator_symbol)
