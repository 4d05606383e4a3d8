"""中文: the checks of lesson 18 (exercises/lesson18.py)."""

MESSAGES = {
    # 18.game_value: the hint tiers
    "V is D's score averaged over each batch separately; a sure D (logits near +-60) must not give -inf":
        "V 是 D 的得分在真实批和生成批上各自取平均；D 非常有把握时（logit 接近 +-60），结果也不能变成 -inf",
    "write log sigma(l) and log(1 - sigma(l)) without ever forming sigma(l): lesson 04 turned both into softplus":
        "写出 log sigma(l) 和 log(1 - sigma(l))，但自始至终不要先算出 sigma(l)：第 04 课把这两项都化成了 softplus",
    "np.logaddexp(0, t) is softplus(t) computed safely for any t; mind which sign of the logit each term needs":
        "np.logaddexp(0, t) 就是对任意 t 都能安全计算的 softplus(t)；注意每一项需要的是 logit 的哪个符号",
    # 18.game_value: the messages
    "return one number (the mean over both batches), got shape {shape}":
        "应返回一个数（由两批各自的平均得到），实际得到的形状是 {shape}",
    "logits ~ {s1:g} N(0, 1): {e1:.1e}, logits ~ {s2:g} N(0, 1): {e2:.1e}":
        "logit ~ {s1:g} N(0, 1) 时 {e1:.1e}，logit ~ {s2:g} N(0, 1) 时 {e2:.1e}",
    # 18.pixel_to_data: the hint tiers
    "a click is a point in pixels; the axes box maps linearly onto the data limits, one axis at a time":
        "一次点击是以像素为单位的一个点；坐标轴的方框线性地对应到数据范围上，两个轴各自换算",
    "the image's rows count down from the top, but the box's y0, y1 count up from the bottom":
        "图像的行从顶端往下数，而方框的 y0、y1 是从底端往上数的",
    "first turn py into a height from the bottom, then take the fraction of the box it lies at and scale it to the "
    "limits":
        "先把 py 换成距底端的高度，再求它落在方框内的哪个比例处，最后按数据范围缩放",
    # 18.pixel_to_data: the messages
    "return (x, y), two numbers; got shape {shape}": "应返回 (x, y) 两个数；实际得到的形状是 {shape}",
    "20 clicks on 5 random axes": "在 5 个随机坐标轴上点击 20 次",
}
