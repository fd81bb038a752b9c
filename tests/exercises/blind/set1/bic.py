"""Variants of chapter 07 exercise 2a: bic(log_likelihood, n_params, n_samples)."""

VARIANTS = [
    # ------------------------------------------------------------------ correct
    {
        "kind": "correct",
        "id": "bic-numpy-float",
        "what": "Stub formula -2 * log_likelihood + n_params * np.log(n_samples) wrapped in float().",
        "source": '''import numpy as np


def bic(log_likelihood, n_params, n_samples):
    return float(-2 * log_likelihood + n_params * np.log(n_samples))
''',
    },
    {
        "kind": "correct",
        "id": "bic-math-log",
        "what": "Uses math.log and converts each argument first (accepts 0-d arrays or NumPy scalars for the log-likelihood).",
        "source": '''import math


def bic(log_likelihood, n_params, n_samples):
    ll = float(log_likelihood)
    return -2.0 * ll + int(n_params) * math.log(int(n_samples))
''',
    },
    {
        "kind": "correct",
        "id": "bic-penalty-first",
        "what": "Computes the penalty and the fit term as separate named NumPy values, adds them penalty-first, then float().",
        "source": '''import numpy as np


def bic(log_likelihood, n_params, n_samples):
    penalty = n_params * np.log(n_samples)
    fit = -2.0 * log_likelihood
    return float(penalty + fit)
''',
    },
    {
        "kind": "correct",
        "id": "bic-factored",
        "what": "Factored form 2 * (0.5 * p * ln N - l), mathematically identical, returned via .item() of a NumPy float64.",
        "source": '''import numpy as np


def bic(log_likelihood, n_params, n_samples):
    value = np.float64(2.0) * (0.5 * n_params * np.log(n_samples) - log_likelihood)
    return float(np.asarray(value).item())
''',
    },
    # ------------------------------------------------------------------ mistakes
    {
        "kind": "mistake",
        "id": "bic-log10",
        "what": "Uses np.log10(n_samples) for the penalty; violates 'p ln N' (natural logarithm).",
        "source": '''import numpy as np


def bic(log_likelihood, n_params, n_samples):
    return float(-2 * log_likelihood + n_params * np.log10(n_samples))
''',
    },
    {
        "kind": "mistake",
        "id": "bic-sign-flipped",
        "what": "Writes +2 * log_likelihood (thinking 'higher likelihood, higher score'); violates 'BIC = -2 l(theta) + p ln N'.",
        "source": '''import numpy as np


def bic(log_likelihood, n_params, n_samples):
    return float(2 * log_likelihood + n_params * np.log(n_samples))
''',
    },
    {
        "kind": "mistake",
        "id": "bic-treats-input-as-average",
        "what": "Multiplies the log-likelihood by n_samples, assuming it is the per-point average like model.score; violates 'Both take the **total** log-likelihood (not the average per point)'.",
        "source": '''import numpy as np


def bic(log_likelihood, n_params, n_samples):
    return float(-2 * log_likelihood * n_samples + n_params * np.log(n_samples))
''',
    },
    {
        "kind": "mistake",
        "id": "bic-evidence-scale",
        "what": "Returns -l + (p / 2) ln N, the log-evidence approximation of the book without the factor -2 scaling (half the BIC); violates '-2 log_likelihood + n_params ln(n_samples)'.",
        "source": '''import numpy as np


def bic(log_likelihood, n_params, n_samples):
    return float(-log_likelihood + 0.5 * n_params * np.log(n_samples))
''',
    },
    {
        "kind": "mistake",
        "id": "bic-rounded",
        "what": "Rounds to two decimals because the notebook prints 2105.65; violates the exact value '-2 log_likelihood + n_params ln(n_samples)'.",
        "source": '''import numpy as np


def bic(log_likelihood, n_params, n_samples):
    return round(float(-2 * log_likelihood + n_params * np.log(n_samples)), 2)
''',
    },
    {
        "kind": "mistake",
        "id": "bic-aic-penalty",
        "what": "Uses the AIC penalty 2p in the BIC; violates 'BIC = -2 l + p ln N' (penalty ln N per parameter).",
        "source": '''def bic(log_likelihood, n_params, n_samples):
    return float(-2 * log_likelihood + 2 * n_params)
''',
    },
    {
        "kind": "mistake",
        "id": "bic-returns-array",
        "what": "Builds the value with np.array arithmetic and returns a 0-d ndarray; violates 'Return a Python `float`'.",
        "source": '''import numpy as np


def bic(log_likelihood, n_params, n_samples):
    return np.array(-2 * log_likelihood + n_params * np.log(n_samples))
''',
    },
    {
        "kind": "mistake",
        "id": "bic-log-of-params",
        "what": "Swaps the roles in the penalty, n_samples * ln(n_params); violates 'n_params ln(n_samples)'.",
        "source": '''import numpy as np


def bic(log_likelihood, n_params, n_samples):
    return float(-2 * log_likelihood + n_samples * np.log(n_params))
''',
    },
]
