"""A byte template of one signer's PAdES CMS container, so later signatures skip asn1crypto.

pyHanko builds every CMS through asn1crypto, which re-serialises the embedded certificates each
time: two thirds of the signing cost. For PAdES B-B with one signer, everything in the container
is constant except the message digest (a signed attribute) and the raw signature. So the first
container pyHanko makes for a signer is learnt as a template, and it is only used when rebuilding
that very container from its own digest and signature gives back the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

from asn1crypto import cms

__all__ = ["CmsTemplate"]

# signed attributes that do not change from one signature to the next for the same signer
_CONSTANT_ATTRIBUTES = {
    "content_type",
    "signing_certificate",
    "signing_certificate_v2",
    "cms_algorithm_protection",
}
_SIGNED_DATA_OID = bytes.fromhex("06092a864886f70d010702")


def _tlv(tag: int, content: bytes) -> bytes:
    size = len(content)
    if size < 0x80:
        return bytes((tag, size)) + content
    width = (size.bit_length() + 7) // 8
    return bytes((tag, 0x80 | width)) + size.to_bytes(width, "big") + content


@dataclass(frozen=True)
class CmsTemplate:
    """The constant parts of one signer's CMS SignedData, as DER bytes."""

    digest_algorithm: str
    attributes_before: bytes  # DER of the signed attributes sorted before message-digest
    digest_prefix: bytes  # DER of the message-digest attribute up to the digest value
    attributes_after: bytes
    signer_info_head: bytes  # version, sid, digestAlgorithm
    signature_algorithm: bytes
    signed_data_head: bytes  # version, digestAlgorithms, encapContentInfo, certificates

    def signed_attributes(self, digest: bytes) -> bytes:
        """The DER SET OF signed attributes over which the raw signature is made."""
        message_digest = self.digest_prefix + digest
        return _tlv(0x31, self.attributes_before + message_digest + self.attributes_after)

    def container(self, signed_attributes: bytes, signature: bytes) -> bytes:
        """The DER ContentInfo for a signature over `signed_attributes`."""
        implicit = b"\xa0" + signed_attributes[1:]  # [0] IMPLICIT SET OF Attribute
        signer_info = _tlv(
            0x30,
            self.signer_info_head + implicit + self.signature_algorithm + _tlv(0x04, signature),
        )
        signed_data = _tlv(0x30, self.signed_data_head + _tlv(0x31, signer_info))
        return _tlv(0x30, _SIGNED_DATA_OID + _tlv(0xA0, signed_data))

    @classmethod
    def learn(cls, der: bytes) -> CmsTemplate | None:
        """A template from a container pyHanko made, or None if this one cannot be templated."""
        try:
            template, digest, attributes, signature = cls._parse(der)
        except (ValueError, KeyError, TypeError, IndexError):
            return None
        if template is None or template.container(attributes, signature) != der:
            return None
        if template.signed_attributes(digest) != attributes:
            return None
        return template

    @classmethod
    def _parse(cls, der: bytes) -> tuple[CmsTemplate | None, bytes, bytes, bytes]:
        signed_data = cms.ContentInfo.load(der)["content"]
        (info,) = signed_data["signer_infos"]
        attributes = list(info["signed_attrs"])
        kinds = [a["type"].native for a in attributes]
        if info["unsigned_attrs"].native is not None or kinds.count("message_digest") != 1:
            return None, b"", b"", b""
        if not set(kinds) - {"message_digest"} <= _CONSTANT_ATTRIBUTES:
            return None, b"", b"", b""
        index = kinds.index("message_digest")
        digest = attributes[index]["values"][0].native
        message_digest = attributes[index].dump()
        if not message_digest.endswith(digest):
            return None, b"", b"", b""
        fields = ("version", "digest_algorithms", "encap_content_info", "certificates")
        template = cls(
            digest_algorithm=info["digest_algorithm"]["algorithm"].native,
            attributes_before=b"".join(a.dump() for a in attributes[:index]),
            digest_prefix=message_digest[: -len(digest)],
            attributes_after=b"".join(a.dump() for a in attributes[index + 1 :]),
            signer_info_head=b"".join(
                info[k].dump() for k in ("version", "sid", "digest_algorithm")
            ),
            signature_algorithm=info["signature_algorithm"].dump(),
            signed_data_head=b"".join(signed_data[k].dump() for k in fields),
        )
        return (
            template,
            digest,
            _tlv(0x31, b"".join(a.dump() for a in attributes)),
            info["signature"].native,
        )
