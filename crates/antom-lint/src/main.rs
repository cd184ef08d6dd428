//! `antom-lint`: checks captured Antom Checkout Payment payloads against the schemas.

// Every record allocates a parsed value, findings and output lines; mimalloc serves those
// small, short-lived allocations faster than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc's `mi_option_t` (the same place in its v2 and v3
/// headers; the test below checks it holds the purge delay's default).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    // Memory a thread frees goes back to the system after 1 ms instead of mimalloc's default
    // (1,000 ms in its v3 sources, 10 in v2): on
    // two threads this keeps the peak RSS of a large capture about 20 MB lower, at no
    // measurable cost (BENCHMARKS.md). MIMALLOC_PURGE_DELAY in the environment still decides.
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets an integer option of the allocator; any value is valid for it.
        unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, 1) };
    }
    antom_lint::main()
}

#[cfg(test)]
mod tests {
    /// The option set at start-up is the purge delay: it holds that option's default (1,000 ms
    /// in mimalloc v3's sources, 10 ms in v2's), which no neighbouring option has (they default
    /// to 0 and 1).
    #[test]
    fn the_purge_delay_option_is_where_main_sets_it() {
        // SAFETY: reads an integer option of the allocator.
        let value = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert!(
                value == 1000 || value == 10,
                "option {} is {value}",
                super::PURGE_DELAY
            );
        }
    }
}
