"""Variants for chapter 07, exercise 2a: bic(log_likelihood, n_params, n_samples)."""

VARIANTS = [
    {
        "kind": "correct",
        "id": "bic-stub-formula",
        "what": "float(-2 * log_likelihood + n_params * np.log(n_samples)).",
        "source": '''import numpy as np


def bic(log_likelihood, n_params, n_samples):
    return float(-2.0 * log_likelihood + n_params * np.log(n_samples))
''',
    },
    {
        "kind": "correct",
        "id": "bic-math-log",
        "what": "Same formula with math.log (natural log) and an explicit float() of every operand.",
        "source": '''import math


def bic(log_likelihood, n_params, n_samples):
    ll = float(log_likelihood)
    return float(-2.0 * ll + float(n_params) * math.log(float(n_samples)))
''',
    },
    {
        "kind": "correct",
        "id": "bic-factored",
        "what": "Factored as 2 * (p ln N / 2 - ll), i.e. -2 times the Laplace approximation ll - (p/2) ln N, returned as a Python float via .item().",
        "source": '''import numpy as np


def bic(log_likelihood, n_params, n_samples):
    laplace = np.float64(log_likelihood) - 0.5 * n_params * np.log(np.float64(n_samples))
    return (-2.0 * laplace).item()
''',
    },
    {
        "kind": "correct",
        "id": "bic-dict-terms",
        "what": "Fit and penalty terms in a dict, summed with math.fsum, natural log via np.log1p(N - 1).",
        "source": '''import math
import numpy as np


def bic(log_likelihood, n_params, n_samples):
    terms = {"fit": -2.0 * float(log_likelihood), "penalty": float(n_params) * float(np.log1p(n_samples - 1))}
    return float(math.fsum(terms.values()))
''',
    },
    {
        "kind": "mistake",
        "id": "bic-log10",
        "what": "Penalty uses np.log10(n_samples) instead of the natural log; violates 'BIC = -2 l + p ln N' / 'n_params * np.log(n_samples)'.",
        "source": '''import numpy as np


def bic(log_likelihood, n_params, n_samples):
    return float(-2 * log_likelihood + n_params * np.log10(n_samples))
''',
    },
    {
        "kind": "mistake",
        "id": "bic-log2",
        "what": "Penalty uses np.log2(n_samples) (information-theory habit); violates 'p ln N'.",
        "source": '''import numpy as np


def bic(log_likelihood, n_params, n_samples):
    return float(-2 * log_likelihood + n_params * np.log2(n_samples))
''',
    },
    {
        "kind": "mistake",
        "id": "bic-sign-flip",
        "what": "Writes +2 log_likelihood (sign of the fit term flipped); violates '-2 log_likelihood + n_params ln(n_samples)'.",
        "source": '''import numpy as np


def bic(log_likelihood, n_params, n_samples):
    return float(2 * log_likelihood + n_params * np.log(n_samples))
''',
    },
    {
        "kind": "mistake",
        "id": "bic-average-loglik",
        "what": "Converts the total log-likelihood to a per-point average before using it (-2 ll / N + p ln N); violates 'Both take the total log-likelihood (not the average per point)' and the formula.",
        "source": '''import numpy as np


def bic(log_likelihood, n_params, n_samples):
    mean_ll = log_likelihood / n_samples
    return float(-2 * mean_ll + n_params * np.log(n_samples))
''',
    },
    {
        "kind": "mistake",
        "id": "bic-half-scale",
        "what": "Returns -ll + (p/2) ln N, i.e. minus the Laplace approximation without the factor 2 (half the BIC; same minimiser, wrong value); violates 'BIC = -2 l + p ln N'.",
        "source": '''import numpy as np


def bic(log_likelihood, n_params, n_samples):
    return float(-log_likelihood + 0.5 * n_params * np.log(n_samples))
''',
    },
    {
        "kind": "mistake",
        "id": "bic-swapped-p-N",
        "what": "Uses the arguments in the wrong roles, -2 ll + N ln p; right only when n_params == n_samples; violates 'n_params ln(n_samples)'.",
        "source": '''import numpy as np


def bic(log_likelihood, n_params, n_samples):
    return float(-2 * log_likelihood + n_samples * np.log(n_params))
''',
    },
    {
        "kind": "mistake",
        "id": "bic-rounded",
        "what": "Rounds the result to 2 decimals (to match the printed 2105.65), so values are off by up to 0.005; violates 'Return -2 * log_likelihood + n_params * np.log(n_samples) as a float'.",
        "source": '''import numpy as np


def bic(log_likelihood, n_params, n_samples):
    return round(float(-2 * log_likelihood + n_params * np.log(n_samples)), 2)
''',
    },
    {
        "kind": "mistake",
        "id": "bic-ndarray",
        "what": "Returns np.array(...) (a 0-d ndarray) rather than a Python float; violates 'Return a Python float'.",
        "source": '''import numpy as np


def bic(log_likelihood, n_params, n_samples):
    return np.array(-2 * log_likelihood + n_params * np.log(n_samples))
''',
    },
]
