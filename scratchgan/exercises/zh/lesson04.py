"""中文: the checks of lesson 04 (exercises/lesson04.py)."""

MESSAGES = {
    # 04.bce_loss: hint tiers
    "never take the log of a sigmoid: rewrite both logs of the loss in terms of the logit itself":
        "永远不要对 sigmoid 取对数：把损失里的两个对数都直接用 logit 本身改写",
    "log sigma(l) and log(1 - sigma(l)) are both minus a softplus (of -l and of l), so the loss is a weighted sum "
    "of two softplus terms":
        "log sigma(l) 和 log(1 - sigma(l)) 都是某个 softplus 的相反数（分别是 -l 的和 l 的），所以损失是两个 softplus "
        "项的加权和",
    "softplus must not overflow either: factor e^max(l, 0) out of log(1 + e^l), and use np.log1p for the small "
    "remainder":
        "softplus 本身也不能上溢：从 log(1 + e^l) 里提出 e^max(l, 0)，剩下的小量用 np.log1p 计算",
    # 04.generator_grads: hint tiers
    "differentiate each loss in the logit; then ask which way of computing the result keeps its digits where the "
    "true value is tiny":
        "把每个损失对 logit 求导；再想一想：在真实值极小的地方，哪种算法能保住有效数字",
    "the minimax slope is minus sigma(l), the non-saturating one minus (1 - sigma(l)); this check compares entry "
    "by entry, down to values like 1e-17":
        "极小极大损失的斜率是 sigma(l) 的相反数，非饱和损失的是 (1 - sigma(l)) 的相反数；这个检查逐个元素比较，"
        "一直比到 1e-17 这样小的值",
    "1 - sigma(l) typed as written loses most of its digits from l = 20 on, and all of them once sigma(l) rounds "
    "to 1 (l above about 37); 1 - sigma(l) is itself a sigmoid":
        "照原样写的 1 - sigma(l) 从 l = 20 起就丢掉大部分有效数字，一旦 sigma(l) 舍入成 1（l 大约超过 37）就全部丢光；"
        "1 - sigma(l) 本身就是一个 sigmoid",
}
