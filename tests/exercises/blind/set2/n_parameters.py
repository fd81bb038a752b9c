"""Variants for chapter 07, exercise 1: n_parameters(n_components, n_features, covariance_type="full")."""

VARIANTS = [
    {
        "kind": "correct",
        "id": "n_parameters-if-elif",
        "what": "if/elif chain with integer arithmetic (// 2 on d*(d+1), always even), int() of the total, ValueError naming covariance_type and the four values otherwise.",
        "source": '''def n_parameters(n_components, n_features, covariance_type="full"):
    K, d = n_components, n_features
    if covariance_type == "full":
        cov = K * d * (d + 1) // 2
    elif covariance_type == "tied":
        cov = d * (d + 1) // 2
    elif covariance_type == "diag":
        cov = K * d
    elif covariance_type == "spherical":
        cov = K
    else:
        raise ValueError(
            f"covariance_type must be one of 'full', 'tied', 'diag', 'spherical'; got {covariance_type!r}"
        )
    return int((K - 1) + K * d + cov)
''',
    },
    {
        "kind": "correct",
        "id": "n_parameters-dict-of-lambdas",
        "what": "Dictionary of lambdas keyed by type, membership tested against a tuple of names first (so unhashable or unknown values raise ValueError), result cast to int.",
        "source": '''def n_parameters(n_components, n_features, covariance_type="full"):
    valid = ("full", "tied", "diag", "spherical")
    if not any(covariance_type == v for v in valid) or not isinstance(covariance_type, str):
        raise ValueError("covariance_type must be 'full', 'tied', 'diag' or 'spherical', not %r" % (covariance_type,))
    counts = {
        "full": lambda K, d: K * (d * (d + 1) // 2),
        "tied": lambda K, d: d * (d + 1) // 2,
        "diag": lambda K, d: K * d,
        "spherical": lambda K, d: K,
    }
    K, d = int(n_components), int(n_features)
    return int(K - 1 + K * d + counts[covariance_type](K, d))
''',
    },
    {
        "kind": "correct",
        "id": "n_parameters-match",
        "what": "Python 3.10 match statement; symmetric-matrix entries counted as sum(range(d + 1)) (R habit: triangle number), ValueError listing the valid values.",
        "source": '''def n_parameters(n_components, n_features, covariance_type="full"):
    K = int(n_components)
    d = int(n_features)
    triangle = sum(range(d + 1))
    match covariance_type:
        case "full":
            c = K * triangle
        case "tied":
            c = triangle
        case "diag":
            c = K * d
        case "spherical":
            c = K
        case _:
            raise ValueError(
                "unknown covariance_type %r; valid values are 'full', 'tied', 'diag', 'spherical'" % (covariance_type,)
            )
    return (K - 1) + K * d + c
''',
    },
    {
        "kind": "correct",
        "id": "n_parameters-numpy-triu",
        "what": "Counts the free entries of a symmetric matrix as the number of upper-triangle indices (np.triu_indices), converts every NumPy integer to a Python int, ValueError message built from the list of types.",
        "source": '''import numpy as np

_TYPES = ["full", "tied", "diag", "spherical"]


def n_parameters(n_components, n_features, covariance_type="full"):
    if not isinstance(covariance_type, str) or covariance_type not in _TYPES:
        raise ValueError("covariance_type must be one of " + ", ".join(repr(t) for t in _TYPES)
                         + f"; got {covariance_type!r}")
    K, d = int(n_components), int(n_features)
    sym = int(len(np.triu_indices(d)[0]))
    per_type = {"full": K * sym, "tied": sym, "diag": K * d, "spherical": K}
    return int((K - 1) + K * d + per_type[covariance_type])
''',
    },
    {
        "kind": "mistake",
        "id": "n_parameters-float-division",
        "what": "Uses true division d*(d+1)/2, so 'full' and 'tied' return a float (17.0) instead of an int; violates 'Return the number of free parameters as an int'.",
        "source": '''def n_parameters(n_components, n_features, covariance_type="full"):
    K, d = n_components, n_features
    cov = {"full": K * d * (d + 1) / 2, "tied": d * (d + 1) / 2, "diag": K * d, "spherical": K}
    if covariance_type not in cov:
        raise ValueError("covariance_type must be one of 'full', 'tied', 'diag', 'spherical'")
    return (K - 1) + K * d + cov[covariance_type]
''',
    },
    {
        "kind": "mistake",
        "id": "n_parameters-K-weights",
        "what": "Counts K weights instead of K - 1 (forgets that they sum to one); violates 'K - 1 free weights (they sum to one)'.",
        "source": '''def n_parameters(n_components, n_features, covariance_type="full"):
    K, d = n_components, n_features
    if covariance_type == "full":
        c = K * d * (d + 1) // 2
    elif covariance_type == "tied":
        c = d * (d + 1) // 2
    elif covariance_type == "diag":
        c = K * d
    elif covariance_type == "spherical":
        c = K
    else:
        raise ValueError("covariance_type must be one of 'full', 'tied', 'diag', 'spherical'")
    return int(K + K * d + c)
''',
    },
    {
        "kind": "mistake",
        "id": "n_parameters-tied-per-component",
        "what": "Counts one symmetric matrix per component for 'tied' (K d(d+1)/2, same as full); the other types are right; violates the table row 'tied | one symmetric matrix shared by all | d(d+1)/2'.",
        "source": '''def n_parameters(n_components, n_features, covariance_type="full"):
    K, d = n_components, n_features
    if covariance_type in ("full", "tied"):
        c = K * d * (d + 1) // 2
    elif covariance_type == "diag":
        c = K * d
    elif covariance_type == "spherical":
        c = K
    else:
        raise ValueError("covariance_type must be one of 'full', 'tied', 'diag', 'spherical'")
    return int(K - 1 + K * d + c)
''',
    },
    {
        "kind": "mistake",
        "id": "n_parameters-spherical-like-diag",
        "what": "Counts K d parameters for 'spherical' (confuses it with diag): right only when d = 1; violates the table row 'spherical | its own sigma_k^2 I | K'.",
        "source": '''def n_parameters(n_components, n_features, covariance_type="full"):
    K, d = n_components, n_features
    if covariance_type == "full":
        c = K * d * (d + 1) // 2
    elif covariance_type == "tied":
        c = d * (d + 1) // 2
    elif covariance_type in ("diag", "spherical"):
        c = K * d
    else:
        raise ValueError("covariance_type must be one of 'full', 'tied', 'diag', 'spherical'")
    return int(K - 1 + K * d + c)
''',
    },
    {
        "kind": "mistake",
        "id": "n_parameters-keyerror",
        "what": "Looks the type up in a dict without a check, so an unknown covariance_type raises KeyError, not ValueError; violates 'An unknown covariance_type must raise a ValueError'.",
        "source": '''def n_parameters(n_components, n_features, covariance_type="full"):
    K, d = n_components, n_features
    cov = {"full": K * d * (d + 1) // 2, "tied": d * (d + 1) // 2, "diag": K * d, "spherical": K}
    return int(K - 1 + K * d + cov[covariance_type])
''',
    },
    {
        "kind": "mistake",
        "id": "n_parameters-vague-message",
        "what": "Raises ValueError but with the message 'unknown type: <value>', which neither names covariance_type nor lists the valid values; violates 'a ValueError whose message names covariance_type and lists the four valid values'.",
        "source": '''def n_parameters(n_components, n_features, covariance_type="full"):
    K, d = n_components, n_features
    table = {"full": K * d * (d + 1) // 2, "tied": d * (d + 1) // 2, "diag": K * d, "spherical": K}
    if covariance_type not in table:
        raise ValueError(f"unknown type: {covariance_type}")
    return int(K - 1 + K * d + table[covariance_type])
''',
    },
    {
        "kind": "mistake",
        "id": "n_parameters-case-insensitive",
        "what": "Lower-cases and strips the type first, so 'Full' or ' diag ' are accepted instead of raising; violates 'An unknown covariance_type must raise a ValueError' (only the four exact values are valid).",
        "source": '''def n_parameters(n_components, n_features, covariance_type="full"):
    K, d = n_components, n_features
    t = str(covariance_type).strip().lower()
    table = {"full": K * d * (d + 1) // 2, "tied": d * (d + 1) // 2, "diag": K * d, "spherical": K}
    if t not in table:
        raise ValueError("covariance_type must be one of 'full', 'tied', 'diag', 'spherical'")
    return int(K - 1 + K * d + table[t])
''',
    },
    {
        "kind": "mistake",
        "id": "n_parameters-halve-first",
        "what": "Integer-divides before multiplying, (d // 2) * (d + 1): right for even d (e.g. the 2-D examples, 17 for K=3), wrong for odd d (d = 3 gives 4 instead of 6 per matrix); violates 'full K*d*(d+1)/2, tied d*(d+1)/2'.",
        "source": '''def n_parameters(n_components, n_features, covariance_type="full"):
    K, d = n_components, n_features
    sym = (d // 2) * (d + 1)
    if covariance_type == "full":
        c = K * sym
    elif covariance_type == "tied":
        c = sym
    elif covariance_type == "diag":
        c = K * d
    elif covariance_type == "spherical":
        c = K
    else:
        raise ValueError("covariance_type must be one of 'full', 'tied', 'diag', 'spherical'")
    return int(K - 1 + K * d + c)
''',
    },
    {
        "kind": "mistake",
        "id": "n_parameters-swapped-K-d",
        "what": "Swaps K and d in the covariance count for 'full' (d * K(K+1)/2): right whenever K == d (K=2, d=2), wrong otherwise (K=3, d=2 gives 20 instead of 17); violates 'full K*d*(d+1)/2'.",
        "source": '''def n_parameters(n_components, n_features, covariance_type="full"):
    d, K = n_features, n_components
    if covariance_type == "full":
        c = d * K * (K + 1) // 2
    elif covariance_type == "tied":
        c = d * (d + 1) // 2
    elif covariance_type == "diag":
        c = K * d
    elif covariance_type == "spherical":
        c = K
    else:
        raise ValueError("covariance_type must be one of 'full', 'tied', 'diag', 'spherical'")
    return int(K - 1 + K * d + c)
''',
    },
]
