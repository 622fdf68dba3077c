"""Effective formatting of any DOCX: run, then character style, paragraph style, table style,
then document defaults, as Word resolves it. Values nobody sets come back as None."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn

_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
_THEME_ATTR = {
    "ascii": "asciiTheme",
    "hAnsi": "hAnsiTheme",
    "eastAsia": "eastAsiaTheme",
    "cs": "cstheme",
}
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@dataclass(frozen=True)
class RunFormat:
    """What a run looks like once every level has been applied."""

    fonts: dict[str, str | None]
    size: float | None  # points
    bold: bool
    italic: bool
    caps: bool
    color: str | None


@dataclass(frozen=True)
class ParaFormat:
    """Alignment (jc value), indents and spacing in twips, line spacing as OOXML has it."""

    jc: str | None
    left: int
    right: int
    first_line: int  # negative for a hanging indent
    before: int
    after: int
    line: int | None
    line_rule: str | None
    borders: frozenset[str]


def _on(element: Any) -> bool:
    value = element.get(qn("w:val"))
    return value is None or value.lower() not in ("0", "false", "off", "none")


def _int(value: str | None, default: int = 0) -> int:
    try:
        return round(float(value)) if value is not None else default
    except ValueError:
        return default


class StyleResolver:
    """Resolves formatting through the style hierarchy of one document."""

    def __init__(self, document: Any) -> None:
        part = document.part
        self.styles: dict[str, Any] = {}
        self.default_para_style: str | None = None
        self.default_table_style: str | None = None
        self.defaults_rpr: Any = None
        self.defaults_ppr: Any = None
        root = _styles_root(part)
        if root is not None:
            for style in root.iter(qn("w:style")):
                style_id = style.get(qn("w:styleId"))
                if style_id:
                    self.styles[style_id] = style
                    if style.get(qn("w:default")) in ("1", "true"):
                        kind = style.get(qn("w:type"))
                        if kind == "paragraph":
                            self.default_para_style = style_id
                        elif kind == "table":
                            self.default_table_style = style_id
            defaults = root.find(qn("w:docDefaults"))
            if defaults is not None:
                self.defaults_rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
                self.defaults_ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
        self.theme = _theme_fonts(part)

    def _chain(self, style_id: str | None, child: str) -> list[Any]:
        """The `child` (w:rPr or w:pPr) of a style and of each style it is based on."""
        out: list[Any] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.styles:
            seen.add(style_id)
            style = self.styles[style_id]
            found = style.find(qn(child))
            if found is not None:
                out.append(found)
            based = style.find(qn("w:basedOn"))
            style_id = based.get(qn("w:val")) if based is not None else None
        return out

    def _para_style(self, p: Any) -> str | None:
        ppr = p.find(qn("w:pPr"))
        style = ppr.find(qn("w:pStyle")) if ppr is not None else None
        return style.get(qn("w:val")) if style is not None else self.default_para_style

    def run_format(self, p: Any, r: Any, table_style: str | None = None) -> RunFormat:
        """The effective format of run `r` in paragraph `p` (inside a table with table_style)."""
        levels: list[Any] = []
        rpr = r.find(qn("w:rPr"))
        if rpr is not None:
            levels.append(rpr)
            rstyle = rpr.find(qn("w:rStyle"))
            if rstyle is not None:
                levels += self._chain(rstyle.get(qn("w:val")), "w:rPr")
        levels += self._chain(self._para_style(p), "w:rPr")
        if table_style:
            levels += self._chain(table_style, "w:rPr")
        if self.defaults_rpr is not None:
            levels.append(self.defaults_rpr)

        fonts: dict[str, str | None] = {}
        for slot in _SLOTS:
            fonts[slot] = None
            for level in levels:
                element = level.find(qn("w:rFonts"))
                if element is None:
                    continue
                theme = element.get(qn(f"w:{_THEME_ATTR[slot]}"))
                if theme:
                    fonts[slot] = self.theme.get(theme, theme)
                    break
                value = element.get(qn(f"w:{slot}"))
                if value:
                    fonts[slot] = value
                    break

        def first(tag: str) -> Any:
            for level in levels:
                found = level.find(qn(tag))
                if found is not None:
                    return found
            return None

        size_element = first("w:sz")
        size = _int(size_element.get(qn("w:val"))) / 2 if size_element is not None else None
        colour = first("w:color")
        return RunFormat(
            fonts=fonts,
            size=size,
            bold=_on(first("w:b")) if first("w:b") is not None else False,
            italic=_on(first("w:i")) if first("w:i") is not None else False,
            caps=_on(first("w:caps")) if first("w:caps") is not None else False,
            color=colour.get(qn("w:val")) if colour is not None else None,
        )

    def para_format(self, p: Any, table_style: str | None = None) -> ParaFormat:
        """The effective paragraph format (direct, then styles, then defaults)."""
        levels: list[Any] = []
        ppr = p.find(qn("w:pPr"))
        if ppr is not None:
            levels.append(ppr)
        levels += self._chain(self._para_style(p), "w:pPr")
        if table_style:
            levels += self._chain(table_style, "w:pPr")
        if self.defaults_ppr is not None:
            levels.append(self.defaults_ppr)

        def attr(tag: str, name: str) -> str | None:
            for level in levels:
                found = level.find(qn(tag))
                if found is not None and found.get(qn(name)) is not None:
                    return str(found.get(qn(name)))
            return None

        first_line = _int(attr("w:ind", "w:firstLine"))
        hanging = attr("w:ind", "w:hanging")
        if hanging is not None:
            first_line = -_int(hanging)
        borders: set[str] = set()
        for level in levels[:1]:
            pbdr = level.find(qn("w:pBdr"))
            if pbdr is not None:
                for edge in pbdr:
                    if edge.get(qn("w:val")) not in (None, "nil", "none"):
                        borders.add(edge.tag.split("}")[1])
        line = attr("w:spacing", "w:line")
        return ParaFormat(
            jc=attr("w:jc", "w:val"),
            left=_int(attr("w:ind", "w:left") or attr("w:ind", "w:start")),
            right=_int(attr("w:ind", "w:right") or attr("w:ind", "w:end")),
            first_line=first_line,
            before=_int(attr("w:spacing", "w:before")),
            after=_int(attr("w:spacing", "w:after")),
            line=_int(line) if line is not None else None,
            line_rule=attr("w:spacing", "w:lineRule"),
            borders=frozenset(borders),
        )


def _styles_root(part: Any) -> Any:
    for rel in part.rels.values():
        if rel.reltype.endswith("/styles") and not rel.is_external:
            return getattr(rel.target_part, "element", None)
    return None


def _theme_fonts(part: Any) -> dict[str, str]:
    """Theme font names: "minorHAnsi" -> "Calibri" and so on, from the document's theme."""
    from lxml import etree

    for rel in part.rels.values():
        if rel.is_external or not rel.reltype.endswith("/theme"):
            continue
        try:
            root = etree.fromstring(rel.target_part.blob)
        except etree.XMLSyntaxError:
            return {}
        out: dict[str, str] = {}
        for kind in ("major", "minor"):
            font = root.find(f".//{_A}{kind}Font")
            if font is None:
                continue
            for script, tag in (
                ("HAnsi", "latin"),
                ("Ascii", "latin"),
                ("EastAsia", "ea"),
                ("Bidi", "cs"),
            ):
                found = font.find(f"{_A}{tag}")
                if found is not None and found.get("typeface"):
                    out[f"{kind}{script}"] = found.get("typeface")
        return out
    return {}
