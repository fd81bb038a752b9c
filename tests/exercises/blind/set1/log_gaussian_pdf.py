"""Variants of chapter 01 exercise 1: log_gaussian_pdf(X, mean, cov)."""

VARIANTS = [
    # ------------------------------------------------------------------ correct
    {
        "kind": "correct",
        "id": "log_gaussian_pdf-cholesky-solve",
        "what": "The textbook route of the stub: Cholesky factor, one np.linalg.solve on (X - mean).T, log-det from the diagonal of L, squared norms summed over axis 0.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    X = np.asarray(X, dtype=float)
    mean = np.asarray(mean, dtype=float)
    cov = np.asarray(cov, dtype=float)
    d = X.shape[1]
    L = np.linalg.cholesky(cov)
    diff = X - mean
    z = np.linalg.solve(L, diff.T)            # (d, n)
    log_det = 2.0 * np.sum(np.log(np.diag(L)))
    maha = np.sum(z ** 2, axis=0)             # (n,)
    return -0.5 * (d * np.log(2.0 * np.pi) + log_det + maha)
''',
    },
    {
        "kind": "correct",
        "id": "log_gaussian_pdf-cholesky-einsum-rows",
        "what": "Same Cholesky factorisation but transposes the solution back to (n, d) and forms the squared norms with einsum; keeps the input dtype (works for float32 data).",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    X = np.asarray(X)
    n, d = X.shape
    L = np.linalg.cholesky(cov)
    centred = X - mean
    z = np.linalg.solve(L, centred.T).T       # (n, d)
    mahalanobis_sq = np.einsum("ij,ij->i", z, z)
    half_log_det = np.log(np.diagonal(L)).sum()
    return -0.5 * d * np.log(2 * np.pi) - half_log_det - 0.5 * mahalanobis_sq
''',
    },
    {
        "kind": "correct",
        "id": "log_gaussian_pdf-cholesky-terms-separately",
        "what": "Builds the three terms as named variables, uses np.log(2*np.pi)*d/2 and z*z summed with np.add.reduce; the constant term is written as 0.5*d*log(2pi) rather than inside one bracket.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    X = np.array(X, dtype=np.float64)        # a copy: the input is never touched
    mean = np.array(mean, dtype=np.float64).reshape(-1)
    d = mean.shape[0]
    chol = np.linalg.cholesky(np.array(cov, dtype=np.float64))
    const = 0.5 * d * np.log(2.0 * np.pi)
    log_det_half = np.sum(np.log(chol[np.arange(d), np.arange(d)]))
    z = np.linalg.solve(chol, (X - mean[None, :]).T)
    quad = np.add.reduce(z * z, axis=0)
    return -(const + log_det_half + 0.5 * quad)
''',
    },
    {
        "kind": "correct",
        "id": "log_gaussian_pdf-cholesky-float32-tolerant",
        "what": "Computes in the common float dtype of the inputs (float32 stays float32) via np.result_type, and uses np.linalg.norm(z, axis=0)**2 for the Mahalanobis term.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    dtype = np.result_type(X, mean, cov, np.float32)
    X = np.asarray(X, dtype=dtype)
    mean = np.asarray(mean, dtype=dtype)
    cov = np.asarray(cov, dtype=dtype)
    d = X.shape[-1]
    L = np.linalg.cholesky(cov)
    z = np.linalg.solve(L, (X - mean).T)
    maha = np.linalg.norm(z, axis=0) ** 2
    log_det = 2 * np.log(np.diag(L)).sum()
    out = -0.5 * (d * np.log(2 * np.pi) + log_det + maha)
    return out.astype(dtype, copy=False)
''',
    },
    {
        "kind": "correct",
        "id": "log_gaussian_pdf-slogdet-solve",
        "what": "Uses np.linalg.slogdet for the log-determinant and np.linalg.solve(cov, diff.T) for the quadratic form (no inverse, no det), raising LinAlgError if the determinant sign is not positive; valid by the formula but not the Cholesky route the text recommends.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    X = np.asarray(X, dtype=float)
    cov = np.asarray(cov, dtype=float)
    d = X.shape[1]
    sign, log_det = np.linalg.slogdet(cov)
    if sign <= 0:
        raise np.linalg.LinAlgError("cov is not positive definite")
    diff = X - mean
    sol = np.linalg.solve(cov, diff.T)        # Sigma^{-1} (x - mu) for every sample, (d, n)
    maha = np.sum(diff.T * sol, axis=0)
    return -0.5 * (d * np.log(2 * np.pi) + log_det + maha)
''',
    },
    {
        "kind": "correct",
        "id": "log_gaussian_pdf-cholesky-batched-solve",
        "what": "Broadcasts one triangular solve per sample inside a single np.linalg.solve call (L[None] against diff[..., None], shape (n, d, 1)); vectorised, no Python loop, same formula.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    X = np.asarray(X, dtype=float)
    d = X.shape[1]
    L = np.linalg.cholesky(np.asarray(cov, dtype=float))
    diffs = X - np.asarray(mean, dtype=float)
    W = np.linalg.solve(L[None, :, :], diffs[:, :, None])[:, :, 0]   # (n, d)
    sq = (W ** 2).sum(axis=1)
    logdet = 2.0 * np.log(np.diagonal(L)).sum()
    return -(d * np.log(2.0 * np.pi) + logdet + sq) / 2.0
''',
    },
    # ------------------------------------------------------------------ mistakes
    {
        "kind": "mistake",
        "id": "log_gaussian_pdf-loop-over-samples",
        "what": "Correct numbers but computes each sample in a Python loop; violates 'Process all samples at once (no Python loop over samples)'.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    X = np.asarray(X, dtype=float)
    n, d = X.shape
    L = np.linalg.cholesky(cov)
    log_det = 2.0 * np.sum(np.log(np.diag(L)))
    out = np.empty(n)
    for i in range(n):
        z = np.linalg.solve(L, X[i] - mean)
        out[i] = -0.5 * (d * np.log(2 * np.pi) + log_det + z @ z)
    return out
''',
    },
    {
        "kind": "mistake",
        "id": "log_gaussian_pdf-inv-and-log-det",
        "what": "Uses np.log(np.linalg.det(cov)) and np.linalg.inv(cov); the text warns that the determinant of a large matrix under/overflows (e.g. 1e-8*I in 50-D gives log(0) = -inf) and asks for the Cholesky route 'without ever forming an inverse matrix'.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    X = np.asarray(X, dtype=float)
    d = X.shape[1]
    diff = X - mean
    precision = np.linalg.inv(cov)
    maha = np.einsum("ni,ij,nj->n", diff, precision, diff)
    return -0.5 * (d * np.log(2 * np.pi) + np.log(np.linalg.det(cov)) + maha)
''',
    },
    {
        "kind": "mistake",
        "id": "log_gaussian_pdf-logdet-missing-factor-2",
        "what": "Takes log|Sigma| = sum(log diag L) (forgets the factor 2 of |Sigma| = prod L_ii^2); violates 'log|Sigma| = 2 sum_i log L_ii' / the stub's '2 sum(log diag L)'.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    X = np.asarray(X, dtype=float)
    d = X.shape[1]
    L = np.linalg.cholesky(cov)
    z = np.linalg.solve(L, (X - mean).T)
    log_det = np.sum(np.log(np.diag(L)))
    return -0.5 * (d * np.log(2 * np.pi) + log_det + np.sum(z ** 2, axis=0))
''',
    },
    {
        "kind": "mistake",
        "id": "log_gaussian_pdf-constant-without-d",
        "what": "Writes the normalising constant as log(2 pi) instead of d log(2 pi); right in 1-D only, violates the formula '-1/2(d log(2 pi) + ...)' for d > 1 (the 2-D sanity value would be -0.919 instead of -1.838).",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    X = np.asarray(X, dtype=float)
    L = np.linalg.cholesky(cov)
    z = np.linalg.solve(L, (X - mean).T)
    log_det = 2.0 * np.sum(np.log(np.diag(L)))
    return -0.5 * (np.log(2 * np.pi) + log_det + np.sum(z ** 2, axis=0))
''',
    },
    {
        "kind": "mistake",
        "id": "log_gaussian_pdf-solve-with-upper-factor",
        "what": "Solves L^T z = x - mu instead of L z = x - mu, so ||z||^2 = (x-mu)^T (L^T L)^{-1} (x-mu), the Mahalanobis distance of the wrong matrix L^T L; only right for diagonal covariances, violates 'the solution of the triangular system L z = x - mu'.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    X = np.asarray(X, dtype=float)
    d = X.shape[1]
    L = np.linalg.cholesky(cov)
    z = np.linalg.solve(L.T, (X - mean).T)
    log_det = 2.0 * np.sum(np.log(np.diag(L)))
    return -0.5 * (d * np.log(2 * np.pi) + log_det + np.sum(z ** 2, axis=0))
''',
    },
    {
        "kind": "mistake",
        "id": "log_gaussian_pdf-norm-not-squared",
        "what": "Uses the Mahalanobis distance ||z|| instead of its square ||z||^2; violates '(x-mu)^T Sigma^{-1} (x-mu) = ||z||^2'; the notebook's sanity points at distance 0 and 1 still print the right numbers, any other distance is wrong.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    X = np.asarray(X, dtype=float)
    d = X.shape[1]
    L = np.linalg.cholesky(cov)
    z = np.linalg.solve(L, (X - mean).T)
    mahalanobis = np.linalg.norm(z, axis=0)
    log_det = 2.0 * np.sum(np.log(np.diag(L)))
    return -0.5 * (d * np.log(2 * np.pi) + log_det + mahalanobis)
''',
    },
    {
        "kind": "mistake",
        "id": "log_gaussian_pdf-sum-wrong-axis",
        "what": "Sums z**2 over axis 1 of the (d, n) solution, i.e. over samples, returning d numbers instead of one per sample; violates 'log_pdf : ndarray of shape (n_samples,)'.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    X = np.asarray(X, dtype=float)
    d = X.shape[1]
    L = np.linalg.cholesky(cov)
    z = np.linalg.solve(L, (X - mean).T)      # (d, n)
    log_det = 2.0 * np.sum(np.log(np.diag(L)))
    return -0.5 * (d * np.log(2 * np.pi) + log_det + np.sum(z ** 2, axis=1))
''',
    },
    {
        "kind": "mistake",
        "id": "log_gaussian_pdf-log-diag-of-cov",
        "what": "Takes the log-determinant as sum(log diag(cov)), which is only right for diagonal covariances; violates 'log|Sigma| = 2 sum_i log L_ii' for correlated covariances.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    X = np.asarray(X, dtype=float)
    d = X.shape[1]
    L = np.linalg.cholesky(cov)
    z = np.linalg.solve(L, (X - mean).T)
    log_det = np.sum(np.log(np.diag(cov)))
    return -0.5 * (d * np.log(2 * np.pi) + log_det + np.sum(z ** 2, axis=0))
''',
    },
    {
        "kind": "mistake",
        "id": "log_gaussian_pdf-scipy-stats",
        "what": "Calls scipy.stats.multivariate_normal.logpdf; violates 'use NumPy only' (and for a single sample scipy returns a 0-d scalar, not an (n,) array).",
        "source": '''import numpy as np
from scipy.stats import multivariate_normal


def log_gaussian_pdf(X, mean, cov):
    return multivariate_normal(mean=mean, cov=cov).logpdf(X)
''',
    },
    {
        "kind": "mistake",
        "id": "log_gaussian_pdf-centres-input-in-place",
        "what": "Centres the data with X -= mean, overwriting the caller's array; violates the course rule 'Do not modify the input arrays (work on new arrays)'.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    d = X.shape[1]
    X -= mean
    L = np.linalg.cholesky(cov)
    z = np.linalg.solve(L, X.T)
    log_det = 2.0 * np.sum(np.log(np.diag(L)))
    return -0.5 * (d * np.log(2 * np.pi) + log_det + np.sum(z ** 2, axis=0))
''',
    },
    {
        "kind": "mistake",
        "id": "log_gaussian_pdf-column-vector-output",
        "what": "Keeps the reduced axis (keepdims=True on the transposed solution), returning shape (n, 1); violates 'log_pdf : ndarray of shape (n_samples,)'.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    X = np.asarray(X, dtype=float)
    d = X.shape[1]
    L = np.linalg.cholesky(cov)
    z = np.linalg.solve(L, (X - mean).T).T    # (n, d)
    log_det = 2.0 * np.sum(np.log(np.diag(L)))
    return -0.5 * (d * np.log(2 * np.pi) + log_det + np.sum(z ** 2, axis=1, keepdims=True))
''',
    },
]
