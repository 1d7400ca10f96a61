#!/usr/bin/env bash
# Install the Debian packages ecert needs (idempotent): Chinese fonts for PDFs and for the sample
# generator's varied booklets (serif, hei, ming and kai faces), poppler's pdfsig for PAdES checks,
# SoftHSM2 as the PKCS#11 token, Chromium for browser tests, the OpenGL runtime the OCR
# stack's OpenCV wheel loads, and LibreOffice Calc (headless) to check that the reporting forms
# open and print.
set -euo pipefail
PACKAGES=(fonts-noto-cjk fonts-arphic-ukai fonts-arphic-uming fonts-wqy-zenhei fonts-wqy-microhei
          fonts-lxgw-wenkai poppler-utils softhsm2 chromium libgl1 libglib2.0-0
          libreoffice-calc-nogui)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "error: need root (or sudo) to install: ${missing[*]}" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
