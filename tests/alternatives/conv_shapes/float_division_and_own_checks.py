"""conv_out / deconv_out with math.floor of a true division, one axis at a time in a loop, and their own checks."""
import math

from solutions.conv_shapes import *  # noqa: F401,F403


def _as_pairs(**args):
    pairs = {}
    for name, value in args.items():
        if isinstance(value, (tuple, list)):
            if len(value) != 2:
                raise ValueError(f"{name}: expected an int or a pair, got {value}")
            pairs[name] = list(value)
        else:
            pairs[name] = [value, value]
        for v in pairs[name]:
            if not isinstance(v, int) and not (hasattr(v, "dtype") and v.dtype.kind in "iu"):
                raise ValueError(f"{name} must be a whole number, got {v!r}")
    return pairs


def conv_out(size, kernel, stride=1, pad=0, dilate=1):
    p = _as_pairs(size=size, kernel=kernel, stride=stride, pad=pad, dilate=dilate)
    result = []
    for a in range(2):
        s, k, st, pd, d = (int(p[n][a]) for n in ("size", "kernel", "stride", "pad", "dilate"))
        if s < 1 or k < 1 or st < 1 or d < 1 or pd < 0:
            raise ValueError(f"out of range: size={s}, kernel={k}, stride={st}, pad={pd}, dilate={d}")
        o = math.floor((s + 2 * pd - d * (k - 1) - 1) / st) + 1
        if o <= 0:
            raise ValueError(f"floor(({s} + 2*{pd} - {d}*({k}-1) - 1)/{st}) + 1 = {o} is not a size")
        result.append(o)
    scalar = not any(isinstance(v, (tuple, list)) for v in (size, kernel, stride, pad, dilate))
    return result[0] if scalar else tuple(result)


def deconv_out(size, kernel, stride=1, pad=0, adj=0):
    p = _as_pairs(size=size, kernel=kernel, stride=stride, pad=pad, adj=adj)
    result = []
    for a in range(2):
        s, k, st, pd, aj = (int(p[n][a]) for n in ("size", "kernel", "stride", "pad", "adj"))
        if s < 1 or k < 1 or st < 1 or pd < 0 or aj < 0 or aj >= st:
            raise ValueError(f"out of range: size={s}, kernel={k}, stride={st}, pad={pd}, adj={aj}")
        o = (s - 1) * st - 2 * pd + k + aj
        if o <= 0:
            raise ValueError(f"({s}-1)*{st} - 2*{pd} + {k} + {aj} = {o} is not a size")
        result.append(o)
    scalar = not any(isinstance(v, (tuple, list)) for v in (size, kernel, stride, pad, adj))
    return result[0] if scalar else tuple(result)
