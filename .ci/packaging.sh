#!/usr/bin/env bash
# Packaging checks for antom-lint, run from the repository root as `bash .ci/packaging.sh`:
#   1. the Python wheel (python/antom-lint, maturin "bin" bindings) builds, installs into a
#      fresh venv and lints the documented samples byte for byte like `cargo run`;
#   2. the sdist carries every workspace file the binary's build reads (PACKAGING_SDIST_BUILD=1
#      also builds a wheel from it in a clean directory and runs it: slow, a full compile);
#   3. the pre-commit hook (.pre-commit-hooks.yaml + the root pyproject.toml), through
#      `pre-commit try-repo`, passes a clean sample and fails an invalid one;
#   4. the GitHub Action's scripts (action/install.sh, action/run.sh) install the wheel and
#      turn findings into annotations, outputs, a step summary and a SARIF 2.1.0 report.
# Tools come from PyPI at pinned versions into a throw-away venv; every hook and action install
# takes the wheel built in step 1 from a local wheelhouse (pip --no-index), never a registry.
# PACKAGING_PROFILE=release builds the wheel as it would be published (a full optimized build,
# minutes) instead of reusing the workspace's debug build (seconds).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

MATURIN_VERSION=1.16.0
PRE_COMMIT_VERSION=4.7.0
profile="${PACKAGING_PROFILE:-dev}"

export CARGO_TERM_COLOR=never PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PIP_PROGRESS_BAR=off

started=$SECONDS
section_started=$SECONDS
section() {
  local now=$SECONDS
  if [[ -n "${section_name:-}" ]]; then
    echo "   ($((now - section_started)) s)"
  fi
  section_name="$1"
  section_started=$now
  echo "== packaging: $1"
}
fail() {
  echo "packaging: FAILED: $*" >&2
  exit 1
}
# Runs a command with its output in a log, printed only when it fails.
quiet() { # LOG COMMAND...
  local log="$1"
  shift
  if ! "$@" > "$log" 2>&1; then
    cat "$log" >&2
    fail "$*"
  fi
}

tmp="$(mktemp -d "${TMPDIR:-/tmp}/antom-packaging.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
wheelhouse="$tmp/wheelhouse"
mkdir -p "$wheelhouse"

section "tools: maturin $MATURIN_VERSION and pre-commit $PRE_COMMIT_VERSION into a throw-away venv"
# Venvs without pip of their own (ensurepip alone takes seconds), filled by one pip through
# --python: python3's own pip when it has one recent enough (22.3+), else the tools venv's.
python3 -m venv --without-pip "$tmp/tools"
tools="$tmp/tools/bin"
if python3 -m pip --python "$tools/python" --version > /dev/null 2>&1; then
  pip=(python3 -m pip)
else
  python3 -m venv --clear "$tmp/tools"
  quiet "$tmp/pip-upgrade.log" "$tools/python" -m pip install --upgrade "pip>=22.3"
  pip=("$tools/python" -m pip)
fi
pip_into() { # VENV_DIR PIP_ARGS...
  local venv="$1"
  shift
  "${pip[@]}" --python "$venv/bin/python" "$@"
}
quiet "$tmp/pip-tools.log" pip_into "$tmp/tools" install "maturin==$MATURIN_VERSION" "pre-commit==$PRE_COMMIT_VERSION"
"$tools/maturin" --version
"$tools/pre-commit" --version

section "versions: Cargo, the wheel and the pre-commit pin agree"
version="$(cargo metadata --no-deps --format-version 1 2>/dev/null |
  "$tools/python" -c 'import json, sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "antom-lint"))')" ||
  fail "cargo metadata does not list antom-lint"
"$tools/python" - "$version" <<'PY' || fail "pyproject.toml is out of step with Cargo (version $version)"
import sys, tomllib
version = sys.argv[1]
shim = tomllib.load(open("pyproject.toml", "rb"))["project"]
package = tomllib.load(open("python/antom-lint/pyproject.toml", "rb"))
problems = []
if shim["version"] != version:
    problems.append(f"pyproject.toml: version {shim['version']}")
if shim["dependencies"] != [f"antom-lint=={version}"]:
    problems.append(f"pyproject.toml: dependencies {shim['dependencies']}")
if package["project"]["name"] != "antom-lint" or package["project"].get("dynamic") != ["version"]:
    problems.append("python/antom-lint/pyproject.toml: name antom-lint with a dynamic version")
if package["tool"]["maturin"]["bindings"] != "bin":
    problems.append("python/antom-lint/pyproject.toml: bindings = \"bin\"")
for p in problems:
    print("  expected for", version, "->", p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
echo "antom-lint $version: crates/antom-lint, pyproject.toml (pre-commit pin), python/antom-lint (dynamic)"

section "reference binary: cargo build -p antom-lint"
cargo build -q -p antom-lint

if [[ "$profile" == release ]]; then
  section "wheel: maturin build --release (what would be published)"
  build_flags=(--release)
else
  # --strip false: maturin's strip (pyproject) changes rustc flags and would relink
  # target/debug/antom-lint; without it the wheel reuses the binary cargo just built.
  section "wheel: maturin build --profile $profile --strip false (reuses the workspace's build)"
  build_flags=(--profile "$profile" --strip false)
fi
(cd python/antom-lint && quiet "$tmp/maturin-build.log" "$tools/maturin" build "${build_flags[@]}" -o "$wheelhouse")
wheels=("$wheelhouse"/antom_lint-"$version"-*.whl)
[[ ${#wheels[@]} -eq 1 && -f "${wheels[0]}" ]] || fail "expected one antom_lint-$version wheel in $wheelhouse"
wheel="${wheels[0]}"
echo "$(basename "$wheel"): $(du -k "$wheel" | cut -f1) KiB"
"$tools/python" - "$wheel" "$version" <<'PY' || fail "wheel contents"
import sys, zipfile
wheel, version = sys.argv[1], sys.argv[2]
names = zipfile.ZipFile(wheel).namelist()
script = f"antom_lint-{version}.data/scripts/antom-lint"
assert script in names, f"{script} not in {names}"
meta = zipfile.ZipFile(wheel).read(f"antom_lint-{version}.dist-info/METADATA").decode()
for field in ("Name: antom-lint", f"Version: {version}", "License-Expression: MIT OR Apache-2.0", "Requires-Python: >=3.9"):
    assert field in meta.splitlines(), f"METADATA lacks {field!r}"
print(f"contains {script}; METADATA: name, version, license, requires-python")
PY

section "installed wheel: same output and exit status as cargo run on the samples"
python3 -m venv --without-pip "$tmp/wheel-venv"
quiet "$tmp/pip-wheel.log" pip_into "$tmp/wheel-venv" install --no-index "$wheel"
installed="$tmp/wheel-venv/bin/antom-lint"
[[ "$("$installed" --version)" == "antom-lint $version" ]] || fail "antom-lint --version: $("$installed" --version)"
lint_args=(--config conformance/samples/antom-lint.toml --format json conformance/samples/)
set +e
"$installed" "${lint_args[@]}" > "$tmp/wheel.out" 2> "$tmp/wheel.err"
wheel_status=$?
cargo run -q -p antom-lint -- "${lint_args[@]}" > "$tmp/cargo.out" 2> "$tmp/cargo.err"
cargo_status=$?
set -e
[[ $wheel_status -eq $cargo_status ]] || fail "exit status: wheel $wheel_status, cargo $cargo_status"
cmp "$tmp/wheel.out" "$tmp/cargo.out" || {
  diff "$tmp/cargo.out" "$tmp/wheel.out" | head -n 20 >&2
  fail "stdout differs between the wheel and cargo run"
}
[[ -s "$tmp/wheel.out" ]] || fail "no output from antom-lint ${lint_args[*]}"
echo "antom-lint ${lint_args[*]}: exit $wheel_status both, $(wc -l < "$tmp/wheel.out") identical lines of stdout"

section "sdist: carries every workspace file the binary's build reads"
(cd python/antom-lint && quiet "$tmp/maturin-sdist.log" "$tools/maturin" sdist -o "$tmp/sdist")
sdist="$(echo "$tmp"/sdist/antom_lint-"$version".tar.gz)"
[[ -f "$sdist" ]] || fail "no sdist antom_lint-$version.tar.gz"
echo "$(basename "$sdist"): $(du -k "$sdist" | cut -f1) KiB, $(tar tzf "$sdist" | wc -l) files"
# target/debug/antom-lint.d (cargo's dep-info) names every source file the binary was built
# from, including the build script's inputs and include_str! files.
"$tools/python" - "$sdist" "$root" "target/debug/antom-lint.d" "$version" <<'PY' || fail "the sdist lacks files the build reads"
import os, sys, tarfile
sdist, root, depinfo, version = sys.argv[1:]
prefix = f"antom_lint-{version}/"
members = {m[len(prefix):] for m in tarfile.open(sdist).getnames() if m.startswith(prefix)}
deps = open(depinfo).read().split(":", 1)[1].replace("\\\n", " ").split()
needed = set()
for d in deps:
    if not d.startswith(root + "/") or d.startswith(root + "/target/"):
        continue
    if os.path.isdir(d):  # a directory the build script watches: all its files
        needed.update(os.path.relpath(os.path.join(top, f), root)
                      for top, _, files in os.walk(d) for f in files)
    else:
        needed.add(os.path.relpath(d, root))
needed = sorted(needed)
needed += ["pyproject.toml", "Cargo.toml", "Cargo.lock", "crates/antom-lint/Cargo.toml"]
missing = [n for n in needed if n not in members]
for n in missing:
    print(f"  missing from the sdist: {n}", file=sys.stderr)
if not missing:
    print(f"all {len(needed)} files present")
sys.exit(1 if missing else 0)
PY
if [[ "${PACKAGING_SDIST_BUILD:-0}" == 1 ]]; then
  section "sdist: pip builds a wheel from it in a clean directory (release, full compile)"
  mkdir "$tmp/from-sdist"
  python3 -m venv "$tmp/from-sdist/venv"
  (cd "$tmp/from-sdist" && quiet "$tmp/from-sdist/pip.log" \
    env CARGO_TARGET_DIR="$tmp/from-sdist/target" venv/bin/pip wheel --no-deps -w wheels "$sdist")
  quiet "$tmp/from-sdist/install.log" "$tmp/from-sdist/venv/bin/pip" install --no-index "$tmp"/from-sdist/wheels/*.whl
  set +e
  "$tmp/from-sdist/venv/bin/antom-lint" "${lint_args[@]}" > "$tmp/sdist.out" 2> /dev/null
  sdist_status=$?
  set -e
  [[ $sdist_status -eq $cargo_status ]] || fail "wheel built from the sdist: exit status $sdist_status, cargo $cargo_status"
  cmp "$tmp/sdist.out" "$tmp/cargo.out" || fail "wheel built from the sdist: stdout differs from cargo run"
  echo "wheel built from the sdist: same output and exit status"
fi

section "pre-commit: try-repo installs the hook from this repository and runs it on the samples"
# try-repo clones the repository (HEAD plus uncommitted changes to tracked files), so the hook
# files must be tracked.
git ls-files --error-unmatch .pre-commit-hooks.yaml pyproject.toml > /dev/null 2>&1 ||
  fail ".pre-commit-hooks.yaml and pyproject.toml must be committed (or staged) for try-repo"
# The hook environment installs the root pyproject.toml, whose build backend comes from PyPI
# (downloaded here into the wheelhouse) and which pulls antom-lint==$version: with --no-index
# pip takes the wheel built above, as it would take PyPI's once one is published.
backend="$("$tools/python" -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"])')"
quiet "$tmp/pip-download.log" pip_into "$tmp/tools" download -d "$wheelhouse" $backend
hook_env=(env PIP_NO_INDEX=1 PIP_FIND_LINKS="$wheelhouse" PRE_COMMIT_HOME="$tmp/pre-commit-home"
  PRE_COMMIT_COLOR=never SKIP=)
clean=conformance/samples/pay.request.apm-web.json
invalid=conformance/samples/pay.request.invalid-amount-and-unknown-field.json
# --files: pre-commit stashes nothing and lints only the named files. try-repo installs the
# hook environment afresh each time (a temporary store), so the two runs go side by side.
set +e
"${hook_env[@]}" "$tools/pre-commit" try-repo "$root" antom-lint --files "$clean" > "$tmp/hook-clean.log" 2>&1 &
clean_pid=$!
"${hook_env[@]}" "$tools/pre-commit" try-repo "$root" antom-lint --files "$invalid" > "$tmp/hook-invalid.log" 2>&1
invalid_status=$?
wait "$clean_pid"
clean_status=$?
set -e
if [[ $clean_status -ne 0 ]] || ! grep -q '^antom-lint\.*Passed$' "$tmp/hook-clean.log"; then
  cat "$tmp/hook-clean.log" >&2
  fail "the hook should pass on $clean (exit $clean_status)"
fi
echo "$clean: Passed (exit 0)"
if [[ $invalid_status -ne 1 ]] || ! grep -q '^antom-lint\.*Failed$' "$tmp/hook-invalid.log" ||
  ! grep -q 'error\[unknown-field\]' "$tmp/hook-invalid.log"; then
  cat "$tmp/hook-invalid.log" >&2
  fail "the hook should fail on $invalid with unknown-field (exit $invalid_status)"
fi
echo "$invalid: Failed (exit 1) with $(grep -c '^[^ ].*: error\[' "$tmp/hook-invalid.log") errors, unknown-field among them"

section "GitHub Action: action.yml wiring, then action/install.sh and action/run.sh on the samples"
# What the scripts cannot show: every input reaches a script, every output is one a script writes.
"$tools/python" - <<'PY' || fail "action.yml wiring"
import re, yaml
action = yaml.safe_load(open("action.yml"))
assert action["runs"]["using"] == "composite"
steps = {s["id"]: s for s in action["runs"]["steps"]}
text = open("action.yml").read()
used = set(re.findall(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", text))
assert used == set(action["inputs"]), f"inputs declared {sorted(action['inputs'])}, used {sorted(used)}"
for step in steps.values():
    script = re.fullmatch(r'bash "\$GITHUB_ACTION_PATH/(action/\w+\.sh)"', step["run"]).group(1)
    body = open(script).read()
    for var in step.get("env", {}):
        assert var in body, f"{script} does not read {var}"
    step["writes"] = set(re.findall(r"^\s*echo \"([\w-]+)=", body, re.M))
for name, output in action["outputs"].items():
    step, key = re.fullmatch(r"\$\{\{ steps\.(\w+)\.outputs\.([\w-]+) \}\}", output["value"]).groups()
    assert key in steps[step]["writes"], f"output {name}: step {step} never writes {key}"
print(f"{len(action['inputs'])} inputs, {len(action['outputs'])} outputs, {len(steps)} steps wired")
PY
gh="$tmp/github"
mkdir -p "$gh/runner"
action_env=(env PIP_NO_INDEX=1 PIP_FIND_LINKS="$wheelhouse" RUNNER_TEMP="$gh/runner"
  GITHUB_ACTION_PATH="$root" GITHUB_WORKSPACE="$root" GITHUB_OUTPUT="$gh/output"
  GITHUB_STEP_SUMMARY="$gh/summary")
# version left empty: the action installs its own checkout's version.
quiet "$gh/install.log" "${action_env[@]}" INPUT_VERSION= bash action/install.sh
action_lint="$(sed -n 's/^antom-lint=//p' "$gh/output")"
[[ -n "$action_lint" && "$("$action_lint" --version)" == "antom-lint $version" ]] ||
  fail "action/install.sh did not install antom-lint $version: $(cat "$gh/install.log")"
echo "install.sh: antom-lint $version from the wheelhouse (version read from Cargo.toml)"

# Findings: one invalid and one clean sample, given as ./ and absolute paths over two lines.
: > "$gh/output"
set +e
"${action_env[@]}" ANTOM_LINT="$action_lint" INPUT_FAIL_ON=error INPUT_ARGS= \
  INPUT_PATHS="./$invalid
  $root/$clean" INPUT_SARIF_FILE="$gh/reports/antom-lint.sarif" \
  bash action/run.sh > "$gh/findings.log" 2>&1
findings_status=$?
set -e
check_findings() {
  [[ $findings_status -eq 1 ]] || { echo "exit status $findings_status, expected 1"; return 1; }
  grep -q "^::error file=$invalid,line=12,col=3,title=antom-lint unknown-field::" "$gh/findings.log" ||
    { echo "no ::error annotation for unknown-field at $invalid:12:3"; return 1; }
  grep -q "^::warning file=$clean,line=2,col=3,title=antom-lint notify-url-not-https::" "$gh/findings.log" ||
    { echo "no ::warning annotation for $clean (absolute path made relative)"; return 1; }
  grep -qx "exit-code=1" "$gh/output" && grep -qx "errors=3" "$gh/output" &&
    grep -qx "sarif-file=$gh/reports/antom-lint.sarif" "$gh/output" ||
    { echo "GITHUB_OUTPUT:"; cat "$gh/output"; return 1; }
  grep -q "^### antom-lint: failed" "$gh/summary" || { echo "step summary:"; cat "$gh/summary"; return 1; }
  "$tools/python" - "$gh/reports/antom-lint.sarif" "$invalid" <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
assert log["version"] == "2.1.0", log["version"]
results = log["runs"][0]["results"]
assert any(r["ruleId"] == "unknown-field" and r["level"] == "error"
           and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith(sys.argv[2])
           for r in results), "no unknown-field error result for the invalid sample"
print(f"SARIF 2.1.0, {len(results)} results, unknown-field among them")
PY
}
check_findings || {
  cat "$gh/findings.log" >&2
  fail "action/run.sh on $invalid and $clean"
}
echo "run.sh: exit 1, ::error/::warning annotations with repository-relative paths, outputs, summary"

# Clean run: the whole sample directory under its configuration, passed through args.
: > "$gh/output"
set +e
"${action_env[@]}" ANTOM_LINT="$action_lint" INPUT_FAIL_ON= INPUT_SARIF_FILE= \
  INPUT_PATHS=conformance/samples INPUT_ARGS="--config conformance/samples/antom-lint.toml --exclude 'fragment.*'" \
  bash action/run.sh > "$gh/clean.log" 2>&1
clean_run_status=$?
set -e
if [[ $clean_run_status -ne 0 ]] || grep -q '^::error' "$gh/clean.log" || ! grep -qx "exit-code=0" "$gh/output"; then
  cat "$gh/clean.log" >&2
  fail "action/run.sh on conformance/samples with its configuration should pass"
fi
echo "run.sh: conformance/samples with --config via args: exit 0, no ::error, $(grep -c '^::notice' "$gh/clean.log") notices"

section "done"
echo "packaging checks passed in $((SECONDS - started)) s (wheel profile: $profile)"
