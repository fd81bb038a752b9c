"""Staged hints: first a nudge, then the key formula (Markdown with LaTeX in a notebook, plain
text in a terminal: ``\\frac{a}{b}`` reads ``(a)/(b)``, ``\\sum_k`` reads ``sum_k``).

The stages of each exercise are its module's ``HINTS``."""

from __future__ import annotations

import re

from .registry import EXERCISES

_shown: dict = {}

#: LaTeX commands shown as a word or a symbol in plain text (the others lose their backslash).
_WORDS = {
    "top": "T", "mid": "|", "cdot": "*", "times": "x", "le": "<=", "leq": "<=", "ge": ">=",
    "geq": ">=", "neq": "!=", "ne": "!=", "approx": "~", "sim": "~", "propto": "proportional to",
    "infty": "inf", "to": "->", "rightarrow": "->", "leftarrow": "<-", "in": "in", "lVert": "||",
    "rVert": "||", "Vert": "||", "lvert": "|", "rvert": "|", "ldots": "...", "dots": "...",
    "cdots": "...", "quad": " ", "qquad": " ", "varepsilon": "epsilon", "epsilon": "epsilon",
    "ell": "ell", "partial": "d", "nabla": "grad", "pm": "+/-", "lbrace": "{", "rbrace": "}",
}
#: Commands whose braced argument is kept as it is: \mathrm{BIC} -> BIC.
_KEEP_ARGUMENT = {"mathrm", "text", "textrm", "mathbf", "boldsymbol", "mathcal", "mathit",
                  "operatorname", "mathbb", "textbf", "emph", "bm"}
#: Spacing and sizing commands that vanish.
_DROP = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
         "displaystyle", "textstyle", "limits", "nolimits"}
_ACCENTS = {"hat": "_hat", "tilde": "_tilde", "bar": "_bar", "vec": ""}
_FRACS = {"frac", "tfrac", "dfrac"}
_ONE_ARGUMENT = _KEEP_ARGUMENT | set(_ACCENTS) | {"sqrt"}


def _group(text: str, i: int):
    """The argument that starts at ``text[i]`` (a braced group or one character) and its end."""
    while i < len(text) and text[i] == " ":
        i += 1
    if i >= len(text):
        return "", i
    if text[i] == "{":
        depth, j = 0, i
        while j < len(text):
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            if depth == 0:
                return text[i + 1:j], j + 1
            j += 1
        return text[i + 1:], len(text)
    if text[i] == "\\":
        m = re.match(r"\\([A-Za-z]+|.)", text[i:])
        end = i + len(m.group(0))
        takes = 2 if m.group(1) in _FRACS else 1 if m.group(1) in _ONE_ARGUMENT else 0
        for _ in range(takes):
            _arg, end = _group(text, end)
        return text[i:end], end
    return text[i], i + 1


def _wrap(text: str, denominator: bool = False) -> str:
    """A numerator (in parentheses when it is a sum) or a denominator (unless one symbol)."""
    text = _math(text).strip()
    if re.fullmatch(r"\d+(\.\d+)?|[A-Za-z]\w*|\([^()]*\)", text):
        return text
    outside = re.sub(r"\([^()]*\)", "", text)
    return f"({text})" if denominator or re.search(r"[-+*/= ]", outside) else text


def _spaced(out: list, word: str) -> None:
    r"""Append ``word``, with a space after a letter or digit: 2\pi -> "2 pi", K\frac -> "K d"."""
    if word[:1].isalnum() and out and out[-1][-1:].isalnum():
        out.append(" ")
    out.append(word)


def _math(tex: str) -> str:
    """Plain-text reading of a LaTeX formula."""
    out, i = [], 0
    while i < len(tex):
        c = tex[i]
        if c == "\\":
            m = re.match(r"\\([A-Za-z]+|.)", tex[i:])
            name, i = m.group(1), i + len(m.group(0))
            if name in _FRACS:
                num, i = _group(tex, i)
                den, i = _group(tex, i)
                _spaced(out, f"{_wrap(num)}/{_wrap(den, denominator=True)}")
            elif name == "sqrt":
                arg, i = _group(tex, i)
                _spaced(out, f"sqrt({_math(arg).strip()})")
            elif name in _KEEP_ARGUMENT:
                arg, i = _group(tex, i)
                out.append(_math(arg))
            elif name in _ACCENTS:
                arg, i = _group(tex, i)
                out.append(_math(arg).strip() + _ACCENTS[name])
            elif name in _DROP:
                continue
            elif name in (",", ";", ":", "!", " "):
                out.append(" " if name != "!" else "")
            elif name in ("{", "}", "|", "_", "%", "#", "&", "$"):
                out.append("||" if name == "|" else name)
            else:
                word = _WORDS.get(name, name)
                _spaced(out, word)
                if word[:1].isalpha() and re.match(r"[A-Za-z0-9]|\\[A-Za-z]", tex[i:i + 2]):
                    out.append(" ")  # \log x -> "log x", \log\det -> "log det"
                elif not word[:1].isalnum() and tex[i:i + 1] == " ":
                    i += 1  # \lVert z -> "||z"
        elif c in "_^":
            arg, i = _group(tex, i + 1)
            body = _math(arg).strip()
            simple = re.fullmatch(r"[A-Za-z0-9]+|[-+]?[A-Za-z0-9]+", body) and len(body) <= 4
            out.append(c + (body if simple or body == "T" else f"({body})"))
            if re.match(r"[A-Za-z0-9]", tex[i:i + 1]):
                out.append(" ")  # r_{nk}x_n -> "r_nk x_n"
        elif c in "{}":
            i += 1
        else:
            out.append(c)
            i += 1
    return re.sub(r" {2,}", " ", "".join(out))


def plain(text: str) -> str:
    """The hint as plain text: formulas between ``$`` read as text, code in backticks kept.

    >>> plain(r"$\\log\\mathcal N = -\\tfrac12 \\log\\det\\Sigma$")
    'log N = -1/2 log det Sigma'
    """
    pieces = re.split(r"(`[^`]*`|\$\$.+?\$\$|\$[^$]+\$)", text)
    out = []
    for piece in pieces:
        if piece.startswith("`"):
            out.append(piece)
        elif piece.startswith("$"):
            out.append(_math(piece.strip("$")).strip())
        else:
            out.append(piece.replace("**", ""))
    return "".join(out)


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


def _show(markdown: str, text: str) -> None:
    if _in_notebook():
        from IPython.display import Markdown, display

        display(Markdown(markdown))
    else:
        print(text)


def hint(name: str, stage: int | None = None) -> HintText:
    """Show the next hint for an exercise (or a given stage) and return its text.

    Parameters
    ----------
    name : str
        Exercise name, e.g. ``"e_step"``.
    stage : int, optional
        1 for the nudge, 2 for the key formula. By default each call shows the next stage;
        after the last one it shows the last again, saying that there is no further stage.
        A stage that does not exist is reported in one line (no traceback), and the returned
        text is empty.

    Raises
    ------
    ValueError
        ``name`` is not an exercise.
    """
    if name not in EXERCISES:
        raise ValueError(f"name must be one of {', '.join(sorted(EXERCISES))}; got {name!r}")
    stages = EXERCISES[name].hints
    count = len(stages)
    if stage is not None and (isinstance(stage, bool) or not isinstance(stage, int)
                              or not 1 <= stage <= count):
        line = (f"{name} has {count} hint stages (1 = a nudge, {count} = the key formula); "
                f"there is no stage {stage!r}: call hint(\"{name}\") or hint(\"{name}\", 1) to "
                f"hint(\"{name}\", {count}).")
        _show(line, line)
        return HintText("")
    again = stage is None and _shown.get(name, 0) >= count
    if stage is None:
        stage = min(_shown.get(name, 0) + 1, count)
    _shown[name] = max(stage, _shown.get(name, 0))
    if stage < count:
        more = f" Run `hint(\"{name}\")` again for the next one."
    elif again:
        more = " That was the last stage: there are no more hints for this exercise."
    else:
        more = " This is the last stage."
    title = f"Hint {stage}/{count} for {name}"
    text = stages[stage - 1]
    _show(f"**{title}.** {text}{more}", f"{title}: {plain(text)}{more}")
    return HintText(text)
