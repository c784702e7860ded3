//! Follow-up memory: the exercise each person last asked about in each channel, for "and is
//! it ok for beginners?" within 15 minutes. Bounded: old entries expire and the map never
//! holds more than `MEMORY_MAX_ENTRIES`.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::domain::page::PageId;

/// How long a follow-up refers to the last exercise (issue 4).
pub const FOLLOW_UP_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Most (channel, user) pairs remembered; a busy bot forgets the oldest first.
pub const MEMORY_MAX_ENTRIES: usize = 10_000;

/// The memory.
#[derive(Default)]
pub struct Memory {
    entries: Mutex<HashMap<(u64, u64), (PageId, Instant)>>,
}

impl Memory {
    /// Remembers what `user` asked about in `channel`.
    pub fn remember(&self, channel: u64, user: u64, page: PageId) {
        let mut map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if map.len() >= MEMORY_MAX_ENTRIES {
            map.retain(|_, (_, at)| now.duration_since(*at) < FOLLOW_UP_WINDOW);
        }
        if map.len() >= MEMORY_MAX_ENTRIES
            && let Some(oldest) = map.iter().min_by_key(|(_, (_, at))| *at).map(|(k, _)| *k)
        {
            map.remove(&oldest);
        }
        map.insert((channel, user), (page, now));
    }

    /// The exercise `user` last asked about in `channel`, if within the window.
    pub fn recall(&self, channel: u64, user: u64) -> Option<PageId> {
        let map = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        map.get(&(channel, user))
            .filter(|(_, at)| at.elapsed() < FOLLOW_UP_WINDOW)
            .map(|(p, _)| p.clone())
    }

    /// Entries held (for tests of the bound).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).len()
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
        assert!(m.len() <= MEMORY_MAX_ENTRIES);
    }
}
