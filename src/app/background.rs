//! Threads that run beside a server's app for its life (the corpus watcher, following the
//! generation marker, retention). Each holds the app weakly and waits on the app's stop
//! signal instead of sleeping, so it ends as soon as the app is dropped, instead of running
//! (and keeping the app alive) until the process exits. Knows when to stop; what each thread
//! does is its caller's.

use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::App;

/// The app's stop signal: raised when the app (which owns it) is dropped.
#[derive(Default)]
pub(super) struct Stop(Arc<Signal>);

#[derive(Default)]
struct Signal {
    stopped: Mutex<bool>,
    changed: Condvar,
}

impl Signal {
    /// Waits `interval`, or less if the app stops meanwhile: `true` when it has stopped.
    fn wait(&self, interval: Duration) -> bool {
        let deadline = Instant::now() + interval;
        let mut stopped = self.stopped.lock().unwrap_or_else(PoisonError::into_inner);
        while !*stopped {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            stopped = self
                .changed
                .wait_timeout(stopped, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        true
    }
}

impl Drop for Stop {
    fn drop(&mut self) {
        *self
            .0
            .stopped
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = true;
        self.0.changed.notify_all();
    }
}

impl App {
    /// Runs `tick` every `interval` on a thread of its own while the app lives: the thread
    /// ends when the app is dropped (at once if it is waiting, after the tick if one is
    /// running). Joining the handle waits for that.
    pub fn every(
        self: &Arc<App>,
        interval: Duration,
        mut tick: impl FnMut(&App) + Send + 'static,
    ) -> JoinHandle<()> {
        let app = Arc::downgrade(self);
        let signal = Arc::clone(&self.stop.0);
        std::thread::spawn(move || {
            while !signal.wait(interval) {
                // Held only for the tick: between ticks the app is free to go.
                let Some(app) = app.upgrade() else {
                    return;
                };
                tick(&app);
            }
        })
    }
}
