"""中文: the checks of lesson 09 (exercises/lesson09.py)."""

MESSAGES = {
    # 09.simultaneous_matrix
    "near the equilibrium one simultaneous step is the identity plus h times the linearised field: "
    "which Jacobian describes the field once R1 is on?":
        "在均衡附近，一次同时更新就是单位矩阵加上 h 乘以线性化后的场：加上 R1 之后，描述这个场的是哪个雅可比矩阵？",
    "both players read the OLD (theta, psi); R1 only changes D's own row, and only in the psi column "
    "(it pulls psi back towards 0)":
        "两位玩家读取的都是旧的 (theta, psi)；R1 只改变 D 自己的那一行，而且只改变 psi 那一列（它把 psi 拉回 0）",
    "section 3 wrote the penalised Jacobian J_gamma; rows and columns are in the order (theta, psi)":
        "第 3 节写出了加惩罚后的雅可比矩阵 J_gamma；行和列按 (theta, psi) 的顺序排列",
    # 09.dirac_jacobian
    "write each player's loss as a function of the one product psi * theta near the origin, differentiate, "
    "then keep only what survives at (0, 0)":
        "在原点附近，把每位玩家的损失写成只含乘积 psi * theta 的函数，求导，然后只保留在 (0, 0) 处不为零的部分",
    "D's logit on the fake is l = -psi theta and on the real sample it is 0 whatever psi is; G descends its loss "
    "in theta, D descends its loss in psi, so v = (-dL_G/dtheta, -dL_D/dpsi)":
        "D 在生成样本上的 logit 是 l = -psi theta，在真实样本上无论 psi 取什么都是 0；G 调整 theta 使自己的损失下降，"
        "D 调整 psi 使自己的损失下降，所以 v = (-dL_G/dtheta, -dL_D/dpsi)",
    "hinge: near the origin both hinge terms sit on their straight parts (the kinks are at l = +-1), so the "
    "losses are linear in l (compare Wasserstein). "
    "Least squares: D's loss depends on psi only through l^2, so its psi-derivative carries a factor theta^2":
        "hinge：在原点附近，两个 hinge 项都处在直线段上（折点在 l = +-1），所以损失是 l 的线性函数"
        "（对比 Wasserstein）。最小二乘：D 的损失只通过 l^2 依赖于 psi，所以它对 psi 的导数带有因子 theta^2",
    "{kind}: return a (2, 2) array (rows and columns in the order theta, psi), got shape {shape}":
        "{kind}：应返回一个 (2, 2) 数组（行和列按 theta, psi 的顺序），实际得到的形状是 {shape}",
    # 09.xy_by_hand
    "one player at a time: the second player reads the first player's NEW value, not the old one":
        "一次只动一位玩家：第二位玩家读取的是第一位玩家的新值，而不是旧值",
    "y climbs f along df/dy = x, x descends f along df/dx = y, each with step 1: every update adds or subtracts "
    "the other coordinate":
        "y 沿 df/dy = x 使 f 上升，x 沿 df/dx = y 使 f 下降，步长都是 1：每次更新都是加上或减去另一个坐标",
    "y first: from (1, 1) the first point is (-1, 2); after six steps you are back where you started":
        "先更新 y：从 (1, 1) 出发，第一个点是 (-1, 2)；六步之后你会回到起点",
    "return the six points (x, y) after steps 1 to 6 as a (6, 2) array, got shape {shape}":
        "应把第 1 步到第 6 步之后的六个点 (x, y) 作为一个 (6, 2) 数组返回，实际得到的形状是 {shape}",
    "step(s) {steps} differ": "第 {steps} 步的点不对",
    "all six points": "比较了全部六个点",
    # 09.steps_to_double
    "after n steps the distance has been multiplied by |mu| n times: solve for n with a logarithm":
        "n 步之后，距离已经被乘了 n 次 |mu|：用对数解出 n",
    "take logs of |mu|^n = 2 and remember |mu| is a square root; for small h the number under the root is 1 + (tiny)":
        "对 |mu|^n = 2 两边取对数，并记住 |mu| 是一个平方根；h 很小时，根号下的数是 1 +（极小的数）",
    "log(1 + t) for t ~ 1e-9 loses digits in float64: np.log1p(t) keeps them":
        "t ~ 1e-9 时，log(1 + t) 在 float64 中会丢掉有效数字：np.log1p(t) 能保住它们",
    "relative error per pair, h from 1e-4 to 1": "每组 (h, a) 的相对误差，h 从 1e-4 到 1",
    # 09.averaged_step
    "write the running sum through the read-outs, a_t = (1 - beta^t) theta_bar_t and the same at t - 1, "
    "put both into a_t = beta a_(t-1) + (1 - beta) theta_t and solve for theta_bar_t":
        "用读出值来表示累计和：a_t = (1 - beta^t) theta_bar_t，t - 1 时也一样；把两者代入 "
        "a_t = beta a_(t-1) + (1 - beta) theta_t，再解出 theta_bar_t",
    "the identity beta (1 - beta^(t-1)) = (1 - beta^t) - (1 - beta) turns it into theta_bar_(t-1) + w_t (theta_t - "
    "theta_bar_(t-1)); the zero start shows as w_1 = 1":
        "恒等式 beta (1 - beta^(t-1)) = (1 - beta^t) - (1 - beta) 把它化成 theta_bar_(t-1) + w_t (theta_t - "
        "theta_bar_(t-1))；从零开始这件事体现为 w_1 = 1",
    "test your w_t by hand at beta = 0.5: theta_bar_2 must weigh theta_1 and theta_2 by 1/3 and 2/3":
        "在 beta = 0.5 时手算检验你的 w_t：theta_bar_2 给 theta_1 和 theta_2 的权重必须是 1/3 和 2/3",
    "beta {beta} (worst at t = {t}) {rel:.1e}": "beta {beta}：{rel:.1e}（最大误差在 t = {t}）",
    "{b05}, {b09}, {b099}, {b0999}": "{b05}；{b09}；{b099}；{b0999}",
    "largest difference": "最大差值",
}
