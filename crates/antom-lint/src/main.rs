//! `antom-lint`: checks captured Antom Checkout Payment payloads against the schemas.

fn main() -> std::process::ExitCode {
    antom_lint::main()
}
