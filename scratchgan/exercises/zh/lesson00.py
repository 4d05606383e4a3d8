"""中文: the checks of lesson 00 (exercises/lesson00.py)."""

MESSAGES = {
    # 00.first_discriminator_gradient
    "with w = 0, D is the same number everywhere, so the gradient is a difference of two expectations of phi(x)":
        "w = 0 时 D 处处是同一个数，所以梯度是 phi(x) 的两个期望之差",
    "D = 1/2 makes both weights 1/2; then you need E[u] and E[u^2] of a Gaussian: the second one is not E[u]^2":
        "D = 1/2 使两项的权重都是 1/2；接下来要用到高斯分布下的 E[u] 和 E[u^2]：后者并不等于 E[u]^2",
    "E[u^2] = Var(u) + E[u]^2, with Var(u) = std^2 / s^2 and E[u] = (mean - c) / s; the answer has three entries, "
    "the first one is 0":
        "E[u^2] = Var(u) + E[u]^2，其中 Var(u) = std^2 / s^2，E[u] = (mean - c) / s；答案有三个分量，第一个是 0",
    "return the gradient for (w0, w1, w2), shape (3,), got shape {shape}":
        "请返回对 (w0, w1, w2) 的梯度，形状为 (3,)，实际得到的形状是 {shape}",
    "{n} pairs of Gaussians, against their moments": "{n} 对高斯分布，与它们的矩相比较",
    # 00.best_reply
    "sigmoid is increasing, so D is largest where its logit is largest: maximise a parabola in u, then go back to x":
        "sigmoid 函数单调递增，所以 D 在它的 logit 最大处最大：先求一条关于 u 的抛物线的最大值点，再换回 x",
    "set d l / d u = w1 + 2 w2 u to zero; the u you find is in standardised units, and x = c + s u":
        "令 d l / d u = w1 + 2 w2 u 等于零；求出的 u 是标准化后的单位，而 x = c + s u",
    "six discriminators with w2 < 0, against a grid search": "六个 w2 < 0 的判别器，与网格搜索相比较",
    # 00.optimal_weights
    "the log of a Gaussian density is a quadratic in x; write x = c + s u and collect the powers of u":
        "高斯密度的对数是 x 的二次式；代入 x = c + s u，再按 u 的幂次合并同类项",
    "log N(x; m, v) = -log sqrt(2 pi v) - (s u + c - m)^2 / (2 v): expand the square, for the data and for p_g "
    "(whose variance is a^2), and subtract; the 2 pi cancels but the log of the standard deviations does not":
        "log N(x; m, v) = -log sqrt(2 pi v) - (s u + c - m)^2 / (2 v)：对数据和 p_g（其方差为 a^2）分别展开平方，"
        "再相减；2 pi 会消掉，但标准差的对数不会",
    "return (w0, w1, w2), shape (3,), got shape {shape}": "请返回 (w0, w1, w2)，形状为 (3,)，实际得到的形状是 {shape}",
    "{n} pairs of Gaussians, against a least-squares fit of log p_data - log p_g":
        "{n} 对高斯分布，与 log p_data - log p_g 的最小二乘拟合相比较",
}
