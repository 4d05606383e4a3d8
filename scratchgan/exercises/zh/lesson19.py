"""中文: the checks of lesson 19 (exercises/lesson19.py)."""

MESSAGES = {
    # 19.concat_first_layer: hint tiers
    "write h = [x, onehot(y)] @ W + b as two products, one for each block of columns of the input [x, onehot(y)], "
    "i.e. of rows of W":
        "把 h = [x, onehot(y)] @ W + b 写成两个乘积：拼接输入 [x, onehot(y)] 的每一块列各一个，也就是 W 的每一块行各一个",
    "the x block meets W's first F rows; a one-hot row times a matrix picks one row of it: which row of W does "
    "class y pick, counting from the top of the whole W?":
        "x 那一块和 W 的前 F 行相乘；一个 one-hot 行乘以一个矩阵，就是挑出它的一行：从整个 W 的顶部数起，"
        "类别 y 挑出的是 W 的哪一行？",
    # 19.concat_first_layer: messages
    "seed {s0} {r0:.1e}, seed {s1} {r1:.1e}": "种子 {s0}：{r0:.1e}，种子 {s1}：{r1:.1e}",
    # 19.projection_backward: hint tiers
    "the logit has two terms that both contain h: each gives h a gradient, and they add up":
        "logit 中有两项都含有 h：每一项都给 h 一个梯度，两者相加",
    "d(e . h)/dh = e and d(e . h)/de = h, each times the upstream dl; for E, row y_b of the table gets "
    "row b's gradient, and a class drawn twice gets both":
        "d(e . h)/dh = e，d(e . h)/de = h，各自再乘以上游的 dl；对 E 来说，表的第 y_b 行得到第 b 行样本的梯度，"
        "一个被抽到两次的类别两份都要得到",
    "build dE as zeros shaped like E and add every row's gradient into its class's row with np.add.at: "
    "dE[labels] += ... keeps only one of the repeated rows":
        "先建一个和 E 形状相同的全零 dE，再用 np.add.at 把每一行样本的梯度加到它所属类别的那一行上："
        "dE[labels] += ... 对重复的行只会保留其中一个",
    # 19.projection_backward: messages
    "dh (seed {s0}) {h0:.1e}, dE (seed {s0}) {e0:.1e}, dh (seed {s1}) {h1:.1e}, dE (seed {s1}) {e1:.1e}":
        "dh（种子 {s0}）{h0:.1e}，dE（种子 {s0}）{e0:.1e}，dh（种子 {s1}）{h1:.1e}，dE（种子 {s1}）{e1:.1e}",
}
