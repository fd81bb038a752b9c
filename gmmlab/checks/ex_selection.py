"""Checks for chapter 07: ``n_parameters``, ``bic`` and ``aic``."""

from __future__ import annotations

import numpy as np

from . import reference as ref
from .cases import Exercise, Session, as_scalar
from .verdict import Mistake


def _count(s: Session, k, d, cov_type=None):
    out = s.call(k, d) if cov_type is None else s.call(k, d, covariance_type=cov_type)
    value = as_scalar(out, "the parameter count")
    if not np.isfinite(value):
        raise Mistake("the parameter count is not finite")
    return value


def _diagnose_count(got, k, d, cov_type):
    want = ref.n_parameters(k, d, cov_type)
    cov = want - (k * d + k - 1)
    if cov_type in ("full", "tied"):
        n_mats = k if cov_type == "full" else 1
        if got == want - cov + n_mats * d * d:
            return f"counts d*d covariance entries ({cov_type}); a symmetric matrix has d(d+1)/2"
        if cov_type == "tied" and got == ref.n_parameters(k, d, "full"):
            return "counts one covariance per component for 'tied'; tied shares one matrix"
    if got == want + 1:
        return f"counts K mixing weights ({cov_type}); they sum to 1, so only K-1 are free"
    if got == want - k * d:
        return f"forgets the means ({cov_type})"
    return f"the count for covariance_type={cov_type!r} is wrong"


def _np_full(s):
    for k, d in ((3, 2), (4, 5), (1, 3)):
        got = _count(s, k, d)
        if got != ref.n_parameters(k, d, "full"):
            raise Mistake(_diagnose_count(got, k, d, "full"))


def _np_types(s):
    for cov_type in ("full", "tied", "diag", "spherical"):
        for k, d in ((3, 2), (2, 4)):
            got = _count(s, k, d, cov_type)
            if got != ref.n_parameters(k, d, cov_type):
                raise Mistake(_diagnose_count(got, k, d, cov_type))


def _np_hidden(s, spec):
    got = _count(s, spec["k"], spec["d"], spec.get("covariance_type", "full"))
    if got != ref.n_parameters(spec["k"], spec["d"], spec.get("covariance_type", "full")):
        raise Mistake(_diagnose_count(got, spec["k"], spec["d"],
                                      spec.get("covariance_type", "full")) + f" ({spec['label']})")


N_PARAMETERS = Exercise("n_parameters", [(1, _np_full), (1, _np_types)], _np_hidden)


def _criterion(s, args, want, name, penalty):
    got = as_scalar(s.call(*args), name)
    if np.isclose(got, want, rtol=1e-10, atol=1e-10):
        return
    ll, p = args[0], args[1]
    if np.isclose(got, -want, rtol=1e-10):
        raise Mistake(f"wrong sign: {name} = -2 log L + penalty (lower is better)")
    if np.isclose(got, 2 * ll - penalty, rtol=1e-10) or np.isclose(got, 2 * ll + penalty,
                                                                      rtol=1e-10):
        raise Mistake(f"wrong sign of the log-likelihood term: {name} = -2 log L + penalty")
    if np.isclose(got, -ll + penalty, rtol=1e-10):
        raise Mistake(f"the log-likelihood term needs the factor -2 ({name} = -2 log L + penalty)")
    if name == "bic":
        n = args[2]
        if np.isclose(got, -2 * ll + p * n, rtol=1e-10) or np.isclose(got, -2 * ll + p,
                                                                      rtol=1e-10):
            raise Mistake("the penalty is p * ln(n): the natural log of the number of samples")
        if np.isclose(got, -2 * ll + p * np.log10(n), rtol=1e-10):
            raise Mistake("uses log10; the penalty is p * ln(n) with the natural logarithm")
        if np.isclose(got, -2 * ll + 2 * p, rtol=1e-10):
            raise Mistake("this is AIC's penalty 2p; BIC uses p * ln(n)")
    else:
        if np.isclose(got, -2 * ll + p, rtol=1e-10):
            raise Mistake("the penalty is 2p, not p")
        if np.isclose(got, -2 * ll + p * np.log(args[2] if len(args) > 2 else 1), rtol=1e-10):
            raise Mistake("this is BIC's penalty; AIC uses 2p")
    raise Mistake(f"{name} differs from -2 log L + penalty")


def _bic(s):
    for ll, p, n in ((-1234.5, 17, 300), (52.25, 5, 40)):
        _criterion(s, (ll, p, n), -2 * ll + p * np.log(n), "bic", p * np.log(n))


def _aic(s):
    for ll, p in ((-1234.5, 17), (52.25, 5)):
        _criterion(s, (ll, p), -2 * ll + 2 * p, "aic", 2 * p)


def _bic_hidden(s, spec):
    ll, p, n = spec["args"]
    _criterion(s, (ll, p, n), -2 * ll + p * np.log(n), "bic", p * np.log(n))


def _aic_hidden(s, spec):
    ll, p = spec["args"]
    _criterion(s, (ll, p), -2 * ll + 2 * p, "aic", 2 * p)


BIC = Exercise("bic", [(1, _bic)], _bic_hidden)
AIC = Exercise("aic", [(1, _aic)], _aic_hidden)
