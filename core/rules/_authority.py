"""Names of education authorities: the office word that follows a place's name.

An authority is named after its place and its office: 江西省教育厅, 武汉市教育局, 北京市海淀区
教育委员会. Since the 2018–2019 reforms of local government (机构改革), many city and county
governments merged their education bureau with the sports, science-and-technology or culture
bureau, and the merged office signs certificates under its new name: 教育和体育局, 教育体育局
(and its short form 教体局), 教育和科技局, 教育科技局, 教育和科学技术局, 教育文化和体育局. These are
the names of the offices themselves, as the reform plans published them, not spellings of one
document; the scanner checks a read against them and the issuer names offices with them.
"""

from __future__ import annotations

__all__ = [
    "AUTHORITY_SUFFIXES",
    "BUREAU_SUFFIX",
    "CERTIFYING_SEAL_WORDING",
    "COMMISSION_SUFFIX",
    "DIVISION_ENDS",
    "LOCAL_SUFFIXES",
    "MERGED_SUFFIXES",
    "PROVINCE_SUFFIX",
    "SEAL_CENTRE_WORDINGS",
    "local_office",
]

#: A province's (or autonomous region's) education department.
PROVINCE_SUFFIX = "教育厅"
#: The municipalities' office (and their districts', some cities'); any level may use it.
COMMISSION_SUFFIX = "教育委员会"
#: A city's or county's office before the reforms.
BUREAU_SUFFIX = "教育局"
#: The merged offices of the 2018–2019 reforms (city and county level only).
MERGED_SUFFIXES = (
    "教育和体育局", "教育体育局", "教体局", "教育和科技局", "教育科技局", "教育和科学技术局",
    "教育文化和体育局",
)  # fmt: skip
#: Below a province: a prefecture's or county's office.
LOCAL_SUFFIXES = frozenset({BUREAU_SUFFIX, *MERGED_SUFFIXES})
#: Every office word, in a fixed order (callers iterate it; none ends another, so the first
#: suffix a name ends with is its suffix). 人民政府: a government that signs in its own name.
AUTHORITY_SUFFIXES = (
    "教育和体育局", "教育体育局", COMMISSION_SUFFIX, BUREAU_SUFFIX, PROVINCE_SUFFIX, "教体局",
    "人民政府", "教育和科技局", "教育科技局", "教育和科学技术局", "教育文化和体育局",
)  # fmt: skip

#: The last character of each level of division a place's name may end with (浙江省, 赣州市,
#: 瑞金县, 海淀区, 延边朝鲜族自治州, 锡林郭勒盟, 鄂伦春自治旗); an office's seal spells them.
DIVISION_ENDS = "省市县区州盟旗"
#: The wording across the centre of the seal that certifies a teacher qualification.
CERTIFYING_SEAL_WORDING = "教师资格认定专用章"
#: The centre lines a certifying or registering office's seal carries under its star.
SEAL_CENTRE_WORDINGS = (CERTIFYING_SEAL_WORDING, "教师资格专用章", "行政审批专用章", "业务专用章")


def local_office(place: str) -> str:
    """The default name of a city's or county's office (the reform names are given in full
    by whoever knows them: the registry, the form)."""
    return place + BUREAU_SUFFIX
