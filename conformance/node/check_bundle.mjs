// Validates every documented sample of conformance/samples/manifest.json, and every payload of
// the real corpus (conformance/real/manifest.json), against the published bundle
// (crates/antom-schema/bundle/) with ajv: draft 2020-12 (ajv/dist/2020), ajv-formats, allErrors.
// Message samples go through their <kind>.schema.json entry point, fragments through
// antom-checkout.schema.json#/$defs/<Name>. Real payloads go through their kind's entry point,
// which for responses and notifications is the received form: an 'accept' payload must give no
// error, a 'reject' payload errors at exactly its listed places (a missing member at the object
// that should hold it, by a 'required' error naming it).
//
//   node conformance/node/check_bundle.mjs          compare with both manifests' verdicts;
//                                                   'N passed, N failed' per corpus, exit 1 on
//                                                   any difference
//   node conformance/node/check_bundle.mjs --json   print {validator, results: {file: [pointers]},
//                                                   real: {file: [pointers]}}
//
// The pointers are those of the errors' instancePath, without ajv's `if` errors: ajv reports a
// failed `then` twice (the `then` errors and an `if` summary at the object), python jsonschema
// and the jsonschema crate only the `then` errors.
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const BUNDLE = join(ROOT, "crates", "antom-schema", "bundle");
const SAMPLES = join(ROOT, "conformance", "samples");
const REAL = join(ROOT, "conformance", "real");
const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));
const version = createRequire(import.meta.url)("ajv/package.json").version;

// strict mode stays on (unknown keywords, formats and ignored keywords would throw). Its
// strictTypes check only logs: it asks for a `type` beside `required` in the conditional rules'
// `if`/`then`, where the object type is already fixed by the enclosing schema.
const ajv = new Ajv2020({ allErrors: true, strictTypes: false });
addFormats(ajv);
const bundle = readJson(join(BUNDLE, "antom-checkout.schema.json"));
ajv.addSchema(bundle);
for (const name of readdirSync(BUNDLE).sort()) {
  if (name.endsWith(".schema.json") && name !== "antom-checkout.schema.json") {
    ajv.addSchema(readJson(join(BUNDLE, name)));
  }
}

function resolvePointer(doc, pointer) {
  for (const token of pointer.split("/").slice(1)) {
    doc = doc[token.replaceAll("~1", "/").replaceAll("~0", "~")];
  }
  return doc;
}

function schemaFor(expect) {
  const [dir, file] = expect.schema.split("/");
  const key = file.replace(/\.schema\.json$/, "");
  const base = bundle.$id.slice(0, bundle.$id.lastIndexOf("/") + 1);
  const id = dir === "messages" ? `${base}${key}.schema.json` : `${bundle.$id}#/$defs/${key}`;
  const validate = ajv.getSchema(id);
  if (!validate) throw new Error(`ajv cannot find ${id}`);
  return validate;
}

const manifest = readJson(join(SAMPLES, "manifest.json"));
const results = {};
for (const entry of manifest.samples) {
  const expect = entry.expect;
  const instance = resolvePointer(readJson(join(SAMPLES, entry.file)), expect.instance_pointer ?? "");
  const validate = schemaFor(expect);
  validate(instance);
  const pointers = new Set((validate.errors ?? []).filter((e) => e.keyword !== "if").map((e) => e.instancePath));
  results[entry.file] = [...pointers].sort();
}

// The real corpus: every payload through its kind's entry point.
const realManifest = readJson(join(REAL, "manifest.json"));
const realErrors = {};
for (const entry of realManifest.payloads) {
  const validate = schemaFor({ schema: `messages/${entry.kind}.schema.json` });
  validate(readJson(join(REAL, entry.file)));
  realErrors[entry.file] = (validate.errors ?? []).filter((e) => e.keyword !== "if");
}
const real = Object.fromEntries(
  Object.entries(realErrors).map(([file, errors]) => [file, [...new Set(errors.map((e) => e.instancePath))].sort()]),
);

// Where a validator reports a reject item: a missing member at its containing object.
const reportedAt = (item) => (item.missing ? item.pointer.slice(0, item.pointer.lastIndexOf("/")) : item.pointer);
const memberOf = (item) => item.pointer.split("/").pop().replaceAll("~1", "/").replaceAll("~0", "~");

function checkReal() {
  let passed = 0;
  let failed = 0;
  for (const entry of realManifest.payloads) {
    const errors = realErrors[entry.file];
    const got = real[entry.file];
    const want = [...new Set(entry.reject.map(reportedAt))].sort();
    const problems = [];
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      problems.push(`verdict ${entry.verdict}: errors expected at ${JSON.stringify(want)}, ajv reports ${JSON.stringify(got)}`);
    }
    for (const item of entry.reject.filter((i) => i.missing)) {
      const named = errors.some(
        (e) => e.keyword === "required" && e.instancePath === reportedAt(item) && e.params.missingProperty === memberOf(item),
      );
      if (!named) problems.push(`no 'required' error naming "${memberOf(item)}" at "${reportedAt(item)}"`);
    }
    if (problems.length) {
      failed += 1;
      const detail = errors.map((e) => `\n    ${e.instancePath || "(root)"} [${e.keyword}] ${e.message}`).join("");
      console.log(`FAIL real/${entry.file} (${entry.kind}, written by ${entry.writer}): ${problems.join("; ")}${detail}`);
    } else {
      passed += 1;
    }
  }
  return [passed, failed];
}

if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ validator: `ajv ${version}`, results, real }));
} else {
  let passed = 0;
  let failed = 0;
  for (const entry of manifest.samples) {
    const want = [...new Set(entry.expect.errors)].sort();
    const got = results[entry.file];
    if (JSON.stringify(got) === JSON.stringify(want) && (got.length === 0) === entry.expect.valid) {
      passed += 1;
    } else {
      failed += 1;
      console.log(`FAIL ${entry.file}: expected errors at ${JSON.stringify(want)}, ajv reports ${JSON.stringify(got)}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  const [realPassed, realFailed] = checkReal();
  console.log(`real corpus: ${realPassed} passed, ${realFailed} failed`);
  process.exitCode = failed || realFailed ? 1 : 0;
}
