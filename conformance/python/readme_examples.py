"""Run the command lines of the README's "For non-Rust users" section exactly as written.

Every line of the section's ```sh blocks that is not blank or a comment is run with bash from
the workspace root and must succeed. To prove that a line really validates (and does not
pass whatever it is given), it is run a second time with the documented sample it names
replaced by a sample the schema rejects, and must then fail. Prints 'N passed, N failed'.

The python line needs `python3` with jsonschema (run this with the CI venv's bin first on
PATH); the ajv line needs npx and the npm registry.
"""
import os
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
SECTION = "## For non-Rust users"
VALID = "conformance/samples/pay.request.apm-web.json"
INVALID = "conformance/samples/pay.request.invalid-blik-without-clientip.json"


def command_lines():
    text = (ROOT / "README.md").read_text()
    start = text.find(SECTION + "\n")
    if start < 0:
        sys.exit(f"README.md has no '{SECTION}' section")
    end = text.find("\n## ", start + len(SECTION))
    section = text[start:] if end < 0 else text[start:end]
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S):
        lines += [line for line in block.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return lines


def run(line):
    return subprocess.run(["bash", "-c", line], cwd=ROOT, capture_output=True, text=True, timeout=300)


def main():
    lines = command_lines()
    for tool in ("python3 ", "ajv "):
        if not any(tool in line for line in lines):
            sys.exit(f"README.md '{SECTION}' has no {tool.strip()} example")
    passed = failed = 0
    for line in lines:
        if VALID not in line:
            print(f"FAIL (does not validate {VALID}): {line}")
            failed += 1
            continue
        ok = run(line)
        bad = run(line.replace(VALID, INVALID))
        if ok.returncode == 0 and bad.returncode != 0:
            passed += 1
            print(f"ok: {line[:100]}...")
        else:
            failed += 1
            print(f"FAIL: {line}\n  valid sample exit {ok.returncode}: {ok.stderr.strip()[-800:]}\n  invalid sample exit {bad.returncode}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
