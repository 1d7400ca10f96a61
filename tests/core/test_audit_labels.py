"""core.audit's labels: every action the code records has a Chinese name (the console's record
page and its audit log both name actions through it), and so does every kind of entity."""

from __future__ import annotations

import re
from pathlib import Path

from core.audit import ACTION_LABELS, ENTITY_LABELS, action_label, entity_label
from core.policy import Action
from core.states import AnnotationKind, StatusEventKind

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "keys", "scanning", "issuer", "verifier", "ecert")
#: an action string as the code writes it: action="x.y", LifecycleEvent("keys.x", …),
#: key_event("keys.x", …), _audit(session, name, "staff.x", …), replace(e, action="keys.x")
_LITERAL = re.compile(
    r'(?:action=|LifecycleEvent\(\s*|key_event\(|_audit\(session, [\w.]+, )"([a-z_]+\.[a-z_.]+)"')


def _recorded_actions() -> set[str]:
    found: set[str] = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            found.update(_LITERAL.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_recorded_action_has_a_chinese_label() -> None:
    actions = _recorded_actions()
    # the scan finds the ones written out (and a few from each family)
    assert {"credentials.issue", "staff.signin", "records.import.approved",
            "keys.publish_trust_list", "keys.rotate", "staff.locked"} <= actions
    # built from a value: status.<kind>, annotation.<kind>, holder.download.<format>
    actions |= {f"status.{k.value}" for k in StatusEventKind}
    actions |= {f"annotation.{k.value}" for k in AnnotationKind}
    actions |= {"holder.download.pdf", "holder.download.json"}
    unnamed = sorted(a for a in actions if action_label(a) == a)
    assert unnamed == [], f"add these to core.audit.ACTION_LABELS: {unnamed}"
    for a in actions:
        assert re.search(r"[\u4e00-\u9fff]", action_label(a)), a


def test_labels_read_as_people_say_them() -> None:
    assert action_label("credentials.issue") == "签发电子证照"
    assert action_label("staff.signin") == "登录"
    assert action_label("records.import.approved") == "导入记录（已审核）"
    assert action_label("keys.publish_trust_list") == "发布信任列表"
    assert action_label("status.revocation") == "资格状态变更：撤销"
    assert action_label("records.approve") == Action.RECORD_APPROVE.label  # one vocabulary
    assert action_label("something.new") == "something.new"  # unknown: as logged
    assert set(ACTION_LABELS) >= {"staff.signin", "credentials.issue"}


def test_entity_labels() -> None:
    assert entity_label("certificate") == "证书" and entity_label("user") == "用户"
    assert entity_label("trust_list") == "信任列表" and entity_label("odd") == "odd"
    assert all(re.search(r"[\u4e00-\u9fff]", v) for v in ENTITY_LABELS.values())
