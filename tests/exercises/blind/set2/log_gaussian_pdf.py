"""Variants for chapter 01, exercise 1: log_gaussian_pdf(X, mean, cov)."""

VARIANTS = [
    {
        "kind": "correct",
        "id": "log_gaussian_pdf-cholesky-solve",
        "what": "Textbook route from the stub: Cholesky factor, one np.linalg.solve for all samples, 2*sum(log diag L), sum of z**2 per sample.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    X = np.asarray(X, dtype=float)
    mean = np.asarray(mean, dtype=float)
    cov = np.asarray(cov, dtype=float)
    d = X.shape[1]
    L = np.linalg.cholesky(cov)
    diff = X - mean
    z = np.linalg.solve(L, diff.T)
    log_det = 2.0 * np.sum(np.log(np.diag(L)))
    maha = np.sum(z ** 2, axis=0)
    return -0.5 * (d * np.log(2.0 * np.pi) + log_det + maha)
''',
    },
    {
        "kind": "correct",
        "id": "log_gaussian_pdf-forward-substitution",
        "what": "MATLAB-style explicit forward substitution for L z = diff, looping over the d features (vectorised over all samples), log-det from the Cholesky diagonal.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    L = np.linalg.cholesky(np.asarray(cov, dtype=float))
    D = np.asarray(X, dtype=float) - np.asarray(mean, dtype=float)[None, :]
    n, d = D.shape
    Z = np.zeros((d, n))
    for i in range(d):
        acc = D[:, i].copy()
        for j in range(i):
            acc = acc - L[i, j] * Z[j, :]
        Z[i, :] = acc / L[i, i]
    quad = np.einsum("in,in->n", Z, Z)
    logdet = 2.0 * np.log(np.diagonal(L)).sum()
    return -0.5 * (d * np.log(2 * np.pi) + logdet + quad)
''',
    },
    {
        "kind": "correct",
        "id": "log_gaussian_pdf-einsum-norm",
        "what": "Cholesky + solve on the transposed centred data, squared norms by einsum, log-det via the trace of log(L); returns a fresh (n,) array.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    n_features = cov.shape[0]
    chol = np.linalg.cholesky(cov)
    centred = np.subtract(X, mean)          # new array, X untouched
    Z = np.linalg.solve(chol, centred.T)    # (d, n)
    sq = np.einsum("ij,ij->j", Z, Z)
    half_logdet = np.trace(np.log(np.diag(np.diag(chol)) + (1 - np.eye(n_features))))
    return -0.5 * (n_features * np.log(2 * np.pi) + 2 * half_logdet + sq)
''',
    },
    {
        "kind": "correct",
        "id": "log_gaussian_pdf-rowwise-solve",
        "what": "Cholesky + solve(L, diff.T), transposed back so samples sit on axis 0, log-det from fancy-indexed diagonal of L, the three terms kept in a dict.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    L = np.linalg.cholesky(cov)
    Z = np.linalg.solve(L, (X - mean).T).T          # (n, d)
    terms = {
        "const": X.shape[1] * np.log(2.0 * np.pi),
        "logdet": 2.0 * np.sum(np.log(L[np.arange(L.shape[0]), np.arange(L.shape[0])])),
        "maha": (Z * Z).sum(axis=1),
    }
    return -(terms["const"] + terms["logdet"] + terms["maha"]) / 2.0
''',
    },
    {
        "kind": "correct",
        "id": "log_gaussian_pdf-lstsq-free-blockwise",
        "what": "Cholesky factor, solve against the whole centred block, log-det accumulated with np.add.reduce of logs; uses len(mean) for d.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    d = len(mean)
    L = np.linalg.cholesky(cov)
    W = np.linalg.solve(L, np.transpose(X - mean[np.newaxis, :]))
    logdet = 2.0 * np.add.reduce(np.log(np.diagonal(L)))
    return -0.5 * (d * np.log(2.0 * np.pi) + logdet) - 0.5 * np.add.reduce(W ** 2, axis=0)
''',
    },
    {
        "kind": "mistake",
        "id": "log_gaussian_pdf-prod-diag-logdet",
        "what": "Log-determinant as log(prod(diag(L))**2): under/overflows in high dimension (e.g. d=200 with variances 0.01 gives -inf log-det), violating 'the determinant of a 50 x 50 matrix easily overflows or underflows while the sum of logs does not' / 'log|Sigma| = 2 sum_i log L_ii'.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    d = X.shape[1]
    L = np.linalg.cholesky(cov)
    z = np.linalg.solve(L, (X - mean).T)
    det = np.prod(np.diag(L)) ** 2
    return -0.5 * (d * np.log(2 * np.pi) + np.log(det) + np.sum(z ** 2, axis=0))
''',
    },
    {
        "kind": "mistake",
        "id": "log_gaussian_pdf-inv-det",
        "what": "Uses np.linalg.inv and np.linalg.det (MATLAB habit): fine in 2-D but the determinant overflows/underflows for larger d and no Cholesky failure on non-PD matrices; violates 'compute its logarithm through a Cholesky factor, without ever forming an inverse matrix' and the stub 'Factor cov = L L^T with np.linalg.cholesky'.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    d = X.shape[1]
    P = np.linalg.inv(cov)
    diff = X - mean
    maha = np.einsum("ni,ij,nj->n", diff, P, diff)
    return -0.5 * (d * np.log(2 * np.pi) + np.log(np.linalg.det(cov)) + maha)
''',
    },
    {
        "kind": "mistake",
        "id": "log_gaussian_pdf-logdet-missing-factor-2",
        "what": "Log-determinant taken as sum(log diag L) without the factor 2 (half-remembered |Sigma|^{1/2}); exact for the identity covariance used in the sanity values, wrong otherwise; violates 'log|Sigma| = 2 sum_i log L_ii'.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    d = X.shape[1]
    L = np.linalg.cholesky(cov)
    z = np.linalg.solve(L, (X - mean).T)
    logdet = np.sum(np.log(np.diag(L)))
    return -0.5 * (d * np.log(2 * np.pi) + logdet + np.sum(z ** 2, axis=0))
''',
    },
    {
        "kind": "mistake",
        "id": "log_gaussian_pdf-d-from-n-samples",
        "what": "Takes d = X.shape[0] (number of samples) for the d log(2 pi) term: right only when n_samples == n_features (as in the notebook's 2-point 2-D demo), wrong otherwise; violates the formula's d = dimension of x.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    d = X.shape[0]
    L = np.linalg.cholesky(cov)
    z = np.linalg.solve(L, (X - mean).T)
    return -0.5 * (d * np.log(2 * np.pi) + 2 * np.sum(np.log(np.diag(L))) + np.sum(z ** 2, axis=0))
''',
    },
    {
        "kind": "mistake",
        "id": "log_gaussian_pdf-solve-with-LT",
        "what": "Solves L^T z = x - mu instead of L z = x - mu (transpose mix-up), giving d^T (L^T L)^{-1} d: exact for diagonal covariances, wrong for correlated ones; violates 'z = L^{-1}(x - mu), i.e. the solution of the triangular system L z = x - mu'.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    d = X.shape[1]
    L = np.linalg.cholesky(cov)
    z = np.linalg.solve(L.T, (X - mean).T)
    return -0.5 * (d * np.log(2 * np.pi) + 2 * np.sum(np.log(np.diag(L))) + np.sum(z ** 2, axis=0))
''',
    },
    {
        "kind": "mistake",
        "id": "log_gaussian_pdf-loop-over-samples",
        "what": "Numerically right but evaluates one sample at a time in a Python list comprehension; violates 'Process all samples at once (no Python loop over samples)'.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    d = X.shape[1]
    L = np.linalg.cholesky(cov)
    logdet = 2.0 * np.sum(np.log(np.diag(L)))
    out = []
    for x in X:
        z = np.linalg.solve(L, x - mean)
        out.append(-0.5 * (d * np.log(2 * np.pi) + logdet + z @ z))
    return np.array(out)
''',
    },
    {
        "kind": "mistake",
        "id": "log_gaussian_pdf-inplace-centre",
        "what": "Centres the data with X -= mean, modifying the caller's array (returned values are right on the first call); violates rule 3 'Do not modify the input arrays (work on new arrays)'.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    d = X.shape[1]
    L = np.linalg.cholesky(cov)
    X -= mean
    z = np.linalg.solve(L, X.T)
    return -0.5 * (d * np.log(2 * np.pi) + 2 * np.sum(np.log(np.diag(L))) + np.sum(z ** 2, axis=0))
''',
    },
    {
        "kind": "mistake",
        "id": "log_gaussian_pdf-keepdims-shape",
        "what": "Sums z**2 with keepdims=True and returns an array of shape (1, n) instead of (n,); violates the docstring 'log_pdf : ndarray of shape (n_samples,)'.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    d = X.shape[1]
    L = np.linalg.cholesky(cov)
    z = np.linalg.solve(L, (X - mean).T)
    maha = np.sum(z ** 2, axis=0, keepdims=True)
    return -0.5 * (d * np.log(2 * np.pi) + 2 * np.sum(np.log(np.diag(L))) + maha)
''',
    },
    {
        "kind": "mistake",
        "id": "log_gaussian_pdf-diag-logdet",
        "what": "Log-determinant from the diagonal of cov (sum of log variances) instead of the Cholesky factor, ignoring correlations: exact for diagonal covariances, wrong for correlated ones; violates 'log|Sigma| = 2 sum_i log L_ii'.",
        "source": '''import numpy as np


def log_gaussian_pdf(X, mean, cov):
    d = X.shape[1]
    L = np.linalg.cholesky(cov)
    z = np.linalg.solve(L, (X - mean).T)
    logdet = np.sum(np.log(np.diag(cov)))
    return -0.5 * (d * np.log(2 * np.pi) + logdet + np.sum(z ** 2, axis=0))
''',
    },
]
