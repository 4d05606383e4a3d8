"""The language the checks speak: English, or Chinese (简体中文) in the Chinese lessons.

Every sentence a check prints is an English *template* with named fields,
``say("shape {got}, expected {want}", got=..., want=...)``; the printed line
is that template looked up in the chosen language's catalogue and then
filled in, so numbers, shapes and names come out the same in both languages.
The catalogue of Chinese is the package ``exercises.zh``: a dict per lesson,
English template -> Chinese template (the gettext idea: the English text is
the key, so an English sentence that changes has no translation until someone
writes one, and a test says which).

Which language? The first of

1. ``exercises.set_language("zh")`` (or ``"en"``), called in a notebook or a script;
2. the environment variable ``SCRATCHGAN_LANG`` (``run_lesson.py`` sets it from the notebook);
3. the notebook's own metadata, ``metadata.scratchgan.language``, where the kernel can find its
   notebook: Jupyter Server tells the kernel its notebook's path in ``JPY_SESSION_NAME``
   (VS Code in ``__vsc_ipynb_file__``). The Chinese notebooks ``lessons/zh/*.ipynb`` carry "zh";
4. English.

    >>> set_language("zh")
    >>> text(say("not written yet"))
    '还没有写'
    >>> set_language("en")
"""
import functools
import json
import os
import pathlib

LANGUAGES = ("en", "zh")
_chosen = None


def set_language(lang):
    """Make the checks speak ``lang`` ("en" or "zh") from now on; ``None`` goes back to the automatic choice."""
    global _chosen
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: the checks speak {', '.join(LANGUAGES)}")
    _chosen = lang


def language():
    """The language in use now (see the module docstring for the order of the choices)."""
    if _chosen:
        return _chosen
    env = os.environ.get("SCRATCHGAN_LANG", "")
    if env:
        if env not in LANGUAGES:
            raise ValueError(f"SCRATCHGAN_LANG={env!r} is not a language the checks speak; use one of "
                             f"{', '.join(LANGUAGES)} (or unset it for English)")
        return env
    return notebook_language() or "en"


def notebook_language():
    """``metadata.scratchgan.language`` of the notebook this kernel runs, when the kernel can find it; else None."""
    candidates = [os.environ.get("JPY_SESSION_NAME", "")]
    try:
        from IPython import get_ipython
        shell = get_ipython()
        if shell is not None:
            candidates.append(shell.user_ns.get("__vsc_ipynb_file__", ""))
    except ImportError:
        pass
    for name in filter(None, candidates):
        path = pathlib.Path(name)
        # Jupyter's path is relative to the server's root; the kernel runs in the notebook's folder
        for where in (path, pathlib.Path.cwd() / path.name):
            if where.suffix == ".ipynb" and where.is_file():
                return _language_in(str(where.resolve()), where.stat().st_mtime_ns)
    return None


@functools.lru_cache(maxsize=8)
def _language_in(path, mtime_ns):
    """The language a notebook file's metadata names (read once per version of the file: a check prints
    several sentences, and a stored lesson is megabytes of JSON)."""
    try:
        meta = json.loads(pathlib.Path(path).read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        return None
    lang = meta.get("scratchgan", {}).get("language")
    return lang if lang in LANGUAGES else None


class Msg:
    """A sentence to print: an English ``template`` and the ``values`` that fill its fields.

    ``str(msg)`` is the English; ``text(msg)`` the language in use. A value that is itself a
    ``Msg`` is translated too; a ``Msg`` without values is printed as it is (no ``format``).
    """

    def __init__(self, template, **values):
        self.template, self.values = template, values

    def __str__(self):
        return self.template.format(**self.values) if self.values else self.template

    def __repr__(self):
        return f"Msg({self.template!r})"


def say(template, **values):
    """The sentence ``template`` (English, ``str.format`` fields) with its ``values``: a ``Msg``."""
    return Msg(template, **values)


def translate(template, lang=None):
    """``template`` in ``lang`` (default: the language in use); the English itself when there is no translation."""
    lang = lang or language()
    if lang == "en":
        return template
    from . import zh
    return zh.catalogue().get(template, template)


def text(message, lang=None):
    """A ``Msg`` (or a plain string: its own template, no fields) as printed in ``lang``."""
    if isinstance(message, Msg):
        template = translate(message.template, lang)
        if not message.values:
            return template  # a sentence without fields is printed as it is (braces and all)
        values = {k: text(v, lang) if isinstance(v, Msg) else v for k, v in message.values.items()}
        return template.format(**values)
    return translate(str(message), lang) if message else ""
