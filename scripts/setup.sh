#!/usr/bin/env bash
# Installs what payesh needs on a Debian machine, or says exactly what to install.
#   scripts/setup.sh          npm dependencies and Chromium (for the demo and audits)
#   scripts/setup.sh --tests  also Redis and PostgreSQL servers (for the scale-out tests), firefox-esr and poppler-utils
set -euo pipefail
cd "$(dirname "$0")/.."

need_tests=0
[ "${1:-}" = "--tests" ] && need_tests=1
is_root=0
[ "$(id -u)" = "0" ] && is_root=1

die() { echo "payesh setup: $*" >&2; exit 1; }

# Node 20.18 or newer.
node_version=$(node -p 'process.versions.node' 2>/dev/null) || die "Node.js is missing: install Node.js 20.18 or newer (e.g. from nodejs.org or NodeSource), then run this again."
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=18)?0:1)' \
  || die "Node.js $node_version is too old: payesh needs 20.18 or newer."

# npm dependencies, when missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "payesh setup: installing npm dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund >&2
fi

apt_updated=0
apt_install() {
  if [ "$is_root" != 1 ] || ! command -v apt-get >/dev/null; then
    die "missing: $*. Install with: sudo apt-get install -y $*"
  fi
  if [ "$apt_updated" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    apt_updated=1
  fi
  echo "payesh setup: installing Debian packages: $*" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

# Chromium: CHROME_PATH, or Debian's package. Never downloaded from elsewhere.
if [ -n "${CHROME_PATH:-}" ]; then
  [ -x "$CHROME_PATH" ] || die "CHROME_PATH=$CHROME_PATH is not an executable file."
elif ! command -v chromium >/dev/null; then
  apt_install chromium
fi

if [ "$need_tests" = 1 ]; then
  missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v openssl >/dev/null || missing+=(openssl)
  # A second browser engine for the cross-browser check (its test is skipped without it).
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  # pdftotext reads the PDF reports back in the report tests.
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  # GnuTLS's test server: it still serves 3DES, for the TLS grading tests.
  command -v gnutls-serv >/dev/null || missing+=(gnutls-bin)
  if [ "${#missing[@]}" -gt 0 ]; then apt_install "${missing[@]}"; fi
fi
