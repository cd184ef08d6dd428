#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| antom_lint::harness::fuzz_lint(data));
