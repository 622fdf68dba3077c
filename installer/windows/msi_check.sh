#!/usr/bin/env bash
# `make msi-check`: build TroLy.wxs with wixl (Debian msitools) over the Linux bundle in
# dist/troly/. A structural check of the WiX source (every element resolves, the tables are
# written, the custom actions and the shortcut are where they should be), not an installable
# Windows package: that one comes from .github/workflows/windows-msi.yml on a Windows runner.
set -euo pipefail
cd "$(dirname "$0")/../.."

for pkg in wixl msitools; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  if [[ $status != "install ok installed" ]]; then
    sudo_cmd=()
    [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wixl msitools
    break
  fi
done
[[ -d dist/troly ]] || { echo "msi-check: dist/troly is missing: run make bundle" >&2; exit 1; }

version=$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
out=build/msi
mkdir -p "$out"
python3 installer/windows/harvest.py dist/troly "$out/payload.wxs"
# wixl crashes on a property without a value: drop the lines TroLy.wxs marks as WiX 3 only.
grep -v 'wix3-only' installer/windows/TroLy.wxs >"$out/TroLy.wixl.wxs"
wixl -a x64 -D Version="$version" -o "$out/TroLy-structural.msi" "$out/TroLy.wixl.wxs" \
  "$out/payload.wxs" 2> >(grep -v -e 'has no property named' -e '^$' >&2)

msi=$out/TroLy-structural.msi
check() {  # table, text (grep -q in a pipe would SIGPIPE msiinfo under pipefail)
  local table
  table=$(msiinfo export "$msi" "$1")
  grep -q -- "$2" <<<"$table" || { echo "msi-check: $1 lacks $2" >&2; exit 1; }
}
check Property "ProductVersion"$'\t'"$version"
check Shortcut "troly-gui.exe"
check CustomAction "CopyModel"
check CustomAction "CopyPolicy"
check InstallExecuteSequence "RemoveData"
check Directory "ProgramFiles64Folder"
files=$(msiinfo export "$msi" File | tail -n +4 | wc -l)
bundle_files=$(find dist/troly -type f -o -type l | wc -l)  # symlinks are copied as files
[[ $files -eq $bundle_files ]] || { echo "msi-check: $files files in the MSI, $bundle_files in the bundle" >&2; exit 1; }
echo "msi-check: $msi ($(du -h "$msi" | cut -f1), $files files) builds with wixl"
