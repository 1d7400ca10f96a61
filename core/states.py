"""The states of the domain, each with its Chinese and English label, defined once.

Every package names a state through these enums: the registry stores their values (the same
strings it always stored), the API schemas and the status list encode them, and the pages,
reports, PDFs and verdicts show their labels. A label is written here and nowhere else.

- :class:`QualificationStatus`: whether the qualification stands (有效, 已撤销 …)
- :class:`StatusEventKind`: a recorded change of it (撤销, 丧失, 恢复 …)
- :class:`RegistrationConclusion`: what a county decides at 定期注册 (stored in Chinese)
- :class:`RegistrationState`: what a verifier shows about registration on a day
- :class:`ReviewState`: where a scanned record is in review
- :class:`AnnotationKind`: the kind of a 备注 entry
- :class:`VerifierResult`: the bottom line of one verification
- :class:`CycleState`: a 定期注册 cycle, open or filed with the province
- :class:`ApplicationState`: where one teacher's 定期注册 application stands in the cycle
- :class:`ApplicationStep`: a move of an application (提交申请, 学校审查通过 …)
- :class:`RegistrationReason`: why a county did not find a teacher 注册合格
- :class:`ObjectionState`: a 公示 objection, open or resolved

The transitions between them live in ``core.rules`` (``transition``, ``register``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

__all__ = [
    "AnnotationKind",
    "ApplicationState",
    "ApplicationStep",
    "CycleState",
    "ObjectionState",
    "RegistrationReason",
    "LabelledEnum",
    "QualificationStatus",
    "RegistrationConclusion",
    "RegistrationState",
    "ReviewState",
    "StatusEventKind",
    "VerifierResult",
    "bilingual",
]


def bilingual(pair: tuple[str, str], lang: str) -> str:
    """The English of a (Chinese, English) label pair when ``lang == "en"``, else the Chinese."""
    return pair[1] if lang == "en" else pair[0]


class LabelledEnum(StrEnum):
    """A StrEnum whose members are declared as ``NAME = value, 中文, English``.

    The value is what is stored and sent; ``zh`` and ``en`` are what people read.
    """

    _value_: str
    zh: str
    en: str

    # zh/en default only so that a lookup by value, ``QualificationStatus("valid")``,
    # type-checks: the lookup never reaches __new__.
    def __new__(cls, value: str, zh: str = "", en: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.zh = zh
        member.en = en
        return member

    def label(self, lang: str = "zh") -> str:
        """The label shown to people: Chinese by default, English for ``lang="en"``."""
        return bilingual((self.zh, self.en), lang)


class QualificationStatus(LabelledEnum):
    """Whether the qualification itself stands (independent of registration)."""

    VALID = "valid", "有效", "valid"
    REVOKED = "revoked", "已撤销", "revoked"
    FORFEITED = "forfeited", "已丧失", "forfeited"
    REPLACED = "replaced", "已换发", "replaced"
    VOID = "void", "已作废", "void"


class AnnotationKind(LabelledEnum):
    """A 备注 entry: 补发 and 换发 re-print the booklet under the same number."""

    REISSUE = "reissue", "补发", "reissue"
    EXCHANGE = "exchange", "换发", "exchange"
    CORRECTION = "correction", "更正", "correction"
    OTHER = "other", "备注", "other"

    @property
    def reprints(self) -> bool:
        """True when the booklet is printed again, so older copies are superseded."""
        return self in (AnnotationKind.REISSUE, AnnotationKind.EXCHANGE)


class StatusEventKind(LabelledEnum):
    """A recorded change of qualification status (the verb of a status event)."""

    REVOCATION = "revocation", "撤销", "revocation"
    FORFEITURE = "forfeiture", "丧失", "forfeiture"
    REINSTATEMENT = "reinstatement", "恢复（原决定被撤销）", "reinstatement"
    # a new booklet under a new number after an error: the same word as the remark's 换发
    REPLACEMENT = "replacement", AnnotationKind.EXCHANGE.zh, "replacement"
    VOID = "void", "作废", "void"


class RegistrationConclusion(LabelledEnum):
    """The three conclusions a county may record; the value is the Chinese, as stored."""

    QUALIFIED = "注册合格", "注册合格", "qualified"
    DEFERRED = "暂缓注册", "暂缓注册", "deferred"
    FAILED = "注册不合格", "注册不合格", "failed"


class RegistrationState(LabelledEnum):
    """What a verifier shows about a holder's registration on a given day."""

    REGISTERED = "registered", "定期注册合格", "registered"
    DEFERRED = "deferred", RegistrationConclusion.DEFERRED.zh, "registration deferred"
    FAILED = "failed", RegistrationConclusion.FAILED.zh, "registration failed"
    LAPSED = "lapsed", "注册已过期", "registration lapsed"
    NONE = "none", "未注册", "never registered"


class CycleState(LabelledEnum):
    """A 定期注册 cycle of one region and year."""

    OPEN = "open", "进行中", "open"
    FILED = "filed", "已备案", "filed with the province"


class ApplicationState(LabelledEnum):
    """Where one application stands; the moves between them are ``core.rules.advance``."""

    SUBMITTED = "submitted", "已申请", "applied"
    RETURNED = "returned", "退回补正", "returned for correction"
    SCHOOL_PASSED = "school_passed", "学校审查通过", "passed school review"
    DECIDED = "decided", "县级已审核", "decided by the county"
    CITY_RETURNED = "city_returned", "市级退回", "returned by the city"
    CONFIRMED = "confirmed", "市级已复核", "confirmed by the city"
    FILED = "filed", "省级已备案", "filed with the province"


class ApplicationStep(LabelledEnum):
    """A move of an application; ``core.rules.advance`` says which may follow which state."""

    SUBMIT = "submit", "提交申请", "apply"
    RESUBMIT = "resubmit", "补正后重新提交", "resubmit after correction"
    SCHOOL_PASS = "school_pass", "学校审查通过", "pass school review"
    SCHOOL_RETURN = "school_return", "退回补正", "return for correction"
    DECIDE = "decide", "县级审核", "county decision"
    PUBLISH = "publish", "公示", "publish the notice"
    CITY_CONFIRM = "city_confirm", "市级复核通过", "city confirms"
    CITY_RETURN = "city_return", "市级退回县级", "city returns to the county"
    FILE = "file", "省级备案", "provincial filing"


class RegistrationReason(LabelledEnum):
    """Why a county concluded 暂缓注册 or 注册不合格 (the notice's grounds)."""

    TRAINING_HOURS = "training_hours", "培训学时不足", "training hours not met"
    ASSESSMENT = "assessment", "年度考核不合格", "annual assessment failed"
    ETHICS = "ethics", "师德考核不合格", "professional ethics"
    QUALIFICATION = "qualification", "教师资格已撤销或丧失", "qualification revoked or forfeited"
    NOT_TEACHING = "not_teaching", "未在教育教学岗位", "not in a teaching post"
    INCOMPLETE = "incomplete", "材料不全或不实", "materials incomplete or untrue"
    OTHER = "other", "其他", "other"


class ObjectionState(LabelledEnum):
    """An objection (异议) raised against a conclusion during its public notice (公示)."""

    OPEN = "open", "待处理", "open"
    RESOLVED = "resolved", "已处理", "resolved"


class ReviewState(LabelledEnum):
    """Where a scanned record stands in review; only approved records are issued."""

    NEEDS_REVIEW = "needs_review", "待审核", "needs review"
    PENDING = "pending", "待确认", "pending"
    APPROVED = "approved", "已审核", "approved"


class VerifierResult(LabelledEnum):
    """The bottom line of one verification (docs/FORMAT.md §4, §5.2).

    The four results that report a qualification status carry that status's label.
    """

    VALID = "valid", QualificationStatus.VALID.zh, QualificationStatus.VALID.en
    REVOKED = "revoked", QualificationStatus.REVOKED.zh, QualificationStatus.REVOKED.en
    FORFEITED = "forfeited", QualificationStatus.FORFEITED.zh, QualificationStatus.FORFEITED.en
    REPLACED = "replaced", QualificationStatus.REPLACED.zh, QualificationStatus.REPLACED.en
    #: the credential is genuine, but the uploaded PDF is not the file that was signed
    PDF_SIGNATURE_INVALID = "pdf_signature_invalid", "PDF 签名无效", "PDF signature invalid"
    #: the credential is genuine, but the uploaded OFD file's electronic seal fails
    OFD_SEAL_INVALID = "ofd_seal_invalid", "OFD 电子印章无效", "OFD seal invalid"
    INVALID_SIGNATURE = "invalid_signature", "签名无效", "invalid signature"
    UNKNOWN_KEY = "unknown_key", "密钥不受信任", "untrusted key"
    KEY_REVOKED = "key_revoked", "密钥已吊销", "key revoked"
    MALFORMED = "malformed", "无法识别", "unreadable"
    #: a QR text under another site's address than this verifier's (a copy on a phishing page)
    FOREIGN_HOST = "foreign_host", "非本服务网址", "foreign address"
    NOT_FOUND = "not_found", "查无此证书", "not found"

    def headline(self, lang: str = "zh") -> str:
        """The one line a person reads first."""
        return bilingual(_HEADLINES[self], lang)

    @property
    def input_refused(self) -> bool:
        """The input is no credential of this service (HTTP 422, CLI exit 2): not a verdict on
        a certificate, but on what was submitted."""
        return self in (VerifierResult.MALFORMED, VerifierResult.FOREIGN_HOST)


_HEADLINES: dict[VerifierResult, tuple[str, str]] = {
    VerifierResult.VALID: ("证书真实有效", "Genuine and valid"),
    VerifierResult.REVOKED: ("证书已被撤销", "Revoked"),
    VerifierResult.FORFEITED: ("教师资格已丧失", "Qualification forfeited"),
    VerifierResult.REPLACED: ("证书已换发，本证书不再使用", "Replaced by a newer certificate"),
    VerifierResult.PDF_SIGNATURE_INVALID: (
        "证书真实有效，但此 PDF 文件签名无效：文件在签名后被改动或不完整，请以本页信息为准",
        "The certificate is genuine, but this PDF's signature does not verify: the file was "
        "altered or cut short after signing; rely on the details shown here"),
    VerifierResult.OFD_SEAL_INVALID: (
        "证书真实有效，但此 OFD 文件的电子印章无效：文件在签章后被改动或印章不受信任，"
        "请以本页信息为准",
        "The certificate is genuine, but this OFD file's electronic seal does not verify: the "
        "file was altered after sealing or the seal is not trusted; rely on the details shown "
        "here"),
    VerifierResult.INVALID_SIGNATURE: ("签名无效：证书可能被篡改",
                                       "Invalid signature: possibly tampered"),
    VerifierResult.UNKNOWN_KEY: ("签发密钥不在信任列表中", "Signed by a key that is not trusted"),
    VerifierResult.KEY_REVOKED: ("签发密钥已被吊销", "The signing key has been revoked"),
    VerifierResult.MALFORMED: ("无法识别的证书二维码", "Not a readable certificate code"),
    VerifierResult.FOREIGN_HOST: (
        "二维码中的网址不是本核验服务的地址，可能是仿冒网站，请勿相信该网址显示的内容",
        "This QR code points to another website, not this verifier: it may be a fake; "
        "do not trust what that address shows"),
    VerifierResult.NOT_FOUND: ("登记系统中查无此证书", "No matching certificate in the registry"),
}
