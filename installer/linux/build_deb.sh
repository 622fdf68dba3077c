#!/usr/bin/env bash
# `make deb`: dist/troly_<version>_amd64.deb from the bundle in dist/troly/ (`make bundle`).
#
# Layout: /opt/troly (the bundle), /usr/bin/troly (a wrapper), the desktop entry and the icon,
# /etc/troly/policy.json (a conffile: an administrator's edits survive upgrades).
set -euo pipefail
cd "$(dirname "$0")/../.."

[[ -x dist/troly/troly ]] || { echo "deb: dist/troly/troly is missing: run make bundle" >&2; exit 1; }
command -v dpkg-deb >/dev/null || { echo "deb: dpkg-deb is missing (Debian's dpkg)" >&2; exit 1; }

version=$(python3 -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
arch=amd64
pkg=build/deb/troly_${version}_${arch}
rm -rf "$pkg"
mkdir -p "$pkg/DEBIAN" "$pkg/opt" "$pkg/usr/bin" "$pkg/usr/share/applications" \
  "$pkg/usr/share/icons/hicolor/scalable/apps" "$pkg/usr/share/doc/troly" "$pkg/etc/troly"

cp -a dist/troly "$pkg/opt/troly"
install -m 0755 installer/linux/troly.sh "$pkg/usr/bin/troly"
install -m 0644 installer/linux/troly.desktop "$pkg/usr/share/applications/troly.desktop"
install -m 0644 resources/icons/troly.svg "$pkg/usr/share/icons/hicolor/scalable/apps/troly.svg"
[[ -f docs/ADMIN.md ]] && install -m 0644 docs/ADMIN.md "$pkg/usr/share/doc/troly/ADMIN.md"
install -m 0644 models/manifest.json "$pkg/usr/share/doc/troly/models-manifest.json"
install -m 0644 models/licences/*.txt "$pkg/usr/share/doc/troly/"

# The machine policy, a conffile: an empty policy (nothing locked) that says where the keys are.
# The team's example (installer/policy/policy.example.json) goes to the documentation, not to
# /etc: it locks the model folder, lists placeholder keys and refuses imports, which would leave a
# fresh install unable to load the model the administrator side-loads.
cat >"$pkg/etc/troly/policy.json" <<'JSON'
{
  "_comment": "Chính sách TroLy cho cả máy / TroLy machine policy. Empty: nothing is locked. Keys, with explanations: /usr/share/doc/troly/policy.example.json. Check with: troly policy show"
}
JSON
chmod 0644 "$pkg/etc/troly/policy.json"
if [[ -f installer/policy/policy.example.json ]]; then
  install -m 0644 installer/policy/policy.example.json "$pkg/usr/share/doc/troly/policy.example.json"
fi
echo /etc/troly/policy.json >"$pkg/DEBIAN/conffiles"

install -m 0755 installer/linux/postinst "$pkg/DEBIAN/postinst"
install -m 0755 installer/linux/postrm "$pkg/DEBIAN/postrm"

# What the bundle loads from the system: glibc and the X11/GL/font stack Qt's xcb plugin needs
# (PyInstaller leaves these out on purpose), D-Bus for the Secret Service, Tesseract for OCR,
# fonts with Vietnamese glyphs. A keyring service is only recommended: a desktop has one.
depends=(
  "libc6 (>= 2.34)" libgomp1 libstdc++6 zlib1g
  libxcb-cursor0 libxkbcommon-x11-0 libxkbcommon0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb1 libx11-6
  libx11-xcb1 libegl1 libgl1 libopengl0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0
  tesseract-ocr tesseract-ocr-vie
  "fonts-noto-core | fonts-dejavu-core" "fonts-liberation2 | fonts-liberation"
)
# LibreOffice converts .doc, .rtf and .odt; without it those files are listed with what to install.
recommends=("gnome-keyring | keepassxc | kwalletmanager" xdg-utils libreoffice-writer-nogui)
join() { local IFS=,; echo "$*" | sed 's/,/, /g'; }

installed_size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@INSTALLED_SIZE@/$installed_size/" \
  -e "s/@DEPENDS@/$(join "${depends[@]}")/" -e "s/@RECOMMENDS@/$(join "${recommends[@]}")/" \
  installer/linux/control.in >"$pkg/DEBIAN/control"

out=dist/troly_${version}_${arch}.deb
# --root-owner-group: files owned by root without fakeroot. zstd: several times faster than xz
# for ~15% more bytes; every dpkg the bundle can run with (glibc >= 2.34: Debian 12, Ubuntu 22.04) reads it.
dpkg-deb --root-owner-group -Zzstd --build "$pkg" "$out" >/dev/null
echo "deb: $out $(du -h "$out" | cut -f1) (installed: $((installed_size / 1024)) MiB)"
