#!/bin/sh
# SPDX-License-Identifier: ISC
# deps.sh: install what advisord needs on Debian 12, and nothing else.
#
#   tests/deps.sh run    packages to build and run the daemon
#   tests/deps.sh test   the above, plus what the test suites use, plus the
#                        npm packages of package-lock.json (npm ci)
#
# Missing Debian packages are installed with apt-get when we are root
# (apt-get update runs once, first); otherwise the exact command is printed
# and we exit 1.  Nothing is installed that is already there.
set -eu

cd "$(dirname "$0")/.."

profile=${1:-test}

RUN_PKGS="gcc make pkg-config libc6-dev libwebsockets-dev libwebsockets-evlib-ev
libev-dev libjansson-dev libsodium-dev libinih-dev libsystemd-dev
libstemmer-dev libssl-dev libpq-dev libcurl4-openssl-dev"
TEST_PKGS="libcmocka-dev minisign cmark iproute2 procps nodejs npm clang libclang-rt-14-dev
chromium fonts-dejavu-core systemd
nginx-light haproxy prometheus groff-base man-db
ngircd openssl postgresql valgrind"

case "$profile" in
run)	pkgs=$RUN_PKGS ;;
test)	pkgs="$RUN_PKGS $TEST_PKGS" ;;
*)	echo "usage: tests/deps.sh run|test" >&2; exit 2 ;;
esac

missing=""
for p in $pkgs; do
	# node and npm may come from elsewhere (nodesource, nvm): accept them.
	case "$p" in
	nodejs) command -v node >/dev/null 2>&1 && continue ;;
	npm)	command -v npm >/dev/null 2>&1 && continue ;;
	esac
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
	    grep -q '^install ok installed$'; then
		missing="$missing $p"
	fi
done

if [ -n "$missing" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		echo "deps: installing:$missing"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		# shellcheck disable=SC2086
		apt-get install -y -qq --no-install-recommends $missing
	else
		echo "deps: missing Debian packages:$missing" >&2
		echo "deps: run: sudo apt-get update && sudo apt-get install -y$missing" >&2
		exit 1
	fi
fi

if command -v npm >/dev/null 2>&1; then
	# npm ci from the committed lockfile, only when it changed: the web
	# client's libraries (run) and the test tools (test).
	stamp=node_modules/.advisord-lock
	want=$(sha256sum package-lock.json | cut -d' ' -f1)
	if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
		echo "deps: npm ci"
		npm ci --no-audit --no-fund --loglevel=error
		echo "$want" > "$stamp"
	fi
fi
