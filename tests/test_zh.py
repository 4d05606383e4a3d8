"""The Chinese course: built from the English notebooks, complete, current, in the glossary's words.

lessons/zh/NN_name.ipynb is the English lessons/NN_name.ipynb with its markdown swapped for the
Chinese of lessons/zh/prose/NN_name.md (lessons/tools/translate.py); the checks' Chinese is the
catalogue scratchgan/exercises/zh/. These tests fail when an English cell changed since its
translation (naming lesson, cell and the English diff), when a cell has no translation, when the
Chinese notebook's code, outputs, ids or tags differ from the English, when a glossary's avoided
variant appears, and when a check's sentence has no Chinese.
"""
import ast
import functools
import json
import os
import pathlib
import re
import string
import sys

import nbformat
import pytest

from scratchgan import exercises
from scratchgan.exercises import language, zh

ROOT = pathlib.Path(__file__).resolve().parents[1]
LESSONS = ROOT / "lessons"
sys.path.insert(0, str(LESSONS / "tools"))
import translate  # noqa: E402

NOTEBOOKS = translate.english_notebooks()
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_every_cell_is_translated_current_and_the_chinese_notebook_built(path):
    found = translate.check_lesson(path)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_chinese_notebook_has_the_english_code_outputs_ids_and_tags(path):
    if not translate.zh_path(path).exists():
        pytest.fail(f"lessons/zh/{path.name} is missing: run python lessons/tools/translate.py")
    en, cn = nbformat.read(path, as_version=4), nbformat.read(translate.zh_path(path), as_version=4)
    assert [(c.id, c.cell_type) for c in cn.cells] == [(c.id, c.cell_type) for c in en.cells], \
        f"{path.name}: cell ids, order or types differ between the English and Chinese notebooks"
    for a, b in zip(en.cells, cn.cells):
        if a.cell_type == "code":
            assert (b.source, b.outputs, b.metadata) == (a.source, a.outputs, a.metadata), \
                f"{path.name} cell {a.id}: the Chinese notebook's code, outputs or tags differ from the English"
        else:
            assert CJK.search(b.source), f"{path.name} cell {a.id}: the Chinese notebook's cell has no Chinese"
    assert cn.metadata["scratchgan"]["language"] == "zh"


def test_chinese_paragraphs_are_not_broken_between_two_chinese_characters():
    found = [(p.name, s["id"], line[-20:]) for p in sorted(translate.PROSE.glob("*.md"))
             for s in translate.read_prose(p) for line in translate.soft_breaks(s["zh"])]
    found += [(p.name, "", line[-20:]) for p in (ROOT / "README.zh-CN.md", LESSONS / "zh" / "README.md")
              for line in translate.soft_breaks(p.read_text(encoding="utf-8"))]
    assert not found, ("a line break inside a Chinese paragraph renders as a gap between two characters; "
                       f"join these lines with the next: {found[:8]}")


# ---- the drift test fails as it should -----------------------------------------------------------------------

def _tiny_lesson(tmp_path, monkeypatch):
    """A two-cell English lesson, translated and built, in a private lessons/ tree."""
    monkeypatch.setattr(translate, "ZH", tmp_path / "zh")
    monkeypatch.setattr(translate, "PROSE", tmp_path / "zh" / "prose")
    (tmp_path / "zh").mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# 99 · A title\n\nThe value function.", id="cell-00"),
                nbformat.v4.new_code_cell("x = 1", id="cell-01"),
                nbformat.v4.new_markdown_cell("## 1. More\n\nLine one.\nLine two.", id="cell-02")]
    path = tmp_path / "99_tiny.ipynb"
    nbformat.write(nb, path)
    translate.sync(path)
    sections = translate.read_prose(translate.prose_path(path))
    sections[0]["zh"], sections[1]["zh"] = "# 99 · 标题\n\n价值函数。", "## 1. 更多\n\n第一行。\n第二行。"
    translate.write_prose(translate.prose_path(path), sections, path.name)
    assert translate.check_lesson(path, write=True) == []
    assert translate.check_lesson(path) == []
    return path


def test_an_edited_english_cell_fails_naming_lesson_cell_and_diff(tmp_path, monkeypatch):
    path = _tiny_lesson(tmp_path, monkeypatch)
    nb = nbformat.read(path, as_version=4)
    nb.cells[2].source = "## 1. More\n\nLine one.\nLine two, changed."
    nbformat.write(nb, path)
    (found,) = translate.check_lesson(path)
    assert "99_tiny.ipynb cell cell-02" in found and "the English changed" in found
    assert "-Line two." in found and "+Line two, changed." in found
    translate.accept(path, ["cell-02"])  # the translator updated the Chinese, then accepts
    assert translate.check_lesson(path) == []
    sections = translate.read_prose(translate.prose_path(path))
    assert sections[1]["en"] == nb.cells[2].source and sections[1]["hash"] == translate.en_hash(nb.cells[2].source)


def test_new_deleted_and_reordered_cells_and_edited_code_fail(tmp_path, monkeypatch):
    path = _tiny_lesson(tmp_path, monkeypatch)
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("A new paragraph.", id="cell-03"))
    nbformat.write(nb, path)
    assert any("cell-03" in p and "no section" in p for p in translate.check_lesson(path))
    translate.sync(path)
    assert any("cell-03" in p and "no Chinese yet" in p for p in translate.check_lesson(path))
    nb.cells = nb.cells[:2]
    nbformat.write(nb, path)
    assert any("no longer has: ['cell-02'" in p for p in translate.check_lesson(path))
    nb = nbformat.read(path, as_version=4)
    sections = translate.read_prose(translate.prose_path(path))
    nb.cells = [nbformat.v4.new_markdown_cell(sections[1]["en"], id="cell-02"), nb.cells[1], nb.cells[0]]
    nbformat.write(nb, path)
    assert any("not in the English cell order" in p for p in translate.check_lesson(path))
    translate.sync(path)
    assert translate.check_lesson(path, write=True) == []
    nb.cells[1].source = "x = 2"  # code changes: the built Chinese notebook is out of date
    nbformat.write(nb, path)
    assert any("not the build" in p for p in translate.check_lesson(path))


def test_a_real_lesson_with_one_english_cell_edited_is_caught():
    path = NOTEBOOKS[0]
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "markdown")
    cell.source += "\nOne more sentence."
    found = translate.problems(nb, translate.read_prose(translate.prose_path(path)), path.name)
    stale = [p for p in found if f"cell {cell.id}: the English changed" in p]
    assert stale and "+One more sentence." in stale[0], found


def test_a_marker_line_in_the_prose_is_refused(tmp_path):
    section = {"id": "c", "hash": "0" * 12, "en": "text", "zh": "中文\n<!-- zh -->"}
    with pytest.raises(ValueError, match="reads as a marker"):
        translate.write_prose(tmp_path / "x.md", [section], "x.ipynb")


# ---- the glossary -------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=None)
def glossary():
    """Rows of lessons/zh/GLOSSARY.md: (english, chinese, [avoided variants])."""
    rows = []
    for line in (LESSONS / "zh" / "GLOSSARY.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("| ") else []
        if len(cells) == 4 and cells[0] not in ("English", "---"):
            rows.append((cells[0], cells[1], tuple(v.strip() for v in re.split(r"[,，、]", cells[2]) if v.strip())))
    return tuple(rows)


def chinese_texts():
    """Every Chinese text a student reads: (where, text)."""
    texts = [(f"lessons/zh/prose/{p.name} cell {s['id']}", s["zh"])
             for p in sorted(translate.PROSE.glob("*.md")) for s in translate.read_prose(p)]
    texts += [(f"scratchgan/exercises/zh: {en[:40]!r}", cn) for en, cn in zh.catalogue().items()]
    texts += [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8"))
              for p in (ROOT / "README.zh-CN.md", LESSONS / "zh" / "README.md") if p.exists()]
    return texts


def test_glossary_has_the_issue_terms_and_says_what_to_avoid():
    chosen = {cn for _, cn, _ in glossary()}
    for term in ("生成器", "判别器", "价值函数", "极小极大", "极大极小", "纳什均衡", "模式崩溃", "梯度消失", "超参数"):
        assert any(term in c for c in chosen), f"GLOSSARY.md has no row choosing {term}"
    avoided = {v for _, _, vs in glossary() for v in vs}
    assert {"鉴别器", "马希民", "甘"} <= avoided
    assert not avoided & chosen, f"a variant is both chosen and avoided: {avoided & chosen}"


@functools.lru_cache(maxsize=None)
def chosen_terms():
    """Every chosen Chinese term of the glossary, its column split at / 、 ， and brackets."""
    return frozenset(t.strip() for _, cn, _ in glossary() for t in re.split(r"[/、，,（）()]", cn) if CJK.search(t))


def avoided_in(text, variant):
    """Whether ``variant`` occurs in ``text`` other than inside a chosen term (超参 inside 超参数 is fine)."""
    for term in chosen_terms():
        if variant in term and variant != term:
            text = text.replace(term, "□")
    return variant in text


def test_no_avoided_variant_appears_in_the_chinese_course():
    bad = [(where, v) for where, text in chinese_texts() for _, _, vs in glossary() for v in vs if avoided_in(text, v)]
    assert not bad, "glossary variants the course does not use (lessons/zh/GLOSSARY.md, column 不用): " + "; ".join(
        f"{v!r} in {where}" for where, v in bad)


# ---- the checks in Chinese ----------------------------------------------------------------------------------

SPEAKERS = {"say", "CheckFailed"}  # calls whose first argument is a sentence a student reads
FRAME = ("__init__.py", "language.py", "validate.py")  # may pass on a sentence made elsewhere (a variable)


def sentences_in_checks():
    """(templates, offenders): every say(...)/CheckFailed(...) sentence and text('...') literal in exercises/*.py,
    and the places where such a sentence is not a plain string (an f-string cannot be looked up)."""
    templates, offenders = set(), []
    for path in sorted((ROOT / "scratchgan" / "exercises").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name in SPEAKERS:
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    templates.add(arg.value)
                elif isinstance(arg, ast.JoinedStr) or path.name not in FRAME:
                    offenders.append(f"{path.name}:{node.lineno}")
            elif name == "text":
                templates |= {c.value for c in ast.walk(node.args[0]) if isinstance(c, ast.Constant)
                              and isinstance(c.value, str)}
    return templates, offenders


def fields(template):
    return sorted((f, spec) for _, f, spec, _ in string.Formatter().parse(template) if f is not None)


def test_every_sentence_of_the_checks_is_a_plain_template():
    _, offenders = sentences_in_checks()
    assert not offenders, ("say()/CheckFailed() take a plain template and its values as keywords "
                           f"(an f-string has no translation): {offenders}")


def test_every_hint_and_message_has_chinese_with_the_same_fields_and_none_is_left_over():
    templates, _ = sentences_in_checks()
    checks = exercises.registry().values()  # each: (function, hint tiers, tolerance, what its number is called)
    needed = templates | {h for _, hints, _, _ in checks for h in hints} | {measure for *_, measure in checks}
    catalogue = zh.catalogue()
    missing = sorted(needed - set(catalogue))
    assert not missing, f"{len(missing)} sentence(s) of the checks have no Chinese in scratchgan/exercises/zh/: " + \
        "; ".join(repr(m[:70]) for m in missing[:10])
    unused = sorted(set(catalogue) - needed)
    assert not unused, f"Chinese for sentences no check says any more (delete them): {unused[:10]}"
    off = [en for en, cn in catalogue.items() if fields(en) != fields(cn)]
    assert not off, f"the Chinese has other {{fields}} than the English: {off[:5]}"
    english = [en for en, cn in catalogue.items() if re.search(r"[a-z]{3}", re.sub(r"{[^}]*}", "", en))
               and not CJK.search(cn)]
    assert not english, f"catalogue entries whose 'Chinese' has no Chinese in it: {english[:5]}"


def test_language_is_chosen_by_call_then_environment_then_notebook(tmp_path, monkeypatch):
    monkeypatch.delenv("SCRATCHGAN_LANG", raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert language.language() == "en"
    nb = tmp_path / "lesson.ipynb"
    nb.write_text(json.dumps({"metadata": {"scratchgan": {"language": "zh"}}, "cells": []}))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JPY_SESSION_NAME", "some/server/root/lesson.ipynb")  # relative to the server: found in cwd
    assert language.language() == "zh"
    monkeypatch.setenv("SCRATCHGAN_LANG", "en")
    assert language.language() == "en"
    try:
        exercises.set_language("zh")
        assert language.language() == "zh"
        with pytest.raises(ValueError, match="the checks speak en, zh"):
            exercises.set_language("fr")
    finally:
        exercises.set_language(None)
    monkeypatch.setenv("SCRATCHGAN_LANG", "de")
    with pytest.raises(ValueError, match="SCRATCHGAN_LANG='de'"):
        language.language()


def test_a_check_prints_chinese_with_the_same_numbers(capsys):
    def wrong(a, b):
        return None
    try:
        exercises.set_language("zh")
        cn = exercises.check("03.relative_error", wrong).line
        hint = exercises.hint("03.relative_error", 1)
    finally:
        exercises.set_language(None)
    en = exercises.check("03.relative_error", wrong).line
    assert cn.startswith("[未通过] 03.relative_error: ") and en.startswith("[FAIL] 03.relative_error: ")
    assert "提示：" in cn and "Hint" not in cn and re.findall(r"\d", cn) == re.findall(r"\d", en)
    assert hint.startswith("提示 1/") and CJK.search(hint.split("：", 1)[1])


def test_a_chinese_notebook_run_prints_its_checks_in_chinese():
    from run_lesson import execute
    path = translate.zh_path(LESSONS / "03_gradient_checking.ipynb")
    nb, _ = execute(path)
    lines = [line for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.get("name") == "stdout"
             for line in o["text"].splitlines() if re.match(r"\[\S+\] 03\.", line)]
    assert lines and all(line.startswith("[未通过] 03.") and "还没有写" in line for line in lines), lines
    assert os.environ.get("SCRATCHGAN_LANG") != "zh", "the run's language leaked into the test process"


def test_the_chinese_pages_link_each_other_and_every_link_resolves():
    pages = {p: p.read_text(encoding="utf-8") for p in (ROOT / "README.zh-CN.md", LESSONS / "zh" / "README.md",
                                                        LESSONS / "zh" / "GLOSSARY.md")}
    assert "(README.zh-CN.md)" in (ROOT / "README.md").read_text().split("\n## ")[0], "README.md's top links the Chinese"
    assert pages[ROOT / "README.zh-CN.md"].startswith("[English](README.md)")
    broken = [(p.name, t) for p, text in pages.items() for t in re.findall(r"\]\(([^)\s#]+)", text)
              if not t.startswith("http") and not (p.parent / t).exists()]
    assert not broken, f"links that point nowhere: {broken}"
    course = pages[LESSONS / "zh" / "README.md"]
    missing = [p.name for p in NOTEBOOKS if f"({p.name})" not in course]
    assert not missing, f"lessons/zh/README.md does not link these Chinese lessons: {missing}"
