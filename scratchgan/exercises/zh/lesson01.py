"""中文: the checks of lesson 01 (exercises/lesson01.py)."""

MESSAGES = {
    # 01.log_odds_weights
    "write out the log of each numerator p(x|k) pi_k and subtract the two: some terms appear in both and cancel":
        "写出每个分子 p(x|k) pi_k 的对数，再把两者相减：有些项两边都有，会相互抵消",
    "with one shared covariance the quadratic terms -x^T S^-1 x / 2 cancel; what is left is linear in x: "
    "what multiplies x is w, everything else (the priors included) is b":
        "两类共用一个协方差时，二次项 -x^T S^-1 x / 2 相互抵消；剩下的是 x 的线性函数："
        "乘在 x 上的是 w，其余一切（包括先验）都是 b",
    "w is built from the two means through S^-1 (np.linalg.solve(cov, v) gives S^-1 v without inverting); "
    "b has one quadratic form mu_k^T S^-1 mu_k per class, each with a factor 1/2, and the log of the prior ratio":
        "w 由两个均值经 S^-1 构成（np.linalg.solve(cov, v) 不用求逆就能得到 S^-1 v）；"
        "b 里每个类别各有一个二次型 mu_k^T S^-1 mu_k，各带系数 1/2，再加上先验之比的对数",
    # 01.posterior
    "far from the data both densities underflow to 0 and the ratio is 0/0: stay in logs, and rescale before "
    "leaving them":
        "远离数据处两个密度都下溢为 0，比值成了 0/0：全程在对数里计算，到最后取指数之前先做一次缩放",
    "let a_k = log p(x|k) + log pi_k; subtracting the same number from a_0 and a_1 leaves the posterior unchanged, "
    "so pick the number that makes the larger exponent exactly 0":
        "令 a_k = log p(x|k) + log pi_k；从 a_0 和 a_1 中减去同一个数，后验不变，"
        "所以就选那个让较大的指数恰好为 0 的数",
    "after that shift one class gives exp(0) = 1 and the other a number in [0, 1]: nothing underflows to 0/0. "
    "(Or: the posterior is a sigmoid of a_1 - a_0, and layers.sigmoid is stable.)":
        "这样平移之后，一个类别给出 exp(0) = 1，另一个给出 [0, 1] 中的某个数：不会再下溢成 0/0。"
        "（另一种做法：后验是 a_1 - a_0 的 sigmoid 函数，而 layers.sigmoid 是数值稳定的。）",
    "on 60 points near the data and 20 far out": "在数据附近的 60 个点和远处的 20 个点上",
}
