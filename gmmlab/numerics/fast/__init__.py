"""The engine behind ``GaussianMixture``: one chunked, multi-threaded pass per EM iteration.

``passes`` walks over the data chunk by chunk (log-densities from whitened differences,
responsibilities, statistics); ``statistics`` keeps the M-step's sums centred and merges them
with Chan's pairwise update; ``precision`` decides when float32 data can be computed in float32.
"""
