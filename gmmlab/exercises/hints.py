"""Staged hints: first a nudge, then the key formula (Markdown with LaTeX in a notebook).

The stages of each exercise are its module's ``HINTS``."""

from __future__ import annotations

from .registry import EXERCISES

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
    if name not in EXERCISES:
        raise ValueError(f"name must be one of {', '.join(sorted(EXERCISES))}; got {name!r}")
    stages = EXERCISES[name].hints
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
