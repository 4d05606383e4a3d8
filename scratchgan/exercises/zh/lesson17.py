"""中文: the checks of lesson 17 (exercises/lesson17.py)."""

MESSAGES = {
    # 17.from_torch_grads: hint tiers
    "PyTorch's Linear stores its weight the other way round from our Dense, and names it differently":
        "PyTorch 的 Linear 存放权重的方式与我们的 Dense 正好反过来，而且名字也不一样",
    "split each key at the dot: 'weight' becomes 'W', an (out, in) array turned into (in, out); 'bias' becomes 'b', "
    "unchanged":
        "在点号处拆开每个键：'weight' 变成 'W'，(out, in) 的数组要变成 (in, out)；'bias' 变成 'b'，数组不变",
    "turn it with a transpose, not a reshape: a reshape keeps the numbers in memory order and scrambles the matrix":
        "用转置来变形，不要用 reshape：reshape 按内存顺序保留这些数，会把矩阵打乱",
    # 17.from_torch_grads: messages (the same sentence as in lesson 16)
    "return a dict with the keys {keys}, got {got}": "应返回一个键为 {keys} 的 dict，实际得到 {got}",
    # 17.g_grads_from_d_loss: hint tiers
    "only one half of D's loss depends on G; follow that half back through D into G, as the G step does":
        "D 的损失只有一半依赖于 G；像 G 那一步那样，沿着这一半穿过 D 反向传回 G",
    "the fake half of L_D is -mean log(1 - sigma(l_fake)); losses.discriminator_loss already returns dL_D/dl_fake, "
    "and D.backward turns it into dL_D/dfake for G.backward (zero G's grads first)":
        "L_D 中生成数据的那一半是 -mean log(1 - sigma(l_fake))；losses.discriminator_loss 已经返回了 dL_D/dl_fake，"
        "D.backward 会把它变成 dL_D/dfake，交给 G.backward（先把 G 的梯度清零）",
    "compare with the G step: G's loss there differs, so the gradient differs; how is the fake half of L_D "
    "related to the saturating (minimax) G loss?":
        "和 G 那一步比较：那里 G 的损失不同，所以梯度也不同；L_D 中与生成数据有关的那一半，和饱和（极小极大）G 损失是什么关系？",
    # 17.g_grads_from_d_loss: messages
    "return L_D (a number) as well as filling G.grads": "除了填好 G.grads，还要返回 L_D（一个数）",
    "D's parameters changed: compute gradients only, take no optimizer step":
        "D 的参数变了：只计算梯度，不要执行优化器的更新",
    "L_D {loss_err:.1e}; {grads} (against central differences of L_D in G's weights, float64)":
        "L_D {loss_err:.1e}；{grads}（与 L_D 对 G 的权重的中心差分比较，float64）",
}
