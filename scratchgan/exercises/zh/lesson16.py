"""中文: the checks of lesson 16 (exercises/lesson16.py)."""

MESSAGES = {
    # 16.parity_step: hint tiers
    "two runs can be compared number by number only if everything random is fixed before it is drawn, on the "
    "backend being tested":
        "只有把一切随机量在生成之前就固定下来（并且是在被测试的后端上），两次运行才能逐个数字地比较",
    "inside `with backend.use(name)`: seed first, then build with make_gan(), move real and z onto the device, "
    "take one train_step":
        "在 `with backend.use(name)` 里面：先设定种子，再用 make_gan() 构建，把 real 和 z 搬到设备上，"
        "执行一次 train_step",
    "game.state_dict() already copies every array to the host; keep only its keys that start with 'G/' or 'D/'":
        "game.state_dict() 已经把每个数组复制到了主机上；只保留其中以 'G/' 或 'D/' 开头的键",
    # 16.parity_step: messages
    "return a dict with the keys {keys}, got {got}": "应返回一个键为 {keys} 的 dict，实际得到 {got}",
    "{key} is a {kind}; return host NumPy arrays (backend.to_numpy)":
        "{key} 是 {kind}；应返回主机上的 NumPy 数组（backend.to_numpy）",
    "two runs with the same seed, real and z differ: seed before building the GAN":
        "种子、real 和 z 都相同的两次运行，结果却不同：要在构建 GAN 之前设定种子",
    "numpy {err:.1e} (no GPU here: the CuPy run is skipped)":
        "numpy {err:.1e}（这里没有 GPU：跳过 CuPy 的运行）",
    "numpy {err:.1e}, cupy vs numpy {gpu_err:.1e}": "numpy {err:.1e}，cupy 对 numpy {gpu_err:.1e}",
    # 16.mlp_flops: hint tiers
    "count the matrix products one Dense layer does in the forward and in the backward pass, then add up the layers":
        "数一数一个 Dense 层在前向传播和反向传播中各做几次矩阵乘法，再把各层加起来",
    "a (B, i) by (i, o) product is B*i*o multiply-adds, and a multiply-add is two flops; the backward pass does two "
    "products of that size (one for dW, one for dx)":
        "(B, i) 乘 (i, o) 的矩阵乘法是 B*i*o 次乘加，一次乘加是两次浮点运算；反向传播要做两次同样大小的乘法"
        "（一次算 dW，一次算 dx）",
    # 16.mlp_flops: messages
    "your function returned None (is a `return` missing?)": "你的函数返回了 None（是不是漏了 `return`？）",
    "{n} stacks, from one 1 -> 1 layer to 784 -> 512 -> 256 -> 1":
        "共 {n} 组层，从单个 1 -> 1 层到 784 -> 512 -> 256 -> 1",
}
