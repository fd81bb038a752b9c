"""Hidden cases as data: other seeds, far-apart clusters, one component, d = 1 and larger d."""

HIDDEN_CASES = {
    "log_gaussian_pdf": [
        {"label": "1-dimensional data", "seed": 901, "d": 1, "n": 12},
        {"label": "6-dimensional data", "seed": 902, "d": 6, "n": 15},
        {"label": "points very far from the mean", "seed": 903, "d": 4, "n": 8, "far": 300.0},
    ],
    "ellipse_params": [
        {"label": "a large covariance", "seed": 911, "scale": 30.0, "n_std": 1.5},
        {"label": "a small covariance", "seed": 912, "scale": 0.01, "n_std": 2.0},
    ],
    "logsumexp": [
        {"label": "a 3-D array, axis=2", "seed": 921, "shape": [2, 3, 4], "axis": 2},
        {"label": "very large values", "seed": 922, "shape": [4, 5], "axis": 0,
         "scale": 50.0, "offset": 5000.0},
        {"label": "very negative values", "seed": 923, "shape": [6], "axis": None,
         "offset": -3000.0},
    ],
    "e_step": [
        {"label": "one component (K = 1)", "seed": 931, "d": 2, "k": 1},
        {"label": "1-dimensional data", "seed": 932, "d": 1, "k": 3},
        {"label": "5-dimensional data", "seed": 933, "d": 5, "k": 4, "n": 50},
        {"label": "far-apart clusters in 3-D", "seed": 934, "d": 3, "k": 3, "far": True},
    ],
    "m_step": [
        {"label": "one component (K = 1)", "seed": 941, "d": 2, "k": 1},
        {"label": "1-dimensional data", "seed": 942, "d": 1, "k": 2},
        {"label": "6-dimensional data", "seed": 943, "d": 6, "k": 3, "n": 60},
        {"label": "far-apart clusters", "seed": 944, "d": 2, "k": 3, "far": True},
    ],
    "fit_gmm": [
        {"label": "one component (K = 1)", "seed": 951, "d": 2, "k": 1},
        {"label": "1-dimensional data", "seed": 952, "d": 1, "k": 2, "n": 50},
        {"label": "4-dimensional data", "seed": 953, "d": 4, "k": 2, "n": 60},
        {"label": "far-apart clusters", "seed": 954, "d": 2, "k": 2, "far": True},
    ],
    "init_random": [
        {"label": "one component (K = 1)", "seed": 961, "d": 2, "k": 1},
        {"label": "1-dimensional data", "seed": 962, "d": 1, "k": 2},
        {"label": "5-dimensional data", "seed": 963, "d": 5, "k": 4, "n": 80},
    ],
    "init_kmeans": [
        {"label": "one component (K = 1)", "seed": 971, "d": 2, "k": 1},
        {"label": "1-dimensional data", "seed": 972, "d": 1, "k": 2},
        {"label": "5-dimensional data", "seed": 973, "d": 5, "k": 4, "n": 80},
    ],
    "n_parameters": [
        {"label": "K = 1, d = 1", "k": 1, "d": 1},
        {"label": "K = 10, d = 8", "k": 10, "d": 8},
        {"label": "tied, d = 7", "k": 5, "d": 7, "covariance_type": "tied"},
    ],
    "bic": [
        {"label": "n = 1", "args": (-3.5, 2, 1)},
        {"label": "a large sample", "args": (-98765.4321, 120, 100000)},
    ],
    "aic": [
        {"label": "p = 0", "args": (-3.5, 0)},
        {"label": "a large log-likelihood", "args": (98765.4321, 120)},
    ],
}
