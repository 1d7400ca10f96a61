"""Ethnic groups (民族) as the booklet's 民族 field and remarks name them (民族更正为回族).

The 56 groups of GB/T 3304 (中国各民族名称的罗马字母拼写法和代码), in the standard's order (a
group's code is its place in the list, 01–56). The list is closed: a name outside it is a
misread or no ethnic group at all (an entry of "穿青人" or "其他" is typed by a clerk, never read
from a scan).
"""

from __future__ import annotations

ETHNIC_GROUPS: tuple[str, ...] = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
    "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族",
    "普米族", "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族",
    "裕固族", "京族", "塔塔尔族", "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
)  # fmt: skip
