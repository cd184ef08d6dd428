"""Validate every documented sample against the published bundle (crates/antom-schema/bundle/)
with python jsonschema, draft 2020-12, format checks on. Message samples go through their
<kind>.schema.json entry point, fragments through antom-checkout.schema.json#/$defs/<Name>;
only the bundle files are registered, so nothing outside them can be reached.

    python conformance/python/check_bundle.py          compare with the manifest's verdicts;
                                                       'N passed, N failed', exit 1 on any difference
    python conformance/python/check_bundle.py --json   print {validator, results: {file: [pointers]}}
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


def main():
    manifest, got = results()
    if "--json" in sys.argv[1:]:
        print(json.dumps({"validator": f"python jsonschema {version('jsonschema')}", "results": got}))
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
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
