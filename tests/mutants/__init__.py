"""Known-wrong variants of the references: see README.md beside this file."""
import types


def rewire(function, namespace=None, **replacements):
    """A copy of a reference ``function`` (same code, same defaults) whose
    global names are looked up in its own module's namespace, updated with
    ``namespace`` (pass the mutant's ``globals()`` to make it call the
    mutant's versions) and then with ``replacements``.

    The mutants' one idiom: keep the reference's code and change what it
    calls. ``train_step = rewire(ref.train_step, globals())`` is the
    reference step calling this mutant's ``d_step``;
    ``make_modules = rewire(ref.make_modules, _adam=_adam_without_beta1)``
    swaps one helper.
    """
    scope = {**function.__globals__, **(namespace or {}), **replacements}
    copy = types.FunctionType(function.__code__, scope, function.__name__, function.__defaults__,
                              function.__closure__)
    copy.__kwdefaults__ = function.__kwdefaults__
    return copy
