//! serve-http's `/metrics`: request counts by type and outcome, a latency histogram, reindex
//! counts and times, in Prometheus's text exposition format (version 0.0.4). Knows the format;
//! never the index or Discord.
//!
//! Written by hand, not with a crate (issue 12 weighed them). `metrics` +
//! `metrics-exporter-prometheus` record into one recorder for the whole process, while the
//! tests run several endpoints in one process and read each one's own counts (STYLE: no
//! global state), and they would bring 11 crates (quanta, metrics-util, sketches, ...).
//! `prometheus` has a registry per instance, but brings 5 crates (parking_lot among them) for
//! what is here six series whose label values are `&'static str`s of this crate, so nothing
//! needs escaping. A test parses the output as the format says, so it stays valid.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Latency histogram buckets, in seconds (Prometheus `le` labels).
const BUCKETS_S: [f64; 10] = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.5, 1.0];

/// Counters for `/metrics`, one set per endpoint.
#[derive(Default)]
pub(super) struct Metrics {
    /// By (interaction type, outcome).
    requests: Mutex<BTreeMap<(&'static str, &'static str), u64>>,
    buckets: [AtomicU64; BUCKETS_S.len()],
    latency_count: AtomicU64,
    latency_sum_us: AtomicU64,
    /// `/reindex` runs answered.
    pub(super) reindexes: AtomicU64,
    /// How long the last one took.
    pub(super) last_reindex_ms: AtomicU64,
}

impl Metrics {
    /// One request of `kind` that ended as `outcome`.
    pub(super) fn count(&self, kind: &'static str, outcome: &'static str) {
        let mut map = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        *map.entry((kind, outcome)).or_default() += 1;
    }

    /// One request answered in `took`.
    pub(super) fn observe(&self, took: Duration) {
        let s = took.as_secs_f64();
        for (i, le) in BUCKETS_S.iter().enumerate() {
            if s <= *le {
                self.buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.latency_count.fetch_add(1, Ordering::Relaxed);
        self.latency_sum_us
            .fetch_add(took.as_micros() as u64, Ordering::Relaxed);
    }

    /// The exposition text, with the index's generation and pages as gauges.
    pub(super) fn render(&self, generation: u64, pages: usize) -> String {
        // Writing to a String cannot fail: the results of `writeln!` are ignored.
        let mut out = String::new();
        let requests = "spotter_requests_total";
        family(
            &mut out,
            requests,
            "counter",
            "Interaction requests by type and outcome.",
        );
        for ((kind, outcome), n) in self
            .requests
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
        {
            let _ = writeln!(
                out,
                "{requests}{{type=\"{kind}\",outcome=\"{outcome}\"}} {n}"
            );
        }
        let seconds = "spotter_request_seconds";
        family(
            &mut out,
            seconds,
            "histogram",
            "Time from request to response.",
        );
        for (i, le) in BUCKETS_S.iter().enumerate() {
            let n = self.buckets[i].load(Ordering::Relaxed);
            let _ = writeln!(out, "{seconds}_bucket{{le=\"{le}\"}} {n}");
        }
        let count = self.latency_count.load(Ordering::Relaxed);
        let sum = self.latency_sum_us.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "{seconds}_bucket{{le=\"+Inf\"}} {count}");
        let _ = writeln!(out, "{seconds}_sum {sum}\n{seconds}_count {count}");
        let reindexes = self.reindexes.load(Ordering::Relaxed);
        let last = self.last_reindex_ms.load(Ordering::Relaxed) as f64 / 1e3;
        let single: [(&str, &str, &str, String); 4] = [
            (
                "spotter_reindex_total",
                "counter",
                "Reindexes run through /reindex.",
                reindexes.to_string(),
            ),
            (
                "spotter_reindex_last_seconds",
                "gauge",
                "How long the last /reindex took.",
                last.to_string(),
            ),
            (
                "spotter_index_generation",
                "gauge",
                "The live index generation.",
                generation.to_string(),
            ),
            (
                "spotter_pages",
                "gauge",
                "Pages in the live index.",
                pages.to_string(),
            ),
        ];
        for (name, kind, help, value) in single {
            family(&mut out, name, kind, help);
            let _ = writeln!(out, "{name} {value}");
        }
        out
    }
}

/// A metric family's `# HELP` and `# TYPE` lines.
fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line is a comment or a sample as the text format says: a metric name, labels
    /// `name="value"`, a number; each sample's family is typed before it, once; histogram
    /// buckets are cumulative and `+Inf` is the count.
    #[test]
    fn the_output_is_valid_exposition_text() {
        let m = Metrics::default();
        m.count("command", "ok");
        m.count("unknown", "unauthorized");
        m.count("command", "ok");
        for us in [300, 1_500, 40_000, 2_000_000] {
            m.observe(Duration::from_micros(us));
        }
        m.reindexes.fetch_add(1, Ordering::Relaxed);
        m.last_reindex_ms.store(1_250, Ordering::Relaxed);
        let text = m.render(7, 1234);
        let sample = regex::Regex::new(
            r#"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="[^"\\\n]*")(,[a-zA-Z_][a-zA-Z0-9_]*="[^"\\\n]*")*\})? (\S+)$"#,
        )
        .unwrap();
        let mut typed: Vec<(String, String)> = Vec::new();
        let mut buckets: Vec<f64> = Vec::new();
        let mut values: BTreeMap<String, f64> = BTreeMap::new();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("# TYPE ") {
                let (name, kind) = rest.split_once(' ').unwrap();
                assert!(["counter", "gauge", "histogram"].contains(&kind), "{line}");
                assert!(typed.iter().all(|(n, _)| n != name), "typed twice: {line}");
                typed.push((name.to_string(), kind.to_string()));
                continue;
            }
            if line.starts_with("# HELP ") {
                continue;
            }
            let caps = sample
                .captures(line)
                .unwrap_or_else(|| panic!("not a sample: {line}"));
            let name = &caps[1];
            let value: f64 = match &caps[5] {
                "+Inf" => f64::INFINITY,
                v => v.parse().unwrap_or_else(|_| panic!("not a number: {line}")),
            };
            let (family, kind) = typed.last().expect("a sample after its TYPE");
            let base = name
                .strip_suffix("_bucket")
                .or_else(|| name.strip_suffix("_sum"))
                .or_else(|| name.strip_suffix("_count"))
                .filter(|_| kind == "histogram")
                .unwrap_or(name);
            assert_eq!(base, family, "{line}");
            if name.ends_with("_bucket") {
                buckets.push(value);
            }
            values.insert(line.split(' ').next().unwrap().to_string(), value);
        }
        assert!(buckets.windows(2).all(|w| w[0] <= w[1]), "{buckets:?}");
        assert_eq!(buckets.last(), Some(&4.0));
        assert_eq!(values["spotter_request_seconds_count"], 4.0);
        assert_eq!(values["spotter_request_seconds_bucket{le=\"0.0005\"}"], 1.0);
        assert_eq!(values["spotter_request_seconds_bucket{le=\"1\"}"], 3.0);
        assert_eq!(
            values["spotter_requests_total{type=\"command\",outcome=\"ok\"}"],
            2.0
        );
        assert_eq!(values["spotter_reindex_last_seconds"], 1.25);
        assert_eq!(values["spotter_pages"], 1234.0);
        assert_eq!(typed.len(), 6);
    }
}
