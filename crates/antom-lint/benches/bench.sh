#!/usr/bin/env bash
# Side-by-side benchmark of antom-lint (see ../BENCHMARKS.md for the figures).
#
#   bash crates/antom-lint/benches/bench.sh [WORK_DIR]
#
# Generates a >= 500 MB NDJSON capture and 10,000 single-payload files with the conformance
# generators, and a ~100 MB NDJSON of documented traffic (the valid page samples, ids renamed
# per copy), then measures: a parse-only baseline (every line into serde_json::Value), and
# antom-lint --format json on 1 thread and on all cores, on both NDJSON files; on the 10,000
# files: antom-lint, ajv-cli as a user runs it (the README's command, draft 2020,
# ajv-formats, --all-errors, one run per kind), ajv as a library in one warm node process (for
# context), and check-jsonschema (one run per kind), installed into WORK_DIR from npm and
# PyPI. Wall time and peak RSS by /usr/bin/time -v. BENCH_SKIP_SLOW=1 leaves check-jsonschema
# out (it alone takes about 20 minutes).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
work="${1:-$(mktemp -d)}"
mb="${BENCH_MB:-500}"
files="${BENCH_FILES:-10000}"
doc_mb="${BENCH_DOC_MB:-100}"
mkdir -p "$work"
cd "$root"

echo "== build" >&2
cargo build --release -p antom-lint --bins --example gen-capture --example parse-only >&2
lint="$root/target/release/antom-lint"
ex="$root/target/release/examples"

if [ ! -s "$work/capture.ndjson" ] || [ ! -s "$work/documented.ndjson" ]; then
  echo "== generate ($mb MB, $files files, $doc_mb MB documented) into $work" >&2
  "$ex/gen-capture" "$work" "$mb" "$files" "$doc_mb"
fi
size=$(stat -c %s "$work/capture.ndjson")
doc_size=$(stat -c %s "$work/documented.ndjson")

# Runs a command BENCH_REPEAT times (default 3; this machine is shared and noisy) and prints
# "label  best-seconds  MB/s(of $2 bytes or -)  peak-RSS-MB  exit  (every time)"; the best
# time is kept in best[label] for the ratios at the end. REPEAT=n before the call overrides.
declare -A best
measure() {
  local label="$1" bytes="$2"; shift 2
  local n="${REPEAT:-${BENCH_REPEAT:-3}}"
  local t; t=$(mktemp)
  local status secs rss all="" min="" maxrss=0
  for _ in $(seq "$n"); do
    status=0
    /usr/bin/time -v -o "$t" "$@" > "$work/out.$label" 2> "$work/err.$label" || status=$?
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$t")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$t")
    all="$all $secs"
    if [ -z "$min" ] || awk -v a="$secs" -v b="$min" 'BEGIN {exit !(a < b)}'; then min=$secs; fi
    if awk -v a="$rss" -v b="$maxrss" 'BEGIN {exit !(a > b)}'; then maxrss=$rss; fi
  done
  best[$label]=$min
  local rate="-"
  if [ "$bytes" != "-" ]; then rate=$(awk -v b="$bytes" -v s="$min" 'BEGIN {printf "%.1f", b/1048576/s}'); fi
  printf '%-28s %9.2f s %10s MB/s %9s MB  exit %s  (runs:%s)\n' "$label" "$min" "$rate" "$maxrss" "$status" "$all"
  rm -f "$t"
}

# Prints "what: a / b = ratio" from the best times.
ratio() {
  local what="$1" a="$2" b="$3"
  [ -n "${best[$a]:-}" ] && [ -n "${best[$b]:-}" ] || return 0
  awk -v w="$what" -v a="${best[$a]}" -v b="${best[$b]}" 'BEGIN {printf "%-52s %6.2f\n", w, a/b}'
}

echo "== tools" >&2
if [ ! -x "$work/venv/bin/check-jsonschema" ]; then
  python3 -m venv "$work/venv" >&2
  "$work/venv/bin/pip" install -q check-jsonschema >&2
fi
if [ ! -d "$work/node/node_modules/ajv-formats" ]; then
  mkdir -p "$work/node"
  (cd "$work/node" && npm init -y >/dev/null && npm install -q ajv ajv-formats >&2)
fi
if [ ! -x "$work/ajv-cli/node_modules/.bin/ajv" ]; then
  mkdir -p "$work/ajv-cli"
  (cd "$work/ajv-cli" && npm init -y >/dev/null && npm install -q ajv-cli@5.0.0 ajv-formats@3.0.1 >&2)
fi
# ajv-cli as the README shows it, one run per kind over that kind's files (the shell expands
# nothing: ajv-cli takes the glob itself).
cat > "$work/ajv-cli.sh" <<SH
#!/usr/bin/env bash
status=0
bundle="$root/crates/antom-schema/bundle"
for s in "\$bundle"/*.schema.json; do
  kind=\$(basename "\$s" .schema.json)
  [ "\$kind" = antom-checkout ] && continue
  "$work/ajv-cli/node_modules/.bin/ajv" validate --spec=draft2020 --strict-types=false \\
    -c ajv-formats --all-errors -r "\$bundle/antom-checkout.schema.json" -s "\$s" \\
    -d "$work/files/\$kind.*.json" > /dev/null 2>&1 || status=1
done
exit \$status
SH
chmod +x "$work/ajv-cli.sh"
cat > "$work/node/validate.js" <<'JS'
// ajv, draft 2020-12, ajv-formats, all errors: every schema file registered under its $id,
// each file validated against the schema of the kind its name starts with.
const fs = require("fs"), path = require("path");
const Ajv2020 = require("ajv/dist/2020"), addFormats = require("ajv-formats");
const [schemaDir, dir] = process.argv.slice(2);
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
for (const sub of ["defs", "messages"])
  for (const f of fs.readdirSync(path.join(schemaDir, sub)))
    ajv.addSchema(JSON.parse(fs.readFileSync(path.join(schemaDir, sub, f), "utf8")));
const catalog = JSON.parse(fs.readFileSync(path.join(schemaDir, "catalog.json"), "utf8"));
const validators = {};
for (const k of catalog.kinds)
  validators[k.id] = ajv.getSchema(`https://antom-checkout.invalid/schema/${k.schema}`);
let invalid = 0, errors = 0;
for (const f of fs.readdirSync(dir).sort()) {
  const kind = f.split(".").slice(0, 2).join(".");
  const v = validators[kind];
  if (!v(JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")))) { invalid++; errors += v.errors.length; }
}
console.log(JSON.stringify({ files: fs.readdirSync(dir).length, invalid, errors }));
process.exit(invalid ? 1 : 0);
JS
# check-jsonschema takes one schema per run: one self-contained schema per kind (every
# other file embedded under $defs with its own $id, so no reference leaves the document),
# then one run per kind over that kind's files, as a user would script it.
python3 - "$root/schema" "$work/bundled" <<'PY'
import json, os, sys
src, out = sys.argv[1:]
os.makedirs(out, exist_ok=True)
files = {}
for sub in ("defs", "messages"):
    for f in os.listdir(os.path.join(src, sub)):
        files[f"{sub}/{f}"] = json.load(open(os.path.join(src, sub, f)))
for k in json.load(open(os.path.join(src, "catalog.json")))["kinds"]:
    root = dict(files[k["schema"]])
    root["$defs"] = dict(root.get("$defs", {}))
    for name, doc in files.items():
        if name != k["schema"]:
            root["$defs"]["file:" + name] = doc
    json.dump(root, open(os.path.join(out, k["id"] + ".json"), "w"))
PY
cat > "$work/check-jsonschema.sh" <<SH
#!/usr/bin/env bash
status=0
for s in "$work"/bundled/*.json; do
  kind=\$(basename "\$s" .json)
  "$work/venv/bin/check-jsonschema" --schemafile "\$s" "$work"/files/"\$kind".*.json > /dev/null || status=1
done
exit \$status
SH
chmod +x "$work/check-jsonschema.sh"

echo
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "capture.ndjson: $size bytes ($(wc -l < "$work/capture.ndjson") records); documented.ndjson: $doc_size bytes ($(wc -l < "$work/documented.ndjson") records); files/: $files"
echo
echo "-- generated capture (capture.ndjson)"
measure parse-only "$size" "$ex/parse-only" "$work/capture.ndjson"
measure lint-1-thread "$size" "$lint" --no-config --format json -j 1 "$work/capture.ndjson"
measure lint-all-cores "$size" "$lint" --no-config --format json "$work/capture.ndjson"
tail -n 1 "$work/out.lint-1-thread"
cmp -s "$work/out.lint-1-thread" "$work/out.lint-all-cores" && echo "(identical output on 1 thread and on all cores)"
echo "-- documented traffic (documented.ndjson)"
measure doc-parse-only "$doc_size" "$ex/parse-only" "$work/documented.ndjson"
measure doc-lint-1-thread "$doc_size" "$lint" --no-config --format json -j 1 "$work/documented.ndjson"
measure doc-lint-all-cores "$doc_size" "$lint" --no-config --format json "$work/documented.ndjson"
tail -n 1 "$work/out.doc-lint-1-thread"
cmp -s "$work/out.doc-lint-1-thread" "$work/out.doc-lint-all-cores" && echo "(identical output on 1 thread and on all cores)"
echo "-- directory of $files files"
dbytes=$(du -sb "$work/files" | cut -f1)
measure dir-lint-1-thread "$dbytes" "$lint" --no-config --format json -j 1 "$work/files"
measure dir-lint-all-cores "$dbytes" "$lint" --no-config --format json "$work/files"
measure dir-ajv-cli "$dbytes" "$work/ajv-cli.sh"
measure dir-ajv-one-process "$dbytes" node "$work/node/validate.js" "$root/schema" "$work/files"
if [ -z "${BENCH_SKIP_SLOW:-}" ]; then
  REPEAT=1 measure dir-check-jsonschema "$dbytes" "$work/check-jsonschema.sh"
fi
tail -n 1 "$work/out.dir-lint-1-thread"
cat "$work/out.dir-ajv-one-process"
echo
echo "-- ratios (best times of this run)"
ratio "parse-only / lint 1 thread (capture)" parse-only lint-1-thread
ratio "lint 1 thread / all cores (capture)" lint-1-thread lint-all-cores
ratio "parse-only / lint 1 thread (documented)" doc-parse-only doc-lint-1-thread
ratio "lint 1 thread / all cores (documented)" doc-lint-1-thread doc-lint-all-cores
ratio "lint 1 thread / all cores (directory)" dir-lint-1-thread dir-lint-all-cores
ratio "ajv-cli / lint all cores (directory)" dir-ajv-cli dir-lint-all-cores
ratio "ajv-cli / lint 1 thread (directory)" dir-ajv-cli dir-lint-1-thread
ratio "check-jsonschema / lint all cores (directory)" dir-check-jsonschema dir-lint-all-cores
ratio "check-jsonschema / lint 1 thread (directory)" dir-check-jsonschema dir-lint-1-thread
