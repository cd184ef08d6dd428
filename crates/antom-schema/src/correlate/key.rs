//! Ids kept as 128-bit digests (never as text), and the map keyed by them.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};

/// A 128-bit digest of an id and the member it was read from. Ids are kept as digests, not
/// text: two different ids share a digest with a probability near 2^-128 per pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Key(pub(super) std::num::NonZeroU64, pub(super) u64);

impl Key {
    pub(super) fn new(space: &str, id: &str) -> Key {
        let mut a = DefaultHasher::new();
        (0u8, space, id).hash(&mut a);
        let mut b = DefaultHasher::new();
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
