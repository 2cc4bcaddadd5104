#!/usr/bin/env bash
# Installs what the e2e tests need to run the packaged extension in a real VS Code: code-server
# (VS Code for the browser, from npm) into a cache folder outside the repository, plus the Debian
# packages for headless Chromium. Idempotent: a second run with a warm cache only checks.
#
#   WSDOCTOR_E2E_CACHE   cache folder (default: $HOME/.cache/wsdoctor-e2e)
#   CODE_SERVER_VERSION  default 4.100.3 (the last release that runs on Node 20)
set -euo pipefail

CACHE="${WSDOCTOR_E2E_CACHE:-$HOME/.cache/wsdoctor-e2e}"
VERSION="${CODE_SERVER_VERSION:-4.100.3}"
PREFIX="$CACHE/code-server-$VERSION"
BIN="$PREFIX/node_modules/.bin/code-server"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
[ -e /usr/include/krb5.h ] || [ -e /usr/include/krb5/krb5.h ] || need_apt+=(libkrb5-dev)
fc-list 2>/dev/null | grep -qi liberation || need_apt+=(fonts-liberation)
if [ "${#need_apt[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "setup-e2e: missing Debian packages (${need_apt[*]}); install them as root: apt-get install -y ${need_apt[*]}" >&2
    exit 1
  fi
  echo "setup-e2e: apt-get install ${need_apt[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need_apt[@]}"
fi

# `code-server --version` writes a default config file under XDG_CONFIG_HOME: keep it in the cache.
export XDG_CONFIG_HOME="$CACHE/xdg-config"
if [ -x "$BIN" ] && "$BIN" --version 2>/dev/null | grep -q "^$VERSION"; then
  echo "setup-e2e: code-server $VERSION ready at $BIN"
  exit 0
fi

mkdir -p "$PREFIX"
# @vscode/ripgrep's postinstall downloads rg from GitHub, which is unreachable here: pre-fill the
# cache it looks in (under TMPDIR) with Debian's rg, named the way the postinstall expects.
export TMPDIR="$CACHE/tmp"
RG_CACHE="$TMPDIR/vscode-ripgrep-cache-1.15.11"
mkdir -p "$RG_CACHE"
RG_TAR="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
[ -s "$RG_TAR" ] || tar czf "$RG_TAR" -C "$(dirname "$(command -v rg)")" rg

# Native modules build against the system Node headers; code-server's install runs scripts as root.
export npm_config_yes=true npm_config_unsafe_perm=true npm_config_nodedir=/usr
[ -f "$PREFIX/package.json" ] || echo '{"name":"wsdoctor-e2e-code-server","private":true}' > "$PREFIX/package.json"
echo "setup-e2e: installing code-server@$VERSION into $PREFIX (a few minutes)"
(cd "$PREFIX" && npm install --unsafe-perm --no-audit --no-fund --no-save "code-server@$VERSION")

"$BIN" --version
echo "setup-e2e: code-server $VERSION ready at $BIN"
