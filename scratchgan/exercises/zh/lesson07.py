"""中文: the checks of lesson 07 (exercises/lesson07.py)."""

MESSAGES = {
    # 07.gradient_to_generator: hint tiers, then what the check reports
    "the fake batch is D's input: D's backward pass hands back the gradient with respect to its input":
        "这批生成样本是 D 的输入：D 的反向传播会交回对其输入的梯度",
    "forward the fakes through D keeping the cache, get dL/dlogits from the generator's (non-saturating) loss, "
    "then run D's backward with that cache":
        "让生成样本前向传播通过 D 并保留缓存，从生成器的（非饱和）损失得到 dL/dlogits，再用那个缓存运行 D 的反向传播",
    "return what D.backward returns, shaped like fake; it also adds into D.grads, which a generator step never uses":
        "返回 D.backward 的返回值，形状与 fake 相同；它也会累加到 D.grads 里，但生成器的更新从不使用这些梯度",
    "return dL/dfake with the fake batch's shape {want}, got {shape}":
        "应返回形状为 {want}（与生成批相同）的 dL/dfake，实际得到的形状是 {shape}",
    "against central differences on 16 fake points, float64":
        "在 16 个生成点上与中心差分比较，float64",
    # 07.affine_generator_grads
    "the chain rule three times: loss -> each logit -> each fake point -> w and b; the loss is a batch mean":
        "用三次链式法则：损失 -> 每个 logit -> 每个生成点 -> w 和 b；损失是对整个批的平均",
    "d softplus(u)/du = sigmoid(u); the non-saturating loss is a softplus of -logit, the minimax loss minus a "
    "softplus of +logit; each fake x_i moves logit_i by a per unit":
        "d softplus(u)/du = sigmoid(u)；非饱和损失是 -logit 的 softplus，极小极大损失是 +logit 的 softplus 的相反数；"
        "生成点 x_i 每移动一个单位，logit_i 就变化 a",
    "dL/db sums dL/dx_i over the batch, dL/dw weights each term by its z_i; where D rejects a fake hard (logit "
    "-30) one of the two losses has a gradient of about 1e-13 / m: compute that sigmoid directly, not as 1 minus "
    "something close to 1":
        "dL/db 是 dL/dx_i 在整个批上的和，dL/dw 给每一项乘上它的 z_i；在 D 坚决拒绝生成样本的地方（logit 为 -30），"
        "两种损失之一的梯度约为 1e-13 / m：直接计算那个 sigmoid，不要写成 1 减去一个接近 1 的数",
    "return two numbers (dL/dw, dL/db), got {kind}":
        "应返回两个数（dL/dw, dL/db），实际得到 {kind}",
    "each gradient relative to its own size, 3 (G, D) pairs x 2 losses (worst: {worst_name})":
        "每个梯度按它自身的大小计相对误差，3 组 (G, D) × 2 种损失（最差：{worst_name}）",
    # 07.pushforward_density
    "change of variables: the noise density at z, divided by how much G stretches space at z":
        "变量替换：z 处的噪声密度，除以 G 在 z 处把空间拉伸了多少",
    "G'(z) is one backward pass with an upstream gradient of ones: the rows are independent, so row i gets G'(z_i)":
        "G'(z) 就是一次上游梯度全为 1 的反向传播：各行相互独立，所以第 i 行得到 G'(z_i)",
    "a decreasing G has G' < 0 and a density cannot be negative; return a flat array of shape (B,)":
        "递减的 G 有 G' < 0，而密度不能是负数；返回形状为 (B,) 的一维数组",
    "increasing tanh G {e_up:.1e}, decreasing affine G {e_down:.1e}":
        "递增的 tanh G {e_up:.1e}，递减的仿射 G {e_down:.1e}",
}
