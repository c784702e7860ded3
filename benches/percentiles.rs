//! Percentiles the issue asks for, printed as a table for BENCHMARKS.md: question → JSON p50
//! and p99 (shipped corpus and 10,000 pages), index builds of 10,000 and 100,000 pages with
//! peak memory, and a cold `spotter ask` with an up-to-date index.
//! Run: `cargo bench --bench percentiles` (SPOTTER_BENCH_PAGES=10000,100000 to
//! choose sizes).

#[path = "synth.rs"]
mod synth;

use std::path::Path;
use std::time::{Duration, Instant};

use spotter::Handler;
use spotter::Request;
use spotter::render;
use spotter::{App, Settings, ensure_index};

fn settings(corpus: &Path, index: &Path) -> Settings {
    Settings {
        corpus: corpus.to_path_buf(),
        index: index.to_path_buf(),
        page_url: "https://example.org/exercise/{id}".into(),
        max_page_bytes: spotter::MAX_PAGE_BYTES_DEFAULT,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn latencies(app: &App, questions: &[String], rounds: usize) -> (Duration, Duration) {
    for q in questions {
        let _ = render::body(&render::response(&app.handle(&Request::Ask {
            question: q.clone(),
            context: None,
        })));
    }
    let mut samples = Vec::new();
    for _ in 0..rounds {
        for q in questions {
            let t = Instant::now();
            let answer = app.handle(&Request::Ask {
                question: q.clone(),
                context: None,
            });
            // The bytes the HTTP endpoint sends.
            std::hint::black_box(
                serde_json::to_vec(&render::response(&answer)).unwrap_or_default(),
            );
            samples.push(t.elapsed());
        }
    }
    if std::env::var_os("SPOTTER_BENCH_DETAIL").is_some() {
        // Per question: its median over the rounds, slowest first.
        let mut per: Vec<(Duration, &String)> = questions
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let mut own: Vec<Duration> = samples
                    .iter()
                    .skip(i)
                    .step_by(questions.len())
                    .copied()
                    .collect();
                own.sort();
                (percentile(&own, 0.5), q)
            })
            .collect();
        per.sort_by_key(|p| std::cmp::Reverse(p.0));
        for (d, q) in per {
            println!("  {d:>10.1?}  {q}");
        }
    }
    samples.sort();
    (percentile(&samples, 0.5), percentile(&samples, 0.99))
}

/// Peak resident memory of this process so far (VmHWM), in MB.
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shipped_index = tempfile::tempdir().unwrap();
    let (shipped, _) = App::open(
        settings(&root.join("corpus"), shipped_index.path()),
        &|_, _| {},
    )
    .unwrap();
    let shipped_qs = synth::shipped_questions();
    let (p50, p99) = latencies(&shipped, &shipped_qs, 500);
    println!("question->json shipped: p50 {:?} p99 {:?}", p50, p99);

    let sizes: Vec<usize> = std::env::var("SPOTTER_BENCH_PAGES")
        .unwrap_or_else(|_| "10000,100000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    for n in sizes {
        let corpus = tempfile::tempdir().unwrap();
        synth::write_corpus(corpus.path(), n);
        let index = tempfile::tempdir().unwrap();
        let before = peak_rss_mb();
        let t = Instant::now();
        let (_, generation, _) =
            ensure_index(&settings(corpus.path(), index.path()), true, &|_, _| {}).unwrap();
        println!(
            "build {n} pages: {:.1} s, {} pages indexed, peak RSS {:.0} MB (before build {:.0} MB)",
            t.elapsed().as_secs_f64(),
            generation.meta.pages,
            peak_rss_mb(),
            before
        );
        let (app, _) = App::open(settings(corpus.path(), index.path()), &|_, _| {}).unwrap();
        let (p50, p99) = latencies(&app, &synth::questions(n), 40);
        println!("question->json {n} pages: p50 {:?} p99 {:?}", p50, p99);
        // The binary cargo built for this bench, in the one profile (Cargo.toml).
        let bin = Path::new(env!("CARGO_BIN_EXE_spotter"));
        if bin.exists() {
            let mut runs = Vec::new();
            for _ in 0..20 {
                let t = Instant::now();
                let out = std::process::Command::new(bin)
                    .arg("--corpus")
                    .arg(corpus.path())
                    .arg("--index")
                    .arg(index.path())
                    .args(["ask", "--json", "how many reps of lateral squat"])
                    .output()
                    .unwrap();
                assert!(out.status.success());
                runs.push(t.elapsed());
            }
            runs.sort();
            println!(
                "cold `spotter ask` {n} pages, index up to date: median {:?} max {:?}",
                percentile(&runs, 0.5),
                runs[runs.len() - 1]
            );
        }
    }
}
