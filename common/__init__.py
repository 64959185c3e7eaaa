"""Everything that is not an exercise: environment set-up, data, the kata
loader, the progress report, grading and the training runners.

Importing ``common`` prepares the process for MXNet (threads, warnings) but
does not import MXNet itself; see :mod:`common.env`.
"""
from common import env as _env

_env.configure_process()
