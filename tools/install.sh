#!/usr/bin/env bash
# Install pinned test tooling (Stoplight Prism) into <repo>/.tools using npm ci.
# No-op (fast) when .tools already matches tools/package-lock.json.
# Prints the path of the ready prism binary on stdout (last line).
set -euo pipefail

script_dir="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
repo_root="$(cd -- "${script_dir}/.." && pwd -P)"
tools_dir="${repo_root}/.tools"
stamp="${tools_dir}/.install-stamp"
prism_bin="${tools_dir}/node_modules/.bin/prism"

hash_inputs() {
  # Hash of the lock + manifest + node major version (native/engine differences).
  local node_major
  node_major="$(node -p 'process.versions.node.split(".")[0]')"
  {
    cat "${script_dir}/package.json" "${script_dir}/package-lock.json"
    printf 'node-major=%s\n' "${node_major}"
  } | sha256sum | cut -d' ' -f1
}

command -v node >/dev/null 2>&1 || { echo "install.sh: node not found in PATH" >&2; exit 1; }
command -v npm  >/dev/null 2>&1 || { echo "install.sh: npm not found in PATH" >&2; exit 1; }

want="$(hash_inputs)"
have=""
[[ -f "${stamp}" ]] && have="$(<"${stamp}")"

if [[ "${have}" != "${want}" || ! -x "${prism_bin}" ]]; then
  echo "install.sh: installing pinned tools into ${tools_dir}" >&2
  mkdir -p "${tools_dir}"
  rm -f "${stamp}"
  cp "${script_dir}/package.json" "${script_dir}/package-lock.json" "${tools_dir}/"
  (cd "${tools_dir}" && npm ci --no-audit --no-fund --loglevel=error >&2)
  [[ -x "${prism_bin}" ]] || { echo "install.sh: ${prism_bin} missing after npm ci" >&2; exit 1; }
  printf '%s\n' "${want}" > "${stamp}"
fi

echo "prism ready: ${prism_bin}"
