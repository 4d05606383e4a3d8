"""中文: the checks of lesson 05 (exercises/lesson05.py)."""

MESSAGES = {
    # 05.momentum_step: hint tiers
    "two updates, in order: first the velocity, from its old value and the new gradient; then p, moved by the NEW "
    "velocity":
        "两次更新，有先后顺序：先由速度的旧值和新的梯度更新速度；再用“新”的速度移动 p",
    "the lesson's (PyTorch's) convention: the gradient enters v whole, with no (1 - mu) factor, and lr multiplies v":
        "用本课（也是 PyTorch）的约定：梯度整个加进 v，不乘 (1 - mu)，lr 乘在 v 上",
    "return both new arrays, p first; the check feeds your v back in at the next step, so a v that is off by a "
    "factor, or a p moved by the old v, shows up within a few steps":
        "返回两个新数组，p 在前；检查在下一步会把你的 v 再传回来，所以 v 差了一个因子，或者 p 是用旧的 v 移动的，"
        "几步之内就会暴露",
    # 05.adam_step: hint tiers
    "two running averages (of g and of g^2), each corrected for having started at zero, then one step per coordinate":
        "两个移动平均（g 的和 g^2 的），各自校正从零开始带来的偏差，然后每个坐标各走一步",
    "the correction divides by 1 - beta^t with t counting from 1; eps is added AFTER the square root "
    "(the check has a gradient of 1e-7, where the place of eps changes the step)":
        "校正是除以 1 - beta^t，t 从 1 开始数；eps 加在开平方“之后”（检查里有一个 1e-7 的梯度，在那里 eps "
        "的位置会改变步长）",
    "return the UNcorrected m and v: the corrected ones only make the step, and the next call carries on from m and v":
        "返回“未校正”的 m 和 v：校正后的只用来算这一步，下一次调用要接着 m 和 v 继续算",
}
