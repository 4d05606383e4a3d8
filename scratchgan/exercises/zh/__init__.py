"""The checks in Chinese (简体中文): English template -> Chinese template, one module per lesson.

``common.py`` holds the sentences every check shares (the PASS/FAIL line, the hint lines,
the validators of ``validate.py``); ``lessonNN.py`` the hint tiers and messages of lesson NN's
checks (``exercises/lessonNN.py``). Each module defines ``MESSAGES``, a dict whose keys are the
English templates exactly as the check code writes them (``say("...")``, ``CheckFailed("...")``,
the ``hints=`` tiers) and whose values are the Chinese, with the same ``{fields}``.
The words follow ``lessons/zh/GLOSSARY.md``; ``tests/test_zh.py`` checks that every English
sentence of the checks has its Chinese here, with the same fields, and that none is left over.
"""
import functools
import importlib
import pkgutil


def modules():
    """The catalogue's module names: ``common`` and ``lessonNN``, in order."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__))


@functools.lru_cache(maxsize=None)
def catalogue():
    """Every module's MESSAGES in one dict; a template translated twice, differently, is an error."""
    merged = {}
    for name in modules():
        for en, zh in importlib.import_module(f"{__name__}.{name}").MESSAGES.items():
            if merged.get(en, zh) != zh:
                raise ValueError(f"exercises/zh/{name}.py translates {en!r} differently from an earlier module")
            merged[en] = zh
    return merged
