//! The marker of the generated builders.

/// A required member a builder has not been given yet.
///
/// Models whose required members include two of the same type (two strings, say) have no
/// positional `new`: they are built by name, `PayRequest::builder().payment_request_id(..)
/// ...build()`. Each type parameter of such a builder stands for one required member and is
/// `Missing` until its setter is called; `build()` is only defined once none is, so a forgotten
/// member is a compile error:
///
/// ```compile_fail
/// let amount = antom_types::Amount::builder().currency("USD").build(); // no `value`
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Missing;
