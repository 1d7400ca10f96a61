"""Chinese surnames and given-name characters, to weigh the OCR engine's doubt about a name.

Surnames: the whole of the 百家姓 (the Song-dynasty primer as commonly printed today, some
500 single and compound surnames, its 鬱 written 郁), the commonest surnames of the national
name rankings (公安部户政管理研究中心, 全国姓名报告, 2019–2020: their top hundred are
:data:`_COMMON`) and better known surnames outside the 百家姓 that those rankings list (付, 覃,
闫, 禤 …). Given-name characters are written from general knowledge. A name's surname is its first
character, or its first two when they form a compound surname (欧阳, 司马 …). Names of the
ethnic groups that carry no Han surname (扎西顿珠) are ``_name_minority``'s. The lists never
change a name: they only set aside a runner-up the engine offered that no name would hold, and a
read surname outside them is flagged, never corrected.
"""

from __future__ import annotations

from functools import cache

from core.rules import is_han
from scanning import _vocab_glyphs as glyphs

_GB2312_LEVEL_2 = 0xD8  # first byte of the less frequent half
# How much more a rare character offered beside a common read one counts as doubt: the
# recogniser's language prior holds rare characters down, the rarest most (淼 at 2 % beside 森;
# 赜 at 0.6-0.8 % beside 颐 in each of three readings of a blurred phone photo that said 赜,
# which at five times passed as sure). Checked on 440 tuning names: ten times doubts one more
# right name than five.
RARE_WEIGHT = 10.0
# A common given-name character offered beside a rare read one counts 1 / this: the rare read
# won against the prior (赟 over 赞). Kept apart from RARE_WEIGHT: raising that must never make
# a rare read surer.
COMMON_DISCOUNT = 5.0
# The hundred commonest single-character surnames (about 85 % of people), by population.
_COMMON = """
王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁
任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武
戴莫孔向汤
"""
# The other single-character surnames the rankings list: most are in the 百家姓 too
# (:data:`_BAIJIAXING`), the rest are well-known surnames outside it (付, 覃, 禤, 冼 …).
_SINGLE = """
常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪
梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车
项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲
虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚
花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌
母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智
幸奉植衡富尧闭由萧钮贝酆水昌凤经贲滑荀羿汲邴糜松牧隗山宓蓬郗仰秋暴钭韶蓟怀从鄂咸籍赖能苍双莘贡逄扶
堵宰郦卻璩濮寿通郏别充习宦鱼慎庾终暨步弘广禄东殳沃蔚越夔厍融訾空毋乜养须巢蒯后红竺益桓佴笪年福言
禤庹隗邗鄞浦缑揭淦郇逢虢邛过续铁雒覃蔺阎扆粘双冼朗寻郅谯鄂付喇洛鄯剧旷蹇种
"""
# The 百家姓 in its order (four surnames a phrase; the single surnames among the compound ones
# at its end are written after them): the standard list of traditional surnames.
_BAIJIAXING = """
赵钱孙李 周吴郑王 冯陈褚卫 蒋沈韩杨 朱秦尤许 何吕施张 孔曹严华 金魏陶姜 戚谢邹喻 柏水窦章
云苏潘葛 奚范彭郎 鲁韦昌马 苗凤花方 俞任袁柳 酆鲍史唐 费廉岑薛 雷贺倪汤 滕殷罗毕 郝邬安常
乐于时傅 皮卞齐康 伍余元卜 顾孟平黄 和穆萧尹 姚邵湛汪 祁毛禹狄 米贝明臧 计伏成戴 谈宋茅庞
熊纪舒屈 项祝董梁 杜阮蓝闵 席季麻强 贾路娄危 江童颜郭 梅盛林刁 钟徐邱骆 高夏蔡田 樊胡凌霍
虞万支柯 昝管卢莫 经房裘缪 干解应宗 丁宣贲邓 郁单杭洪 包诸左石 崔吉钮龚 程嵇邢滑 裴陆荣翁
荀羊於惠 甄曲家封 芮羿储靳 汲邴糜松 井段富巫 乌焦巴弓 牧隗山谷 车侯宓蓬 全郗班仰 秋仲伊宫
宁仇栾暴 甘钭厉戎 祖武符刘 景詹束龙 叶幸司韶 郜黎蓟薄 印宿白怀 蒲邰从鄂 索咸籍赖 卓蔺屠蒙
池乔阴郁 胥能苍双 闻莘党翟 谭贡劳逄 姬申扶堵 冉宰郦雍 卻璩桑桂 濮牛寿通 边扈燕冀 郏浦尚农
温别庄晏 柴瞿阎充 慕连茹习 宦艾鱼容 向古易慎 戈廖庾终 暨居衡步 都耿满弘 匡国文寇 广禄阙东
欧殳沃利 蔚越夔隆 师巩厍聂 晁勾敖融 冷訾辛阚 那简饶空 曾毋沙乜 养鞠须丰 巢关蒯相 查后荆红
游竺权逯 盖益桓公
晋 楚 闫 法 汝 鄢 涂 钦 岳 帅 缑 亢 况 郈 佘 佴 墨 哈 谯 笪 年 爱 阳 佟 言 福
万俟 司马 上官 欧阳 夏侯 诸葛 闻人 东方 赫连 皇甫 尉迟 公羊 澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠
公孙 仲孙 轩辕 令狐 钟离 宇文 长孙 慕容 鲜于 闾丘 司徒 司空 亓官 司寇 仉督 子车 颛孙 端木 巫马 公西
漆雕 乐正 壤驷 公良 拓跋 夹谷 宰父 谷梁 段干 百里 东郭 南门 呼延 归海 羊舌 微生 梁丘 左丘 东门 西门
商牟 伯赏 南宫 第五
"""
# Characters common in given names (with their many homophones and old-style names). A
# common character (GB 2312 level 1, the 3 755 most frequent) outside this list is no name's
# (``weight``); a rarer one may always be a rare name character the list lacks. A surname seldom
# given in names stays out of it (麦: a Cantonese surname of some millions, rare in a given name),
# or a two-character name it begins (麦祎) would look like a given name that lost its surname.
_GIVEN = """
一丁七万三上下与且世丙业东丫中丰临丹为丽乃久义之乎乐乘乙九也书乾二于云五亚亦亭亮亿仁仍仑仓仕仙以仪仰仲任伊伍众优伟传伦伯
伶佐佑佩佳依侠侯俊俏俐保信俭修倍倩健允元兆先光兔全八公六兮兰共兴兵其典内冉再军冠冬冰准凌凝凡凤凯凰函刀刃则刚创初利前剑力
功加努劭励劲勃勇勋勤北十千升卉华卓单南博占卫即卿厚原又及友双发叔取叙可史右叶合吉同名后向君吟含启呈周和咏品哉哲唐唯啸善喆
喜嗣嘉四团园固国圆圣在地均坚坤城培基堂塘增墨士壬壮复夏夕外多大天太夫央头奇奉奋奎奕女好如妃妍妙妮妹始姐姗姝姣姿威娅娇娉娜
娟娣娥娴婉婕婧婵婷媚媛嫒嫔嫣嫦子孔存孙孜孝孟季学宁宇守安宋宏宗官宙定宛宜宝实宣宪宫宴宵家宸容宾富寒察寰寿将尊小少尔尚尧屏
展山屹岐岗岚岩岭岱岳峡峥峦峰峻崇崖崧嵘嵩巍川州工左巧巨己已帅帆师希帝席常平年幸广庄庆庚庭康廉延廷建开异弈弘弟张强彤彦彩彪
彬彭影征律得御循微德徽心忆志忠念怀思怡恒恩恬恭恰恺悟悠悦情惟惠想愈愉意慈慕慧懋懿戈戊戎成戬所才扬承抒抗护拓招拥择拼振捷援
搏擎攀放政敏敦敬文斌斐新方施旗日旭时旺昀昆昊昌明易昕星春昭昱昶晋晏晓晔晖晗晞晟晨晴晶智暄暖曙曜曦曲更曼曾月有朋朗望朝朦木
本朱机杆杉李杏材来杨杭杰松林果枝枪枫柏染柔柠柯柱柳标栋树栓样根格桂桃桐桢桦梁梅梓梦梧梨棋森植楚楠楷榕槐樊模樱樵欢欣歌正武
毅毓民永汀汉汐汝江池汶沁沂沅沆沐沙沛沣沧沫河治泉泊泓法泗波泰泳泽洁洋洛津洪洲流浚浦浩浪海涌涓涛涟润涵淇淋淑淳淼清渊渔渝渤
温湃湖湘源溪溶滋滔满滢滨漪潇潍潮潼澄澈澎澜激濛濡瀚灏灵灿炆炎炜炫炳烁烈烨焉焕焰焱然煊煜煦照熊熔熙熠熹燊燎燕爱爽牛牧特犇犬
狗狮猛猪猴玉王玖玟玥玫玮环玲珀珂珈珊珍珏珑珞珠珩珮珺琅理琊琏琛琦琨琪琬琰琳琴琼瑄瑗瑚瑛瑜瑞瑭瑶瑾璇璋璐璞璟璨瓒甜生甫田由
甲申电男画畅畹癸登白百皇皎皓盈益盛直相盾眉真睿瞳瞻矛矣知石研碧磊礼祎祖祝神祥祯祺禄福禹禾秀秋科秦程稳稻穗立竑竞章竣童端竹
笑笛策筠筱简箐管米籽粉粒粮精素紫红纯纱纳纹织绍结绣继绩续绮绯维绵绿缘缨罗罡羊美羚羽翊翎翔翠翡翰耀而耕耘聆联聪育胜胤能腾臣
自至致臻舒舜舟航舫良艳艺艾芃芊芝芬芮芯花芳芷芸芹苇苑苒苗苡若英苹茂范茉茗茜茵茹草荣荷莉莎莘莲莹莺菀菁菊菡菱菲萃萌萍营萱葳
蒂蒙蓁蓉蓓蓝蔓蔚蕊蕙蕴蕾薇薏藏藤藻虎虹蛇蛋蛟蝶行衡裕裳襄西观规解言訾詹誉设词诗诚详语诺读谊谦谨谷豪豫豹贝贞财贤贵贺资赛赞
赤赫超越跃路轩轲轶辉辛辰达迁迎运还进远连迦迪逍通造逸遂道遥邦郁郡采金鉴鑫钊钗钟钢钥钦钧钰钻铁铃铄铎铖铜铠铭铮银锁锋锐锡锦
锴锶镇镜镭长闯闳闵闻阑阔阳阶隆雁雄雅雍雨雪雯雷霄霆震霈霏霓霖霜霞露青靓靖静非革韦韩韬音韵韶顺颂颐颖颜颢风飞香馥馨马驰驿骁
骅骏骐骞骥高鲲鸡鸣鸥鸳鸾鸿鹃鹏鹤鹭鹰麒麟黄黎黛鼎鼠齐龙
"""
# Characters of modern given names rare in running text: parents since the 1990s favour them
# (郑思堃, 魏湉俊, 夏湉彧, 向赟), yet most lie outside GB 2312 level 1 and several outside GB 2312
# altogether (堃 湉 彧 翀 赟 旻 垚), so a list of frequent characters misses them. A listed rare
# character is one a name holds: offered beside a read one it stays a name's rival
# (``_name_prior.unnamed``), and read itself, its look-alikes that no name holds may be ruled
# out (``_name_prior.only_unnamed``). Surnames among them (岑, 羿, 宓) stay out, as above.
_GIVEN_MODERN = """
垚堃妤宥峤彧旸旻昉昳晅暻曈栩桉梵樾歆洺浠淞湉澍澔炅玺瑷璎笙翀赟赜霁頔顼琮彰朵棠榆翱
"""


@cache
def common_surnames() -> frozenset[str]:
    """The hundred commonest single-character surnames."""
    return frozenset(ch for ch in _COMMON if not ch.isspace())


@cache
def single() -> frozenset[str]:
    """Single-character surnames."""
    listed = (w for w in _BAIJIAXING.split() if len(w) != 2)
    return common_surnames() | frozenset(ch for ch in _SINGLE if not ch.isspace()) | frozenset(
        "".join(listed))


def given_only(name: str) -> bool:
    """A two-character name that reads as a given name alone (海婷: 海 is a surname, but rare,
    and common in given names): its box may have lost the surname of a three-character name."""
    first = name[:1]
    return (len(name) == 2 and surname_length(name) == 1 and first not in common_surnames()
            and first in given())


def commoner_lookalikes(name: str) -> list[str]:
    """Every common surname drawn very like the rarer one ``name`` was read with (none for a
    common surname)."""
    first = name[:1]
    if surname_length(name) != 1 or first in common_surnames():
        return []
    return sorted(c for c in common_surnames()
                  if (glyphs.similarity(first, c) or 0.0) >= glyphs.STRONGLY)  # fmt: skip


def commoner_lookalike(name: str) -> str | None:
    """The common surname that looks most like the rarer one ``name`` was read with (昌 for
    吕): a recogniser sure of a rare surname may still have misread a common one."""
    alike = commoner_lookalikes(name)
    return max(alike, key=lambda c: (glyphs.similarity(name[:1], c) or 0.0, c)) if alike else None


@cache
def compound() -> frozenset[str]:
    """Two-character surnames."""
    return frozenset(w for w in _BAIJIAXING.split() if len(w) == 2)


def surname_length(name: str) -> int:
    """How many leading characters of ``name`` are its surname: 2 for a compound surname (when a
    given name follows), 1 for a known single one, 0 when the first character is no surname."""
    if len(name) >= 3 and name[:2] in compound():
        return 2
    return 1 if name[:1] in single() else 0


def is_surname(text: str) -> bool:
    """A known single or compound surname."""
    return text in single() or text in compound()


@cache
def given() -> frozenset[str]:
    """Characters common in given names, the rare modern ones among them."""
    return frozenset(ch for ch in _GIVEN + _GIVEN_MODERN if not ch.isspace())


def common(ch: str) -> bool:
    """A character among the 3 755 most frequent (GB 2312 level 1)."""
    try:
        return ch.encode("gb2312")[0] < _GB2312_LEVEL_2
    except UnicodeEncodeError:
        return False


@cache
def japanese_form(ch: str) -> bool:
    """A character of Japanese writing only (権, 徳, 桜): in JIS X 0208 but in neither GB 2312
    nor Big5. A Chinese name is written in simplified characters, or in traditional ones, and
    the two sets hold every character in common use in either; a form only Japan writes (its
    simplifications, 権 for 權, and its own characters) is in no Chinese name. The recogniser
    learnt Japanese text too and offers such a form beside the character it looks like (権 at
    3 % beside 梅, 曽 beside 曾). A rare Chinese name character outside both sets (喆, 赟) is
    seldom in JIS X 0208 either, so it keeps its weight."""
    return _in(ch, "shift_jis") and not _in(ch, "gb2312") and not _in(ch, "big5")


def _in(ch: str, charset: str) -> bool:
    try:
        ch.encode(charset)
    except UnicodeEncodeError:
        return False
    return True


def weight(name: str, i: int, ch: str) -> float:
    """How much the engine's probability for ``ch``, offered at position ``i`` of the read
    ``name``, counts as doubt. Nothing when it is no Chinese character, nor a common character
    no name uses at that place: at a known surname, one that makes no known surname (蔡 → 骆 may
    be, 蔡 → 祭 may not); in the given name, one outside the list (翀 → 钟 may be, 翀 → 肿 may
    not). A rare character always may be a rare name character the list cannot hold; offered
    beside a common one it counts :data:`RARE_WEIGHT` times, since a recogniser's language
    prior holds rare characters down (森 98 % / 淼 2 % on a booklet that said 淼); for the same
    reason a common given-name character offered beside a rare read one counts
    1 / :data:`COMMON_DISCOUNT`. At the surname, a rare character that makes no known surname
    counts as the engine gave it (1). A form of Japanese writing only (``japanese_form``)
    counts nothing."""
    if not is_han(ch) or japanese_form(ch):
        return 0.0
    if i < surname_length(name) and not common(ch) and not surname_length(
        name[:i] + ch + name[i + 1 :]
    ):
        # The prior held down a rare name character; a rare one that makes no known surname
        # (昊 beside 吴) has next to no bearers there, so its doubt counts as the engine gave it.
        return 1.0
    if not common(ch):
        return RARE_WEIGHT if common(name[i]) else 1.0
    if i < surname_length(name):
        return 1.0 if surname_length(name[:i] + ch + name[i + 1 :]) > 0 else 0.0
    if ch not in given() and ch not in single():
        return 0.0
    # The same prior the other way: a rare given-name character read over a common one the
    # engine offered (赟 over 赞, 昊 over 吴) won against the prior, so the common one's
    # probability overstates the doubt. Not at the surname: a rare surname read for a
    # common one (佘 for 余) is a misread a surname list cannot tell.
    return 1.0 / COMMON_DISCOUNT if not common(name[i]) else 1.0
