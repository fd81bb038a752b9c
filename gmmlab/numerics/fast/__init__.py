"""The fast path of ``GaussianMixture.fit``: log-densities as quadratic forms, one pass per iteration.

``quadratic_forms`` turns the parameters into the coefficients of ``y^T Q_k y`` and the data into
its pair products; ``fused`` runs the E-step and the M-step's sums in one chunked pass.
"""
