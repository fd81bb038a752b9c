"""Helpers to build attack notebooks from the student starters."""
import copy, json, os, uuid

STARTERS = os.environ["HOSTILE_STARTERS"]
CH = {
    "00": "00_orientation", "01": "01_gaussian", "02": "02_logsumexp", "03": "03_e_step",
    "04": "04_m_step", "05": "05_em", "06": "06_initialisation", "07": "07_model_selection",
    "08": "08_sklearn_and_applications", "09": "09_report",
}


def starter(ch):
    with open(os.path.join(STARTERS, CH[ch] + ".ipynb")) as f:
        return json.load(f)


def code_cell(src, tags=("exercise",)):
    return {"cell_type": "code", "execution_count": None, "id": uuid.uuid4().hex[:8],
            "metadata": {"tags": list(tags)}, "outputs": [], "source": src}


def set_exercise(nb, func, src):
    for c in nb["cells"]:
        s = "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        if c["cell_type"] == "code" and "exercise" in c.get("metadata", {}).get("tags", []) \
                and f"def {func}(" in s:
            c["source"] = src
            return nb
    raise KeyError(func)


def set_paste_cell(nb, src):
    """Replace the 'Paste your ...' cell (chapters 05 and 08)."""
    for c in nb["cells"]:
        s = "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        if c["cell_type"] == "code" and s.startswith('raise NotImplementedError("Paste'):
            c["source"] = src
            return nb
    raise KeyError("paste")


def add_setup(nb, src, first=False):
    """Add a setup-tagged cell after the existing setup cell (or first)."""
    cell = code_cell(src, ("setup",))
    idx = 0
    if not first:
        for i, c in enumerate(nb["cells"]):
            if "setup" in c.get("metadata", {}).get("tags", []):
                idx = i + 1
                break
    nb["cells"].insert(idx, cell)
    return nb


def add_exercise_cell(nb, src, at_end=True):
    nb["cells"].append(code_cell(src, ("exercise",)))
    return nb


def save(nb, path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(nb, f, indent=1)


# ---- honest solutions written by the tester from the starter instructions ----
LSE = r'''
def logsumexp(a, axis=None):
    """Stable log(sum(exp(a), axis))."""
    a = np.asarray(a, dtype=float)
    m = np.max(a, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):
        out = np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True)) + m
    if axis is None:
        return float(out.reshape(()))
    return np.squeeze(out, axis=axis)
'''

LGP = r'''
def log_gaussian_pdf(X, mean, cov):
    """Log-density of a multivariate Gaussian at every sample."""
    X = np.atleast_2d(np.asarray(X, dtype=float))
    mean = np.asarray(mean, dtype=float)
    cov = np.asarray(cov, dtype=float)
    d = X.shape[1]
    L = np.linalg.cholesky(cov)
    z = np.linalg.solve(L, (X - mean).T)
    logdet = 2.0 * np.sum(np.log(np.diag(L)))
    return -0.5 * (d * np.log(2 * np.pi) + logdet + np.sum(z ** 2, axis=0))
'''

ELL = r'''
def ellipse_params(mean, cov, n_std=2.0):
    vals, vecs = np.linalg.eigh(np.asarray(cov, dtype=float))
    width = 2.0 * n_std * np.sqrt(vals[1])
    height = 2.0 * n_std * np.sqrt(vals[0])
    angle = np.degrees(np.arctan2(vecs[1, 1], vecs[0, 1]))
    return float(width), float(height), float(angle)
'''

NPAR = r'''
def n_parameters(n_components, n_features, covariance_type="full"):
    K, d = n_components, n_features
    cov = {"full": K * d * (d + 1) // 2, "tied": d * (d + 1) // 2, "diag": K * d, "spherical": K}
    if covariance_type not in cov:
        raise ValueError(f"covariance_type must be one of 'full', 'tied', 'diag', 'spherical'; got {covariance_type!r}")
    return int((K - 1) + K * d + cov[covariance_type])
'''

BIC = r'''
def bic(log_likelihood, n_params, n_samples):
    return float(-2.0 * log_likelihood + n_params * np.log(n_samples))
'''

AIC = r'''
def aic(log_likelihood, n_params):
    return float(-2.0 * log_likelihood + 2.0 * n_params)
'''


def bic_aic_cell(nb):
    """The bic and aic live in one exercise cell in chapter 07."""
    return set_exercise(nb, "bic", BIC + "\n" + AIC)
