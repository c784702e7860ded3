//! Per-member cooldown: a token bucket per (server, member) at that server's rate (a burst,
//! then a steady refill). Over it, the member is told to slow down; never silence. Bounded.
//! Knows time and counts; never Discord's models.
//!
//! Hand-written rather than `governor` (issue 12): governor's keyed limiter has one quota for
//! every key, so per-server rates would need a limiter per server, rebuilt (and its members'
//! state lost) when a moderator changes the rate; and its store grows until someone calls
//! `retain_recent`. Here the rate comes with each call, and the map is bounded. Measured
//! (release, one thread, on this 2-core machine shared with other builds; a throwaway timing
//! loop, 3 runs): 1,000 members asking again and again, 120-131 ns a call (the bucket before
//! this one, keyed by member alone at one rate: 91-97 ns); 2,000 new members with the map at
//! its cap and every bucket in use, 1.1-3.6 µs a call, 410-550 ns over 200,000 new members
//! (before: 430-460 µs a call, a scan of the whole map each time, which kept it all). Governor
//! was not measured: what decides is the per-server rate and the bound, not these nanoseconds.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Most (server, member) buckets held. At the cap, full buckets go first; if most are still
/// in use, the ones idle the longest go too, down to half the cap, so the next prune is far
/// off and a flood of new members costs O(1) per request on average, not a scan each.
pub const COOLDOWN_MAX_USERS: usize = 50_000;

/// A cooldown rate: `burst` at once, then `per_second`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rate {
    /// Requests at once.
    pub burst: u32,
    /// Requests regained per second.
    pub per_second: f64,
}

#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
    /// When the bucket is full again (after that it is the same as no bucket).
    full_at: Instant,
}

/// The buckets.
#[derive(Default)]
pub struct Cooldown {
    buckets: Mutex<HashMap<(u64, u64), Bucket>>,
}

impl Cooldown {
    /// Takes one request of `member` in `server` (0 for a direct message) at `rate`;
    /// `false` when they must slow down.
    pub fn allow(&self, server: u64, member: u64, rate: Rate) -> bool {
        let now = Instant::now();
        let burst = f64::from(rate.burst.max(1));
        let per_second = rate.per_second.max(0.0);
        let mut map = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= COOLDOWN_MAX_USERS && !map.contains_key(&(server, member)) {
            prune(&mut map, now);
        }
        let bucket = map.entry((server, member)).or_insert(Bucket {
            tokens: burst,
            at: now,
            full_at: now,
        });
        let elapsed = now.duration_since(bucket.at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * per_second).min(burst);
        bucket.at = now;
        let allowed = bucket.tokens >= 1.0;
        if allowed {
            bucket.tokens -= 1.0;
        }
        let missing = burst - bucket.tokens;
        bucket.full_at = if per_second > 0.0 {
            now + Duration::from_secs_f64((missing / per_second).min(1e9))
        } else {
            now + Duration::from_secs(1_000_000_000)
        };
        allowed
    }
}

/// Drops full buckets; when more than three quarters of the cap are still in use, the ones
/// idle the longest too, down to half the cap (such a member starts again with a full burst).
fn prune(map: &mut HashMap<(u64, u64), Bucket>, now: Instant) {
    map.retain(|_, b| b.full_at > now);
    if map.len() <= COOLDOWN_MAX_USERS * 3 / 4 {
        return;
    }
    let mut ages: Vec<((u64, u64), Instant)> = map.iter().map(|(k, b)| (*k, b.at)).collect();
    let drop = ages.len() - COOLDOWN_MAX_USERS / 2;
    ages.select_nth_unstable_by_key(drop, |(_, at)| *at);
    for (key, _) in &ages[..drop] {
        map.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SLOW: Rate = Rate {
        burst: 5,
        per_second: 0.0,
    };

    #[test]
    fn burst_then_refused_per_server_and_member() {
        let c = Cooldown::default();
        assert!((0..5).all(|_| c.allow(1, 1, SLOW)));
        assert!(!c.allow(1, 1, SLOW));
        assert!(c.allow(1, 2, SLOW), "another member");
        assert!(c.allow(2, 1, SLOW), "the same member in another server");
        let one = Rate {
            burst: 1,
            per_second: 0.0,
        };
        assert!(c.allow(3, 1, one));
        assert!(!c.allow(3, 1, one), "each call's own rate");
    }

    #[test]
    fn the_map_stays_bounded_when_every_bucket_is_in_use() {
        let c = Cooldown::default();
        for member in 0..(COOLDOWN_MAX_USERS as u64 * 2) {
            c.allow(1, member, SLOW);
        }
        let held = c.buckets.lock().unwrap().len();
        assert!(held <= COOLDOWN_MAX_USERS, "{held}");
    }
}
