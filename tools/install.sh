#!/usr/bin/env bash
# Install pinned test tooling into <repo>/.tools:
#   - npm (tools/package.json + package-lock.json, via `npm ci`):
#       Stoplight Prism (prism), Redocly CLI (redocly)
#   - Python venv at .tools/venv (tools/requirements.txt, fully pinned, --no-deps):
#       openapi-spec-validator
# Each part is skipped (fast no-op) when its stamp matches the hash of its pin files
# and the runtime version (node major / python major.minor).
# Prints one "<tool> ready: <path>" line per tool on stdout (the last three lines).
set -euo pipefail

script_dir="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
repo_root="$(cd -- "${script_dir}/.." && pwd -P)"
tools_dir="${repo_root}/.tools"
python="${PYTHON:-python3}"

npm_stamp="${tools_dir}/.install-stamp"
prism_bin="${tools_dir}/node_modules/.bin/prism"
redocly_bin="${tools_dir}/node_modules/.bin/redocly"

venv_dir="${tools_dir}/venv"
venv_stamp="${tools_dir}/.venv-stamp"
osv_bin="${venv_dir}/bin/openapi-spec-validator"

command -v node      >/dev/null 2>&1 || { echo "install.sh: node not found in PATH" >&2; exit 1; }
command -v npm       >/dev/null 2>&1 || { echo "install.sh: npm not found in PATH" >&2; exit 1; }
command -v "${python}" >/dev/null 2>&1 || { echo "install.sh: ${python} not found in PATH" >&2; exit 1; }

npm_want="$(
  {
    cat "${script_dir}/package.json" "${script_dir}/package-lock.json"
    printf 'node-major=%s\n' "$(node -p 'process.versions.node.split(".")[0]')"
  } | sha256sum | cut -d' ' -f1
)"
venv_want="$(
  {
    cat "${script_dir}/requirements.txt"
    printf 'python=%s\n' "$("${python}" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  } | sha256sum | cut -d' ' -f1
)"

stamp_ok() { # stamp_file want_hash bin...
  local file="$1" want="$2" have="" b
  shift 2
  [[ -f "${file}" ]] && have="$(<"${file}")"
  [[ "${have}" == "${want}" ]] || return 1
  for b in "$@"; do [[ -x "${b}" ]] || return 1; done
}
npm_ok()  { stamp_ok "${npm_stamp}"  "${npm_want}"  "${prism_bin}" "${redocly_bin}"; }
venv_ok() { stamp_ok "${venv_stamp}" "${venv_want}" "${osv_bin}"; }

if ! npm_ok || ! venv_ok; then
  mkdir -p "${tools_dir}"
  # Serialize concurrent installers (e.g. parallel test binaries) when flock exists.
  if command -v flock >/dev/null 2>&1; then
    exec 9>"${tools_dir}/.install.lock"
    flock 9
  fi

  if ! npm_ok; then
    echo "install.sh: installing pinned npm tools into ${tools_dir}" >&2
    rm -f "${npm_stamp}"
    cp "${script_dir}/package.json" "${script_dir}/package-lock.json" "${tools_dir}/"
    (cd "${tools_dir}" && npm ci --no-audit --no-fund --loglevel=error >&2)
    for b in "${prism_bin}" "${redocly_bin}"; do
      [[ -x "${b}" ]] || { echo "install.sh: ${b} missing after npm ci" >&2; exit 1; }
    done
    printf '%s\n' "${npm_want}" > "${npm_stamp}"
  fi

  if ! venv_ok; then
    echo "install.sh: installing pinned Python tools into ${venv_dir}" >&2
    rm -f "${venv_stamp}"
    "${python}" -m venv --clear "${venv_dir}"
    "${venv_dir}/bin/python" -m pip install --quiet --disable-pip-version-check --no-input \
      --no-deps -r "${script_dir}/requirements.txt" >&2
    # requirements.txt must be the complete closure (installed with --no-deps).
    "${venv_dir}/bin/python" -m pip check --disable-pip-version-check >&2 \
      || { echo "install.sh: tools/requirements.txt is missing a dependency" >&2; exit 1; }
    [[ -x "${osv_bin}" ]] || { echo "install.sh: ${osv_bin} missing after pip install" >&2; exit 1; }
    printf '%s\n' "${venv_want}" > "${venv_stamp}"
  fi
fi

echo "prism ready: ${prism_bin}"
echo "redocly ready: ${redocly_bin}"
echo "openapi-spec-validator ready: ${osv_bin}"
