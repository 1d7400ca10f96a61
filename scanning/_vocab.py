"""Closed vocabularies a field's value must come from, and the entries a misread value may
stand for: qualification types, common subjects, authority names (GB/T 2260 place chains with
an education suffix). Only same-length substitutions are proposed: a recogniser misreads a
character far more often than it invents or drops one, and a wider net would snap real values
that are simply not in a list."""

from __future__ import annotations

from functools import cache

from core.rules import QualificationType, one_slip, slips
from scanning._places import (
    AUTHORITY_SUFFIXES,
    near_chains,
    place_chains,
    provinces_of,
    suffix_fits,
)

SUBJECTS = frozenset(
    "语文 数学 英语 物理 化学 生物 历史 地理 思想政治 政治 音乐 体育 美术 信息技术 学前教育 "
    "小学全科 通用技术 心理健康教育 心理健康 道德与法治 科学 日语 俄语 德语 法语 西班牙语 书法 "
    "体育与健康 艺术 品德与社会 品德与生活 思想品德 综合实践活动 劳动 劳动技术 信息科技 "
    "机械加工技术 会计事务 会计 计算机应用 电子技术应用 汽车运用与维修 烹饪 护理 舞蹈 特殊教育 "
    "幼儿教育 学前 音乐舞蹈 戏剧 影视 朝鲜语 蒙古语 藏语 维吾尔语 哈萨克语 壮语 彝语 "
    "汉语 对外汉语 双语 科学技术 生物技术 生命科学 物理化学 文科综合 理科综合 社会 "
    "数控技术应用 机电技术应用 电子商务 市场营销 旅游服务与管理 酒店服务与管理 "
    "建筑工程施工 工程测量 畜牧兽医 园林技术 现代农艺技术 农业机械使用与维护 "
    "服装设计与工艺 美发与形象设计 中餐烹饪 西餐烹饪 学前教育专业 物流服务与管理 "
    "计算机网络技术 计算机平面设计 动漫与游戏制作 电气运行与控制 焊接技术应用 "
    "医学检验技术 药剂 康复技术 中医 文秘 法律事务 金融事务 财经 商务英语 汽车维修 "
    "工艺美术 民族音乐与舞蹈 体育运营与管理 高等教育 美容美发与形象设计 "
    # 幼儿园 certificates print the level itself as the subject; vocational short forms.
    "幼儿园 小学教育 电工 电工电子 电子电工 中式烹调 美容美发 焊接技术 "
    # Disciplines printed on 高等学校 certificates (the undergraduate catalogue's common ones).
    "汉语言文学 汉语言 计算机科学与技术 临床医学 机械工程 土木工程 法学 经济学 会计学 护理学 "
    "数学与应用数学 电气工程及其自动化 物理学 应用化学 生物科学 地理科学 历史学 哲学 心理学 "
    "应用心理学 教育学 音乐学 美术学 舞蹈学 社会学 统计学 金融学 财务管理 工商管理 "
    "国际经济与贸易 旅游管理 行政管理 软件工程 网络工程 电子信息工程 通信工程 自动化 建筑学 "
    "药学 中医学 中药学 预防医学 口腔医学 医学影像学 新闻学 汉语国际教育 翻译 农学 动物医学 "
    "食品科学与工程 环境工程 材料科学与工程 机械设计制造及其自动化 车辆工程 信息与计算科学 "
    "物联网工程 数字媒体技术 社会工作 马克思主义理论 政治学与行政学 秘书学 广告学 音乐表演 "
    "视觉传达设计 环境设计 运动训练 社会体育指导与管理 化学工程与工艺 生物工程 "
    "思想政治教育 生物学 体育教育 科学教育 教育技术学 "
    # 历史与社会: an integrated junior-middle-school subject (浙江 and others).
    "历史与社会".split()
)
_TYPE_FORMS: dict[str, QualificationType] = {
    **{q.label: q for q in QualificationType},
    **{q.short + "教师资格证书": q for q in QualificationType},
}


def type_entries() -> dict[str, str]:
    """Every printed form of a qualification type → its full label."""
    return {form: q.label for form, q in _TYPE_FORMS.items()}




def near_entries(text: str, entries: frozenset[str] | set[str], max_subs: int = 1) -> set[str]:
    """Entries equal to ``text`` or ``max_subs`` substituted characters away from it."""
    return {
        e for e in entries
        if len(e) == len(text) and slips(e, text) <= max_subs
    }


def near_types(text: str) -> set[str]:
    """Qualification-type forms a read may stand for (2 slips allowed in these long labels),
    and the one form a read of five characters or more is with one character lost at either
    end (学教师资格 for 小学教师资格: a dotted leader or the box's edge took it; 幼儿园教师资
    under a seal) or one stray character after it (幼儿园教师资格教: a seal's lettering or the
    next label's first character caught in the box); never a guess between forms."""
    subs = near_entries(text, set(_TYPE_FORMS), max_subs=2 if len(text) >= 6 else 1)
    if len(text) < 5:
        return subs
    ends = (
        {e for e in _TYPE_FORMS if len(e) == len(text) + 1 and e.endswith(text)},
        {e for e in _TYPE_FORMS if len(e) == len(text) + 1 and e.startswith(text)},
        {e for e in _TYPE_FORMS if len(e) == len(text) - 1 and text.startswith(e)},
    )
    return subs.union(*(cut for cut in ends if len({_TYPE_FORMS[e] for e in cut}) == 1))


# First characters of the labels that stand beside a subject on the information page (教师资格…,
# 证书号码, 任教学科, 资格种类, 发证机关, 批准日期, 性别, 出生日期, 身份证件号码, 姓名).
NEIGHBOUR_STARTS = frozenset("教证任资发批性出身姓")


def glued_neighbour(subject: str) -> bool:
    """An unlisted subject that ends in the first character of a neighbouring label
    (临床医学教): its box may have caught that character; a person looks."""
    return len(subject) >= 3 and subject not in SUBJECTS and subject[-1] in NEIGHBOUR_STARTS


# Of those, the ones a given name hardly ever ends in (性别, 出生日期, 身份证件号码, 姓名 …).
_NAME_NEIGHBOURS = frozenset("性出身姓证资批")


def glued_label(name: str) -> bool:
    """A name of three or more characters ending in a neighbouring label's first character
    (丁国嘉性 before 性别): its box may have caught that character; a person looks."""
    return len(name) >= 3 and name[-1] in _NAME_NEIGHBOURS


def cut_subjects(text: str) -> set[str]:
    """Common subjects an unlisted read is the start of (艺 for 艺术, 幼 for 幼儿园): a seal's
    ring or the box's edge may have cut the value's end, and no rule tells which entry."""
    if text in SUBJECTS:
        return set()
    return {s for s in SUBJECTS if len(s) > len(text) and s.startswith(text)}


def lost_subjects(text: str) -> set[str]:
    """Common subjects an unlisted read of three or more characters is with one character
    lost anywhere (体与健康 for 体育与健康): the recogniser may run two characters into one."""
    if text in SUBJECTS or len(text) < 3:
        return set()
    return {s for s in SUBJECTS if len(s) == len(text) + 1
            and any(s[:i] + s[i + 1:] == text for i in range(len(s)))}


def near_subjects(text: str) -> set[str]:
    """Common subjects one misread character away."""
    return near_entries(text, SUBJECTS)


@cache
def _suffixes() -> frozenset[str]:
    return frozenset(AUTHORITY_SUFFIXES)


def is_authority(name: str) -> bool:
    """A place chain followed by an education authority's suffix."""
    return any(
        name.endswith(s) and name[: -len(s)] in place_chains() and suffix_fits(name[: -len(s)], s)
        for s in _suffixes()
    )


def near_authorities(text: str) -> set[str]:
    """Authority names at most one misread character in the place and one in the suffix away
    from ``text`` (武江市教育局 → 武汉市教育局, 武冈市教育局 …)."""
    out: set[str] = set()
    for suffix in _suffixes():
        tail = text[-len(suffix) :]
        if len(text) <= len(suffix) or not (tail == suffix or one_slip(tail, suffix)):
            continue
        out |= {
            chain + suffix for chain in near_chains(text[: -len(suffix)])
            if suffix_fits(chain, suffix)
        }
    return out


def cut_authorities(text: str) -> set[str]:
    """Longer authority names ``text`` may be the start of, cut short (a sticker's edge, a
    seal): its end begins a longer suffix and its place is at most one misread character away
    (武定具教育体 may be 武定县教育体育局, not only 武定县教育局 two slips away)."""
    out: set[str] = set()
    for suffix in _suffixes():
        for k in range(1, len(suffix)):
            if k < len(text) and suffix.startswith(text[-k:]):
                out |= {
                    chain + suffix for chain in near_chains(text[:-k])
                    if suffix_fits(chain, suffix)
                }
    return out


@cache
def authority_names() -> tuple[str, ...]:
    """Every authority name the place chains and suffixes spell (for restoring characters a
    seal hid: ``scanning._decide_restore``), in one order on every run: the suffixes in their
    listed order, not a set's (whose order changes with each process's string hashing)."""
    return tuple(
        chain + suffix for chain in place_chains() for suffix in AUTHORITY_SUFFIXES
        if suffix_fits(chain, suffix)
    )


@cache
def authority_provinces(name: str) -> frozenset[str]:
    """Province codes an authority's place may lie in."""
    return provinces_of(name)
