//! Where members' reports are kept for moderators: the `ReportSink` hook a store of reports
//! implements (a store of its own, issue 14), installed with `App::set_report_sink`. None by
//! default: the transports post every report to the report channel, and that is all. Knows
//! no Discord.

use crate::domain::report::Report;

/// Why a sink did not keep a report (its own error, boxed: the app only logs it).
pub type ReportSinkError = Box<dyn std::error::Error + Send + Sync>;

/// Keeps reports for moderators to read later (an unanswered/report list).
pub trait ReportSink: Send + Sync {
    /// Keeps one report. Called off the async runtime, once per report, before it is posted
    /// to the report channel.
    ///
    /// # Errors
    /// When the report could not be kept; the channel post goes ahead anyway.
    fn keep(&self, report: &Report) -> Result<(), ReportSinkError>;
}
