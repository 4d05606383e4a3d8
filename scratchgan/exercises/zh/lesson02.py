"""中文: the checks of lesson 02 (exercises/lesson02.py)."""

MESSAGES = {
    # 02.center_backward
    "each output row depends on EVERY input row, through the batch mean: sum the chain rule over all the outputs "
    "that a variable touches, as section 2 did for W":
        "每个输出行都通过这一批的均值依赖于“每一个”输入行：像第 2 节处理 W 那样，"
        "把链式法则对一个变量影响到的所有输出求和",
    "write dL/dx_mj = sum_n dy_nj * (d y_nj / d x_mj); for y_nj = x_nj - (1/B) sum_m x_mj that derivative is "
    "[n = m] - 1/B":
        "写出 dL/dx_mj = sum_n dy_nj * (d y_nj / d x_mj)；对 y_nj = x_nj - (1/B) sum_m x_mj，这个导数是 "
        "[n = m] - 1/B",
    "the answer is dy corrected by one term that is the same for every row; test yourself by hand: with a batch "
    "of one the output is always 0, so dx must be 0":
        "答案是 dy 加上一个对每一行都相同的修正项；自己手算检验一下：一批只有一行时输出恒为 0，所以 dx 必须是 0",
    # 02.softplus_backward
    "differentiate log(1 + e^x); then, since the cache holds only the output y, rewrite that slope through y":
        "对 log(1 + e^x) 求导；缓存里只有输出 y，所以再把这个斜率用 y 表示出来",
    "the slope is e^x / (1 + e^x), the sigmoid of x (not of y); and y = log(1 + e^x) means e^y = 1 + e^x":
        "斜率是 e^x / (1 + e^x)，即 x 的 sigmoid 函数值（不是 y 的）；而 y = log(1 + e^x) 意味着 e^y = 1 + e^x",
    "substitute e^x = e^y - 1 and simplify: the slope becomes a function of y alone, between 0 and 1; "
    "multiply it by dy":
        "代入 e^x = e^y - 1 并化简：斜率变成只含 y 的函数，取值在 0 和 1 之间；再把它乘以 dy",
    "on x from -30 to 30": "在 x 从 -30 到 30 的范围内",
}
