"""中文: the checks of lesson 03 (exercises/lesson03.py)."""

MESSAGES = {
    # 03.optimal_step
    "one term of the error grows with h and the other shrinks: the best h is where the error's derivative in h is zero":
        "误差的一项随 h 增大，另一项随 h 减小：最佳的 h 位于误差对 h 的导数为零之处",
    "d/dh [h^2 |f'''| / 6 + u |f| / h] = h |f'''| / 3 - u |f| / h^2; set it to zero and solve for h^3":
        "d/dh [h^2 |f'''| / 6 + u |f| / h] = h |f'''| / 3 - u |f| / h^2；令它为零，解出 h^3",
    "setting the two terms EQUAL is a different rule (it gives an h larger by 2^(1/3)); "
    "return the error model evaluated at your h as the second number":
        "令两项“相等”是另一条规则（它给出的 h 要大 2^(1/3) 倍）；"
        "第二个返回值是误差模型在你求出的 h 处的值",
    "on 4 settings of (u, |f|, |f'''|)": "在 (u, |f|, |f'''|) 的 4 组取值上",
    # 03.relative_error
    "one number for the whole array, on a scale that does not blow up where single entries are near zero "
    "and that treats a and b alike":
        "整个数组只给一个数；所用的尺度不能因个别分量接近零而爆掉，并且要对 a 和 b 一视同仁",
    "divide max|a - b| by the larger of max|a| and max|b|: not by each |a_i| (that blows up where an entry is 0), "
    "and not by max|a| alone (then rel(a, b) != rel(b, a))":
        "用 max|a - b| 除以 max|a| 和 max|b| 中较大的那个：不要逐个除以 |a_i|（有分量为 0 时会爆掉），"
        "也不要只除以 max|a|（那样 rel(a, b) != rel(b, a)）",
    "when both arrays are all zeros the scale is 0: return 0.0 there instead of dividing":
        "两个数组都全为零时尺度是 0：这时直接返回 0.0，不要做除法",
    "on {n} pairs, one of them all zeros": "在 {n} 对数组上，其中一对全为零",
}
