"""Lint a capture spread over many NDJSON files with Apache Spark (PySpark).

    python lint_capture.py --lint PATH/TO/antom-lint --out OUT_DIR [--master local[2]] FILE...

The linter works in two phases, and so does this job:

1. On the executors, each input file is checked by `antom-lint filter --name FILE` (records on
   standard input; findings and facts out, in input order). That is where the time goes:
   parsing, schema validation and the single-payload rules. Each record's findings come back
   as JSON lines, and so do its facts: the few keyed values the cross-message rules compare
   (ids as digests, amounts, times), with the ids they name.
2. Facts that share an id belong to one flow. The job finds the connected components of those
   ids (a union-find over the distinct id sets, on the driver), shuffles the facts by
   component, and each partition runs
   `antom-lint correlate -` over its facts in input order. Every flow is in one partition, so
   the cross-message findings are those of a single run over all the files.

The findings of both phases go to OUT_DIR/findings.ndjson, sorted like `sort` would, and the
merged counts to OUT_DIR/summary.json (records, per kind, per severity: the counts of one
`antom-lint --format json` run over the same files).

Files are read whole by one executor each (findings name the file and the record number in it,
as a single run does); split big captures into files of a few hundred megabytes.
"""

import argparse
import json
import os
import subprocess

from pyspark.sql import SparkSession


def check_file(lint, path, name):
    """Phase 1 for one file: its findings, facts and summary, as parsed JSON lines (`name` is
    what findings call the file: the path as the user gave it)."""
    with open(path, "rb") as f:
        out = subprocess.run(
            [lint, "filter", "--name", name],
            stdin=f,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            check=False,
        )
    if out.returncode != 0:
        raise RuntimeError(f"antom-lint filter failed on {path}: {out.stderr.decode(errors='replace')}")
    for line in out.stdout.splitlines():
        yield json.loads(line)


def correlate(lint, facts):
    """Phase 2 for one partition: the cross-message findings and their summary."""
    facts = sorted(facts, key=lambda f: (f["at"]["file"], f["at"]["record"]))
    if not facts:
        return
    text = "".join(json.dumps(f, separators=(",", ":")) + "\n" for f in facts)
    out = subprocess.run(
        [lint, "correlate", "--format", "json", "-"],
        input=text.encode(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        check=False,
    )
    if out.returncode not in (0, 1):
        raise RuntimeError(f"antom-lint correlate failed: {out.stderr.decode(errors='replace')}")
    for line in out.stdout.splitlines():
        yield json.loads(line)


def components(sc, facts):
    """A broadcast map from every id to its flow's label (the smallest id of its connected
    component). The id sets are collected to the driver, deduplicated, and joined with a
    union-find: a few dozen bytes per distinct set of ids, against the whole payloads the
    executors read. (For billions of ids, a distributed connected-components step, e.g.
    GraphFrames, takes this one's place; nothing else changes.)"""
    parent = {}

    def find(k):
        root = k
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(k, k) != root:
            parent[k], k = root, parent[k]
        return root

    for keys in facts.map(lambda kv: tuple(kv[1]["keys"])).filter(bool).distinct().collect():
        roots = sorted({find(k) for k in keys})
        for r in roots[1:]:
            parent[r] = roots[0]
        for k in keys:
            parent.setdefault(k, k)
    return sc.broadcast({k: find(k) for k in parent})


def merge_summaries(summaries):
    total = {"records": 0, "by_kind": {}, "by_severity": {}}
    for s in summaries:
        total["records"] += s.get("records", 0)
        for field in ("by_kind", "by_severity"):
            for k, v in s.get(field, {}).items():
                total[field][k] = total[field].get(k, 0) + v
    total["by_kind"] = dict(sorted(total["by_kind"].items()))
    total["by_severity"] = dict(sorted(total["by_severity"].items()))
    return total


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--lint", required=True, help="path of the antom-lint binary on every executor")
    p.add_argument("--out", required=True, help="output directory")
    p.add_argument("--master", default=None, help="Spark master, e.g. local[2]")
    p.add_argument("--partitions", type=int, default=4, help="partitions of the correlation step")
    p.add_argument("files", nargs="+")
    a = p.parse_args()

    builder = SparkSession.builder.appName("antom-lint")
    if a.master:
        builder = builder.master(a.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    lint = os.path.abspath(a.lint)
    files = sorted((os.path.abspath(f), f) for f in a.files)

    lines = sc.parallelize(files, len(files)).flatMap(lambda pn: check_file(lint, *pn)).cache()
    findings = lines.filter(lambda l: "finding" in l).map(lambda l: l["finding"])
    summaries = lines.filter(lambda l: "summary" in l).map(lambda l: l["summary"])
    facts = lines.filter(lambda l: "facts" in l).map(lambda l: (None, l["facts"])).cache()

    # Phase 2: facts of one flow together, correlated per partition.
    label_of = components(sc, facts)
    grouped = (
        facts.filter(lambda kv: kv[1]["keys"])
        .map(lambda kv: (label_of.value[kv[1]["keys"][0]], kv[1]))
        .partitionBy(a.partitions)
        .map(lambda kv: kv[1])
    )
    correlated = grouped.mapPartitions(lambda it: correlate(lint, list(it))).cache()
    cross = correlated.filter(lambda l: "summary" not in l)
    cross_summaries = correlated.filter(lambda l: "summary" in l).map(lambda l: l["summary"])

    all_findings = sorted(
        json.dumps(f, separators=(",", ":"), ensure_ascii=False)
        for f in findings.union(cross).collect()
    )
    summary = merge_summaries(summaries.collect() + cross_summaries.collect())
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "findings.ndjson"), "w") as f:
        f.writelines(line + "\n" for line in all_findings)
    with open(os.path.join(a.out, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1, sort_keys=True)
        f.write("\n")
    spark.stop()


if __name__ == "__main__":
    main()
