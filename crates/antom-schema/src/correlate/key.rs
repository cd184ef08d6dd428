//! Ids kept as 128-bit digests (never as text), and the map keyed by them.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

use siphasher::sip::SipHasher13;

/// The hasher of every digest the facts carry: SipHash-1-3 with zero keys, a specified
/// algorithm, so facts written by one build of the linter correlate with facts written by
/// another (the standard library's `DefaultHasher` may change between Rust releases).
pub(super) fn digest_hasher() -> SipHasher13 {
    SipHasher13::new_with_keys(0, 0)
}

/// A 128-bit digest of an id and the member it was read from. Ids are kept as digests, not
/// text: two different ids share a digest with a probability near 2^-128 per pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Key(pub(super) std::num::NonZeroU64, pub(super) u64);

impl Key {
    pub(super) fn new(space: &str, id: &str) -> Key {
        let mut a = digest_hasher();
        (0u8, space, id).hash(&mut a);
        let mut b = digest_hasher();
        (1u8, space, id).hash(&mut b);
        // The lowest bit of the first half is always set (127 bits of digest): an absent key
        // then costs no extra space (`Option<Key>` is as small as `Key`).
        Key(std::num::NonZeroU64::MIN | a.finish(), b.finish())
    }
}

/// Keys are digests already: the map uses their first half as its hash.
#[derive(Default)]
pub(super) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = self.0.rotate_left(29) ^ n;
    }
}

pub(super) type KeyMap<V> = HashMap<Key, V, BuildHasherDefault<KeyHasher>>;

#[cfg(test)]
mod digest_tests {
    use std::hash::Hasher;

    use super::{digest_hasher, Key};

    /// Digests cross process boundaries (facts files read by `antom-lint correlate`, perhaps
    /// written by another build): the same id must give the same digest in every build. These
    /// values were computed once (they equal what the standard library's `DefaultHasher` gave
    /// with Rust 1.95, which the facts used before); a change of hasher, of its keys or of
    /// what is hashed fails here.
    #[test]
    fn digests_are_fixed() {
        let k = Key::new("paymentRequestId", "REQ-1");
        assert_eq!(
            (k.0.get(), k.1),
            (0xb4e2_2f15_ce1b_0bb3, 0x7fb9_cbea_0527_500b)
        );
        let mut h = digest_hasher();
        super::super::facts::hash_value(
            &serde_json::json!({"b": [1, "x", null, true], "a": {"n": 1.5}}),
            &mut h,
        );
        assert_eq!(h.finish(), 0x5f79_2452_c970_a9fa);
    }
}
