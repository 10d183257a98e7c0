#!/usr/bin/env bash
# Build the one-folder PyInstaller bundle in dist/posture-break/ and smoke-test it.
#
#   packaging/build_bundle.sh            # uses python3 from PATH
#   PYTHON=python3.12 packaging/build_bundle.sh
#
# It makes its own venv (build/bundle-venv), installs PyInstaller and the project into it, builds
# with packaging/posture-break.spec, then runs the bundle's `--version` on the offscreen platform
# and prints the bundle's size and the build time.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
python=${PYTHON:-python3}
venv=$root/build/bundle-venv
start=$(date +%s)

if [[ ! -x $venv/bin/python ]]; then
  echo "bundle: creating $venv"
  "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet "pyinstaller>=6.10" "$root"

if [[ ! -f $root/posture_break/i18n/posture_break_de.qm ]]; then
  echo "bundle: posture_break/i18n/posture_break_de.qm is missing (run tools/update_translations.py)" >&2
  exit 1
fi

rm -rf "$root/dist/posture-break"
"$venv/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --workpath "$root/build/pyinstaller" --distpath "$root/dist" \
  "$root/packaging/posture-break.spec"
built=$(date +%s)

bundle=$root/dist/posture-break
echo "bundle: built $bundle in $((built - start)) s"
echo "bundle: size $(du -sh "$bundle" | cut -f1) ($(find "$bundle" -type f | wc -l) files)"
echo "bundle: $bundle/posture-break --version"
QT_QPA_PLATFORM=offscreen "$bundle/posture-break" --version
# Qt must load too: `doctor` starts a QApplication, `cards --render` draws every card with QtSvg
# from the bundled assets.
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
QT_QPA_PLATFORM=offscreen "$bundle/posture-break" --data-dir "$scratch/data" doctor | head -4
QT_QPA_PLATFORM=offscreen "$bundle/posture-break" --data-dir "$scratch/data" cards \
  --render "$scratch/png" >/dev/null 2>&1
echo "bundle: rendered $(find "$scratch/png" -name '*.png' | wc -l) card PNGs"
qm=$(find "$bundle" -name 'posture_break_de.qm' | head -1)
[[ -n $qm ]] || { echo "bundle: posture_break_de.qm not bundled" >&2; exit 1; }
echo "bundle: catalogue ${qm#"$bundle"/}"
echo "bundle: ok"
