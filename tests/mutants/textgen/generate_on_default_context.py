"""generate feeds the model on the current context, not on the context its parameters live on."""
import mxnet as mx

import solutions.textgen as ref
from solutions.textgen import *  # noqa: F401,F403
from tests.mutants import rewire

generate = rewire(ref.generate, globals(), _context_of=lambda model: mx.current_context())
