"""Fast checks of the installer sources (no build): the WiX harvest, the .wxs, the desktop entry."""

from __future__ import annotations

import configparser
import importlib.util
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
WIX = "{http://schemas.microsoft.com/wix/2006/wi}"


def _harvest_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "harvest", ROOT / "installer" / "windows" / "harvest.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    folder = tmp_path / "troly"
    (folder / "_internal" / "llama_cpp" / "lib").mkdir(parents=True)
    (folder / "troly.exe").write_bytes(b"MZ")
    (folder / "troly-gui.exe").write_bytes(b"MZ")
    (folder / "_internal" / "llama_cpp" / "lib" / "llama.dll").write_bytes(b"MZ")
    (folder / "_internal" / "vcomp140.dll").write_bytes(b"MZ")
    return folder


def test_harvest_lists_every_file_once_with_stable_guids(
    bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(bundle.parent)
    harvest = _harvest_module()
    first = harvest.harvest(bundle)
    assert first == harvest.harvest(bundle)  # same input, same GUIDs: upgrades keep components
    tree = ET.fromstring(first)
    files = tree.findall(f".//{WIX}File")
    assert len(files) == 4
    assert {f.get("Id") for f in files} >= {"TrolyExe", "TrolyGuiExe"}
    assert len({f.get("Id") for f in files}) == len(files)
    components = tree.findall(f".//{WIX}Component")
    guids = [c.get("Guid") for c in components]
    assert len(set(guids)) == len(guids)
    assert all(uuid.UUID(str(g)) for g in guids)
    refs = tree.findall(f".//{WIX}ComponentGroup/{WIX}ComponentRef")
    assert {r.get("Id") for r in refs} == {c.get("Id") for c in components}
    # wixl wants relative sources; the WiX compiler runs from the same folder.
    assert all(not Path(str(f.get("Source"))).is_absolute() for f in files)


def test_wxs_is_per_machine_with_the_public_properties() -> None:
    text = (ROOT / "installer" / "windows" / "TroLy.wxs").read_text(encoding="utf-8")
    tree = ET.fromstring(text)
    package = tree.find(f".//{WIX}Package")
    assert package is not None and package.get("InstallScope") == "perMachine"
    properties = {p.get("Id") for p in tree.iter(f"{WIX}Property")}
    assert {"MODELFILE", "POLICYFILE"} <= properties
    actions = {a.get("Id"): a for a in tree.iter(f"{WIX}CustomAction")}
    assert "[MODELFILE]" in str(actions["CopyModel"].get("ExeCommand"))
    assert "[POLICYFILE]" in str(actions["CopyPolicy"].get("ExeCommand"))
    assert tree.find(f".//{WIX}Shortcut") is not None
    assert tree.find(f".//{WIX}MajorUpgrade") is not None
    # What msi_check.sh strips for wixl must be whole elements, not part of a comment.
    stripped = "\n".join(line for line in text.splitlines() if "wix3-only" not in line)
    ET.fromstring(stripped)


def test_desktop_entry_runs_the_gui() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(ROOT / "installer" / "linux" / "troly.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Exec"] == "troly gui"
    assert section["Icon"] == "troly"
    assert (ROOT / "resources" / "icons" / "troly.svg").is_file()


def test_the_bundle_collects_the_data_files_the_core_reads() -> None:
    """The spec's own data section, run as PyInstaller runs it: every resource the core opens
    through troly.core.resources lands where the locator looks in a frozen bundle."""
    from troly.core.nd30.metrics import WIDTHS_FILE
    from troly.core.tasks.draft import PROMPT_FILE

    lines = (ROOT / "installer" / "troly.spec").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# --- data "))
    end = next(i for i, line in enumerate(lines) if line.startswith("# --- binaries "))
    data_section = "\n".join(lines[start:end])
    namespace: dict[str, object] = {"ROOT": ROOT, "copy_metadata": lambda name: []}
    exec(data_section, namespace)
    collected = {(Path(src), dest) for src, dest in namespace["datas"]}  # type: ignore[attr-defined]
    for parts in (WIDTHS_FILE, PROMPT_FILE):
        source = ROOT.joinpath("resources", *parts)
        assert source.is_file()
        assert (source, str(Path("resources", *parts[:-1]))) in collected, parts
    assert (ROOT / "models" / "manifest.json", "models") in collected
