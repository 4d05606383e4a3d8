"""中文: the checks of lesson 14 (exercises/lesson14.py)."""

MESSAGES = {
    # 14.interpolate: hint tiers
    "one value of t per row, evenly spaced with both ends included; broadcasting does the rest":
        "每行一个 t 值，均匀分布，两端都包含；其余的交给广播",
    "make t a column of shape (n, 1) (np.linspace includes the end point); z0 and z1 of shape (d,) then "
    "broadcast against it; t = 0 must give z0":
        "把 t 做成形状为 (n, 1) 的列（np.linspace 包含终点）；形状为 (d,) 的 z0 和 z1 就会与它广播；t = 0 必须给出 z0",
    # 14.slerp: hint tiers
    "you walk along the angle between the two codes; get that angle from their dot product, normalised":
        "你是沿着两个编码之间的夹角走的；这个角由它们归一化后的点积得到",
    "cos Omega is the dot product divided by both norms (clip it to [-1, 1] before np.arccos); t is a column of "
    "shape (n, 1) as in exercise 1; the weights are the two sines of the formula above the cell":
        "cos Omega 等于点积除以两个范数（在 np.arccos 之前把它截断到 [-1, 1]）；t 和练习 1 一样是形状为 (n, 1) 的列；"
        "两个权重就是单元格上方公式里的两个正弦",
    # 14.slerp: messages
    "norm kept": "范数保持",
    # 14.score_of_k_classes: hint tiers
    "every sample has the same KL to p(y) by symmetry, so find p(y) first: which classes get mass, and how much":
        "由对称性，每个样本到 p(y) 的 KL 都相同，所以先求 p(y)：哪些类别分到了质量，各分到多少",
    "a drawn class gets (1 - eps) from the 1/k of samples that are its own and eps/(K - 1) from the other drawn "
    "samples; an undrawn class gets eps/(K - 1) from every sample":
        "被画到的类别从属于它自己的那 1/k 的样本得到 (1 - eps)，从其他被画到的样本各得到 eps/(K - 1)；"
        "没被画到的类别从每个样本都得到 eps/(K - 1)",
    "one row's KL has three groups of terms: its own class, the k - 1 other drawn classes, and the K - k undrawn "
    "ones (which add 0, since there p(y|x) = p(y))":
        "一行的 KL 分三组项：它自己的类别、其余 k - 1 个被画到的类别，以及 K - k 个没被画到的类别"
        "（这一组贡献为 0，因为那里 p(y|x) = p(y)）",
}
