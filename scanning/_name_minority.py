"""Names of holders from ethnic groups whose names carry no Han surname (扎西顿珠, 次仁卓玛,
巴特尔 …), written in Chinese characters as their sounds are transcribed.

Such a name is no misread Han name when it is made entirely of the name words a transcription
uses (扎西 + 顿珠), each a whole word of two or more characters; a Han name misread into a run
of whole transcribed words is far-fetched. The words are the commonest elements of Tibetan and
Mongolian personal names as transcribed on Chinese documents, and the commonest Uyghur and
Kazakh ones (written from general knowledge; the parts of a Uyghur or Kazakh name are joined by
"·", 阿依古丽·买买提). The list never changes a name: it only tells that a name with no Han
surname is a whole name of such words (:func:`words`), so a name the readings agree on need not
be flagged for its missing surname. A name of a single word (卓玛) may be a Han name that lost
its surname (李卓玛), so it is still checked for that.
"""

from __future__ import annotations

from functools import cache

from core.rules import NAME_JOINS

# Tibetan name elements (藏族人名), as transcribed on documents: a name is usually two of them.
_TIBETAN = """
扎西 顿珠 次仁 卓玛 格桑 达瓦 尼玛 央金 拉姆 德吉 旦增 丹增 平措 多吉 多杰 索朗 洛桑 罗布
边巴 普布 巴桑 白玛 米玛 强巴 益西 措姆 卓嘎 曲珍 拉巴 次旦 扎巴 贡嘎 土登 桑珠 欧珠 旺堆
旺姆 旺久 央宗 德庆 仁增 曲吉 嘉措 加措 才让 才旦 更登 拉毛 琼达 群培 玉珍 次珍 仓决 贡布
桑姆 白珍 拉珍 德央 次央 泽仁 泽旺 加央 江村 晋美 坚参 坚赞 普琼 斯朗 四郎 阿旺 洛松 噶玛
才仁 巴珠 尼珍 央拉 曲措 拉措 旦巴 扎桑 多布杰 罗桑 格列 白央 达娃 卓玛吉
索南 仁青 仁钦 格勒 扎西措 吉美 丹巴 顿旦 巴珍 玉措 卓措 次措 强曲 朗杰 南杰
"""
# Mongolian name elements (蒙古族人名), transcribed: one word, or two (巴特 + 尔 is one).
_MONGOLIAN = """
巴特尔 巴雅尔 苏和 朝鲁 额尔敦 乌日娜 其其格 那仁 格日勒 图雅 萨仁 斯琴 高娃 乌兰 宝音
孟和 达来 阿拉坦 呼和 毕力格 巴图 敖特根 娜仁 托娅 塔娜 额尔德尼 吉雅 通拉嘎 哈斯 朝克图
特木尔 铁木尔 布和 满都拉 乌云 其木格 萨日娜 阿如娜 额尔登 巴根 那顺 宝力高 图门 乌力吉
阿古拉 陶克陶 白音 赛音 达古拉 斯日古楞 额日和 其布日 乌恩 朝格图 图力古尔 苏布道
娜仁花 萨仁花 乌兰花 图雅花 苏日娜 敖登 其木格花 孟根 那日苏 额尔德木图
"""
# Uyghur and Kazakh name elements (维吾尔族、哈萨克族人名), transcribed; a name's parts are
# joined by "·" (the holder's name, then the father's).
_TURKIC = """
买买提 艾力 阿依古丽 古丽 热依拉 帕提古丽 努尔 艾尔肯 阿卜杜 吾买尔 热合曼 迪丽 热巴 娜扎
古力 米娜 阿迪力 艾山 玉苏甫 吐尔逊 买合木提 阿不都 热依木 艾买提 阿布都 依明 努尔兰
托合提 吐尔洪 阿依努尔 祖丽菲娅 米热古丽 阿娜尔 巴哈古丽 库尔班 肉孜 沙吾提 阿合买提
叶尔兰 努尔别克 哈力木 阿依达娜 古丽娜尔 买尔旦 阿力木 亚森 卡德尔 艾则孜 阿里木 热娜
阿卜杜拉 阿不都拉 吾守尔 艾合买提 买买提明 阿布力孜 麦麦提 伊力哈木 帕尔哈提 木拉提
艾克拜尔 阿不力孜 努尔麦麦提 吐逊 依力哈木
"""
# The marks a transcribed name's parts are joined by, as printed or read; here the full-width
# dot too, which the table's NAME_SHAPE does not take (as found).
_JOINS = NAME_JOINS + "．"
_LONGEST = 5


@cache
def _words() -> frozenset[str]:
    return frozenset((_TIBETAN + _MONGOLIAN + _TURKIC).split())


def words(name: str) -> list[str]:
    """The transcribed name words ``name`` is made of, each whole, in order (扎西顿珠 →
    扎西, 顿珠), the parts of a joined name included; [] when it is not made of them."""
    out: list[str] = []
    for part in _parts(name):
        found = _split(part)
        if not found:
            return []
        out += found
    return out


def _parts(name: str) -> list[str]:
    for mark in _JOINS:
        name = name.replace(mark, "·")
    return name.split("·")


def _split(part: str) -> list[str]:
    """``part`` cut into whole words (the fewest), or [] when it cannot be."""
    best: list[list[str] | None] = [[]] + [None] * len(part)
    for end in range(1, len(part) + 1):
        for size in range(2, min(_LONGEST, end) + 1):
            head = best[end - size]
            word = part[end - size : end]
            if head is not None and word in _words():
                cand = [*head, word]
                if best[end] is None or len(cand) < len(best[end] or []):
                    best[end] = cand
    return best[len(part)] or []
