//! Follow-up memory: the exercise each person last asked about in each channel, for "and is
//! it ok for beginners?" within 15 minutes. Bounded: the map never holds more than
//! `MEMORY_MAX_ENTRIES`, and a full one forgets whoever asked longest ago (an LRU, so that
//! costs one step, not a scan of every entry; an expired entry is never recalled and goes
//! when it is the oldest).

use std::num::NonZeroUsize;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use lru::LruCache;

use crate::domain::page::PageId;

/// How long a follow-up refers to the last exercise (issue 4).
pub const FOLLOW_UP_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Most (channel, user) pairs remembered; a busy bot forgets the oldest first.
pub const MEMORY_MAX_ENTRIES: usize = 10_000;
const CAPACITY: NonZeroUsize = NonZeroUsize::new(MEMORY_MAX_ENTRIES).expect("not zero");

/// The memory.
pub struct Memory {
    /// Ordered by when each pair last asked (`remember`); `recall` only peeks, so reading a
    /// memory does not make it younger.
    entries: Mutex<LruCache<(u64, u64), (PageId, Instant)>>,
}

impl Default for Memory {
    fn default() -> Memory {
        Memory {
            entries: Mutex::new(LruCache::new(CAPACITY)),
        }
    }
}

impl Memory {
    /// Remembers what `user` asked about in `channel`.
    pub fn remember(&self, channel: u64, user: u64, page: PageId) {
        let mut map = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        map.put((channel, user), (page, Instant::now()));
    }

    /// The exercise `user` last asked about in `channel`, if within the window.
    pub fn recall(&self, channel: u64, user: u64) -> Option<PageId> {
        let map = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        map.peek(&(channel, user))
            .filter(|(_, at)| at.elapsed() < FOLLOW_UP_WINDOW)
            .map(|(p, _)| p.clone())
    }

    /// Entries held (for tests of the bound).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_and_per_channel_user() {
        let m = Memory::default();
        m.remember(1, 2, PageId::new("plank"));
        assert_eq!(m.recall(1, 2), Some(PageId::new("plank")));
        assert_eq!(m.recall(1, 3), None);
        for i in 0..(MEMORY_MAX_ENTRIES as u64 + 10) {
            m.remember(9, i, PageId::new("x"));
        }
        assert_eq!(m.len(), MEMORY_MAX_ENTRIES);
        assert_eq!(m.recall(1, 2), None, "the oldest is forgotten first");
        assert_eq!(m.recall(9, 9), None);
        assert_eq!(m.recall(9, 10), Some(PageId::new("x")));
        assert_eq!(
            m.recall(9, MEMORY_MAX_ENTRIES as u64 + 9),
            Some(PageId::new("x"))
        );
    }

    #[test]
    fn asking_again_makes_a_memory_young_and_recalling_does_not() {
        let m = Memory::default();
        m.remember(1, 1, PageId::new("plank"));
        m.remember(1, 2, PageId::new("crunch"));
        m.remember(1, 1, PageId::new("squat"));
        assert_eq!(m.recall(1, 2), Some(PageId::new("crunch")));
        for i in 0..(MEMORY_MAX_ENTRIES as u64 - 2) {
            m.remember(2, i, PageId::new("x"));
        }
        // (1, 2) asked longest ago: recalling it did not save it.
        m.remember(3, 0, PageId::new("x"));
        assert_eq!(m.recall(1, 2), None);
        assert_eq!(m.recall(1, 1), Some(PageId::new("squat")));
    }
}
