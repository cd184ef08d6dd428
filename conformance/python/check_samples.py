"""Validate every documented sample with python jsonschema and compare with the verdicts
recorded in conformance/samples/manifest.json (the same verdicts the Rust suite checks with
the jsonschema crate). Proves the schema files are portable: no crate-specific behaviour.

Prints one line per disagreement and a closing 'N passed, N failed' line; exits 1 on any
disagreement."""
import json
import pathlib
import sys

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "schema"
SAMPLES = ROOT / "conformance" / "samples"
BASE = "https://antom-checkout.invalid/schema/"


def registry():
    reg = Registry()
    docs = {}
    for sub in ("defs", "messages"):
        for path in sorted((SCHEMA / sub).glob("*.json")):
            doc = json.loads(path.read_text())
            Draft202012Validator.check_schema(doc)
            docs[f"{sub}/{path.name}"] = doc
            reg = reg.with_resource(doc["$id"], Resource.from_contents(doc))
    return reg, docs


def resolve(doc, pointer):
    for token in [t for t in pointer.split("/")[1:]]:
        token = token.replace("~1", "/").replace("~0", "~")
        doc = doc[int(token)] if isinstance(doc, list) else doc[token]
    return doc


def pointer_of(path):
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def main():
    reg, docs = registry()
    manifest = json.loads((SAMPLES / "manifest.json").read_text())
    passed = failed = 0
    for entry in manifest["samples"]:
        expect = entry.get("expect")
        if expect is None:
            print(f"FAIL {entry['file']}: no expected verdict recorded")
            failed += 1
            continue
        schema = docs[expect["schema"]]
        instance = resolve(json.loads((SAMPLES / entry["file"]).read_text()), expect.get("instance_pointer", ""))
        validator = Draft202012Validator(schema, registry=reg, format_checker=FormatChecker())
        got = sorted({pointer_of(e.absolute_path) for e in validator.iter_errors(instance)})
        want = sorted(set(expect["errors"]))
        if got == want and (not got) == expect["valid"]:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {entry['file']}: expected errors at {want}, python jsonschema reports {got}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
