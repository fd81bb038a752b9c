"""Variants of chapter 07 exercise 1: n_parameters(n_components, n_features, covariance_type="full")."""

VARIANTS = [
    # ------------------------------------------------------------------ correct
    {
        "kind": "correct",
        "id": "n_parameters-if-elif",
        "what": "if/elif chain with integer arithmetic (// 2), int() on the result, ValueError naming covariance_type, the bad value and the four valid values.",
        "source": '''import numpy as np


def n_parameters(n_components, n_features, covariance_type="full"):
    K, d = int(n_components), int(n_features)
    if covariance_type == "full":
        cov_params = K * d * (d + 1) // 2
    elif covariance_type == "tied":
        cov_params = d * (d + 1) // 2
    elif covariance_type == "diag":
        cov_params = K * d
    elif covariance_type == "spherical":
        cov_params = K
    else:
        raise ValueError(
            f"covariance_type must be one of 'full', 'tied', 'diag', 'spherical', got {covariance_type!r}"
        )
    return int((K - 1) + K * d + cov_params)
''',
    },
    {
        "kind": "correct",
        "id": "n_parameters-dict-of-lambdas",
        "what": "Dictionary from type to a function of (K, d); membership test before the lookup so an unknown type raises ValueError (not KeyError) listing sorted valid names.",
        "source": '''import numpy as np


def n_parameters(n_components, n_features, covariance_type="full"):
    counts = {
        "full": lambda k, d: k * d * (d + 1) // 2,
        "tied": lambda k, d: d * (d + 1) // 2,
        "diag": lambda k, d: k * d,
        "spherical": lambda k, d: k,
    }
    if covariance_type not in counts:
        raise ValueError(
            "Invalid covariance_type %r; expected one of %s" % (covariance_type, ", ".join(counts))
        )
    k, d = int(n_components), int(n_features)
    return int(k - 1 + k * d + counts[covariance_type](k, d))
''',
    },
    {
        "kind": "correct",
        "id": "n_parameters-match-statement",
        "what": "Python 3.10 match statement; half of d(d+1) computed as an exact int via int(d * (d + 1) / 2) (always integral); the default case raises ValueError.",
        "source": '''import numpy as np


def n_parameters(n_components, n_features, covariance_type="full"):
    K = int(n_components)
    d = int(n_features)
    sym = int(d * (d + 1) / 2)
    match covariance_type:
        case "full":
            c = K * sym
        case "tied":
            c = sym
        case "diag":
            c = K * d
        case "spherical":
            c = K
        case _:
            raise ValueError(
                f"unknown covariance_type={covariance_type!r}: use 'full', 'tied', 'diag' or 'spherical'"
            )
    return int(K - 1 + K * d + c)
''',
    },
    {
        "kind": "correct",
        "id": "n_parameters-tuple-valid-first",
        "what": "Validates first against a module-level tuple of valid types, then computes mean+weight parameters and covariance parameters separately; works for NumPy integer inputs and still returns a Python int.",
        "source": '''import numpy as np

VALID_TYPES = ("full", "tied", "diag", "spherical")


def n_parameters(n_components, n_features, covariance_type="full"):
    if covariance_type not in VALID_TYPES:
        raise ValueError(f"covariance_type should be one of {VALID_TYPES}, not {covariance_type!r}")
    K = int(n_components)
    d = int(n_features)
    mean_and_weight = (K - 1) + K * d
    per_matrix = d * (d + 1) // 2
    if covariance_type == "full":
        cov = K * per_matrix
    elif covariance_type == "tied":
        cov = per_matrix
    elif covariance_type == "diag":
        cov = K * d
    else:
        cov = K
    return int(mean_and_weight + cov)
''',
    },
    # ------------------------------------------------------------------ mistakes
    {
        "kind": "mistake",
        "id": "n_parameters-full-d-squared",
        "what": "Counts d*d entries per full covariance instead of the d(d+1)/2 free entries of a symmetric matrix; violates the table 'full: K d(d+1)/2' (K=3, d=2 gives 20, not 17).",
        "source": '''def n_parameters(n_components, n_features, covariance_type="full"):
    K, d = int(n_components), int(n_features)
    cov = {"full": K * d * d, "tied": d * (d + 1) // 2, "diag": K * d, "spherical": K}
    if covariance_type not in cov:
        raise ValueError(f"covariance_type must be 'full', 'tied', 'diag' or 'spherical', got {covariance_type!r}")
    return int(K - 1 + K * d + cov[covariance_type])
''',
    },
    {
        "kind": "mistake",
        "id": "n_parameters-k-weights",
        "what": "Counts K weights instead of K - 1; violates 'K - 1 free weights (they sum to one)'.",
        "source": '''def n_parameters(n_components, n_features, covariance_type="full"):
    K, d = int(n_components), int(n_features)
    cov = {"full": K * d * (d + 1) // 2, "tied": d * (d + 1) // 2, "diag": K * d, "spherical": K}
    if covariance_type not in cov:
        raise ValueError(f"covariance_type must be 'full', 'tied', 'diag' or 'spherical', got {covariance_type!r}")
    return int(K + K * d + cov[covariance_type])
''',
    },
    {
        "kind": "mistake",
        "id": "n_parameters-float-result",
        "what": "Uses true division d * (d + 1) / 2, so 'full' and 'tied' return floats such as 17.0; violates 'Return the number of free parameters as an `int`'.",
        "source": '''def n_parameters(n_components, n_features, covariance_type="full"):
    K, d = n_components, n_features
    if covariance_type == "full":
        cov = K * d * (d + 1) / 2
    elif covariance_type == "tied":
        cov = d * (d + 1) / 2
    elif covariance_type == "diag":
        cov = K * d
    elif covariance_type == "spherical":
        cov = K
    else:
        raise ValueError(f"covariance_type must be 'full', 'tied', 'diag' or 'spherical', got {covariance_type!r}")
    return (K - 1) + K * d + cov
''',
    },
    {
        "kind": "mistake",
        "id": "n_parameters-keyerror",
        "what": "Plain dictionary lookup, so an unknown type raises KeyError; violates 'An unknown covariance_type must raise a ValueError'.",
        "source": '''def n_parameters(n_components, n_features, covariance_type="full"):
    K, d = int(n_components), int(n_features)
    cov = {"full": K * d * (d + 1) // 2, "tied": d * (d + 1) // 2, "diag": K * d, "spherical": K}
    return int(K - 1 + K * d + cov[covariance_type])
''',
    },
    {
        "kind": "mistake",
        "id": "n_parameters-vague-error-message",
        "what": "Raises ValueError('unknown covariance type') without the parameter name or the valid values; violates 'a ValueError whose message names covariance_type and lists the four valid values'.",
        "source": '''def n_parameters(n_components, n_features, covariance_type="full"):
    K, d = int(n_components), int(n_features)
    if covariance_type == "full":
        cov = K * d * (d + 1) // 2
    elif covariance_type == "tied":
        cov = d * (d + 1) // 2
    elif covariance_type == "diag":
        cov = K * d
    elif covariance_type == "spherical":
        cov = K
    else:
        raise ValueError("unknown covariance type")
    return int(K - 1 + K * d + cov)
''',
    },
    {
        "kind": "mistake",
        "id": "n_parameters-tied-per-component",
        "what": "Counts a tied covariance once per component (K d(d+1)/2, like full); violates 'tied: one symmetric matrix shared by all, d(d+1)/2'.",
        "source": '''def n_parameters(n_components, n_features, covariance_type="full"):
    K, d = int(n_components), int(n_features)
    if covariance_type in ("full", "tied"):
        cov = K * d * (d + 1) // 2
    elif covariance_type == "diag":
        cov = K * d
    elif covariance_type == "spherical":
        cov = K
    else:
        raise ValueError(f"covariance_type must be 'full', 'tied', 'diag' or 'spherical', got {covariance_type!r}")
    return int(K - 1 + K * d + cov)
''',
    },
    {
        "kind": "mistake",
        "id": "n_parameters-spherical-shared",
        "what": "Counts one variance for a spherical model (as if shared by all components); violates 'spherical: its own sigma_k^2 I, K parameters'.",
        "source": '''def n_parameters(n_components, n_features, covariance_type="full"):
    K, d = int(n_components), int(n_features)
    cov = {"full": K * d * (d + 1) // 2, "tied": d * (d + 1) // 2, "diag": K * d, "spherical": 1}
    if covariance_type not in cov:
        raise ValueError(f"covariance_type must be 'full', 'tied', 'diag' or 'spherical', got {covariance_type!r}")
    return int(K - 1 + K * d + cov[covariance_type])
''',
    },
    {
        "kind": "mistake",
        "id": "n_parameters-silent-default",
        "what": "Treats anything that is not tied/diag/spherical as 'full' (else branch), so an unknown covariance_type returns a number; violates 'An unknown covariance_type must raise a ValueError'.",
        "source": '''def n_parameters(n_components, n_features, covariance_type="full"):
    K, d = int(n_components), int(n_features)
    if covariance_type == "tied":
        cov = d * (d + 1) // 2
    elif covariance_type == "diag":
        cov = K * d
    elif covariance_type == "spherical":
        cov = K
    else:
        cov = K * d * (d + 1) // 2
    return int(K - 1 + K * d + cov)
''',
    },
    {
        "kind": "mistake",
        "id": "n_parameters-message-without-valid-values",
        "what": "Raises ValueError(f'invalid covariance_type: {covariance_type}') naming the parameter but not listing the four valid values; violates 'whose message names covariance_type and lists the four valid values'.",
        "source": '''def n_parameters(n_components, n_features, covariance_type="full"):
    K, d = int(n_components), int(n_features)
    table = {"full": K * d * (d + 1) // 2, "tied": d * (d + 1) // 2, "diag": K * d, "spherical": K}
    if covariance_type not in table:
        raise ValueError(f"invalid covariance_type: {covariance_type}")
    return int(K - 1 + K * d + table[covariance_type])
''',
    },
]
