"""中文: the checks of lesson 12 (exercises/lesson12.py)."""

MESSAGES = {
    # 12.mode_coverage: hint tiers
    "measure distances in units of the mixture's standard deviation, and let only high-quality samples vote for a mode":
        "距离要以混合分布的标准差为单位来量，而且只让高质量样本给模式投票",
    "distances (N, K) by broadcasting x[:, None] - modes[None]; the nearest mode is the argmin over K; a sample is "
    "high quality when that distance is under 3 std; np.bincount(..., minlength=K) counts the votes per mode":
        "用广播 x[:, None] - modes[None] 得到 (N, K) 的距离；最近的模式是沿 K 取 argmin；这个距离小于 3 个标准差的样本是高质量的；"
        "np.bincount(..., minlength=K) 数出每个模式得到的票数",
    "the reverse KL sums only over modes that got votes (0 log 0 = 0), with p_k = n_k / (all votes) and the "
    "uniform 1/K inside the log; with no vote at all return (0, 0.0, inf)":
        "反向 KL 只对得到选票的模式求和（0 log 0 = 0），其中 p_k = n_k / (总票数)，log 里面是均匀分布的 1/K；"
        "一票都没有时返回 (0, 0.0, inf)",
    # 12.mode_coverage: messages
    "ring, 3 modes": "ring（3 个模式）",
    "grid, blurred": "grid（模糊）",
    "ring, uniform": "ring（均匀）",
    "ring, 2 modes + far": "ring（2 个模式 + 远处的点）",
    "return three numbers (captured, high_quality, reverse_kl), got {kind}":
        "应返回三个数 (captured, high_quality, reverse_kl)，实际得到 {kind}",
    "samples far from every mode should give (0, 0.0, inf), got {out}":
        "离所有模式都很远的样本应得到 (0, 0.0, inf)，实际得到 {out}",
    # 12.pack: hint tiers
    "one reshape does it, once you know which index runs fastest through memory":
        "一次 reshape 就够了，只要你知道在内存里哪个下标变化得最快",
    "NumPy's default (C) order runs the last axis fastest: reading a (B, dim) array row after row and cutting the "
    "stream every m * dim numbers puts m consecutive samples side by side":
        "NumPy 默认的（C）顺序里最后一个轴变化最快：把 (B, dim) 数组一行接一行地读出来，每 m * dim 个数切一刀，"
        "就把 m 个相邻的样本并排放在了一起",
    # 12.smallest_pack: hint tiers
    "redo section 4's count with j missing modes instead of one: which real packs can the generator never produce?":
        "把第 4 节的计数重做一遍，只是缺的模式从一个变成 j 个：哪些真实的包是生成器永远产生不了的？",
    "a real pack avoids all j missing modes with probability (1 - j/K)^m, and on exactly those tuples Q^m > P^m; "
    "so the total variation is one minus that probability":
        "一个真实的包以概率 (1 - j/K)^m 避开全部 j 个缺失的模式，而恰好在这些元组上 Q^m > P^m；"
        "所以总变差等于 1 减去这个概率",
    "set that total variation >= tau and solve for m with logarithms (dividing by a negative log flips the "
    "inequality); m is a whole number, so round up":
        "令这个总变差 >= tau，取对数解出 m（除以一个负的对数时不等号要反向）；m 是整数，所以要向上取整",
    # 12.smallest_pack: messages
    "smallest_pack({K}, {j}, {tau}) = {m}: a pack holds a whole number of samples":
        "smallest_pack({K}, {j}, {tau}) = {m}：一个包里的样本数必须是整数",
    "(K={K}, j={j}, tau={tau}): {g}, expected {w}": "(K={K}, j={j}, tau={tau})：得到 {g}，应为 {w}",
    "{n} of {total} wrong, e.g. {first}": "{total} 个情形中错了 {n} 个，例如 {first}",
    "{n} cases, from m = {low} to m = {high}": "{n} 个情形，m 从 {low} 到 {high}",
    "cases wrong": "答错的情形数",
}
