"""Variants for chapter 07, exercise 2b: aic(log_likelihood, n_params)."""

VARIANTS = [
    {
        "kind": "correct",
        "id": "aic-stub-formula",
        "what": "float(-2 * log_likelihood + 2 * n_params).",
        "source": '''def aic(log_likelihood, n_params):
    return float(-2 * log_likelihood + 2 * n_params)
''',
    },
    {
        "kind": "correct",
        "id": "aic-factored",
        "what": "Factored as 2 * (n_params - log_likelihood) with float operands.",
        "source": '''def aic(log_likelihood, n_params):
    return 2.0 * (float(n_params) - float(log_likelihood))
''',
    },
    {
        "kind": "correct",
        "id": "aic-numpy-item",
        "what": "NumPy arithmetic (np.subtract / np.multiply) converted to a Python float with .item().",
        "source": '''import numpy as np


def aic(log_likelihood, n_params):
    value = np.multiply(2.0, np.subtract(np.float64(n_params), np.float64(log_likelihood)))
    return value.item()
''',
    },
    {
        "kind": "correct",
        "id": "aic-fsum-dict",
        "what": "Fit and penalty terms kept in a dict and added with math.fsum (returns a float).",
        "source": '''import math


def aic(log_likelihood, n_params):
    parts = {"fit": -2.0 * log_likelihood, "penalty": 2.0 * n_params}
    return math.fsum([parts["fit"], parts["penalty"]])
''',
    },
    {
        "kind": "mistake",
        "id": "aic-penalty-p",
        "what": "Penalty of p instead of 2p; violates '-2 log_likelihood + 2 n_params'.",
        "source": '''def aic(log_likelihood, n_params):
    return float(-2 * log_likelihood + n_params)
''',
    },
    {
        "kind": "mistake",
        "id": "aic-sign-flip",
        "what": "Writes +2 log_likelihood (sign flipped); violates '-2 log_likelihood + 2 n_params'.",
        "source": '''def aic(log_likelihood, n_params):
    return float(2 * log_likelihood + 2 * n_params)
''',
    },
    {
        "kind": "mistake",
        "id": "aic-half-scale",
        "what": "Returns p - ll (Akaike's bias-corrected log-likelihood times -1, without the factor 2); violates 'AIC = -2 l + 2p'.",
        "source": '''def aic(log_likelihood, n_params):
    return float(n_params - log_likelihood)
''',
    },
    {
        "kind": "mistake",
        "id": "aic-int-truncation",
        "what": "Casts the result with int(): right in value for integer-valued log-likelihoods such as the -1000.0 demo, truncated otherwise, and never a float; violates 'Return a Python float' and the formula.",
        "source": '''def aic(log_likelihood, n_params):
    return int(-2 * log_likelihood + 2 * n_params)
''',
    },
    {
        "kind": "mistake",
        "id": "aic-ndarray",
        "what": "Returns np.asarray(...) (0-d ndarray) rather than a Python float; violates 'Return a Python float'.",
        "source": '''import numpy as np


def aic(log_likelihood, n_params):
    return np.asarray(-2 * log_likelihood + 2 * n_params, dtype=float)
''',
    },
    {
        "kind": "mistake",
        "id": "aic-power-typo",
        "what": "Types 2 ** n_params for 2 * n_params: equal for p = 1 and p = 2 (2**1 = 2*1, 2**2 = 2*2), wrong for every p >= 3; violates '-2 log_likelihood + 2 n_params'.",
        "source": '''def aic(log_likelihood, n_params):
    return float(-2 * log_likelihood + 2 ** n_params)
''',
    },
    {
        "kind": "mistake",
        "id": "aic-rounded",
        "what": "Rounds to 2 decimals (to match the printed 2034.00); violates 'Return -2 * log_likelihood + 2 * n_params as a float' (values off by up to 0.005).",
        "source": '''def aic(log_likelihood, n_params):
    return round(-2.0 * log_likelihood + 2.0 * n_params, 2)
''',
    },
    {
        "kind": "mistake",
        "id": "aic-ln2-penalty",
        "what": "Half-remembers the penalty as p ln 2 (mixing it up with BIC's p ln N at 'N = 2'); violates '-2 log_likelihood + 2 n_params'.",
        "source": '''import numpy as np


def aic(log_likelihood, n_params):
    return float(-2 * log_likelihood + n_params * np.log(2))
''',
    },
]
