"""中文: the sentences every check shares (``exercises/__init__.py`` and ``exercises/validate.py``)."""

MESSAGES = {
    # the line a check prints, and the hint lines (exercises/__init__.py)
    "PASS": "通过",
    "FAIL": "未通过",
    "not written yet": "还没有写",
    "{measure} {rel:.1e} (tolerance {tol:.0e})": "{measure} {rel:.1e}（容差 {tol:.0e}）",
    "worst relative error": "最大相对误差",
    "{why}; {detail}": "{why}；{detail}",
    "{why} (NaN or inf in the answer)": "{why}（答案里有 NaN 或 inf）",
    "your function raised {kind}: {err}": "你的函数抛出了 {kind}：{err}",
    ". Hint: {hint}{more}": "。提示：{hint}{more}",
    " (more: exercises.hint({name!r}, 2))": "（更多提示：exercises.hint({name!r}, 2)）",
    "hint {i}/{n}: {hint}": "提示 {i}/{n}：{hint}",
    "no more hints: the worked answer is in lessons/solutions/lesson{nn}.py":
        "没有更多提示了：完整解答在 lessons/solutions/lesson{nn}.py",
    "(more: exercises.hint({name!r}, {level}))": "（更多提示：exercises.hint({name!r}, {level})）",
    # the validators every lesson's checks share (exercises/validate.py)
    "your function returned None instead of an array (is a `return` missing?)":
        "你的函数返回了 None，而不是数组（是不是漏了 `return`？）",
    "shape {shape}, expected {expected}": "形状是 {shape}，应为 {expected}",
    "{name:<32} max |difference| {diff:.2e}   relative error {rel:.2e}":
        "{name:<32} 最大绝对差 {diff:.2e}   相对误差 {rel:.2e}",
    "return {n} arrays ({names}), got {kind}": "应返回 {n} 个数组（{names}），实际得到 {kind}",
    "{name} returned None (is a `return` missing?)": "{name} 返回了 None（是不是漏了 `return`？）",
}
