"""Variants of chapter 07 exercise 2b: aic(log_likelihood, n_params)."""

VARIANTS = [
    # ------------------------------------------------------------------ correct
    {
        "kind": "correct",
        "id": "aic-stub-float",
        "what": "Stub formula -2 * log_likelihood + 2 * n_params wrapped in float().",
        "source": '''def aic(log_likelihood, n_params):
    return float(-2 * log_likelihood + 2 * n_params)
''',
    },
    {
        "kind": "correct",
        "id": "aic-factored",
        "what": "Factored form 2 * (n_params - log_likelihood), float().",
        "source": '''def aic(log_likelihood, n_params):
    return float(2 * (n_params - log_likelihood))
''',
    },
    {
        "kind": "correct",
        "id": "aic-convert-args",
        "what": "Converts the arguments first (float for the likelihood, int for p) so NumPy scalars or 0-d arrays also give a Python float.",
        "source": '''def aic(log_likelihood, n_params):
    ll = float(log_likelihood)
    p = int(n_params)
    return -2.0 * ll + 2.0 * p
''',
    },
    {
        "kind": "correct",
        "id": "aic-numpy-item",
        "what": "Computes with NumPy float64 and returns .item(), which is a Python float.",
        "source": '''import numpy as np


def aic(log_likelihood, n_params):
    value = np.multiply(-2.0, log_likelihood) + np.multiply(2.0, n_params)
    return np.float64(value).item()
''',
    },
    # ------------------------------------------------------------------ mistakes
    {
        "kind": "mistake",
        "id": "aic-penalty-p",
        "what": "Penalty p instead of 2p; violates 'AIC = -2 l + 2p'.",
        "source": '''def aic(log_likelihood, n_params):
    return float(-2 * log_likelihood + n_params)
''',
    },
    {
        "kind": "mistake",
        "id": "aic-higher-is-better-form",
        "what": "Returns 2 l - 2p (the 'higher is better' orientation); violates '-2 log_likelihood + 2 n_params' and 'lower is better'.",
        "source": '''def aic(log_likelihood, n_params):
    return float(2 * log_likelihood - 2 * n_params)
''',
    },
    {
        "kind": "mistake",
        "id": "aic-unscaled",
        "what": "Returns -l + p, Akaike's bias-corrected log-likelihood without the factor 2 (half the AIC); violates '-2 log_likelihood + 2 n_params'.",
        "source": '''def aic(log_likelihood, n_params):
    return float(-log_likelihood + n_params)
''',
    },
    {
        "kind": "mistake",
        "id": "aic-int-result",
        "what": "Casts the result to int (thinking 'a count of parameters'), truncating the value; violates 'Return a Python `float`' (and -2l + 2p for non-integer l).",
        "source": '''def aic(log_likelihood, n_params):
    return int(-2 * log_likelihood + 2 * n_params)
''',
    },
    {
        "kind": "mistake",
        "id": "aic-rounded",
        "what": "Rounds to two decimals to match the printed 2034.00; violates the exact '-2 log_likelihood + 2 n_params'.",
        "source": '''def aic(log_likelihood, n_params):
    return round(-2.0 * log_likelihood + 2.0 * n_params, 2)
''',
    },
    {
        "kind": "mistake",
        "id": "aic-sign-of-likelihood",
        "what": "Forgets the minus sign on the likelihood term, 2 l + 2p; violates 'AIC = -2 l(theta) + 2p'.",
        "source": '''def aic(log_likelihood, n_params):
    return float(2 * log_likelihood + 2 * n_params)
''',
    },
    {
        "kind": "mistake",
        "id": "aic-returns-numpy-array",
        "what": "Returns np.asarray(...) of the value, a 0-d ndarray; violates 'Return a Python `float`'.",
        "source": '''import numpy as np


def aic(log_likelihood, n_params):
    return np.asarray(-2 * np.asarray(log_likelihood) + 2 * n_params)
''',
    },
    {
        "kind": "mistake",
        "id": "aic-abs-likelihood",
        "what": "Uses 2 * abs(log_likelihood) in place of -2 * log_likelihood (assuming log-likelihoods are negative), which is wrong for positive totals such as tight clusters; violates '-2 log_likelihood + 2 n_params'.",
        "source": '''def aic(log_likelihood, n_params):
    return float(2 * abs(log_likelihood) + 2 * n_params)
''',
    },
]
