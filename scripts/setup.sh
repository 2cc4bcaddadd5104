#!/usr/bin/env bash
# Sets up a fresh machine for building and testing: Debian packages (as root), npm dependencies,
# and the real VS Code (code-server) the e2e tests drive. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# Lab tests: namespaces, NAT, STUN servers, sshd, iperf3, an HTTP proxy (tinyproxy) and curl as its client.
# E2E: Chromium, fonts, ripgrep, krb5 headers. Integration: a pseudo-terminal (script) and the process table (ps).
APT_PACKAGES=(iproute2 iptables conntrack openssh-server openssh-client stun-server coturn iperf3 iputils-ping
  tinyproxy curl chromium fonts-liberation ripgrep libkrb5-dev openssl bsdutils procps)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup: missing Debian packages: ${missing[*]}; run this script as root" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The packaged STUN/TURN servers and proxy must not run as system services: the lab starts its own.
for svc in coturn stun-server ssh tinyproxy; do
  (command -v systemctl >/dev/null && systemctl disable --now "$svc" >/dev/null 2>&1) || true
done
# Without systemd, Debian's tinyproxy package starts its daemon from its init script (unless
# policy-rc.d forbids it, as in most containers). Stop that one daemon by its PID file: the init
# script's "stop" ends every tinyproxy on the machine, a running lab's included.
if [ ! -d /run/systemd/system ] && [ -x /etc/init.d/tinyproxy ]; then
  pidfile=$(awk 'tolower($1) == "pidfile" { gsub(/"/, "", $2); print $2 }' /etc/tinyproxy/tinyproxy.conf 2>/dev/null)
  pid=$(cat "${pidfile:-/run/tinyproxy/tinyproxy.pid}" 2>/dev/null || true)
  if [ -n "$pid" ] && [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = /usr/bin/tinyproxy ]; then
    kill "$pid" || true
  fi
  update-rc.d tinyproxy disable >/dev/null 2>&1 || true
fi

npm ci --no-audit --no-fund
bash scripts/ci/setup-e2e.sh
