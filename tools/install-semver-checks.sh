#!/usr/bin/env bash
# Install cargo-semver-checks at its pinned version into <repo>/.tools/bin, for
# `cargo xtask semver-cross-check`. 0.51.0 reads the rustdoc JSON of Rust 1.93 and later
# (it sets RUSTC_BOOTSTRAP itself, so stable works). A fast no-op when already installed.
# Building it from source takes long (see the README); it is kept out of `cargo xtask test`.
set -euo pipefail

version="0.51.0"
script_dir="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
tools_dir="$(cd -- "${script_dir}/.." && pwd -P)/.tools"
bin="${tools_dir}/bin/cargo-semver-checks"

if [[ -x "${bin}" ]] && [[ "$("${bin}" semver-checks --version 2>/dev/null)" == "cargo-semver-checks ${version}" ]]; then
  echo "cargo-semver-checks ready: ${bin}"
  exit 0
fi
echo "install-semver-checks.sh: building cargo-semver-checks ${version} into ${tools_dir}" >&2
mkdir -p "${tools_dir}"
cargo install --locked --root "${tools_dir}" cargo-semver-checks --version "${version}" >&2
echo "cargo-semver-checks ready: ${bin}"
