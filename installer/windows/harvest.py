"""Write the WiX fragment that installs every file of a PyInstaller bundle (dist/troly/).

Used by `make msi-check` (wixl, on Linux) and by the Windows workflow (WiX 3 candle/light), so
both build the same package from one source. WiX 3 syntax, which wixl reads.

One component per file, its GUID derived from the file's path (uuid5): the same file keeps its
component GUID from one version to the next, which Windows Installer's upgrade rules need.
Fixed ids for the programs: TrolyExe (troly.exe, or `troly` in a Linux payload) and
TrolyGuiExe (troly-gui.exe).

usage: python harvest.py BUNDLE_DIR OUT.wxs
Sources are written relative to the current folder (wixl wants relative paths): run the WiX
compiler from the same folder.
"""

from __future__ import annotations

import hashlib
import os
import sys
import uuid
from pathlib import Path
from xml.sax.saxutils import quoteattr

NAMESPACE = uuid.UUID("5b0c1a57-7c1e-4c53-9a52-2f6f1e7a1f00")
FIXED_IDS = {"troly.exe": "TrolyExe", "troly-gui.exe": "TrolyGuiExe"}


def _id(prefix: str, rel: str) -> str:
    # MSI identifiers: letters, digits, underscores and dots, at most 72 characters.
    return f"{prefix}_{hashlib.sha1(rel.encode()).hexdigest()[:32]}"


def harvest(bundle: Path) -> str:
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">',
        "  <Fragment>",
        '    <DirectoryRef Id="INSTALLDIR">',
    ]
    components: list[str] = []

    def walk(folder: Path, depth: int) -> None:
        pad = "  " * depth
        for path in sorted(folder.iterdir(), key=lambda p: (p.is_dir(), p.name)):
            rel = path.relative_to(bundle).as_posix()
            if path.is_dir():
                lines.append(f"{pad}<Directory Id={quoteattr(_id('d', rel))} Name={quoteattr(path.name)}>")
                walk(path, depth + 1)
                lines.append(f"{pad}</Directory>")
                continue
            name = path.name
            file_id = FIXED_IDS.get(name.lower()) if folder == bundle else None
            if folder == bundle and name == "troly":  # a Linux payload, for the structural check
                file_id = "TrolyExe"
            file_id = file_id or _id("f", rel)
            comp_id = _id("c", rel)
            guid = str(uuid.uuid5(NAMESPACE, rel)).upper()
            components.append(comp_id)
            lines.append(f"{pad}<Component Id={quoteattr(comp_id)} Guid={quoteattr(guid)} Win64=\"yes\">")
            lines.append(
                f"{pad}  <File Id={quoteattr(file_id)} Name={quoteattr(name)} "
                f"Source={quoteattr(os.path.relpath(path))} KeyPath=\"yes\" />"
            )
            lines.append(f"{pad}</Component>")

    walk(bundle, 3)
    lines += ["    </DirectoryRef>", "  </Fragment>", "  <Fragment>", '    <ComponentGroup Id="Payload">']
    lines += [f"      <ComponentRef Id={quoteattr(c)} />" for c in components]
    lines += ["    </ComponentGroup>", "  </Fragment>"]
    lines += [
        "</Wix>",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    bundle, out = Path(sys.argv[1]).resolve(), Path(sys.argv[2])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(harvest(bundle), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
