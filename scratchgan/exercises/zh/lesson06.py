"""中文: the checks of lesson 06 (exercises/lesson06.py)."""

MESSAGES = {
    # 06.gaussian_optimal_logit: hint tiers, then what the check reports
    "stay in log space: a log of a ratio is a difference of logs, and a Gaussian's log has no exp in it":
        "始终在对数空间里计算：比值的对数是对数之差，而高斯密度的对数里没有 exp",
    "write log N(x; mu, s^2) out in full for each density and subtract; the log(2 pi) parts cancel, the "
    "normalising constants leave one log of the two widths, and two squared terms remain":
        "把每个密度的 log N(x; mu, s^2) 完整写出来再相减：log(2 pi) 的部分相互抵消，归一化常数只留下一项关于两个宽度的"
        "对数，另外还剩两个平方项",
    "at |x| = 60 each density is about exp(-7000), which is exactly 0 in float64, so forming p_data / p_g "
    "gives 0/0 = NaN there: never call np.exp":
        "在 |x| = 60 处每个密度约为 exp(-7000)，在 float64 里恰好是 0，所以在那里计算 p_data / p_g 会得到 "
        "0/0 = NaN：一次也不要调用 np.exp",
    "three pairs of Gaussians on x in [-5, 10] and at x = -60, 60":
        "三对高斯分布，x 取 [-5, 10] 内的点以及 x = -60、60",
    # 06.value_on_grid
    "log D and log(1 - D) each have a form in the logit that never rounds D to 0 or 1 (lesson 04)":
        "log D 和 log(1 - D) 各有一种用 logit 表示的写法，永远不会把 D 舍入成 0 或 1（第 04 课）",
    "log sigmoid(l) and log(1 - sigmoid(l)) are both minus a softplus (losses.softplus), of -l and of l; "
    "weight them by the two densities (the exp of the given logs)":
        "log sigmoid(l) 和 log(1 - sigmoid(l)) 都是某个 softplus（losses.softplus）的相反数，分别是 -l 的和 l 的；"
        "再用两个密度（即所给对数的 exp）给它们加权",
    "the trapezoid rule (any grid spacing): sum over i of (f[i] + f[i+1]) / 2 * (x[i+1] - x[i])":
        "梯形法则（网格间距可以不均匀）：对 i 求和 (f[i] + f[i+1]) / 2 * (x[i+1] - x[i])",
    "D* (V = -log 4 + 2 JSD), a linear logit and a saturated one":
        "D*（V = -log 4 + 2 JSD）、一个线性的 logit 和一个饱和的 logit",
    # 06.jsd_on_grid
    "JSD compares each density with their average, the mixture m; build log m from the two logs without "
    "leaving log space":
        "JS 散度把每个密度与两者的平均（混合分布 m）作比较；不离开对数空间，由两个对数构造出 log m",
    "log m = log((p + q) / 2): np.logaddexp adds two numbers given by their logs, and the /2 is a shift by log 2":
        "log m = log((p + q) / 2)：np.logaddexp 把两个以对数形式给出的数相加，而 /2 就是平移 log 2",
    "JSD is the mean of KL(p || m) and KL(q || m), each an integral of a density times a difference of logs "
    "(trapezoid rule); equal inputs must give 0 and far-apart ones log 2":
        "JSD 是 KL(p || m) 与 KL(q || m) 的平均，每一个都是密度乘以对数之差的积分（梯形法则）；两个输入相同时必须得到 0，"
        "相距很远时得到 log 2",
    "equal Gaussians (JSD 0), overlapping ones, and far-apart ones (JSD log 2)":
        "相同的两个高斯分布（JSD 为 0）、相互重叠的两个、相距很远的两个（JSD 为 log 2）",
}
