"""An element's size, weight, slant and case against what Phụ lục I sets for it."""

from __future__ import annotations

from troly.core.nd30 import spec
from troly.core.nd30.findings import Finding
from troly.core.nd30.locate import is_upper
from troly.core.nd30.reader import Para


def _size(para: Para, key: str, e: spec.ElementSpec) -> Finding | None:
    size = para.size
    if size is None or e.accepts(size):
        return None
    allowed = f"{e.sizes[0]:g}" if e.sizes[0] == e.sizes[1] else f"{e.sizes[0]:g}-{e.sizes[1]:g}"
    return Finding(
        f"size-{key}",
        f"{e.name_vi}: cỡ chữ {size:g}, phải là {allowed}.",
        f"{key}: size {size:g} pt, must be {allowed}.",
        e.rule,
        para.where,
    )


def _weight(para: Para, key: str, e: spec.ElementSpec) -> Finding | None:
    if not para.runs or e.bold == para.all("bold") or not (e.bold or para.any("bold")):
        return None
    vi = "phải in đậm" if e.bold else "không được in đậm"
    return Finding(
        f"bold-{key}", f"{e.name_vi}: {vi}.", f"{key}: bold must be {e.bold}.", e.rule, para.where
    )


def _slant(para: Para, key: str, e: spec.ElementSpec) -> Finding | None:
    if not para.runs or e.italic == para.all("italic") or not (e.italic or para.any("italic")):
        return None
    vi = "phải in nghiêng" if e.italic else "phải là kiểu chữ đứng (không nghiêng)"
    return Finding(
        f"italic-{key}",
        f"{e.name_vi}: {vi}.",
        f"{key}: italic must be {e.italic}.",
        e.rule,
        para.where,
    )


def _case(para: Para, key: str, e: spec.ElementSpec) -> Finding | None:
    upper = is_upper(para.text) or para.all("caps")
    letters = sum(c.isalpha() for c in para.text)
    if e.upper is True and not upper:
        vi, en = "phải viết in hoa", "must be in capitals"
    elif e.upper is False and upper and letters > 3:
        vi, en = "phải viết in thường", "must not be all capitals"
    else:
        return None
    return Finding(f"case-{key}", f"{e.name_vi}: {vi}.", f"{key}: {en}.", e.rule, para.where)


_ASPECTS = (_size, _weight, _slant, _case)


def appearance(para: Para, key: str) -> list[Finding]:
    """Every way `para` departs from how element `key` (a spec.ELEMENTS key) must look."""
    e = spec.ELEMENTS[key]
    found = (aspect(para, key, e) for aspect in _ASPECTS)
    return [finding for finding in found if finding is not None]


def missing(key: str, name_vi: str) -> Finding:
    """The finding for an element that is not there, citing the element's rule."""
    return Finding(
        f"missing-{key}", f"Thiếu {name_vi}.", f"Missing: {key}.", spec.ELEMENTS[key].rule
    )
