#!/usr/bin/env bash
# Install cargo-semver-checks at its pinned version, for `cargo xtask semver-cross-check` and
# `cargo xtask semver-release-check`. 0.51.0 reads the rustdoc JSON of Rust 1.93 and later (it
# sets RUSTC_BOOTSTRAP itself, so stable works).
#
# Building it from source takes about 35 minutes on two cores, so it is built once per machine,
# into the cargo home (${CARGO_HOME:-~/.cargo}/tools/cargo-semver-checks-<version>), and each
# clone links <repo>/.tools/bin/cargo-semver-checks to it. The binary's version is checked
# before it is used; a missing or different one is rebuilt. A fast no-op when already installed.
set -euo pipefail

version="0.51.0"
script_dir="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
tools_dir="$(cd -- "${script_dir}/.." && pwd -P)/.tools"
cache="${CARGO_HOME:-${HOME}/.cargo}/tools/cargo-semver-checks-${version}"
cached="${cache}/bin/cargo-semver-checks"
link="${tools_dir}/bin/cargo-semver-checks"

ready() {
  [[ -x "$1" ]] && [[ "$("$1" semver-checks --version 2>/dev/null)" == "cargo-semver-checks ${version}" ]]
}

if ! ready "${cached}"; then
  echo "install-semver-checks.sh: building cargo-semver-checks ${version} into ${cache} (once per machine)" >&2
  mkdir -p "${cache}"
  cargo install --locked --root "${cache}" cargo-semver-checks --version "${version}" >&2
  ready "${cached}" || { echo "install-semver-checks.sh: ${cached} is not version ${version}" >&2; exit 1; }
fi
mkdir -p "${tools_dir}/bin"
ln -sfn "${cached}" "${link}"
echo "cargo-semver-checks ready: ${link} -> ${cached}"
