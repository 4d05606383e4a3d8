"""Estimate each lesson's class time from the notebook itself, and keep the stated times in step.

    python lessons/tools/lesson_time.py                  # the table: words, exercises, run time, minutes
    python lessons/tools/lesson_time.py --measure 08 09  # run lessons in full mode; record the seconds
    python lessons/tools/lesson_time.py --write          # put the estimates in the first cells and the README
    python lessons/tools/lesson_time.py --check          # exit 1 if a stated time differs from its estimate
    python lessons/tools/lesson_time.py --sections 08    # reading minutes and exercises per section (for paths)

A class works through a lesson at the pace of its text, so the estimate is

    minutes = markdown words / WORDS_PER_MINUTE          (read and derived together, maths-heavy)
            + MINUTES_PER_EXERCISE * exercise cells       (in pairs, with the hints)
            + full-mode run time / 60                     (measured)

rounded up to the next 5 minutes. A word is anything between spaces, so a
LaTeX formula counts by its pieces: more maths, more time. The run time is
the one ``store_outputs.py`` records in the notebook when it stores a full
run (``metadata["scratchgan"]["seconds"]``); for a lesson stored without it,
the wall time recorded by ``--measure`` in run_times.json; else 0.

``--write`` changes only the "Time: about N min" of the line
"Prerequisites: ... · Time: about N min" in each lesson's first markdown cell
(the prerequisites are written by hand), and the time column of the table in
lessons/README.md. Outputs stay cleared.
"""
import json
import math
import os
import pathlib
import platform
import re
import sys
import time

import nbformat

LESSONS = pathlib.Path(__file__).resolve().parents[1]
README = LESSONS / "README.md"
RUN_TIMES = LESSONS / "tools" / "run_times.json"
WORDS_PER_MINUTE = 40  # a class reading maths together: each formula on the board, each step said aloud
MINUTES_PER_EXERCISE = 10  # a stub written in pairs, one or two hints asked for
ROUND_TO = 5

TIME_LINE = re.compile(r"^Prerequisites: .*· Time: about (\d+) min$", re.M)
README_ROW = re.compile(r"^\| \[`(\d\d_[^`]+\.ipynb)`\].*\| (?:(\d+) min|—) \|$", re.M)  # "—": not timed yet


def notebooks():
    return sorted(LESSONS.glob("[0-9][0-9]_*.ipynb"))


def run_seconds():
    """name -> full-mode seconds recorded by ``--measure`` (empty when nothing was measured)."""
    return json.loads(RUN_TIMES.read_text())["seconds"] if RUN_TIMES.exists() else {}


def run_time(nb, name, recorded=None):
    """Full-mode seconds of a lesson: the stored full run's, else run_times.json's, else 0."""
    stored = nb.metadata.get("scratchgan", {}).get("seconds")
    if stored is not None:
        return float(stored)
    return (run_seconds() if recorded is None else recorded).get(name, 0.0)


def parts(nb):
    """(markdown words, exercise cells) of a notebook."""
    words = sum(len(c.source.split()) for c in nb.cells if c.cell_type == "markdown")
    exercises = sum("exercise" in c.metadata.get("tags", []) for c in nb.cells if c.cell_type == "code")
    return words, exercises


def estimate(words, exercises, seconds):
    """Class minutes, rounded up to the next ROUND_TO."""
    minutes = words / WORDS_PER_MINUTE + MINUTES_PER_EXERCISE * exercises + seconds / 60
    return ROUND_TO * math.ceil(minutes / ROUND_TO)


def table():
    """One row per lesson: (name, words, exercises, seconds, estimated minutes, stated minutes or None)."""
    recorded, rows = run_seconds(), []
    for path in notebooks():
        nb = nbformat.read(path, as_version=4)
        words, exercises = parts(nb)
        seconds = run_time(nb, path.name, recorded)
        stated = stated_minutes(nb)
        rows.append((path.name, words, exercises, seconds, estimate(words, exercises, seconds), stated))
    return rows


def stated_minutes(nb):
    """The N of "Time: about N min" in the first cell's prerequisites line, or None."""
    m = TIME_LINE.search(nb.cells[0].source) if nb.cells and nb.cells[0].cell_type == "markdown" else None
    return int(m.group(1)) if m else None


def lesson_numbers(text):
    """The lesson numbers named in ``text``: "06, 07" -> {6, 7}, "02–05" -> {2, 3, 4, 5}."""
    numbers = set()
    for first, last in re.findall(r"\b(\d\d)(?:\s*[–-]\s*(\d\d))?\b", text):
        numbers.update(range(int(first), int(last or first) + 1))
    return numbers


def stated_prerequisites(nb):
    """The lesson numbers on the first cell's "Prerequisites: ... ·" line (None without that line)."""
    m = TIME_LINE.search(nb.cells[0].source) if nb.cells and nb.cells[0].cell_type == "markdown" else None
    return lesson_numbers(m.group(0).split("·")[0]) if m else None


def readme_needs(text=None):
    """lesson file name -> the lesson numbers in the README table's "needs" column (the one before the module)."""
    text = README.read_text() if text is None else text
    rows = {}
    for line in text.splitlines():
        m = README_ROW.match(line)
        if m:
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            rows[m.group(1)] = lesson_numbers(cells[-3])
    return rows


def readme_minutes(text=None):
    """lesson file name -> minutes in the README table (None where the table says '—')."""
    text = README.read_text() if text is None else text
    return {name: (int(t) if t else None) for name, t in README_ROW.findall(text)}


def sections(nb):
    """[(heading, markdown words, exercise cells)] per '## ' or '### ' section, in order; the first is the title cell."""
    rows = [["(title)", 0, 0]]
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if re.match(r"^#{2,3} ", line):
                    rows.append([line.lstrip("# ").strip(), 0, 0])
                rows[-1][1] += len(line.split())
        elif "exercise" in cell.metadata.get("tags", []):
            rows[-1][2] += 1
    return [tuple(r) for r in rows]


def measure(names):
    """Run each lesson in full mode and record its wall time in run_times.json."""
    sys.path.insert(0, str(LESSONS / "tools"))
    from run_lesson import execute
    os.environ.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")  # as the tests run them: one BLAS thread
    record = json.loads(RUN_TIMES.read_text()) if RUN_TIMES.exists() else {"seconds": {}}
    for path in notebooks():
        if names and path.name[:2] not in names:
            continue
        _, seconds = execute(path, fast=False)
        record["seconds"][path.name] = round(seconds, 1)
        print(f"{path.name}: {seconds:.1f} s in full mode", flush=True)
        record["measured"] = (f"python lessons/tools/lesson_time.py --measure; {platform.machine()} {platform.system()}, "
                              f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}; wall time of "
                              "run_lesson.execute(fast=False), one BLAS thread")
        RUN_TIMES.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")


def write():
    """Put each estimate into its first cell's time line and into the README table."""
    text = README.read_text()
    for name, _, _, _, minutes, _ in table():
        path = LESSONS / name
        nb = nbformat.read(path, as_version=4)
        first = nb.cells[0]
        if not TIME_LINE.search(first.source):
            sys.exit(f"{name}: its first cell has no 'Prerequisites: ... · Time: about N min' line; add one by hand")
        new = TIME_LINE.sub(lambda m: m.group(0)[:m.start(1) - m.start(0)] + f"{minutes} min", first.source)
        if new != first.source:
            first.source = new
            nbformat.write(nb, path)
        text, n = re.subn(rf"^(\| \[`{re.escape(name)}`\].*\| )(?:\d+ min|—)( \|)$",
                          lambda m: f"{m.group(1)}{minutes} min{m.group(2)}", text, flags=re.M)
        if n != 1:
            sys.exit(f"lessons/README.md has {n} rows for {name}, expected 1")
    README.write_text(text)


def main(args):
    if "--sections" in args:
        for path in notebooks():
            if path.name[:2] in args:
                print(path.name)
                for heading, words, exercises in sections(nbformat.read(path, as_version=4)):
                    minutes = words / WORDS_PER_MINUTE + MINUTES_PER_EXERCISE * exercises
                    print(f"  {minutes:5.1f} min  {words:5d} words  {exercises} ex.  {heading}")
        return
    if "--measure" in args:
        measure([a for a in args if a != "--measure"])
        return
    if "--write" in args:
        write()
    rows, in_readme, bad = table(), readme_minutes(), []
    print(f"{'lesson':<40} {'words':>6} {'ex.':>4} {'run s':>6} {'min':>4} {'stated':>7} {'README':>7}")
    for name, words, exercises, seconds, minutes, stated in rows:
        print(f"{name:<40} {words:>6} {exercises:>4} {seconds:>6.0f} {minutes:>4} {stated!s:>7} {in_readme.get(name)!s:>7}")
        if stated != minutes or in_readme.get(name) != minutes:
            bad.append(name)
    total = sum(r[4] for r in rows)
    print(f"total {total} min ({total / 60:.1f} h) at {WORDS_PER_MINUTE} words/min, "
          f"{MINUTES_PER_EXERCISE} min per exercise, plus the recorded full-mode run time")
    if "--check" in args and bad:
        sys.exit(f"stated times differ from the estimate in {', '.join(bad)}: python lessons/tools/lesson_time.py --write")


if __name__ == "__main__":
    main(sys.argv[1:])
