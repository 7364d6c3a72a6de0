#!/usr/bin/env bash
# Debian packages the tests and benchmarks use: real TLS servers (openssl s_server, nginx, and for
# the zoo tier apache2, lighttpd with its OpenSSL module, haproxy, stunnel, gnutls-serv, Java),
# packet capture (tshark/dumpcap), the comparison anchors (sslscan, testssl.sh, nmap's
# ssl-enum-ciphers), headless Chromium for the HTML report test and Prometheus (prometheus,
# promtool) for the exporter test, curl and iproute2 (ip netns, VXLAN) for the capture tests. The zoo also needs util-linux's
# unshare/nsenter (network namespaces). Idempotent; needs root (as on CI and the dev machines).
set -euo pipefail
pkgs=(openssl nginx-light tshark sslscan testssl.sh chromium
  apache2 lighttpd lighttpd-mod-openssl haproxy stunnel4 gnutls-bin nmap openjdk-17-jdk-headless
  iproute2 util-linux prometheus curl python3)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ]; then echo "system packages: all present"; exit 0; fi
if [ "$(id -u)" != 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
echo "wireshark-common wireshark-common/install-setuid boolean false" | $SUDO debconf-set-selections || true
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "system packages: installed ${missing[*]}"
