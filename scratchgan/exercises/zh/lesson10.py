"""中文: the checks of lesson 10 (exercises/lesson10.py)."""

MESSAGES = {
    # 10.saturation_logit
    "invert the sigmoid: solve sigma(l) = eps for l by hand, then think about which logarithm keeps tiny eps exact":
        "把 sigmoid 函数反过来：先手算出 sigma(l) = eps 的解 l，再想一想用哪种对数才能让很小的 eps 不丢精度",
    "sigma(l) = eps  <=>  e^(-l) = 1/eps - 1; the answer is negative for eps < 1/2":
        "sigma(l) = eps  <=>  e^(-l) = 1/eps - 1；当 eps < 1/2 时答案是负数",
    "log(1 - eps) for eps ~ 1e-12 rounds: write it with np.log1p; sigma(l) ~ e^l (so l ~ log eps) is only "
    "the tail approximation":
        "eps ~ 1e-12 时 log(1 - eps) 会被舍入：改用 np.log1p 来写；sigma(l) ~ e^l（于是 l ~ log eps）"
        "只是尾部的近似",
    "sigma(your l*) / eps - 1 for eps = {eps}": "eps = {eps} 时的 sigma(你的 l*) / eps - 1",
    # 10.max_likelihood_dlogits
    "hold D* fixed, write the gradient of KL(p_data || p_g) as an expectation over p_g, and ask which function of "
    "the logit l* = log(p_data / p_g) appears inside it":
        "固定 D*，把 KL(p_data || p_g) 的梯度写成对 p_g 的期望，再看期望里出现的是 logit "
        "l* = log(p_data / p_g) 的哪个函数",
    "grad KL(p_data || p_g) = -sum_x p_data grad p_g / p_g = -sum_x grad p_g * (p_data / p_g); and "
    "grad E_{p_g}[f(l*)] = sum_x grad p_g * f(l*). Match the two":
        "grad KL(p_data || p_g) = -sum_x p_data grad p_g / p_g = -sum_x grad p_g * (p_data / p_g)；而 "
        "grad E_{p_g}[f(l*)] = sum_x grad p_g * f(l*)。让两者相等",
    "f(l) must equal -(p_data / p_g) written in l*, up to a constant; the loss is a MEAN over the batch, "
    "so each logit's gradient carries 1/B":
        "f(l) 必须等于用 l* 写出的 -(p_data / p_g)（可差一个常数）；损失是对整批取的平均，"
        "所以每个 logit 的梯度都带一个因子 1/B",
    "return dL/dlogits shaped like the logits {want}, got {shape}":
        "返回的 dL/dlogits 形状应与 logits 相同，即 {want}，实际得到 {shape}",
    "{sizes}, grid: grad matches grad KL(p_data||p_g) {grid:.1e}":
        "{sizes}，网格检验（梯度应等于 KL(p_data||p_g) 的梯度）{grid:.1e}",
}
