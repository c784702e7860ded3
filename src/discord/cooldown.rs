//! Per-user cooldown: a token bucket (a burst, then a steady rate). Over it, the user is told
//! to slow down; never silence. Bounded like the follow-up memory.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// Most users tracked; idle full buckets are dropped first.
const COOLDOWN_MAX_USERS: usize = 50_000;

/// The buckets.
pub struct Cooldown {
    burst: f64,
    per_second: f64,
    buckets: Mutex<HashMap<u64, (f64, Instant)>>,
}

impl Cooldown {
    /// A burst of `burst` requests, then `per_second`.
    pub fn new(burst: u32, per_second: f64) -> Cooldown {
        Cooldown {
            burst: f64::from(burst.max(1)),
            per_second: per_second.max(0.0),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request for `user`; `false` when they must slow down.
    pub fn allow(&self, user: u64) -> bool {
        let now = Instant::now();
        let mut map = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= COOLDOWN_MAX_USERS {
            let (burst, rate) = (self.burst, self.per_second);
            map.retain(|_, (tokens, at)| {
                *tokens + now.duration_since(*at).as_secs_f64() * rate < burst
            });
        }
        let (tokens, at) = map.entry(user).or_insert((self.burst, now));
        *tokens =
            (*tokens + now.duration_since(*at).as_secs_f64() * self.per_second).min(self.burst);
        *at = now;
        if *tokens >= 1.0 {
            *tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_refused() {
        let c = Cooldown::new(5, 0.0);
        assert!((0..5).all(|_| c.allow(1)));
        assert!(!c.allow(1));
        assert!(c.allow(2));
    }
}
