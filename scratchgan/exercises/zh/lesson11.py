"""中文: the checks of lesson 11 (exercises/lesson11.py)."""

MESSAGES = {
    # 11.log_grid
    "a constant ratio between neighbours is a constant step on a logarithmic axis: space the points evenly there":
        "相邻两点之比不变，就是在对数坐标轴上步长不变：在那条轴上均匀地放点",
    "take the log of both ends, put n evenly spaced points between them (np.linspace includes both ends), then undo "
    "the log; np.logspace would want the exponents, not lo and hi":
        "对两端取对数，在它们之间均匀放 n 个点（np.linspace 包含两端），再把对数还原回去；"
        "np.logspace 要的是指数，而不是 lo 和 hi 本身",
    # 11.grid_points
    "every combination of several lists is their Cartesian product; the standard library has it":
        "几个列表的所有组合就是它们的笛卡儿积；Python 标准库里就有现成的",
    "itertools.product(*lists) yields one tuple per combination in nested-loop order (the first list varies "
    "slowest); pair each tuple with the keys of the grid to make a dict":
        "itertools.product(*lists) 按嵌套循环的顺序为每个组合产生一个元组（第一个列表变化最慢）；"
        "把每个元组和网格的键配对，组成一个 dict",
    "{n} settings for a grid with {want} combinations: {grid}": "网格 {grid} 有 {want} 种组合，你给出了 {n} 组设置",
    "setting {i} is {a}, expected {b} (grid {grid}; the first key varies slowest)":
        "第 {i} 组设置是 {a}，应为 {b}（网格 {grid}；第一个键变化最慢）",
    "{n} grids, every combination in order": "{n} 个网格，每种组合都在且顺序正确",
    # 11.seed_summary
    "a spread estimated from the same few values as their mean has one degree of freedom fewer than values":
        "用算均值的同一批少量数值来估计离散程度，自由度比数值的个数少一个",
    "np.std divides by n unless you pass ddof=1 (divide by n - 1); the standard error of a mean of n independent "
    "values is the standard deviation divided by sqrt(n), not by n":
        "np.std 默认除以 n，传入 ddof=1 才除以 n - 1；n 个独立数值的均值的标准误差是标准差除以 sqrt(n)，"
        "而不是除以 n",
    "return three numbers (mean, std, stderr), got {kind}": "应返回三个数 (mean, std, stderr)，实际得到 {kind}",
    # 11.read_curves
    "for each panel ask three things: where does D's loss settle compared with log 4, do D(x) and D(G(z)) meet "
    "or stay apart, and do the curves calm down or keep swinging":
        "对每个子图问三件事：D 的损失最后停在哪里，和 log 4 比如何；D(x) 和 D(G(z)) 是汇合还是一直分开；"
        "曲线是平静下来还是一直摆动",
    "D winning: D's loss heads for 0 while D(x) -> 1 and D(G(z)) -> 0; healthy: D's loss near log 4 = 1.39 with "
    "D(x) and D(G(z)) both near 1/2; oscillation: swings that do not die down":
        "D 获胜：D 的损失趋向 0，同时 D(x) -> 1、D(G(z)) -> 0；健康：D 的损失在 log 4 = 1.39 附近，"
        "D(x) 和 D(G(z)) 都在 1/2 附近；振荡：摆动一直不衰减",
    "collapse is the quiet one: a calm level below log 4 (section 5 works out where, for one of two modes) and "
    "fewer modes than the data has; D winning is not calm, it keeps falling":
        "模式崩溃是安静的那个：一个低于 log 4 的平稳水平（第 5 节算出了只覆盖两个模式之一时它在哪里），"
        "而且覆盖的模式比数据的少；D 获胜时并不平静，损失一直在下降",
    "return a dict with one entry per panel {panels}, got {have}":
        "应返回一个 dict，每个子图 {panels} 各一项，实际得到 {have}",
    "unknown pitfall name(s) {unknown}: use {names}": "未知的陷阱名称 {unknown}：请用 {names}",
    "{right} of {n} panels read right": "{n} 个子图中判断对了 {right} 个",
    "share of panels read wrong": "读错的子图比例",
}
