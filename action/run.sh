#!/usr/bin/env bash
# Step 2 of the antom-lint action (action.yml): lints with --format github, so that findings
# become workflow annotations, then, when INPUT_SARIF_FILE is set, writes a SARIF 2.1.0 report
# with a second run. Written for bash 3.2 too (macOS).
#
# Environment: ANTOM_LINT (the command; `antom-lint` when empty), INPUT_PATHS (whitespace or
# newline separated, `.` when empty), INPUT_ARGS (split at whitespace, quotes group words,
# nothing expanded), INPUT_FAIL_ON, INPUT_SARIF_FILE, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and
# GITHUB_WORKSPACE (optional).
# Outputs: exit-code, errors, warnings, notes, sarif-file. Exit status: the annotation run's
# (0 nothing at or above fail-on, 1 findings at or above it, 2 usage error or unreadable input).
set -uo pipefail

lint="${ANTOM_LINT:-antom-lint}"
tmp="$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/antom-lint.XXXXXX")" || exit 2
trap 'rm -rf "$tmp"' EXIT

paths=()
read -r -d '' -a paths <<< "${INPUT_PATHS:-}" || true
[[ ${#paths[@]} -gt 0 ]] || paths=(.)

args=()
if [[ -n "${INPUT_ARGS:-}" && -n "${INPUT_ARGS//[[:space:]]/}" ]]; then
  if ! printf '%s\n' "$INPUT_ARGS" | xargs printf '%s\0' > "$tmp/args"; then
    echo "::error::antom-lint: cannot split the args input (unbalanced quote?): $INPUT_ARGS"
    exit 2
  fi
  while IFS= read -r -d '' arg; do args+=("$arg"); done < "$tmp/args"
fi
if [[ -n "${INPUT_FAIL_ON:-}" ]]; then
  args+=(--fail-on "$INPUT_FAIL_ON")
fi

# "${args[@]}" of an empty array is an error under set -u before bash 4.4.
run_lint() { # FORMAT
  "$lint" --format "$1" ${args[@]+"${args[@]}"} -- "${paths[@]}"
}

echo "antom-lint --format github ${args[*]-} -- ${paths[*]}"
run_lint github > "$tmp/annotations"
status=$?

# Annotation paths relative to the repository root: drop a leading ./ or the workspace path.
awk -v ws="${GITHUB_WORKSPACE:-}" '
  /^::(error|warning|notice) file=/ {
    at = index($0, " file=") + 6
    path = substr($0, at)
    if (substr(path, 1, 2) == "./") path = substr(path, 3)
    else if (ws != "" && substr(path, 1, length(ws) + 1) == ws "/") path = substr(path, length(ws) + 2)
    $0 = substr($0, 1, at - 1) path
  }
  { print }' "$tmp/annotations"

count() { grep -c "^::$1 " "$tmp/annotations" || true; }
errors="$(count error)" warnings="$(count warning)" notes="$(count notice)"

sarif=""
if [[ -n "${INPUT_SARIF_FILE:-}" && $status -le 1 ]]; then
  mkdir -p "$(dirname "$INPUT_SARIF_FILE")"
  run_lint sarif > "$INPUT_SARIF_FILE"
  sarif_status=$?
  if [[ $sarif_status -le 1 ]]; then
    sarif="$INPUT_SARIF_FILE"
    echo "SARIF report: $sarif"
  else
    echo "::error::antom-lint: the SARIF run failed with exit status $sarif_status"
    status=$sarif_status
  fi
fi
if [[ $status -gt 1 ]]; then
  echo "::error::antom-lint exited with status $status (usage error or unreadable input; see the log)"
fi

{
  echo "exit-code=$status"
  echo "errors=$errors"
  echo "warnings=$warnings"
  echo "notes=$notes"
  echo "sarif-file=$sarif"
} >> "${GITHUB_OUTPUT:-/dev/null}"

if [[ -n "${GITHUB_STEP_SUMMARY:-}" ]]; then
  case $status in
    0) verdict="passed" ;;
    1) verdict="failed: findings at or above fail-on" ;;
    *) verdict="failed: usage error or unreadable input (exit status $status)" ;;
  esac
  {
    echo "### antom-lint: $verdict"
    echo
    echo "| errors | warnings | notes |"
    echo "|---:|---:|---:|"
    echo "| $errors | $warnings | $notes |"
    [[ -z "$sarif" ]] || { echo; echo "SARIF report: \`$sarif\`"; }
  } >> "$GITHUB_STEP_SUMMARY"
fi

exit "$status"
