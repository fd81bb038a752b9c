"""An ipywidgets EM stepper: move through the iterations of a fit and change data, K and start.

Widgets need a running kernel; in the static book use :func:`gmmlab.animation.animate_em`
instead. Every callback is an ordinary method, so the stepper can be driven from a test or a
script by setting widget values (``stepper.iteration.value = 3``) without a browser.

The figure is an ``ipywidgets.Image``, so its picture is part of the widget state that JupyterLab
saves in the notebook; the stepper's display also carries the current figure as a plain PNG. A
notebook reopened without its kernel therefore still shows a picture: the saved widget, or the
PNG where widgets cannot be shown (an untrusted notebook, the static book).
"""

import base64
import io
import warnings

import numpy as np
from matplotlib.figure import Figure

try:
    import ipywidgets as widgets
except ImportError as exc:  # pragma: no cover - ipywidgets is in requirements.txt
    raise ImportError("gmmlab.widgets needs ipywidgets: pip install ipywidgets") from exc

from gmmlab import datasets
from gmmlab.figures.drawing import as_array, feature_label
from gmmlab.figures.plotting import draw_snapshot, plot_convergence
from gmmlab.numerics.validation import COVARIANCE_TYPES, INIT_METHODS

__all__ = ["DATASETS_2D", "EMStepper", "em_stepper"]

#: Data sets offered by the stepper's picker (the 2-D ones).
DATASETS_2D = tuple(n for n in datasets.SYNTHETIC if n != "one_d") + ("faithful",)
YOUR_DATA = "your data"


MAX_COMPONENTS = 8
#: Milliseconds between two steps of the play button.
PLAY_INTERVAL = 800


class EMStepper(widgets.VBox):
    """The EM stepper widget returned by :func:`em_stepper`.

    Attributes
    ----------
    dataset_picker, k_picker, init_picker, covariance_picker, seed_picker : ipywidgets
        The settings; changing any of them refits the model.
    iteration : ipywidgets.IntSlider
        Index of the EM iteration shown (0 = initial parameters).
    play : ipywidgets.Play
        Steps the iteration slider automatically.
    status : ipywidgets.HTML
        One line about the fit (data size, convergence).
    image : ipywidgets.Image
        The figure as a PNG picture.
    model : gmmlab.GaussianMixture
        The current fit, with ``history_`` recorded at every iteration.
    X : ndarray of shape (n_samples, n_features)
        The current data.
    figure : matplotlib.figure.Figure
        Left: points in soft colours with 2-sigma ellipses; right: the convergence curve.
    png : bytes
        The figure as last rendered into ``image``.
    """

    def __init__(self, X=None, *, dataset="blobs_k3", n_components=3, init="random",
                 max_iter=50, covariance_type="full", seed=0):
        self._user_X = X
        self.max_iter = max_iter
        options = ((YOUR_DATA,) if X is not None else ()) + DATASETS_2D
        style = {"description_width": "initial"}
        self.dataset_picker = widgets.Dropdown(options=options, value=dataset,
                                               description="data", style=style)
        self.k_picker = widgets.IntSlider(value=n_components, min=1, max=MAX_COMPONENTS,
                                          description="K", continuous_update=False)
        self.init_picker = widgets.Dropdown(options=INIT_METHODS, value=init,
                                            description="initialisation", style=style)
        self.covariance_picker = widgets.Dropdown(options=COVARIANCE_TYPES,
                                                  value=covariance_type,
                                                  description="covariance", style=style)
        self.seed_picker = widgets.BoundedIntText(value=seed, min=0, max=2**31 - 1,
                                                  description="seed", layout={"width": "160px"})
        self.iteration = widgets.IntSlider(value=0, min=0, max=0, description="iteration",
                                           continuous_update=True)
        # One step per PLAY_INTERVAL ms, longer than a redraw, so the figure keeps up with the
        # slider while playing.
        self.play = widgets.Play(value=0, min=0, max=0, interval=PLAY_INTERVAL,
                                 description="play")
        widgets.link((self.play, "value"), (self.iteration, "value"))
        widgets.link((self.play, "max"), (self.iteration, "max"))
        self.status = widgets.HTML()
        self.image = widgets.Image(format="png", layout={"width": "800px"})
        self.figure = Figure(figsize=(10.0, 4.2), dpi=80, layout="constrained")
        self.ax_data, self.ax_ll = self.figure.subplots(1, 2, width_ratios=[1.25, 1.0])
        self.png = b""
        self._frames = {}
        self._refitting = False
        for picker in (self.dataset_picker, self.k_picker, self.init_picker,
                       self.covariance_picker, self.seed_picker):
            picker.observe(self._on_settings_change, names="value")
        self.iteration.observe(self._on_iteration, names="value")
        super().__init__([
            widgets.HBox([self.dataset_picker, self.k_picker, self.covariance_picker]),
            widgets.HBox([self.init_picker, self.seed_picker]),
            widgets.HBox([self.play, self.iteration]),
            self.status,
            self.image,
        ])
        self.refit()

    # ------------------------------------------------------------------ callbacks
    def _on_settings_change(self, change=None):
        """Any picker changed: refit and show iteration 0."""
        self.refit()

    def _on_iteration(self, change=None):
        """The iteration slider moved: redraw."""
        if not self._refitting:
            self.draw()

    # ------------------------------------------------------------------ actions
    def _data(self):
        name = self.dataset_picker.value
        if name == YOUR_DATA:
            return np.array(self._user_X, dtype=np.float64)
        return datasets.load(name)[0]

    def refit(self):
        """Fit ``model`` with the current settings, reset the slider and redraw."""
        from gmmlab.numerics.mixture import GaussianMixture

        self.X = self._data()
        self.model = GaussianMixture(
            n_components=self.k_picker.value, covariance_type=self.covariance_picker.value,
            init_params=self.init_picker.value, max_iter=self.max_iter, tol=1e-5,
            snapshot_every=1, random_state=self.seed_picker.value)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # non-convergence is reported in the status line
            self.model.fit(self.X)
        n_last = len(self.model.history_["snapshots"]) - 1
        self._frames = {}
        self._refitting = True
        try:
            self.iteration.value = 0
            self.iteration.max = n_last
        finally:
            self._refitting = False
        outcome = (f"converged after {self.model.n_iter_} iterations" if self.model.converged_
                   else f"stopped after max_iter = {self.max_iter} iterations (not converged)")
        self.status.value = (f"<b>{self.dataset_picker.value}</b>: {len(self.X)} points, "
                             f"K = {self.model.n_components}, {outcome}")
        self.draw()

    def draw(self):
        """Draw the snapshot selected by the iteration slider and show it in ``image``.

        Each iteration is rendered once per fit; moving back to it reuses its picture.
        """
        index = self.iteration.value
        if index not in self._frames:
            self._frames[index] = self._render(index)
        self.png = self._frames[index]
        self.image.value = self.png

    def _render(self, index):
        """Draw snapshot ``index`` into ``figure`` and return it as PNG bytes."""
        history = self.model.history_
        snap = history["snapshots"][index]
        ctype = self.model.covariance_type
        self.ax_data.clear()
        self.ax_ll.clear()
        draw_snapshot(self.ax_data, self.X, snap, ctype)
        self.ax_data.legend(loc="best", fontsize="x-small")
        self.ax_data.set_title(f"{self.dataset_picker.value}: iteration {snap['iteration']}")
        self.ax_data.set_xlabel(feature_label(0))
        self.ax_data.set_ylabel(feature_label(1))
        lls = history["log_likelihood"]
        plot_convergence(lls, ax=self.ax_ll, title="Total log-likelihood")
        it = int(snap["iteration"])
        self.ax_ll.plot([it], [lls[it]], ls="", marker="o", markersize=10, color="#D55E00",
                        label=f"iteration {it}")
        self.ax_ll.legend(loc="lower right", fontsize="small")
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png")
        return buffer.getvalue()

    def _repr_mimebundle_(self, **kwargs):
        """The widget, plus the current figure as a PNG for where the widget cannot be shown."""
        bundle = super()._repr_mimebundle_(**kwargs)
        if bundle is not None:
            bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
            bundle["text/plain"] = "EM stepper (run the cell in JupyterLab to use it)"
        return bundle


def em_stepper(X=None, *, dataset="blobs_k3", n_components=3, init="random", max_iter=50,
               seed=0):
    """An interactive EM stepper: an iteration slider and data, K and initialisation pickers.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features), optional
        Your own data (the first two features are drawn); offered as "your data" and selected.
        Without it the stepper starts on ``dataset``.
    dataset : str, default="blobs_k3"
        A 2-D course data set (see ``DATASETS_2D``).
    n_components : int, default=3
        Number of components K, 1 to 8.
    init : {"kmeans", "k-means++", "random", "random_from_data"}, default="random"
        The default, a random start on ``blobs_k3``, takes about 30 iterations: enough to watch
        the components travel. A k-means start converges in a few.
    max_iter : int, default=50
    seed : int, default=0
        Random seed of the initialisation.

    Returns
    -------
    stepper : EMStepper
        An ``ipywidgets.VBox``; display it as the last expression of a notebook cell.
    """
    if X is not None:
        X = as_array(X, "X", ndim=2)
        if X.shape[1] < 2 or X.shape[0] < 2:
            raise ValueError(f"X must have at least 2 samples and 2 features, got {X.shape}")
        dataset = YOUR_DATA
    elif dataset not in DATASETS_2D:
        raise ValueError(f"dataset must be one of {', '.join(DATASETS_2D)}; got {dataset!r}")
    if isinstance(n_components, bool) or not isinstance(n_components, (int, np.integer)) or not (
            1 <= n_components <= MAX_COMPONENTS):
        raise ValueError(f"n_components must be an integer from 1 to {MAX_COMPONENTS}, "
                         f"got {n_components!r}")
    if X is not None and n_components > X.shape[0]:
        raise ValueError(f"n_components ({n_components}) must not exceed the number of samples")
    if init not in INIT_METHODS:
        raise ValueError(f"init must be one of {', '.join(INIT_METHODS)}; got {init!r}")
    if isinstance(max_iter, bool) or not isinstance(max_iter, (int, np.integer)) or max_iter < 1:
        raise ValueError(f"max_iter must be a positive integer, got {max_iter!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not (
            0 <= seed < 2**31):
        raise ValueError(f"seed must be an integer from 0 to 2**31 - 1, got {seed!r}")
    return EMStepper(X, dataset=dataset, n_components=int(n_components), init=init,
                     max_iter=int(max_iter), seed=int(seed))
