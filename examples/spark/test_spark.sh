#!/usr/bin/env bash
# Runs the Spark recipe in local[2] mode on a generated capture of several shards and checks
# that it finds exactly what one antom-lint process finds over the same files: the same
# findings (sorted) and the same counts.
#
#   bash examples/spark/test_spark.sh [WORK_DIR]
#
# Installs what it needs: Java 17 from the distribution's packages (when `java` is missing) and
# PySpark (examples/spark/requirements.txt) into WORK_DIR/venv. Uses the workspace's debug
# build of antom-lint (cargo build -p antom-lint) and its capture generator.
set -euo pipefail
cd "$(dirname "$0")/../.."
work="${1:-$(mktemp -d)}"
mkdir -p "$work"
start=$(date +%s)

if ! command -v java >/dev/null 2>&1; then
  echo "== java (openjdk-17-jre-headless)"
  apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
if [ ! -x "$work/venv/bin/python" ]; then
  echo "== pyspark into $work/venv"
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install -q -r examples/spark/requirements.txt
fi

echo "== antom-lint and a capture of 4 shards"
cargo build -q -p antom-lint --bins --example gen-capture
lint="$PWD/target/debug/antom-lint"
rm -rf "$work/gen" "$work/shards" "$work/spark-out"
mkdir -p "$work/gen" "$work/shards"
target/debug/examples/gen-capture "$work/gen" "${SPARK_TEST_MB:-3}" 0 0 >/dev/null
# Cut the capture into 4 files of consecutive records, so flows cross file boundaries.
total=$(wc -l < "$work/gen/capture.ndjson")
split -d -l $(( (total + 3) / 4 )) --additional-suffix=.ndjson "$work/gen/capture.ndjson" "$work/shards/part-"
(cd "$work" && ls shards/*.ndjson)

echo "== one process"
(cd "$work" && "$lint" --no-config --format json shards/*.ndjson > single.ndjson) || [ $? -eq 1 ]
grep -v '^{"summary"' "$work/single.ndjson" | LC_ALL=C sort > "$work/single.sorted"
grep '^{"summary"' "$work/single.ndjson" > "$work/single.summary"

echo "== Spark local[2]"
spark_start=$(date +%s)
(cd "$work" && "$work/venv/bin/python" "$OLDPWD/examples/spark/lint_capture.py" \
  --master 'local[2]' --lint "$lint" --out spark-out shards/*.ndjson 2> spark.log) \
  || { tail -40 "$work/spark.log"; exit 1; }
spark_secs=$(( $(date +%s) - spark_start ))

echo "== compare"
"$work/venv/bin/python" - "$work" <<'PY'
import json, sys
work = sys.argv[1]
# Split on newlines only: JSON strings may hold other line separators (U+2028, ...).
read = lambda p: [l for l in open(p, encoding="utf-8").read().split("\n") if l]
single, spark = read(f"{work}/single.sorted"), read(f"{work}/spark-out/findings.ndjson")
norm = lambda lines: sorted(json.dumps(json.loads(l), sort_keys=True) for l in lines)
a, b = norm(single), norm(spark)
s1 = json.loads(open(f"{work}/single.summary").read())["summary"]
s2 = json.load(open(f"{work}/spark-out/summary.json"))
ok = a == b and s1 == s2
print(f"findings: one process {len(a)}, Spark {len(b)}; summary equal: {s1 == s2}")
if not ok:
    only1 = sorted(set(a) - set(b))[:5]
    only2 = sorted(set(b) - set(a))[:5]
    print("only in one process:", *only1, sep="\n  ")
    print("only in Spark:", *only2, sep="\n  ")
    print("summaries:", s1, s2, sep="\n  ")
    sys.exit(1)
PY
echo "Spark local[2]: ${spark_secs} s; whole test $(( $(date +%s) - start )) s"
echo "1 passed, 0 failed"
