"""中文: the checks of lesson 08 (exercises/lesson08.py)."""

MESSAGES = {
    # 08.algorithm1
    "call the two halves yourself: k discriminator updates, each on its own slice of the real rows, then one "
    "generator update":
        "自己调用博弈的两半：先做 k 次判别器更新，每次用真实数据里属于它自己的那一段行，然后做一次生成器更新",
    "D update i sees rows [i*B, (i+1)*B) of real, with B = len(real) // k, and the fakes G(z) of the same z every "
    "time; G's update uses that z too":
        "第 i 次 D 更新用 real 的第 [i*B, (i+1)*B) 行，其中 B = len(real) // k，生成数据每次都是同一个 z 的 G(z)；"
        "G 的更新也用这个 z",
    "in D's half the fakes are a constant batch (game.G(z), no cache); train_step would do a single D update here, "
    "because this game was built with d_steps=1":
        "在 D 的半回合里，生成数据是一个固定的批（用 game.G(z) 即可，不保留缓存）；在这里调用 train_step 只会做一次 "
        "D 更新，因为这个博弈是用 d_steps=1 构造的",
    "G and D parameters after 3 rounds, k = 1 and 3 (worst: {worst})":
        "比较了 3 个回合之后 G 和 D 的参数，k = 1 和 3（误差最大：{worst}）",
    # 08.exploitability
    "each gain compares V now with V after that player's best reply to the other player's current move":
        "每个收益都是在比较：现在的 V，和这位玩家针对对方当前的策略做出最优应对之后的 V",
    "D's best reply to G is D* (lesson 06), so max over D' of V is C(G); G's best reply to a fixed D moves all "
    "of q to the single point where d is largest":
        "D 对 G 的最优应对是 D*（第 06 课），所以 V 对 D' 取的最大值就是 C(G)；G 对固定的 D 的最优应对，"
        "是把 q 的全部质量移到 d 最大的那一个点上",
    "0 log 0 = 0: let points with p = 0 (or q = 0) add nothing, e.g. with np.where; log(1 - d) is np.log1p(-d)":
        "0 log 0 = 0：让 p = 0（或 q = 0）的点什么也不加，例如用 np.where；log(1 - d) 写作 np.log1p(-d)",
    "return two numbers (gain_D, gain_G), got {kind}": "应返回两个数 (gain_D, gain_G)，实际得到的是 {kind}",
    "random {random:.1e}, D = D* {optimal:.1e}, Nash {nash:.1e}":
        "随机 D {random:.1e}，D = D* {optimal:.1e}，纳什均衡 {nash:.1e}",
    # 08.gan_step (capstone, part 1)
    "two halves, each with its own forward pass, loss, backward pass and optimizer step; in the second half D is "
    "the road the gradient travels along, not a player that moves":
        "分成两半，每一半都有自己的前向传播、损失、反向传播和优化器步；在后一半里，D 只是梯度经过的路，"
        "而不是一位会移动的玩家",
    "D's half: start from clean gradients, send the real batch and G(z) through D, let losses.discriminator_loss "
    "give dL/dlogits for both, backpropagate both (they add up), step D's optimizer. G's half: G(z) through the "
    "updated D, losses.generator_loss, D's backward only for the gradient it returns, then G's backward and G's step":
        "D 的半回合：从清零的梯度开始，把真实批和 G(z) 都送进 D，由 losses.discriminator_loss 给出两者的 "
        "dL/dlogits，两者都做反向传播（梯度相加），然后让 D 的优化器走一步。G 的半回合：把 G(z) 送进更新后的 D，"
        "用 losses.generator_loss，D 的反向传播只为了取得它返回的梯度，然后是 G 的反向传播和 G 的一步",
    "backward ADDS into grads, and D's backward in G's half adds too: clear D's and G's gradients at the start of "
    "their halves; never step d_opt in G's half; G's half must run through D after d_opt.step()":
        "backward 是往 grads 里累加的，G 的半回合中 D 的 backward 也会累加：在各自的半回合开始时把 D 和 G 的梯度清零；"
        "在 G 的半回合里绝不要让 d_opt 走一步；G 的半回合必须在 d_opt.step() 之后再经过 D",
    "return the two losses (d_loss, g_loss), got {kind}": "应返回两个损失 (d_loss, g_loss)，实际得到的是 {kind}",
    "the parameters agree but the returned losses differ from train_step's by {off:.1e} "
    "(relative): return (d_loss, g_loss), each the loss of the batch before its own update":
        "参数一致，但返回的损失与 train_step 的相差 {off:.1e}（相对）：应返回 (d_loss, g_loss)，"
        "每个都是这一批在各自更新之前的损失",
    "every parameter of G and D after 4 steps from 2 starts, float64 (worst: {worst})":
        "比较了从 2 个起点各走 4 步之后 G 和 D 的每个参数，float64（误差最大：{worst}）",
    "seed {seed} {player_param}": "种子 {seed} 的 {player_param}",
    # 08.train_ring (capstone, part 2)
    "a GAN needs players that can bend space and a loop that shows them new data: a nonlinearity between Dense "
    "layers, fresh real and noise batches every step, and an optimizer for each player":
        "GAN 需要能把空间弯折的玩家，以及一个不断给它们看新数据的循环：全连接层之间要有非线性，"
        "每一步都要有新的真实批和噪声批，每位玩家各有一个优化器",
    "an MLP with two hidden layers of 64 for each player is plenty (ReLU for G, LeakyReLU for D); Adam with "
    "betas=(0.5, 0.999) and lr of a few 1e-3; batches of 64 from ring.sample(B, rng), z of matching size from rng":
        "每位玩家用一个有两个 64 单元隐藏层的 MLP 就足够了（G 用 ReLU，D 用 LeakyReLU）；Adam 取 "
        "betas=(0.5, 0.999)，lr 取几个 1e-3；批大小 64，由 ring.sample(B, rng) 采样，z 也从 rng 抽取，大小与之相同",
    "G's last layer is a bare Dense: the ring has negative coordinates; each Adam gets its own network; the check "
    "samples G with 2-D noise, so draw z of shape (B, 2)":
        "G 的最后一层是不加激活函数的 Dense：圆环上有负坐标；每个 Adam 配它自己的网络；检查用二维噪声对 G 采样，"
        "所以 z 的形状要取 (B, 2)",
    "G(z) for z of shape {z_shape} gave shape {x_shape}; the ring is 2-D: G must output (B, 2)":
        "形状为 {z_shape} 的 z 得到的 G(z) 形状是 {x_shape}；圆环是二维的：G 的输出必须是 (B, 2)",
    "return the trained generator G (a layer, e.g. layers.Sequential)":
        "应返回训练好的生成器 G（一个层，例如 layers.Sequential）",
    "{modes}/{n_modes} modes captured, {high_quality:.0%} of samples high quality "
    "(need at least {need_modes} and {need_high_quality:.0%})":
        "覆盖了 {modes}/{n_modes} 个模式，{high_quality:.0%} 的样本是高质量的"
        "（至少需要 {need_modes} 个模式、{need_high_quality:.0%} 的高质量样本）",
    "shortfall (missed modes + missing high-quality share)": "差额（漏掉的模式数 + 高质量比例的不足）",
}
