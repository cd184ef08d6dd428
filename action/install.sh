#!/usr/bin/env bash
# Step 1 of the antom-lint action (action.yml): installs antom-lint from PyPI into its own
# virtual environment under $RUNNER_TEMP, so the job's Python stays untouched, and writes the
# command's path to $GITHUB_OUTPUT as `antom-lint`.
#
# INPUT_VERSION: a version (0.1.0), `latest`, or empty for the version of this checkout
# (crates/antom-lint/Cargo.toml, else the workspace version in Cargo.toml).
# pip's own environment variables apply (PIP_INDEX_URL, PIP_FIND_LINKS, ...); .ci/packaging.sh
# uses PIP_FIND_LINKS to test this script with a wheel it has just built.
set -euo pipefail

action_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The first `version = "..."` of a TOML table, without a TOML parser.
table_version() { # FILE TABLE
  sed -n "/^\[$2\]/,/^\[/s/^version *= *\"\([^\"]*\)\".*/\1/p" "$1" | head -n 1
}

version="${INPUT_VERSION:-}"
if [[ -z "$version" ]]; then
  version="$(table_version "$action_dir/crates/antom-lint/Cargo.toml" package)"
  [[ -n "$version" ]] || version="$(table_version "$action_dir/Cargo.toml" workspace.package)"
  [[ -n "$version" ]] || { echo "::error::antom-lint: cannot read the version from $action_dir; set the action's version input"; exit 1; }
fi
case "$version" in
  latest) requirement="antom-lint" ;;
  *[!0-9A-Za-z.+!-]*) echo "::error::antom-lint: version '$version' is not a version number"; exit 1 ;;
  *) requirement="antom-lint==$version" ;;
esac

python="$(command -v python3 || command -v python || true)"
[[ -n "$python" ]] || { echo "::error::antom-lint: no python3 on PATH (add actions/setup-python before this action)"; exit 1; }

venv="${RUNNER_TEMP:?RUNNER_TEMP is not set}/antom-lint-venv"
rm -rf "$venv"
"$python" -m venv "$venv"
bin="$venv/bin"
[[ -d "$venv/Scripts" ]] && bin="$venv/Scripts" # Windows
"$bin/python" -m pip install --quiet --disable-pip-version-check --no-input "$requirement"

command="$bin/antom-lint"
[[ -e "$command" || ! -e "$command.exe" ]] || command="$command.exe"
echo "installed: $("$command" --version) ($requirement)"
echo "antom-lint=$command" >> "${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"
