"""Staged hints: first a nudge, then the key formula (Markdown with LaTeX in a notebook)."""

from __future__ import annotations

HINTS = {
    "log_gaussian_pdf": [
        ("Work in log space from the start: never compute the density and then take its log. "
        "Centre the data (`X - mean`) and solve with the covariance instead of inverting it."),
        (r"$\log \mathcal N(x\mid\mu,\Sigma) = -\tfrac{d}{2}\log 2\pi - \tfrac12\log\det\Sigma"
        r" - \tfrac12 (x-\mu)^\top\Sigma^{-1}(x-\mu)$. With the Cholesky factor $\Sigma = LL^\top$:"
        r" $\log\det\Sigma = 2\sum_i \log L_{ii}$ and the quadratic form is $\lVert z\rVert^2$"
        r" where $Lz = x-\mu$ (`np.linalg.solve(L, (X - mean).T)`)."),
    ],
    "ellipse_params": [
        ("The axes of the ellipse point along the eigenvectors of `cov`; their lengths grow with "
        "the square roots of the eigenvalues. `np.linalg.eigh` sorts eigenvalues in ascending order."),
        (r"width $= 2\,n_\mathrm{std}\sqrt{\lambda_\max}$, height $= 2\,n_\mathrm{std}\sqrt{\lambda_\min}$,"
        r" angle $=$ `np.degrees(np.arctan2(v[1], v[0]))` for the eigenvector $v$ of $\lambda_\max$"
        " (matplotlib wants degrees, counter-clockwise)."),
    ],
    "logsumexp": [
        ("exp(1000) overflows. Pull the largest entry out of the sum first, and take care of "
        "slices where every entry is -inf (their maximum is not a finite number)."),
        (r"$\log\sum_i e^{a_i} = m + \log\sum_i e^{a_i - m}$ with $m = \max_i a_i$"
        " (`np.max(a, axis=axis, keepdims=True)`; replace a non-finite $m$ by 0). Remove the"
        " kept axis at the end so the shape matches `scipy.special.logsumexp`."),
    ],
    "e_step": [
        ("Build an (n_samples, n_components) array of log-probabilities, one column per "
        "component, and normalise each row in log space. Far-apart clusters make every density "
        "underflow to 0 if you leave log space."),
        (r"$\log r_{nk} = \log\pi_k + \log\mathcal N(x_n\mid\mu_k,\Sigma_k) - \ell_n$ with"
        r" $\ell_n = \operatorname{logsumexp}_j\big(\log\pi_j + \log\mathcal N(x_n\mid\mu_j,\Sigma_j)\big)$;"
        r" the total log-likelihood is $\sum_n \ell_n$."),
    ],
    "m_step": [
        ("Every update is a responsibility-weighted average. Start from "
        "`Nk = resp.sum(axis=0)`, then weights, means, and finally the covariances around the "
        "NEW means."),
        (r"$N_k=\sum_n r_{nk}$, $\pi_k = N_k/n$, $\mu_k = \frac1{N_k}\sum_n r_{nk}x_n$,"
        r" $\Sigma_k = \frac1{N_k}\sum_n r_{nk}(x_n-\mu_k)(x_n-\mu_k)^\top + \varepsilon I$"
        r" with $\varepsilon$ = `reg_covar`."),
    ],
    "fit_gmm": [
        ("Alternate your e_step and m_step in a loop of at most max_iter iterations. Record the "
        "log-likelihood returned by each E-step (before the M-step) and stop as soon as it "
        "improved by less than tol."),
        (r"for $i = 0,\dots,$ max_iter$-1$: $(r,\ell_i)$ = e_step(params); append $\ell_i$;"
        r" if $i>0$ and $\ell_i-\ell_{i-1}<$ tol: stop; params = m_step(X, r)."
        " EM never decreases $\\ell$: a decrease means a bug in one of the steps."),
    ],
    "init_random": [
        ("Use only the generator `rng` you are given (e.g. `rng.random`, `rng.choice`). One simple "
        "recipe: random responsibilities, then one M-step."),
        (r"`resp = rng.random((n, K)); resp /= resp.sum(axis=1, keepdims=True)` and return"
        r" `m_step(X, resp)`: weights sum to 1 and covariances are positive definite."),
    ],
    "init_kmeans": [
        ("First choose K seeds with k-means++, then run Lloyd's algorithm (assign each point to "
        "its nearest mean, recompute the means) until the labels stop changing; finish with an "
        "M-step on the hard labels."),
        (r"k-means++: first seed uniform from the data; each next seed $x$ drawn with probability"
        r" $\propto D(x)^2$, the squared distance to the nearest chosen seed"
        r" (`rng.choice(n, p=D2 / D2.sum())`). Then resp = one-hot labels, return `m_step(X, resp)`."),
    ],
    "n_parameters": [
        ("Count free numbers: mixing weights (they sum to 1), means, and covariance entries "
        "(a covariance matrix is symmetric)."),
        (r"$p = (K-1) + Kd + c$ with $c = K\frac{d(d+1)}2$ (full), $\frac{d(d+1)}2$ (tied),"
        r" $Kd$ (diag), $K$ (spherical)."),
    ],
    "bic": [
        "BIC rewards fit (a high log-likelihood) and penalises size; lower is better.",
        r"$\mathrm{BIC} = -2\log L + p\ln n$ (natural logarithm, n = number of samples).",
    ],
    "aic": [
        "AIC has the same fit term as BIC but a penalty that does not grow with n.",
        r"$\mathrm{AIC} = -2\log L + 2p$.",
    ],
}

_shown: dict = {}


class HintText(str):
    """The hint's text; not displayed a second time when it ends a notebook cell."""

    def _ipython_display_(self):
        return None


def _in_notebook() -> bool:
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


def _plain(text: str) -> str:
    for old, new in ((r"\tfrac", ""), (r"\frac", ""), ("$", ""), (r"\mathcal N", "N"),
                     (r"\log", "log"), (r"\ln", "ln"), (r"\sum", "sum"), (r"\mu", "mu"),
                     (r"\Sigma", "Sigma"), (r"\pi", "pi"), (r"\top", "T"), (r"\mid", "|"),
                     (r"\,", " "), (r"\ ", " "), ("\\", "")):
        text = text.replace(old, new)
    return HintText(text)


def hint(name: str, stage: int | None = None) -> HintText:
    """Show the next hint for an exercise (or a given stage) and return its text.

    Parameters
    ----------
    name : str
        Exercise name, e.g. ``"e_step"``.
    stage : int, optional
        1 for the nudge, 2 for the key formula. By default each call shows the next stage.
    """
    if name not in HINTS:
        raise ValueError(f"name must be one of {', '.join(sorted(HINTS))}; got {name!r}")
    stages = HINTS[name]
    if stage is None:
        stage = min(_shown.get(name, 0) + 1, len(stages))
    if not isinstance(stage, int) or not 1 <= stage <= len(stages):
        raise ValueError(f"stage must be an integer from 1 to {len(stages)}; got {stage!r}")
    _shown[name] = max(stage, _shown.get(name, 0))
    more = (f" Run `hint(\"{name}\")` again for the next one." if stage < len(stages)
            else "")
    title = f"Hint {stage}/{len(stages)} for {name}"
    text = stages[stage - 1]
    if _in_notebook():
        from IPython.display import Markdown, display

        display(Markdown(f"**{title}.** {text}{more}"))
    else:
        print(f"{title}: {_plain(text)}{more}")
    return HintText(text)
