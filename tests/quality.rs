//! Search quality over the shipped corpus: every task of `quality/truth.toml` is asked as a
//! member would, and scored: hit@1 (right intent and right page first) and MRR (the right
//! page's rank among the card and its menu). Prints the misses; fails below the floors.

use serde::Deserialize;
use spotter::Answer;
use spotter::Handler;
use spotter::Intent;
use spotter::Request;

use spotter::App;

use crate::support::{fixture, open, root, shipped};

/// Floors: the issue's hit@1 bar, and the MRR recorded when it was first met (raise it when
/// ranking improves; never lower it to make a change pass).
const HIT_AT_1_FLOOR: f64 = 0.95;
const MRR_FLOOR: f64 = 0.97;
const TASKS_MIN: usize = 300;
/// The foreign corpus's floors (the issue's bar) and its least number of tasks.
const FOREIGN_HIT_AT_1_FLOOR: f64 = 0.97;
const FOREIGN_MRR_FLOOR: f64 = 0.97;
const FOREIGN_TASKS_MIN: usize = 150;
/// The held-out corpus's floors: it first scored hit@1 0.869, MRR 0.891 (QUALITY.md); these
/// are the bar it met after the mechanisms its misses showed were built. Never lowered.
const HELDOUT_HIT_AT_1_FLOOR: f64 = 0.95;
const HELDOUT_MRR_FLOOR: f64 = 0.95;
const HELDOUT_TASKS_MIN: usize = 100;
/// The second held-out corpus's floors: it first scored hit@1 0.845, MRR 0.907 (QUALITY.md);
/// these are the bar it met once the mechanisms its misses showed were built. Never lowered.
const GYMWIKI_HIT_AT_1_FLOOR: f64 = 0.95;
const GYMWIKI_MRR_FLOOR: f64 = 0.95;
const GYMWIKI_TASKS_MIN: usize = 150;
/// The third held-out corpus's floors: it first scored hit@1 0.882, MRR 0.888 (QUALITY.md);
/// these are the bar it met once the mechanisms its misses showed were built. Never lowered.
const REHAB_HIT_AT_1_FLOOR: f64 = 0.95;
const REHAB_MRR_FLOOR: f64 = 0.95;
const REHAB_TASKS_MIN: usize = 150;
/// The fourth held-out corpus's floors: it first scored hit@1 0.855, MRR 0.865 (QUALITY.md);
/// these are the bar it met once the mechanisms its misses showed were built. Never lowered.
const MOBILITY_HIT_AT_1_FLOOR: f64 = 0.90;
const MOBILITY_MRR_FLOOR: f64 = 0.91;
const MOBILITY_TASKS_MIN: usize = 150;

#[derive(Debug, Deserialize)]
struct Truth {
    task: Vec<Task>,
}

#[derive(Debug, Deserialize)]
struct Task {
    question: String,
    intent: String,
    page: String,
    other: Option<String>,
    command: Option<String>,
    /// What the page's own beginner answer says (`yes`, `no`, `none`).
    verdict: Option<String>,
    /// The page's rep range, plain hyphen.
    reps: Option<String>,
}

/// The intent of a card and the pages it offers, best first.
fn ranked(answer: &Answer) -> (Option<Intent>, Vec<String>) {
    match answer {
        Answer::Card(c) => {
            let mut pages = Vec::new();
            if c.intent == Some(Intent::Compare) {
                pages.extend(c.actions.iter().filter_map(|a| match &a.custom_id {
                    spotter::CustomId::Show { page, .. } => Some(page.to_string()),
                    _ => None,
                }));
            } else if let Some(p) = &c.source {
                pages.push(p.to_string());
            }
            if let Some(menu) = &c.menu {
                for ch in &menu.choices {
                    if !pages.contains(&ch.value) {
                        pages.push(ch.value.clone());
                    }
                }
            }
            (c.intent, pages)
        }
        _ => (None, Vec::new()),
    }
}

/// A truth file's score over one app.
struct Score {
    tasks: usize,
    hit1: f64,
    mrr: f64,
    misses: Vec<String>,
    /// Per intent: (tasks, hits), in the order first met.
    families: Vec<(String, usize, usize)>,
}

/// The yes/no a beginner card opens with (`**Yes.**`, `**No.**`, `**Not as a first
/// exercise.**`), if any.
fn verdict(text: &str) -> Option<&'static str> {
    let first = text
        .trim_start_matches(['*', ' '])
        .split(|c: char| !c.is_alphanumeric())
        .next()?
        .to_lowercase();
    match first.as_str() {
        "yes" => Some("yes"),
        "no" | "not" => Some("no"),
        _ => None,
    }
}

/// Every dash and ` to ` between two numbers as `-` (`8 to 12` = `8–12` = `8-12`).
fn ranges(text: &str) -> String {
    let re = regex::Regex::new(r"(\d+)\s*(?:-|–|—|to)\s*(\d+)").expect("valid");
    re.replace_all(text, "$1-$2").into_owned()
}

/// Whether a card's answer says what the page says: the beginner verdict and the rep range,
/// where the task gives them.
fn answer_ok(t: &Task, answer: &Answer) -> bool {
    let Answer::Card(c) = answer else {
        return t.verdict.is_none() && t.reps.is_none();
    };
    let verdict_ok = match t.verdict.as_deref() {
        Some(v @ ("yes" | "no")) => verdict(&c.description) == Some(v),
        _ => true,
    };
    let text = ranges(&format!(
        "{}\n{}",
        c.description,
        c.fields
            .iter()
            .map(|f| f.value.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    ));
    let reps_ok = t.reps.as_ref().is_none_or(|r| text.contains(r.as_str()));
    verdict_ok && reps_ok
}

fn score(app: &App, truth_file: &str) -> Score {
    let text = std::fs::read_to_string(root().join(truth_file)).expect("truth file");
    let truth: Truth = toml::from_str(&text).expect("truth file parses");
    let (mut hits, mut rr) = (0usize, 0f64);
    let mut misses = Vec::new();
    let mut families: Vec<(String, usize, usize)> = Vec::new();
    for t in &truth.task {
        let request = match t.command.as_deref() {
            Some("exercise") => Request::Exercise {
                query: t.question.clone(),
            },
            _ => Request::Ask {
                question: t.question.clone(),
                context: None,
            },
        };
        let answer = app.handle(&request);
        let (intent, pages) = ranked(&answer);
        let want = Intent::from_code(&t.intent).unwrap_or_else(|| panic!("intent {}", t.intent));
        // A find task names one exercise that must be in the list; its place is not ranked.
        let rank = match want {
            Intent::Find => pages.iter().position(|p| *p == t.page).map(|_| 0),
            _ => pages.iter().position(|p| *p == t.page),
        };
        let intent_ok = intent == Some(want);
        let other_ok = match (&t.other, intent) {
            (Some(o), Some(Intent::Compare)) => pages.get(1) == Some(o),
            _ => true,
        };
        let says_ok = answer_ok(t, &answer);
        let hit = intent_ok && rank == Some(0) && other_ok && says_ok;
        let at = match families.iter().position(|(f, _, _)| *f == t.intent) {
            Some(at) => at,
            None => {
                families.push((t.intent.clone(), 0, 0));
                families.len() - 1
            }
        };
        families[at].1 += 1;
        families[at].2 += usize::from(hit);
        if hit {
            hits += 1;
        } else {
            misses.push(format!(
                "  {:?}: want {} {}, got {:?} {:?}{}",
                t.question,
                t.intent,
                t.page,
                intent.map(|i| i.code()),
                pages.iter().take(3).collect::<Vec<_>>(),
                if says_ok {
                    ""
                } else {
                    " (answer disagrees with the page)"
                }
            ));
        }
        if intent_ok && let Some(r) = rank {
            rr += 1.0 / (r as f64 + 1.0);
        }
    }
    let n = truth.task.len() as f64;
    Score {
        tasks: truth.task.len(),
        hit1: hits as f64 / n,
        mrr: rr / n,
        misses,
        families,
    }
}

fn report(name: &str, s: &Score, hit1_floor: f64, mrr_floor: f64) {
    println!(
        "quality ({name}): {} tasks, hit@1 {:.3}, MRR {:.3}",
        s.tasks, s.hit1, s.mrr
    );
    for (family, n, hits) in &s.families {
        println!(
            "  {family:<10} {n:>4} tasks  hit@1 {:.3}",
            *hits as f64 / *n as f64
        );
    }
    println!("misses ({}):\n{}", s.misses.len(), s.misses.join("\n"));
    assert!(
        s.hit1 >= hit1_floor,
        "{name}: hit@1 {:.3} < {hit1_floor}; misses:\n{}",
        s.hit1,
        s.misses.join("\n")
    );
    assert!(s.mrr >= mrr_floor, "{name}: MRR {:.3} < {mrr_floor}", s.mrr);
}

#[test]
fn truth_file_meets_the_floors() {
    let s = score(shipped(), "tests/quality/truth.toml");
    assert!(s.tasks >= TASKS_MIN, "{} tasks", s.tasks);
    report("shipped", &s, HIT_AT_1_FLOOR, MRR_FLOOR);
}

/// The corpus written in another site's conventions (tests/fixtures/foreign): names,
/// vocabulary and answers the shipped corpus never taught the bot.
#[test]
fn foreign_corpus_meets_the_floors() {
    fixture_corpus_meets(
        "foreign",
        FOREIGN_TASKS_MIN,
        FOREIGN_HIT_AT_1_FLOOR,
        FOREIGN_MRR_FLOOR,
    );
}

/// A third corpus, in yet another site's conventions (qualifiers in parentheses, muscles
/// written "Glutes (gluteus maximus)", site body parts such as "Posterior chain", beginner
/// answers opening "Absolutely," or "It depends:"), written after the ranking work and
/// scored before any change was made for it (QUALITY.md has that first score).
#[test]
fn heldout_corpus_meets_the_floors() {
    fixture_corpus_meets(
        "heldout",
        HELDOUT_TASKS_MIN,
        HELDOUT_HIT_AT_1_FLOOR,
        HELDOUT_MRR_FLOOR,
    );
}

/// A fourth corpus, a CrossFit box's wiki (abbreviations and shorthand inside the H1, plural
/// names, `&` and `°`, slang and Latin muscle names side by side, FAQ headings that never name
/// the exercise), written by someone who had not read the ranking code and scored before any
/// change was made for it (QUALITY.md has that first score).
#[test]
fn gymwiki_corpus_meets_the_floors() {
    fixture_corpus_meets(
        "gymwiki",
        GYMWIKI_TASKS_MIN,
        GYMWIKI_HIT_AT_1_FLOOR,
        GYMWIKI_MRR_FLOOR,
    );
}

/// A fifth corpus, a physiotherapy clinic's home-exercise library (long clinical names with
/// commas, dashes and explanations in brackets, lay names in `Also Known As`, body regions
/// and clinical muscle names, FAQ headings in a clinician's voice), written by someone who
/// had not read the ranking code and scored before any change was made for it (QUALITY.md
/// has that first score).
#[test]
fn rehabclinic_corpus_meets_the_floors() {
    fixture_corpus_meets(
        "rehabclinic",
        REHAB_TASKS_MIN,
        REHAB_HIT_AT_1_FLOOR,
        REHAB_MRR_FLOOR,
    );
}

/// A sixth corpus, a yoga and mobility studio's pose library with a calisthenics section
/// (Sanskrit and English names side by side in either order, props as equipment, doses in
/// breaths and holds, FAQ headings in an instructor's voice), written by someone who had not
/// read the ranking code and scored before any change was made for it (QUALITY.md has that
/// first score).
#[test]
fn mobilityflow_corpus_meets_the_floors() {
    fixture_corpus_meets(
        "mobilityflow",
        MOBILITY_TASKS_MIN,
        MOBILITY_HIT_AT_1_FLOOR,
        MOBILITY_MRR_FLOOR,
    );
}

/// `tests/fixtures/<name>` scored with `tests/quality/<name>.toml`, against its floors.
fn fixture_corpus_meets(name: &str, tasks_min: usize, hit1_floor: f64, mrr_floor: f64) {
    let (app, _index) = open(&fixture(name), "");
    let s = score(&app, &format!("tests/quality/{name}.toml"));
    assert!(s.tasks >= tasks_min, "{name}: {} tasks", s.tasks);
    report(name, &s, hit1_floor, mrr_floor);
}

/// Every threshold of `Ranking` moved one step each way, one at a time, scored on every set:
/// how much each matters and whether a neighbour of today's value does better everywhere
/// (imdb-rename's evaluation `Spec` is the model). Slow, so not run by default:
/// `cargo test --release --test tests quality::ranking_sweep -- --ignored --nocapture`.
#[test]
#[ignore]
fn ranking_sweep() {
    use spotter::{RANKING, Ranking};
    type Step = (&'static str, fn(&mut Ranking, f32));
    let shares: [Step; 9] = [
        ("ambiguous_within", |r, k| r.ambiguous_within *= k),
        ("name_min_query", |r, k| r.name_min_query *= k),
        ("generic_min_query", |r, k| {
            r.generic_min_query = (r.generic_min_query * k).min(1.0)
        }),
        ("generic_min_name", |r, k| r.generic_min_name *= k),
        ("command_whole_min_query", |r, k| {
            r.command_whole_min_query = (r.command_whole_min_query * k).min(1.0)
        }),
        ("loose_compare_min_name", |r, k| {
            r.loose_compare_min_name *= k
        }),
        ("own_faq_min_share", |r, k| r.own_faq_min_share *= k),
        ("loose_min_query", |r, k| r.loose_min_query *= k),
        ("loose_min_name", |r, k| r.loose_min_name *= k),
    ];
    let counts: [Step; 5] = [
        ("own_faq_min_shared", |r, d| {
            r.own_faq_min_shared = (r.own_faq_min_shared as f32 + d) as usize
        }),
        ("own_faq_distinctive_max_asked", |r, d| {
            r.own_faq_distinctive_max_asked = (r.own_faq_distinctive_max_asked as f32 + d) as usize
        }),
        ("faq_strong_shared", |r, d| {
            r.faq_strong_shared = (r.faq_strong_shared as f32 + d) as usize
        }),
        ("faq_strong_all", |r, d| {
            r.faq_strong_all = (r.faq_strong_all as f32 + d) as usize
        }),
        ("name_word_min_chars", |r, d| {
            r.name_word_min_chars = (r.name_word_min_chars as f32 + d) as usize
        }),
    ];
    let sets = [
        (None, "tests/quality/truth.toml"),
        (Some("mobilityflow"), "tests/quality/mobilityflow.toml"),
        (Some("foreign"), "tests/quality/foreign.toml"),
        (Some("heldout"), "tests/quality/heldout.toml"),
        (Some("gymwiki"), "tests/quality/gymwiki.toml"),
        (Some("rehabclinic"), "tests/quality/rehabclinic.toml"),
    ];
    let mut apps: Vec<(App, tempfile::TempDir, &str)> = sets
        .iter()
        .map(|(name, truth)| {
            let corpus = name.map_or_else(|| root().join("corpus"), fixture);
            let (app, index) = open(&corpus, "");
            (app, index, *truth)
        })
        .collect();
    let mut run = |label: String, ranking: Ranking| {
        let scores: Vec<String> = apps
            .iter_mut()
            .map(|(app, _, truth)| {
                app.set_ranking(ranking.clone());
                format!("{:.3}", score(app, truth).hit1)
            })
            .collect();
        println!("{label:<34} {}", scores.join("  "));
    };
    println!(
        "{:<34} shipped mobility foreign heldout gymwiki rehab",
        "ranking"
    );
    run("today".into(), RANKING);
    for (name, step) in shares {
        for k in [0.8, 1.2] {
            let mut r = RANKING;
            step(&mut r, k);
            run(format!("{name} x{k}"), r);
        }
    }
    for (name, step) in counts {
        for d in [-1.0, 1.0] {
            let mut r = RANKING;
            step(&mut r, d);
            run(format!("{name} {d:+}"), r);
        }
    }
}
