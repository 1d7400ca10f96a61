"""Plain words for everything the public verifier reports: the one table of what a person reads.

A verification's checks (``format``, ``signature`` …), its bottom line (core.states
VerifierResult) and every error code a public or staff page can answer with (core.errors and
the verifier's own refusals) map here to a sentence in Chinese and English. Templates show these
sentences; the codes and raw details stay behind the "技术详情 Technical details" toggle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from core.pages import cst
from core.rules import CANNOT_VERIFY, Gender, QualificationType, Tone, registration_label
from core.states import RegistrationState, VerifierResult
from verifier._verdict import Check, Lang, Verdict

__all__ = ["CHECKS", "ERRORS", "ErrorText", "PlainCheck", "Shown", "amber_line", "as_label",
           "error_text", "freshness_line", "gender_name", "page_checks", "plain_checks",
           "qualification_name", "row_cells", "row_note", "shown", "size_text"]


def _pick(pair: tuple[str, str], lang: Lang) -> str:
    return pair[1] if lang == "en" else pair[0]


def as_label(text: str | None, lang: Lang = "zh") -> str:
    """A state label as a value on an English page starts with a capital (``Revoked``,
    ``Registration lapsed on …``); Chinese is unchanged."""
    if not text or lang != "en":
        return text or ""
    return text[:1].upper() + text[1:]


def qualification_name(qtype: int | None, lang: Lang = "zh") -> str:
    """The qualification type's name: the legal Chinese name, or its English form."""
    if not qtype:
        return "—"
    try:
        kind = QualificationType(qtype)
    except ValueError:
        return str(qtype)
    return kind.english if lang == "en" else kind.label


def gender_name(gender: str, lang: Lang = "zh") -> str:
    """男 / 女 as printed, or Male / Female on English pages."""
    try:
        value = Gender(gender)
    except ValueError:
        return gender
    return as_label(value.english, lang) if lang == "en" else str(value)


# --- the checks of a verdict -------------------------------------------------------------------

#: (check name, outcome) → what it means, (中文, English). ``status`` fail and ``registration``
#: are worded from the verdict itself (see :func:`plain_checks`).
CHECKS: dict[tuple[str, str], tuple[str, str]] = {
    ("decode", "fail"): ("照片中未找到二维码", "No QR code found in the photo"),
    ("format", "pass"): ("二维码为本系统的电子证照码", "The QR code is a certificate code"),
    ("format", "fail"): ("二维码不是本系统的电子证照码，或已损坏",
                         "Not a certificate code of this service, or damaged"),
    ("origin", "fail"): ("二维码中的网址不是本核验服务", "The QR code points to another website"),
    ("trust_list", "pass"): ("可信签发机构名单为最新", "The list of trusted issuers is current"),
    ("trust_list", "warn"): ("可信签发机构名单已过期（仍在宽限期内）",
                             "The list of trusted issuers is out of date (grace period)"),
    ("key", "pass"): ("签发机构可信", "Issued by a trusted authority"),
    ("key", "warn"): ("签发密钥已被吊销", "The signing key has been revoked"),
    ("key", "fail"): ("签发机构不可信：签名密钥不在可信名单中",
                      "Issuer not trusted: the signing key is not on the trusted list"),
    ("authority", "pass"): ("签发机构有权签发此证书", "The authority may issue this certificate"),
    ("authority", "fail"): ("签发密钥无权为该认定机构签发",
                            "The signing key may not sign for this authority"),
    ("signature", "pass"): ("签名有效，内容未被篡改", "Signature valid: the content is unaltered"),
    ("signature", "fail"): ("签名无效，内容可能被篡改", "Signature invalid: possibly altered"),
    ("key_revocation", "fail"): ("签发密钥已被吊销", "The signing key has been revoked"),
    ("status", "pass"): ("未被撤销，资格有效", "Not revoked: the qualification stands"),
    ("status", "skip"): ("未能联网确认当前状态", "The current status could not be confirmed"),
    ("status_list", "pass"): ("状态信息为最新", "Status information is current"),
    ("status_list", "warn"): ("状态信息已过期，结论可能不是最新",
                              "Status information is out of date"),
    ("credential_version", "fail"): ("此份证书已被补发或换发的新证取代",
                                     "This copy was replaced by a re-issued one"),
    ("pdf_signature", "pass"): ("PDF 文件签名有效，文件未被改动",
                                "The PDF's signature is valid: the file is unaltered"),
    ("pdf_signature", "fail"): ("PDF 文件签名无效：文件在签名后被改动或不完整",
                                "The PDF's signature is invalid: altered or incomplete"),
    ("pdf_signature", "skip"): ("未检查 PDF 文件签名", "The PDF's signature was not checked"),
    ("ofd_seal", "pass"): ("OFD 电子印章有效，文件未被改动",
                           "The OFD file's electronic seal is valid: the file is unaltered"),
    ("ofd_seal", "fail"): ("OFD 电子印章无效：文件在签章后被改动，或印章不受信任",
                           "The OFD file's electronic seal is invalid: altered after sealing, "
                           "or the seal is not trusted"),
    ("ofd_seal", "skip"): ("未检查 OFD 电子印章", "The OFD file's seal was not checked"),
}
_MARKS = {"pass": "✔", "fail": "✖", "warn": "!", "skip": "–"}


@dataclass(frozen=True, slots=True)
class PlainCheck:
    """One check as a person reads it, with its raw form for the technical details."""

    text: str
    outcome: str
    mark: str
    name: str
    detail: str


def _check_text(check: Check, verdict: Verdict, lang: Lang) -> str:
    if check.name == "status" and check.outcome == "fail":
        if verdict.result == VerifierResult.NOT_FOUND:
            return _pick(("登记系统中查无此证书", "Not found in the registry"), lang)
        label = as_label(verdict.presentation.label(lang), lang)
        return f"资格状态：{label}" if lang != "en" else f"Qualification status: {label}"
    if check.name == "registration":
        reg = verdict.presentation.registration(lang) or ""
        return f"注册状态：{reg}" if lang != "en" else f"Registration: {reg}"
    pair = CHECKS.get((check.name, check.outcome))
    if pair is None:  # a check added later than this table: its outcome, in words
        pair = {"pass": ("检查通过", "passed"), "fail": ("检查未通过", "failed"),
                "warn": ("需注意", "attention")}.get(check.outcome, ("未检查", "not checked"))
    return _pick(pair, lang)


def plain_checks(verdict: Verdict, lang: Lang = "zh") -> list[PlainCheck]:
    """The verdict's checks in plain words; the registration only where the page shows one."""
    out = []
    for check in verdict.checks:
        if check.name == "registration" and verdict.presentation.registrations is None:
            continue  # a revoked or forfeited qualification has no registration in force
        out.append(PlainCheck(_check_text(check, verdict, lang), check.outcome,
                              _MARKS.get(check.outcome, "–"), check.name, check.detail))
    return out


#: how the rows of a neutral outcome (nothing of ours was checked) read: never the red ✖ of a
#: forgery
_NEUTRAL_MARK = "?"


def page_checks(verdict: Verdict, lang: Lang = "zh") -> list[PlainCheck]:
    """The checks list of the verdict page. A photo without a QR code shows none (nothing was
    checked; the top says so); a code that is not ours shows its rows neutral, not red. The
    registration is not repeated here: the top and the field list already say it."""
    kind = _kind(verdict)
    if kind == "no_qr":
        return []
    rows = [c for c in plain_checks(verdict, lang) if c.name != "registration"]
    if kind == "unreadable":
        rows = [PlainCheck(c.text, "neutral", _NEUTRAL_MARK, c.name, c.detail)
                if c.outcome == "fail" else c for c in rows]
    return rows


def freshness_line(verdict: Verdict, lang: Lang = "zh") -> str | None:
    """Where the status came from and as of when (China Standard Time); None when no status was
    reached (a forged or unreadable code). Never the raw ``unknown``."""
    checks = {c.name: c for c in verdict.checks}
    status = checks.get("status")
    if status is None:
        return None
    if status.outcome == "skip" or verdict.freshness == "unknown":
        return _pick(("未能联网确认当前状态，以下为证书签发时记载的状态，请以发证机关答复为准",
                      "The current status could not be confirmed online: shown is the state "
                      "recorded at issuance; ask the issuing authority to be sure"), lang)
    when = _when(verdict.freshness)
    if "status_list" in checks:
        stale = checks["status_list"].outcome != "pass"
        zh = f"以下为离线状态列表中的状态（截至 {when} 北京时间）"
        en = f"Status from the offline status list (as of {when} China Standard Time)"
        if stale:
            zh += "，该列表已过期，结论可能不是最新"
            en += "; the list is out of date"
        return _pick((zh, en), lang)
    return _pick((f"状态信息为最新：核验时已实时查询发证机关登记系统（{when} 北京时间）",
                  f"Status is current: the issuing authority's registry was queried at {when} "
                  "China Standard Time"), lang)


def _when(iso: str) -> str:
    try:
        return cst(datetime.fromisoformat(iso))
    except ValueError:
        return iso


# --- the bottom line ---------------------------------------------------------------------------

_FORGED = frozenset({VerifierResult.INVALID_SIGNATURE, VerifierResult.UNKNOWN_KEY,
                     VerifierResult.KEY_REVOKED})
_MARK = {"green": "✔", "amber": "!", "red": "✖", "neutral": "?"}


@dataclass(frozen=True, slots=True)
class Shown:
    """What the top of the verdict page says: the kind of outcome, its colour and words."""

    kind: str  # no_qr | unreadable | foreign | forged | not_found | genuine
    tone: str  # green | amber | red | neutral
    mark: str
    state: str  # the big word: 有效 / 已撤销 / 未找到二维码 …
    headline: str
    authenticity: str  # 真伪
    advice: str  # what to do next ('' when nothing)
    retry: bool  # offer "try again"


_KIND_WORDS: dict[str, tuple[tuple[str, str], tuple[str, str], tuple[str, str]]] = {
    # kind: (big word, 真伪 line, advice)
    "no_qr": (("未找到二维码", "No QR code found"),
              ("尚未核验真伪", "Authenticity not checked yet"),
              ("请重新拍摄或上传：光线充足、对准焦点、让二维码占满画面；也可上传电子证照 PDF，"
               "或按证书编号和姓名查询。",
               "Please try again: good light, in focus, let the QR code fill the frame; or "
               "upload the certificate PDF, or look it up by number and name.")),
    "unreadable": (("无法识别", "Unreadable"),
                   ("无法判断真伪：这不是本系统的电子证照二维码，或二维码已损坏",
                    "Authenticity unknown: not a certificate code of this service, or damaged"),
                   ("请确认扫描的是教师资格证书上的二维码，或按证书编号和姓名查询。",
                    "Make sure you scanned the QR code on the teacher's certificate, or look "
                    "it up by number and name.")),
    "foreign": (("仿冒网址", "Fake address"),
                ("警告：二维码指向的不是本核验服务，可能是仿冒网站",
                 "Warning: the code points to another website, possibly a fake"),
                ("请勿相信该网址显示的内容；请在本网站按证书编号和姓名查询。",
                 "Do not trust what that address shows; look the certificate up here by "
                 "number and name.")),
    "forged": (("未通过", "Failed"),
               ("真伪：未通过，证书可能是伪造或被篡改的", "Authenticity: FAILED, possibly forged "
                "or altered"),
               ("请勿采信此证书，可向发证机关核实。", "Do not rely on this certificate; check "
                "with the issuing authority.")),
    "not_found": (("查无此证", "Not found"),
                  ("签名真实，但登记系统中查无此证书", "Genuinely signed, but not in the registry"),
                  ("请向发证机关核实。", "Check with the issuing authority.")),
    "genuine": (("", ""), ("真伪：真实，由发证机关签发", "Authenticity: genuine, issued by the "
                          "authority"), ("", "")),
}


def _kind(verdict: Verdict) -> str:
    if any(c.name == "decode" for c in verdict.checks):
        return "no_qr"
    result = VerifierResult(verdict.result)
    if result is VerifierResult.MALFORMED:
        return "unreadable"
    if result is VerifierResult.FOREIGN_HOST:
        return "foreign"
    if result in _FORGED:
        return "forged"
    if result is VerifierResult.NOT_FOUND:
        return "not_found"
    return "genuine"


def shown(verdict: Verdict, lang: Lang = "zh") -> Shown:
    """The bottom line of a verdict for the page: distinct for "no QR in your photo" (neutral,
    try again), a code that is not ours, a forgery (red), a revoked and a valid certificate."""
    kind = _kind(verdict)
    presentation = verdict.presentation
    tone = "neutral" if kind in ("no_qr", "unreadable") else str(presentation.tone)
    word, authenticity, advice = _KIND_WORDS[kind]
    headline = presentation.headline(lang)
    if kind == "no_qr":
        headline = _pick(("未在照片中找到二维码，请重试", "No QR code found in your photo — "
                          "try again"), lang)
    state = as_label(_pick(word, lang) or presentation.label(lang), lang)
    if headline.casefold() == state.casefold():  # "Revoked" under "Revoked": say it in full
        headline = _pick(_FULL_HEADLINES.get(VerifierResult(verdict.result), ("", "")), lang)
    return Shown(kind, tone, _MARK[tone], state, headline, _pick(authenticity, lang),
                 _pick(advice, lang), kind in ("no_qr", "unreadable"))


#: a headline for the results whose core headline is only their label (English "Revoked")
_FULL_HEADLINES: dict[VerifierResult, tuple[str, str]] = {
    VerifierResult.REVOKED: ("证书已被撤销", "This certificate has been revoked"),
}


def amber_line(verdict: Verdict, lang: Lang = "zh") -> str:
    """Under an amber card whose big word is 有效: what amber means here (valid, but look at the
    registration / the status data). '' for every other card."""
    if _kind(verdict) != "genuine" or verdict.result != VerifierResult.VALID \
            or verdict.presentation.tone != "amber":
        return ""
    reg = verdict.registration
    if reg is not None and reg.state != RegistrationState.REGISTERED:
        return _pick(("黄色表示：证书真实，教师资格有效，但定期注册需要注意，"
                      "请向认定机构核实注册情况。",
                      "Amber means: the certificate is genuine and the qualification valid, "
                      "but the registration needs attention; check it with the issuing "
                      "authority."), lang)
    if verdict.stale:
        return _pick(("黄色表示：证书真实，教师资格有效，但状态信息不是最新，"
                      "请向认定机构核实当前状态。",
                      "Amber means: the certificate is genuine and the qualification valid, "
                      "but the status information is not current; check with the issuing "
                      "authority."), lang)
    return _pick(("黄色表示：证书真实，教师资格有效，但有需要注意的核验项目，请看下方说明。",
                  "Amber means: the certificate is genuine and the qualification valid, but "
                  "one of the checks below needs attention."), lang)


# --- errors ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ErrorText:
    """An error page's words: title and explanation in Chinese and English."""

    title: str
    title_en: str
    text: str
    text_en: str


_BUSY = ("服务繁忙", "Service busy", "服务器正忙，请稍后再试。",
         "The service is busy; please retry shortly.")
_UNREADABLE = ("无法读取该文件", "The file cannot be read",
               "请上传清晰的 JPEG、PNG、WebP 照片或电子证照 PDF。",
               "Upload a clear JPEG, PNG or WebP photo, or the certificate PDF.")
_BAD_OFD = ("无法读取该 OFD 文件", "The OFD file cannot be read",
            "文件已损坏或不是规范的 OFD 电子证照（GB/T 33190），请上传发证机关签发的原件。",
            "The file is damaged or not a well-formed OFD licence file (GB/T 33190); upload the "
            "file as issued.")
_TOO_MANY = ("请求过于频繁", "Too many requests", "为保护服务，每个访问者的请求次数有限制。",
             "To protect the service, each visitor may send only so many requests.")
_FORBIDDEN = ("无权执行此操作", "Not allowed", "您的账号无权访问此页面或执行此操作。",
              "Your account may not open this page or do this.")
_UNAVAILABLE = ("核验服务暂不可用", "Verification temporarily unavailable",
                "发证机关发布的可信名单或状态列表暂时无法读取，请稍后再试。",
                "The issuer's published lists cannot be read right now; please retry later.")
_TOO_LARGE = ("文件过大", "File too large",
              "上传的文件超过了大小限制。请压缩照片，或只上传证书页。",
              "The upload is over the size limit. Shrink the photo, or upload only the "
              "certificate page.")

#: error code → (标题, title, 说明, explanation)
ERRORS: dict[str, tuple[str, str, str, str]] = {
    "not_found": ("页面不存在", "Page not found",
                  "您访问的地址不存在或已移动。请检查网址，或从首页重新开始。",
                  "This address does not exist or has moved. Check it, or start from the home "
                  "page."),
    "method_not_allowed": ("不支持此操作", "Method not allowed",
                           "该地址不接受这种请求方式，请通过页面上的按钮或链接进入。",
                           "This address does not accept this kind of request; use the buttons "
                           "and links on the pages."),
    "bad_request": ("请求无效", "Bad request", "请求内容无法处理，请返回重试。",
                    "The request could not be processed; go back and try again."),
    "invalid_request": ("请求内容不完整", "Incomplete request", "请填写所有必填项后重新提交。",
                        "Fill in every required field and submit again."),
    "invalid_input": ("输入有误", "Invalid input", "请检查填写的内容后重试。",
                      "Check what you entered and try again."),
    "required": ("请填写必填项", "Required field missing", "请填写所有必填项后重新提交。",
                 "Fill in every required field and submit again."),
    "certificate_number_format": ("证书编号格式有误", "Certificate number not valid",
                                  "证书编号为 17 位数字，请对照证书重新输入。",
                                  "A certificate number has 17 digits; check it against the "
                                  "certificate."),
    "missing_input": ("请上传文件或输入二维码内容", "Nothing to verify",
                      "请选择证书照片、截图或 PDF，或粘贴二维码内容。",
                      "Choose a photo, screenshot or PDF of the certificate, or paste the QR "
                      "text."),
    "upload_too_large": _TOO_LARGE,
    "body_too_large": _TOO_LARGE,
    "upload_empty": ("文件为空", "Empty file", "所选文件没有内容，请重新选择。",
                     "The chosen file is empty; choose another."),
    "unsupported_type": ("文件类型不支持", "Unsupported file type",
                         "仅支持 JPEG、PNG、WebP 图片、PDF 或 OFD 电子证照。",
                         "Only JPEG, PNG, WebP, PDF or an OFD licence file."),
    "unsupported_media_type": ("文件类型不支持", "Unsupported file type",
                               "仅支持 JPEG、PNG、WebP 图片、PDF 或 OFD 电子证照。",
                               "Only JPEG, PNG, WebP, PDF or an OFD licence file."),
    "not_a_roster": ("文件类型不支持", "Unsupported file",
                     "批量核验请上传 CSV/XLSX 名册（证书编号、姓名两列），或证书照片/PDF/OFD。",
                     "For bulk verification upload a CSV/XLSX roster (certificate number, "
                     "name), or certificate photos/PDFs/OFD files."),
    "empty_roster": ("名册为空", "Empty roster", "名册中没有以证书编号开头的行，请对照模板填写。",
                     "The roster has no row starting with a certificate number; follow the "
                     "template."),
    "too_many_rows": ("名册行数过多", "Too many rows", "请把名册分成几份分别核验。",
                      "Split the roster and verify the parts one by one."),
    "roster_number_as_float": ("证书编号格式有误", "Certificate numbers stored as numbers",
                               "请在表格中将证书编号列设为“文本”后重新导出。",
                               "Format the certificate-number column as text and export "
                               "again."),
    "unreadable_upload": _UNREADABLE,
    "unreadable_image": _UNREADABLE,
    "unreadable_pdf": _UNREADABLE,
    "upload_failed": _UNREADABLE,
    "upload_refused": _UNREADABLE,
    "image_too_large": _TOO_LARGE,
    "pdf_too_many_pages": ("PDF 页数过多", "Too many PDF pages",
                           "请只上传电子证照 PDF 或证书所在的页面。",
                           "Upload only the certificate PDF or the page with the certificate."),
    "pdf_page_too_large": _TOO_LARGE,
    "ofd_unreadable": _BAD_OFD,
    "ofd_malformed": _BAD_OFD,
    "ofd_missing_part": _BAD_OFD,
    "ofd_bad_path": _BAD_OFD,
    "ofd_xml_refused": _BAD_OFD,
    "ofd_too_large": ("OFD 文件过大", "OFD file too large",
                      "该 OFD 文件解压后超出处理上限，请上传发证机关签发的电子证照原件。",
                      "The OFD file expands beyond what is processed; upload the licence file "
                      "as issued."),
    "ofd_too_many_parts": ("OFD 文件结构异常", "Unusual OFD file",
                           "该 OFD 文件包含的部件过多，不是发证机关签发的电子证照。",
                           "The OFD file holds too many parts: not a licence file as issued."),
    "no_qr_found": ("未找到二维码", "No QR code found",
                    "请重新拍摄：光线充足、对准焦点、让二维码占满画面。",
                    "Try again: good light, in focus, let the QR code fill the frame."),
    "work_failed": _UNREADABLE,
    "work_timeout": ("文件处理超时", "The file took too long",
                     "请上传更清晰、更小的照片，或只上传证书页。",
                     "Upload a clearer, smaller photo, or only the certificate page."),
    "rate_limited": _TOO_MANY,
    "too_many_requests": _TOO_MANY,
    "uploads_in_progress": ("上一个文件仍在处理", "An upload is still being processed",
                            "请等上一个文件核验完成后再上传。",
                            "Wait for your previous upload to finish."),
    "busy": _BUSY,
    "not_authenticated": ("请先登录", "Sign-in required", "此页面仅限工作人员使用，请先登录。",
                          "This page is for staff; please sign in."),
    "permission_denied": _FORBIDDEN,
    "role_not_allowed": _FORBIDDEN,
    "outside_region": ("不在您的管辖范围", "Outside your region",
                       "该记录不属于您账号所在的地区。", "This record is outside your region."),
    "wrong_tier": ("须由其他层级办理", "Another tier's step",
                   "此步骤须由规定层级（县、市或省）的审核人员办理，您的账号所在层级不能办理。",
                   "This step belongs to reviewers of another tier (county, city or province); "
                   "your account's tier may not do it."),
    "outside_school": ("不是本校的申请", "Not your school's application",
                       "该申请不属于您账号所在的学校。",
                       "This application belongs to another school than your account's."),
    "school_not_set": ("账号未指定学校", "No school set for this account",
                       "学校审查人员账号须先由管理员指定所在学校，之后才能办理。",
                       "A school reviewer's account needs its school set by an administrator "
                       "first."),
    "csrf_failed": ("页面已过期", "The form has expired",
                    "为了安全，请刷新页面后重新提交。", "For your security, reload the page and "
                    "submit again."),
    "password_change_required": ("请先修改初始密码", "Change your password first",
                                 "首次登录须先修改初始密码。", "Change the initial password "
                                 "before anything else."),
    "conflict": ("操作冲突", "Conflict", "该记录已被修改，请刷新后重试。",
                 "The record changed meanwhile; reload and try again."),
    "list_unavailable": _UNAVAILABLE,
    "trust_list_unavailable": _UNAVAILABLE,
    "status_list_unavailable": _UNAVAILABLE,
    "trust_list_expired": _UNAVAILABLE,
    "root_key_unavailable": _UNAVAILABLE,
    "key_file_unavailable": _UNAVAILABLE,
    "checkpoint_not_found": ("页面不存在", "Page not found", "没有这个审计检查点。",
                             "There is no such audit checkpoint."),
    "malformed_file": _UNREADABLE,
    "configuration_error": ("服务配置有误", "Service misconfigured",
                            "服务暂时无法使用，已记录在案，请稍后再试。",
                            "The service cannot answer right now; it was logged. Please try "
                            "again later."),
    "internal_error": ("服务器内部错误", "Internal error",
                       "出现了意外错误，已记录在案。请稍后再试。",
                       "Something went wrong on our side; it was logged. Please try again "
                       "later."),
}
#: when the code is not in ERRORS: by HTTP status
_BY_STATUS: dict[int, str] = {400: "bad_request", 401: "not_authenticated",
                              403: "permission_denied", 404: "not_found",
                              405: "method_not_allowed", 409: "conflict",
                              413: "upload_too_large", 415: "unsupported_media_type",
                              422: "invalid_input", 429: "rate_limited", 503: "busy"}


def error_text(code: str, status: int) -> ErrorText:
    """The words of an error page for ``code`` (answered with HTTP ``status``)."""
    entry = ERRORS.get(code) or ERRORS.get(_BY_STATUS.get(status, ""))
    if entry is None:
        entry = ERRORS["internal_error"] if status >= 500 else ERRORS["bad_request"]
    return ErrorText(*entry)


def size_text(size: int) -> str:
    """A size limit as people write it: ``10 MB``, ``200 KB``."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB"
    return f"{max(1, round(size / 1024))} KB"


class _Row(Protocol):
    @property
    def code(self) -> str: ...
    @property
    def message(self) -> str: ...
    @property
    def result(self) -> str: ...
    @property
    def verdict(self) -> str: ...
    @property
    def qualification(self) -> str: ...
    @property
    def registration(self) -> str: ...


def _english_cells() -> dict[str, str]:
    """The Chinese labels a bulk report row holds → their English, as a label."""
    pairs = [(t.label, t.english) for t in QualificationType]
    pairs += [(tone.label("zh"), tone.label("en")) for tone in Tone]
    pairs += [(r.label("zh"), r.label("en")) for r in VerifierResult]
    pairs += [(registration_label(s, "zh"), registration_label(s, "en"))
              for s in (*RegistrationState, "unknown")]
    pairs.append(CANNOT_VERIFY)
    return {zh: as_label(en, "en") for zh, en in pairs}


_ENGLISH_CELLS = _english_cells()


def row_cells(row: _Row, lang: Lang = "zh") -> tuple[str, str, str, str]:
    """A bulk report row's result, verdict, qualification and registration for the page: the
    report's Chinese labels, or their English on an English page (names stay as written)."""
    cells = (row.result, row.verdict, row.qualification, row.registration)
    if lang != "en":
        return cells
    return tuple(_ENGLISH_CELLS.get(c, c) for c in cells)  # type: ignore[return-value]


def row_note(row: _Row, lang: Lang = "zh") -> str:
    """A bulk report row's note for the page: the verdict's summary, or a refused file's reason
    in plain words (the report file keeps the raw message)."""
    if row.code in _RESULT_CODES:
        if lang != "en":
            return row.message
        registration = _ENGLISH_CELLS.get(row.registration, row.registration)
        return "; ".join(p for p in (VerifierResult(row.code).headline("en"), registration) if p)
    words = error_text(row.code, 422)
    return f"{words.title}：{words.text}" if lang != "en" else f"{words.title_en}: {words.text_en}"


_RESULT_CODES = frozenset(str(r) for r in VerifierResult)
