//! `corpus.git_pull`: a corpus kept in a git repository is brought up to date with
//! `git pull --ff-only` (git run directly, no shell) before a reindex, and the commits it
//! brought are listed (short hash and subject). A pull that cannot fast-forward or fails is
//! reported and changes nothing. Knows git's command line; never Discord or the index.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The longest a pull may take: a corpus repository pulls in seconds; past this the remote
/// is taken to be unreachable and git is stopped, so a reindex never hangs on the network.
pub const GIT_TIMEOUT: Duration = Duration::from_secs(60);
/// How often a running git is looked at while waiting for it.
const GIT_POLL: Duration = Duration::from_millis(20);
/// The most commits a report lists (a first pull of a long history lists the newest).
pub const PULLED_SHOWN_MAX: usize = 20;

/// Why a pull did not bring the corpus up to date. Shown to moderators: git's own message
/// goes to the log only (it may name the remote's URL).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PullError {
    /// Local commits the remote does not have: a fast-forward is impossible.
    #[error(
        "git pull failed: the corpus's branch and its remote have diverged (no fast-forward is possible); someone must merge them in the repository"
    )]
    Diverged,
    /// Git ran and failed (no remote, unreachable, not a repository).
    #[error("git pull failed (the log has git's message)")]
    Failed,
    /// Git did not finish in time.
    #[error("git pull took longer than {} s and was stopped", GIT_TIMEOUT.as_secs())]
    TimedOut,
    /// Git could not be started.
    #[error("git could not be run (is it installed?)")]
    NotRun,
}

/// What one git command printed, or why it gave nothing.
fn git(dir: &Path, args: &[&str]) -> Result<(bool, String, String), PullError> {
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        // Never wait for a password or an editor; messages in English, to be read here.
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_EDITOR", "true")
        .env("LC_ALL", "C")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| {
            tracing::error!(%error, "starting git failed");
            PullError::NotRun
        })?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < GIT_TIMEOUT => std::thread::sleep(GIT_POLL),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(PullError::TimedOut);
            }
        }
    };
    let mut out = String::new();
    let mut err = String::new();
    if let Some(mut s) = child.stdout.take() {
        let _ = s.read_to_string(&mut out);
    }
    if let Some(mut s) = child.stderr.take() {
        let _ = s.read_to_string(&mut err);
    }
    Ok((status.success(), out, err))
}

fn head(dir: &Path) -> Result<String, PullError> {
    match git(dir, &["rev-parse", "HEAD"])? {
        (true, out, _) => Ok(out.trim().to_string()),
        (false, _, err) => {
            tracing::error!(git = %err.trim(), "git rev-parse HEAD failed");
            Err(PullError::Failed)
        }
    }
}

/// Pulls `dir` with `--ff-only`; returns the commits it brought, newest first, as
/// `abc1234 subject` (at most `PULLED_SHOWN_MAX`).
///
/// # Errors
/// `Diverged`, `Failed`, `TimedOut` or `NotRun`; the working tree is as it was then.
pub fn pull(dir: &Path) -> Result<Vec<String>, PullError> {
    let before = head(dir)?;
    let (ok, _, err) = git(dir, &["pull", "--ff-only", "--quiet"])?;
    if !ok {
        tracing::error!(git = %err.trim(), "git pull --ff-only failed");
        let diverged = err.contains("Not possible to fast-forward")
            || err.contains("not possible to fast-forward")
            || err.contains("diverg");
        return Err(if diverged {
            PullError::Diverged
        } else {
            PullError::Failed
        });
    }
    let after = head(dir)?;
    if after == before {
        return Ok(Vec::new());
    }
    let range = format!("{before}..{after}");
    let max = format!("--max-count={PULLED_SHOWN_MAX}");
    match git(dir, &["log", "--format=%h %s", &max, &range])? {
        (true, out, _) => Ok(out.lines().map(str::to_string).collect()),
        (false, _, err) => {
            tracing::warn!(git = %err.trim(), "listing pulled commits failed");
            Ok(vec![format!(
                "{} (the commits could not be listed)",
                &after[..after.len().min(7)]
            )])
        }
    }
}
