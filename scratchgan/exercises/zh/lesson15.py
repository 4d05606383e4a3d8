"""中文: the checks of lesson 15 (exercises/lesson15.py)."""

MESSAGES = {
    # 15.standardize: hint tiers
    "ask the input which array module it belongs to, and call only that module: then the result stays where x is":
        "先问输入数组属于哪个数组模块，然后只调用那个模块：这样结果就会留在 x 所在的地方",
    "backend.get_xp(x) is numpy or cupy; each column's statistics are taken over the rows (axis 0), and the "
    "standard deviation is the population one (ddof=0, the default)":
        "backend.get_xp(x) 就是 numpy 或 cupy；每一列的统计量沿行方向（axis 0）计算，"
        "标准差用总体标准差（ddof=0，即默认值）",
    "subtract each column's mean and divide by its standard deviation; np.mean(x) runs on a CuPy array only "
    "because CuPy hands it to cupy.mean, and np.asarray(x) there fails: call the module get_xp gives you":
        "每一列减去该列的均值，再除以该列的标准差；np.mean(x) 之所以能作用在 CuPy 数组上，只是因为 CuPy "
        "把它转交给了 cupy.mean，而 np.asarray(x) 在那里会失败：请调用 get_xp 给你的模块",
    # 15.standardize: messages
    "on {name} the result is a {kind}; keep it on x's device ({module} array)":
        "在 {name} 上，结果是 {kind}；结果应留在 x 所在的设备上（{module} 数组）",
    # 15.best_of: hint tiers
    "the three traps of section 5: a first call that pays one-off costs, a GPU that returns before its work is "
    "done, and interference that only ever adds time":
        "想想第 5 节的三个陷阱：第一次调用要付出一次性的开销；GPU 在工作完成之前就返回；"
        "干扰只会让时间变长，不会变短",
    "the warm-up call is not timed, and its queued work must be finished (backend.synchronize()) before the first "
    "timed call starts; each timed call needs backend.synchronize() between f() and the clock reading":
        "预热的那次调用不计时，而且它排进队列的工作必须在第一次计时调用开始之前完成（backend.synchronize()）；"
        "每次计时调用都要在 f() 和读时钟之间调用 backend.synchronize()",
    "the check's f behaves like a GPU: f() only queues its work and backend.synchronize() does it; with n = 1 a "
    "forgotten warm-up, or a warm-up left unfinished, shows up at once":
        "检查给你的 f 表现得像 GPU：f() 只把工作排进队列，由 backend.synchronize() 真正完成；"
        "在 n = 1 时，忘了预热，或者预热的工作没有等它完成，都会立刻暴露出来",
    # 15.best_of: messages
    "f was called {calls} times for n={n}; call it once to warm up, then n times":
        "n={n} 时 f 被调用了 {calls} 次；应先调用一次用来预热，再调用 n 次",
    "your function returned None instead of a time in seconds (is a `return` missing?)":
        "你的函数返回了 None，而不是以秒为单位的时间（是不是漏了 `return`？）",
    "n={n}: your timer says {t:.4f} s, but the fastest call's work took {best} s; "
    "f() returned before its work was done: wait for it before reading the clock":
        "n={n}：你的计时器给出 {t:.4f} 秒，但最快那次调用的工作就要 {best} 秒；"
        "f() 在工作完成之前就返回了：读时钟之前要等它完成",
    "n={n}: {t:.3f} s for a best of {best} s {rel:.1e}":
        "n={n}：测得 {t:.3f} 秒，最快一次应为 {best} 秒，相对误差 {rel:.1e}",
    "{n1}, {n3}": "{n1}；{n3}",
}
