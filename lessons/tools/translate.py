"""The Chinese lessons: build lessons/zh/NN_name.ipynb from the English notebook and its Chinese prose.

    python lessons/tools/translate.py                 # check every translation, build the Chinese notebooks
    python lessons/tools/translate.py --check         # only check (exit 1 naming every problem); writes nothing
    python lessons/tools/translate.py --sync 08       # lesson 08's prose file follows the English cells again
    python lessons/tools/translate.py --accept 08 cell-03   # "I updated the Chinese of cell-03 to the new English"

One source of code: the English notebook ``lessons/NN_name.ipynb`` gives every code cell,
stored output, cell id and exercise tag. The Chinese is only prose, one section per
markdown cell, in ``lessons/zh/prose/NN_name.md``::

    <!-- cell cell-03 en 5f2c0b1e9a77 -->
    ## 1. The value function            <- the English this translates (a snapshot)
    <!-- zh -->
    ## 1. 价值函数                        <- the Chinese

The marker holds the cell id and the first 12 hex digits of the SHA-256 of the English
source the Chinese was written from. When the English cell changes, its hash no longer
matches: the cell is *stale*, and ``--check`` (and ``tests/test_zh.py``) print the diff
from the snapshot to the new English. Update the Chinese, then ``--accept`` the cell: that
copies the new English into the snapshot. ``--sync`` adds sections for new markdown cells
(with an empty Chinese part, which counts as missing) and drops those of deleted cells.

The Chinese notebook is the English one with each markdown cell's source swapped for its
Chinese and ``metadata.scratchgan.language = "zh"`` (the checks read it and speak Chinese);
everything else is copied, so code and outputs are identical by construction.
``store_outputs.py`` rebuilds the Chinese notebooks of the lessons it stores.
"""
import argparse
import difflib
import hashlib
import pathlib
import re
import sys

import nbformat

LESSONS = pathlib.Path(__file__).resolve().parents[1]
ZH = LESSONS / "zh"
PROSE = ZH / "prose"
CELL = re.compile(r"^<!-- cell (\S+) en ([0-9a-f]{12}) -->$")
ZH_MARK = "<!-- zh -->"
CJK = "[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]"  # Chinese characters and full-width punctuation
HEADER = ("<!-- The Chinese prose of lessons/{name}, one section per markdown cell, in order: the English the\n"
          "     Chinese was written from, then the Chinese. Edit only the Chinese parts; see lessons/tools/translate.py. -->\n")


def en_hash(source):
    """The first 12 hex digits of the SHA-256 of an English cell's source."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()[:12]


def english_notebooks():
    return sorted(LESSONS.glob("[0-9][0-9]_*.ipynb"))


def prose_path(en_path):
    return PROSE / (pathlib.Path(en_path).stem + ".md")


def zh_path(en_path):
    return ZH / pathlib.Path(en_path).name


def read_prose(path):
    """Sections of a prose file: a list of dicts {id, hash, en, zh}, in file order."""
    sections, part = [], None
    for number, line in enumerate(pathlib.Path(path).read_text(encoding="utf-8").split("\n"), 1):
        match = CELL.match(line)
        if match:
            sections.append({"id": match[1], "hash": match[2], "en": [], "zh": None})
            part = "en"
        elif line == ZH_MARK and sections and part == "en":
            sections[-1]["zh"], part = [], "zh"
        elif sections:
            sections[-1][part].append(line)
        elif line.strip() and not line.startswith(("<!--", "     ")):
            raise ValueError(f"{path}:{number}: text before the first '<!-- cell ... -->' marker")
    for s in sections:
        if s["zh"] is None:
            raise ValueError(f"{path}: section {s['id']} has no '{ZH_MARK}' line")
        s["en"], s["zh"] = "\n".join(s["en"]).strip("\n"), "\n".join(s["zh"]).strip("\n")
    return sections


def write_prose(path, sections, name):
    for s in sections:
        for line in (s["en"] + "\n" + s["zh"]).split("\n"):
            if CELL.match(line) or line == ZH_MARK:
                raise ValueError(f"cell {s['id']} of {name} has a line that reads as a marker: {line!r}")
    body = "".join(f"\n<!-- cell {s['id']} en {s['hash']} -->\n{s['en']}\n{ZH_MARK}\n{s['zh']}\n" for s in sections)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER.format(name=name) + body, encoding="utf-8")


def markdown_cells(nb):
    return [c for c in nb.cells if c.cell_type == "markdown"]


def problems(nb, sections, name):
    """Every way the prose fails the English notebook ``nb``: missing, stale (with the diff), extra, out of order."""
    found, by_id = [], {s["id"]: s for s in sections}
    cells = markdown_cells(nb)
    for cell in cells:
        s = by_id.get(cell.id)
        if s is None:
            found.append(f"{name} cell {cell.id}: no section in {prose_path(name).name} (run --sync {name[:2]})")
        elif not s["zh"].strip():
            found.append(f"{name} cell {cell.id}: no Chinese yet (write it under '{ZH_MARK}' in "
                         f"lessons/zh/prose/{prose_path(name).name})")
        elif s["hash"] != en_hash(cell.source):
            diff = difflib.unified_diff(s["en"].splitlines(), cell.source.strip("\n").splitlines(),
                                        "translated from", "English now", lineterm="", n=1)
            found.append(f"{name} cell {cell.id}: the English changed since it was translated; update the Chinese, "
                         f"then --accept {name[:2]} {cell.id}. English diff:\n  " + "\n  ".join(diff))
    ids = [c.id for c in cells]
    extra = [s["id"] for s in sections if s["id"] not in ids]
    if extra:
        found.append(f"{name}: sections for cells the English no longer has: {extra} (run --sync {name[:2]})")
    if [s["id"] for s in sections if s["id"] in ids] != [i for i in ids if i in by_id]:
        found.append(f"{name}: sections are not in the English cell order (run --sync {name[:2]})")
    return found


def soft_breaks(text):
    """Lines of Chinese ``text`` that end a line inside a paragraph between two Chinese characters.

    Markdown turns such a line break into a space, and between two Chinese characters a space is a
    visible gap: write a Chinese paragraph on one line (maths blocks, code and tables excepted).
    """
    found, lines, block = [], text.split("\n"), False
    for a, b in zip(lines, lines[1:]):
        if a.strip().startswith(("```", "$$")) and a.strip().count("$$") != 2:  # a fence or $$ opens or closes
            block = not block                                                 # (a one-line $$...$$ does neither)
        if (not block and not a.lstrip().startswith(("#", "|", "<")) and re.search(CJK + "$", a)
                and re.match(r"\s*(\*\*?)?" + CJK, b)):
            found.append(a)
    return found


def build(nb, sections, name):
    """The Chinese notebook: the English notebook ``nb`` (of file ``name``), changed in place: each markdown
    cell's source swapped for its Chinese, and the language in the metadata (the checks read it)."""
    zh = {s["id"]: s["zh"] for s in sections}
    for cell in markdown_cells(nb):
        cell.source = zh[cell.id]
    nb.metadata.setdefault("scratchgan", {}).update(language="zh", translated_from=f"../{name}")
    return nb


def check_lesson(en_path, write=False):
    """Problems of one lesson's translation (a list of strings); with ``write``, build its notebook when there are none."""
    en_path, name = pathlib.Path(en_path), pathlib.Path(en_path).name
    if not prose_path(en_path).exists():
        return [f"{name}: no Chinese prose file {prose_path(en_path).relative_to(LESSONS.parent)} (run --sync {name[:2]})"]
    nb = nbformat.read(en_path, as_version=4)
    sections = read_prose(prose_path(en_path))
    found = problems(nb, sections, name)
    if found:
        return found
    text = nbformat.writes(build(nb, sections, name)) + "\n"
    target = zh_path(en_path)
    if write:
        target.write_text(text, encoding="utf-8")
    elif not target.exists() or target.read_text(encoding="utf-8") != text:
        return [f"{name}: lessons/zh/{name} is not the build of the English notebook and its prose "
                "(run: python lessons/tools/translate.py)"]
    return []


def sync(en_path):
    """Rewrite the prose file in the English cell order: new cells get empty Chinese, deleted cells go."""
    en_path = pathlib.Path(en_path)
    old = {s["id"]: s for s in read_prose(prose_path(en_path))} if prose_path(en_path).exists() else {}
    cells = markdown_cells(nbformat.read(en_path, as_version=4))
    sections = [old.get(c.id) or {"id": c.id, "hash": en_hash(c.source), "en": c.source.strip("\n"), "zh": ""}
                for c in cells]
    write_prose(prose_path(en_path), sections, en_path.name)


def accept(en_path, cell_ids):
    """Record that the Chinese of ``cell_ids`` now translates the current English (new snapshot and hash)."""
    sections = read_prose(prose_path(en_path))
    cells = {c.id: c for c in markdown_cells(nbformat.read(en_path, as_version=4))}
    for cell_id in cell_ids:
        s = next((s for s in sections if s["id"] == cell_id), None)
        if s is None or cell_id not in cells:
            raise SystemExit(f"{pathlib.Path(en_path).name} has no markdown cell {cell_id!r} with a section to accept")
        s["hash"], s["en"] = en_hash(cells[cell_id].source), cells[cell_id].source.strip("\n")
    write_prose(prose_path(en_path), sections, pathlib.Path(en_path).name)


def lessons_named(numbers):
    paths = english_notebooks()
    if not numbers:
        return paths
    chosen = [p for p in paths if p.name[:2] in numbers]
    unknown = set(numbers) - {p.name[:2] for p in chosen}
    if unknown:
        raise SystemExit(f"no lesson numbered {sorted(unknown)}; lessons are {[p.name[:2] for p in paths]}")
    return chosen


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="lesson numbers (default: all)")
    parser.add_argument("--check", action="store_true", help="only check; write nothing")
    parser.add_argument("--sync", action="store_true", help="make the prose files follow the English cells")
    parser.add_argument("--accept", action="store_true", help="LESSON CELL_ID...: the Chinese is updated")
    args = parser.parse_args(argv)
    if args.accept:
        if len(args.lessons) < 2:
            raise SystemExit("usage: translate.py --accept NN CELL_ID [CELL_ID ...]")
        return accept(lessons_named(args.lessons[:1])[0], args.lessons[1:])
    paths = lessons_named(args.lessons)
    if args.sync:
        for path in paths:
            sync(path)
    found = [p for path in paths for p in check_lesson(path, write=not args.check)]
    if found:
        sys.exit("\n".join(found) + f"\n{len(found)} problem(s) in the Chinese lessons")
    print(f"{len(paths)} Chinese lesson(s) {'checked' if args.check else 'built'}: every translation is current")


if __name__ == "__main__":
    main()
