"""GB/T 38540-2019 electronic-seal structures (version 4), with ``asn1crypto``; building them.

::

    SESeal ::= SEQUENCE {                     -- 电子印章
      eSealInfo    SES_SealInfo,
      cert         OCTET STRING,              -- 制章者证书 (DER): our SM2 seal CA
      signAlgID    OBJECT IDENTIFIER,         -- 1.2.156.10197.1.501 SM2-with-SM3
      signedValue  BIT STRING }               -- SM2 by the maker over DER(eSealInfo)
    SES_SealInfo ::= SEQUENCE {
      header SES_Header, esID IA5String, property SES_ESPropertyInfo,
      picture SES_ESPictrueInfo, extDatas ExtensionDatas OPTIONAL }
    SES_Header ::= SEQUENCE { id IA5String "ES", version INTEGER 4, vid IA5String }
    SES_ESPropertyInfo ::= SEQUENCE {
      type INTEGER (1 单位印章), name UTF8String, certListType INTEGER (1 = certificates),
      certList SEQUENCE OF OCTET STRING (签章者证书 DER), createDate GeneralizedTime,
      validStart GeneralizedTime, validEnd GeneralizedTime }
    SES_ESPictrueInfo ::= SEQUENCE { type IA5String "PNG", data OCTET STRING,
      width INTEGER, height INTEGER }            -- display size in millimetres
    SES_Signature ::= SEQUENCE {               -- 电子签章
      toSign TBS_Sign, cert OCTET STRING (签章者证书 DER),
      signatureAlgID OBJECT IDENTIFIER, signature BIT STRING (SM2 over DER(toSign)),
      timeStamp [0] EXPLICIT BIT STRING OPTIONAL }
    TBS_Sign ::= SEQUENCE {
      version INTEGER 4, eseal SESeal, timeInfo GeneralizedTime,
      dataHash BIT STRING (SM3 of the signed data), propertyInfo IA5String,
      extDatas [0] EXPLICIT ExtensionDatas OPTIONAL }

What each signature covers follows the common readers (ofdrw, Suwell/Foxit validators): the
maker signs the DER of ``SES_SealInfo``; the signer signs the DER of ``TBS_Sign``. Both are
standard SM2 signatures (DER SEQUENCE {r, s}) with the default user ID.
"""

from __future__ import annotations

from datetime import datetime

from asn1crypto import core

from keys._sm2 import SM2_WITH_SM3_OID, Sm2PrivateKey, sm2_sign, sm3

__all__ = [
    "SES_VERSION",
    "SESeal",
    "SESignature",
    "SealInfo",
    "TBSSign",
    "build_seal",
    "build_signature",
]

SES_VERSION = 4
VENDOR_ID = "ecert"


class ExtData(core.Sequence):  # type: ignore[misc]
    _fields = [
        ("extn_id", core.ObjectIdentifier),
        ("critical", core.Boolean, {"default": False}),
        ("extn_value", core.OctetString),
    ]


class ExtensionDatas(core.SequenceOf):  # type: ignore[misc]
    _child_spec = ExtData


class SESHeader(core.Sequence):  # type: ignore[misc]
    _fields = [("id", core.IA5String), ("version", core.Integer), ("vid", core.IA5String)]


class CertInfoList(core.SequenceOf):  # type: ignore[misc]
    _child_spec = core.OctetString


class PropertyInfo(core.Sequence):  # type: ignore[misc]
    _fields = [
        ("type", core.Integer),
        ("name", core.UTF8String),
        ("cert_list_type", core.Integer),
        ("cert_list", CertInfoList),
        ("create_date", core.GeneralizedTime),
        ("valid_start", core.GeneralizedTime),
        ("valid_end", core.GeneralizedTime),
    ]


class PictureInfo(core.Sequence):  # type: ignore[misc]
    _fields = [
        ("type", core.IA5String),
        ("data", core.OctetString),
        ("width", core.Integer),
        ("height", core.Integer),
    ]


class SealInfo(core.Sequence):  # type: ignore[misc]
    _fields = [
        ("header", SESHeader),
        ("es_id", core.IA5String),
        ("property", PropertyInfo),
        ("picture", PictureInfo),
        ("ext_datas", ExtensionDatas, {"optional": True}),
    ]


class SESeal(core.Sequence):  # type: ignore[misc]
    _fields = [
        ("seal_info", SealInfo),
        ("cert", core.OctetString),
        ("sign_alg_id", core.ObjectIdentifier),
        ("signed_value", core.OctetBitString),
    ]


class TBSSign(core.Sequence):  # type: ignore[misc]
    _fields = [
        ("version", core.Integer),
        ("eseal", SESeal),
        ("time_info", core.GeneralizedTime),
        ("data_hash", core.OctetBitString),
        ("property_info", core.IA5String),
        ("ext_datas", ExtensionDatas, {"explicit": 0, "optional": True}),
    ]


class SESignature(core.Sequence):  # type: ignore[misc]
    _fields = [
        ("to_sign", TBSSign),
        ("cert", core.OctetString),
        ("signature_alg_id", core.ObjectIdentifier),
        ("signature", core.OctetBitString),
        ("time_stamp", core.OctetBitString, {"explicit": 0, "optional": True}),
    ]


def _seconds(moment: datetime) -> datetime:
    # GeneralizedTime without fractions: "YYYYMMDDHHMMSSZ", the form every reader accepts.
    return moment.replace(microsecond=0)


def build_seal(
    *,
    es_id: str,
    name: str,
    signer_cert: bytes,
    maker_key: Sm2PrivateKey,
    maker_cert: bytes,
    picture_png: bytes,
    picture_mm: tuple[int, int],
    created: datetime,
    valid_start: datetime,
    valid_end: datetime,
) -> bytes:
    """DER of an SESeal (unit seal, type 1) naming ``signer_cert``, signed by the maker."""
    info = SealInfo(
        {
            "header": {"id": "ES", "version": SES_VERSION, "vid": VENDOR_ID},
            "es_id": es_id,
            "property": {
                "type": 1,
                "name": name,
                "cert_list_type": 1,
                "cert_list": [signer_cert],
                "create_date": _seconds(created),
                "valid_start": _seconds(valid_start),
                "valid_end": _seconds(valid_end),
            },
            "picture": {
                "type": "PNG",
                "data": picture_png,
                "width": picture_mm[0],
                "height": picture_mm[1],
            },
        }
    )
    seal = SESeal(
        {
            "seal_info": info,
            "cert": maker_cert,
            "sign_alg_id": SM2_WITH_SM3_OID,
            "signed_value": sm2_sign(maker_key, info.dump()),
        }
    )
    der: bytes = seal.dump()
    return der


def build_signature(
    *,
    seal_der: bytes,
    signer_key: Sm2PrivateKey,
    signer_cert: bytes,
    data: bytes,
    property_info: str,
    at: datetime,
) -> bytes:
    """DER of an SES_Signature over ``data``: dataHash = SM3(data), SM2 over DER(TBS_Sign)."""
    tbs = TBSSign(
        {
            "version": SES_VERSION,
            "eseal": SESeal.load(seal_der),
            "time_info": _seconds(at),
            "data_hash": sm3(data),
            "property_info": property_info,
        }
    )
    signature = SESignature(
        {
            "to_sign": tbs,
            "cert": signer_cert,
            "signature_alg_id": SM2_WITH_SM3_OID,
            "signature": sm2_sign(signer_key, tbs.dump()),
        }
    )
    der: bytes = signature.dump()
    return der
