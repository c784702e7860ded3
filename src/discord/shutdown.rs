//! SIGINT and SIGTERM for both servers: the first signal asks for a clean stop, a second one
//! exits the process at once. Knows tokio's signals; never serenity, axum or the index.

use std::time::Duration;

use tracing::{info, warn};

/// How long a clean stop may take before the servers give up on it: the process must be gone
/// within 5 s of the signal (reliability issue #2), and the runtime's own shutdown after
/// this gets the remaining second.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// The exit code of a second signal: 128 + SIGINT, what a shell reports for an interrupt.
const EXIT_INTERRUPTED: i32 = 130;

/// SIGINT and SIGTERM, registered when this is built (not when first awaited), so a signal
/// that arrives while the caller is busy starting up is not lost.
pub struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    /// Registers the handlers. Needs a tokio runtime.
    ///
    /// # Errors
    /// When the process cannot install a signal handler.
    pub fn new() -> std::io::Result<Signals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(Signals {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        {
            Ok(Signals {})
        }
    }

    /// Resolves on the next SIGINT or SIGTERM.
    pub async fn recv(&mut self) {
        #[cfg(unix)]
        {
            tokio::select! {
                _ = self.interrupt.recv() => {},
                _ = self.terminate.recv() => {},
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }

    /// Waits for the first signal, logs it, and from then on lets a second one end the process
    /// at once: once tokio handles SIGINT, the default "terminate" is gone, so without this a
    /// stuck clean stop could only be ended with `kill -9`.
    pub async fn first(mut self) {
        self.recv().await;
        info!("shutting down");
        tokio::spawn(async move {
            self.recv().await;
            warn!("second signal: exiting now");
            std::process::exit(EXIT_INTERRUPTED);
        });
    }
}

/// Resolves on SIGINT or SIGTERM (then a second signal exits at once). When no handler can be
/// installed it never resolves: the default dispositions still end the process.
pub async fn shutdown_signal() {
    match Signals::new() {
        Ok(signals) => signals.first().await,
        Err(error) => {
            warn!(%error, "cannot handle SIGINT/SIGTERM; they end the process unhandled");
            std::future::pending::<()>().await;
        }
    }
}
