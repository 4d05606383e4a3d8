"""中文: the checks of lesson 13 (exercises/lesson13.py)."""

MESSAGES = {
    # 13.optimal_logit
    "D chooses its output separately at each x: minimise p * (loss on a real logit) + q * (loss on a fake logit) "
    "over the single number l":
        "D 在每个 x 处各自选择输出：对单个数 l 求 p * (真实样本 logit 上的损失) + q * (生成样本 logit 上的损失) "
        "的最小值",
    "for the smooth losses set the derivative in l to zero; the hinge loss is piecewise linear, so compare the "
    "slope on [-1, 1] (where both terms are active) with what happens outside":
        "对光滑的损失，令关于 l 的导数为零；hinge 损失是分段线性的，所以要比较 [-1, 1] 上（两项都起作用）"
        "的斜率和区间外的情况",
    "BCE asks for a logit, not a probability: your l* goes through a sigmoid before it is D*; least squares needs "
    "no sigmoid; the hinge answer lands on one of the two margins":
        "BCE 要的是 logit 而不是概率：你的 l* 要经过 sigmoid 函数才是 D*；最小二乘不需要 sigmoid；"
        "hinge 的答案落在两个间隔边界之一上",
    # 13.wgan_gp_linear
    "P depends on w only through its length ||w||: use the chain rule through the norm":
        "P 只通过 w 的长度 ||w|| 依赖于 w：对范数用链式法则",
    "d||w||/dw is the unit vector w / ||w||; the outer function is lam (n - 1)^2":
        "d||w||/dw 是单位向量 w / ||w||；外层函数是 lam (n - 1)^2",
    "check your answer at ||w|| = 1 (the gradient must vanish there) and for ||w|| > 1 (it must point along w)":
        "在 ||w|| = 1 处检查你的答案（梯度在那里必须为零），再在 ||w|| > 1 时检查（梯度必须沿着 w 的方向）",
    "return two things (P, dP_dw), got {kind}": "应返回两样东西 (P, dP_dw)，实际得到 {kind}",
    # 13.hinge_d_loss
    "each hinge term is either flat or a straight line: its gradient is 0 or a constant, depending on which side "
    "of its margin the logit sits":
        "每个 hinge 项要么是平的，要么是一条直线：它的梯度是 0 或一个常数，取决于 logit 落在其间隔边界的哪一侧",
    "the loss is a MEAN over each batch, so every logit's gradient carries 1 / (that batch's size); real logits are "
    "pushed up (negative gradient) while below 1, fake logits pushed down while above -1":
        "损失是对每一批取的平均，所以每个 logit 的梯度都带一个因子 1 / (该批的大小)；真实样本的 logit 低于 1 时"
        "被往上推（梯度为负），生成样本的 logit 高于 -1 时被往下推",
    "build boolean masks for the active terms and turn them into floats shaped like the logits":
        "为起作用的项构造布尔掩码，再把它们转成与 logits 形状相同的浮点数组",
    "return three things (loss, d_real, d_fake), got {kind}": "应返回三样东西 (loss, d_real, d_fake)，实际得到 {kind}",
}
