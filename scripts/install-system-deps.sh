#!/usr/bin/env bash
# Debian packages the tests and benchmarks use: real TLS servers (openssl s_server, nginx),
# packet capture (tshark/dumpcap), the comparison anchors (sslscan, testssl.sh) and headless
# Chromium for the HTML report test, and Python (its smtpd: a real non-web program on the HTTPS
# port). Idempotent; needs root (as on CI and the dev machines).
set -euo pipefail
pkgs=(openssl nginx-light tshark sslscan testssl.sh chromium python3)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ]; then echo "system packages: all present"; exit 0; fi
if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections || true
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "system packages: installed ${missing[*]}"
