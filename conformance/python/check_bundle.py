"""Validate every documented sample, and every payload of the real corpus, against the published
bundle (crates/antom-schema/bundle/) with python jsonschema, draft 2020-12, format checks on.
Message samples go through their <kind>.schema.json entry point, fragments through
antom-checkout.schema.json#/$defs/<Name>; only the bundle files are registered, so nothing
outside them can be reached. The real payloads (conformance/real/manifest.json) go through
their kind's entry point too, which for responses and notifications is the received form: an
'accept' payload must give no error, a 'reject' payload errors at exactly its listed places (a
missing member at the object that should hold it, by a 'required' error naming it).

    python conformance/python/check_bundle.py          compare with both manifests' verdicts;
                                                       'N passed, N failed' per corpus, exit 1 on
                                                       any difference
    python conformance/python/check_bundle.py --json   print {validator, results: {file: [pointers]},
                                                       real: {file: [pointers]}}
"""
import json
import pathlib
import sys
from importlib.metadata import version

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from check_samples import pointer_of, resolve

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "crates" / "antom-schema" / "bundle"
SAMPLES = ROOT / "conformance" / "samples"
REAL = ROOT / "conformance" / "real"


def load():
    bundle = json.loads((BUNDLE / "antom-checkout.schema.json").read_text())
    Draft202012Validator.check_schema(bundle)
    reg = Registry().with_resource(bundle["$id"], Resource.from_contents(bundle))
    entries = {}
    for path in sorted(BUNDLE.glob("*.schema.json")):
        if path.name == "antom-checkout.schema.json":
            continue
        doc = json.loads(path.read_text())
        Draft202012Validator.check_schema(doc)
        reg = reg.with_resource(doc["$id"], Resource.from_contents(doc))
        entries[path.name.removesuffix(".schema.json")] = doc
    return bundle, entries, reg


def results():
    bundle, entries, reg = load()
    manifest = json.loads((SAMPLES / "manifest.json").read_text())
    out = {}
    for entry in manifest["samples"]:
        expect = entry["expect"]
        directory, file = expect["schema"].split("/")
        key = file.removesuffix(".schema.json")
        schema = entries[key] if directory == "messages" else {"$ref": f"{bundle['$id']}#/$defs/{key}"}
        instance = resolve(json.loads((SAMPLES / entry["file"]).read_text()), expect.get("instance_pointer", ""))
        validator = Draft202012Validator(schema, registry=reg, format_checker=FormatChecker())
        out[entry["file"]] = sorted({pointer_of(e.absolute_path) for e in validator.iter_errors(instance)})
    return manifest, out


def reported_at(item):
    """Where a validator reports a reject item: a missing member at its containing object."""
    pointer = item["pointer"]
    return pointer[: pointer.rfind("/")] if item.get("missing") else pointer


def member_of(item):
    return item["pointer"].rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")


def real_results():
    """The real corpus through the kinds' entry points: manifest, {file: errors}."""
    _, entries, reg = load()
    manifest = json.loads((REAL / "manifest.json").read_text())
    out = {}
    for entry in manifest["payloads"]:
        validator = Draft202012Validator(entries[entry["kind"]], registry=reg, format_checker=FormatChecker())
        out[entry["file"]] = list(validator.iter_errors(json.loads((REAL / entry["file"]).read_text())))
    return manifest, out


def check_real(manifest, errors):
    """One line per payload whose errors differ from its verdict; (passed, failed)."""
    passed = failed = 0
    for entry in manifest["payloads"]:
        found = errors[entry["file"]]
        mine = sorted({pointer_of(e.absolute_path) for e in found})
        want = sorted({reported_at(item) for item in entry["reject"]})
        problems = []
        if mine != want:
            problems.append(f"verdict {entry['verdict']}: errors expected at {want}, python jsonschema reports {mine}")
        for item in entry["reject"]:
            if item.get("missing") and not any(
                e.validator == "required"
                and pointer_of(e.absolute_path) == reported_at(item)
                and repr(member_of(item)) in e.message
                for e in found
            ):
                problems.append(f"no 'required' error naming {member_of(item)!r} at {reported_at(item)!r}")
        if problems:
            failed += 1
            detail = "".join(f"\n    {pointer_of(e.absolute_path) or '(root)'} [{e.validator}] {e.message}" for e in found)
            print(f"FAIL real/{entry['file']} ({entry['kind']}, written by {entry['writer']}): {'; '.join(problems)}{detail}")
        else:
            passed += 1
    return passed, failed


def main():
    manifest, got = results()
    real_manifest, real_errors = real_results()
    if "--json" in sys.argv[1:]:
        real = {f: sorted({pointer_of(e.absolute_path) for e in errs}) for f, errs in real_errors.items()}
        print(json.dumps({"validator": f"python jsonschema {version('jsonschema')}", "results": got, "real": real}))
        return 0
    passed = failed = 0
    for entry in manifest["samples"]:
        want = sorted(set(entry["expect"]["errors"]))
        mine = got[entry["file"]]
        if mine == want and (not mine) == entry["expect"]["valid"]:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {entry['file']}: expected errors at {want}, python jsonschema reports {mine}")
    print(f"{passed} passed, {failed} failed")
    real_passed, real_failed = check_real(real_manifest, real_errors)
    print(f"real corpus: {real_passed} passed, {real_failed} failed")
    return 1 if failed or real_failed else 0


if __name__ == "__main__":
    sys.exit(main())
