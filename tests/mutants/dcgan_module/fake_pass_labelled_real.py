"""D's pass on the fake batch uses label 1 (the real label), so D learns to call fakes real."""
import types

import solutions.dcgan_module as ref
from solutions.dcgan_module import *  # noqa: F401,F403

train_step = types.FunctionType(ref.train_step.__code__, {**vars(ref), "FAKE": ref.REAL})
