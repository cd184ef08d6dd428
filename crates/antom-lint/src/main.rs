//! `antom-lint`: checks captured Antom Checkout Payment payloads against the schemas.

// Every record allocates a parsed value, findings and output lines; mimalloc serves those
// small, short-lived allocations faster than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    antom_lint::main()
}
