//! Criterion benches: question → Discord JSON over the shipped corpus and a synthetic 10,000
//! page corpus, and an index build of 10,000 pages.
//! Run: `cargo bench --bench answer`. Percentiles and the 100,000-page build: `benches/percentiles.rs`.

#[path = "synth.rs"]
mod synth;

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use spotter::Handler;
use spotter::Request;
use spotter::render;
use spotter::{App, Settings, ensure_index};

fn open(corpus: &Path, index: &Path) -> App {
    App::open(
        Settings {
            corpus: corpus.to_path_buf(),
            index: index.to_path_buf(),
            page_url: "https://example.org/exercise/{id}".into(),
            max_page_bytes: spotter::MAX_PAGE_BYTES_DEFAULT,
        },
        &|_, _| {},
    )
    .expect("app opens")
    .0
}

fn answer_json(app: &App, q: &str) -> serde_json::Value {
    let answer = app.handle(&Request::Ask {
        question: q.to_string(),
        context: None,
    });
    render::body(&render::response(&answer))
}

fn benches(c: &mut Criterion) {
    let shipped_index = tempfile::tempdir().unwrap();
    let shipped = open(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"),
        shipped_index.path(),
    );
    let shipped_qs = synth::shipped_questions();
    c.bench_function("question_to_json/shipped", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % shipped_qs.len();
            black_box(answer_json(&shipped, &shipped_qs[i]))
        })
    });

    let corpus = tempfile::tempdir().unwrap();
    synth::write_corpus(corpus.path(), 10_000);
    let index = tempfile::tempdir().unwrap();
    let big = open(corpus.path(), index.path());
    let qs = synth::questions(10_000);
    c.bench_function("question_to_json/10k", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) % qs.len();
            black_box(answer_json(&big, &qs[i]))
        })
    });

    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    group.bench_function("10k", |b| {
        let settings = Settings {
            corpus: corpus.path().to_path_buf(),
            index: index.path().to_path_buf(),
            page_url: String::new(),
            max_page_bytes: spotter::MAX_PAGE_BYTES_DEFAULT,
        };
        b.iter(|| {
            black_box(
                ensure_index(&settings, true, &|_, _| {})
                    .unwrap()
                    .1
                    .meta
                    .pages,
            )
        })
    });
    group.finish();
}

criterion_group!(answer, benches);
criterion_main!(answer);
