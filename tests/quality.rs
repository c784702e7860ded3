//! Search quality over the shipped corpus: every task of `quality/truth.toml` is asked as a
//! member would, and scored: hit@1 (right intent and right page first) and MRR (the right
//! page's rank among the card and its menu). Prints the misses; fails below the floors.

use serde::Deserialize;
use spotter::domain::answer::Answer;
use spotter::domain::handler::Handler;
use spotter::domain::request::Request;
use spotter::domain::understand::Intent;

use crate::support::{root, shipped};

/// Floors: the hit@1 bar, and the MRR recorded when it was first met (raise it when
/// ranking improves; never lower it to make a change pass).
const HIT_AT_1_FLOOR: f64 = 0.95;
const MRR_FLOOR: f64 = 0.97;
const TASKS_MIN: usize = 300;

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
}

/// The intent of a card and the pages it offers, best first.
fn ranked(answer: &Answer) -> (Option<Intent>, Vec<String>) {
    match answer {
        Answer::Card(c) => {
            let mut pages = Vec::new();
            if c.intent == Some(Intent::Compare) {
                pages.extend(c.actions.iter().filter_map(|a| match &a.custom_id {
                    spotter::domain::CustomId::Show { page, .. } => Some(page.to_string()),
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

#[test]
fn truth_file_meets_the_floors() {
    let text =
        std::fs::read_to_string(root().join("tests/quality/truth.toml")).expect("truth file");
    let truth: Truth = toml::from_str(&text).expect("truth file parses");
    assert!(truth.task.len() >= TASKS_MIN, "{} tasks", truth.task.len());
    let app = shipped();
    let (mut hits, mut rr) = (0usize, 0f64);
    let mut misses = Vec::new();
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
        if intent_ok && rank == Some(0) && other_ok {
            hits += 1;
        } else {
            misses.push(format!(
                "  {:?}: want {} {}, got {:?} {:?}",
                t.question,
                t.intent,
                t.page,
                intent.map(|i| i.code()),
                pages.iter().take(3).collect::<Vec<_>>()
            ));
        }
        if intent_ok && let Some(r) = rank {
            rr += 1.0 / (r as f64 + 1.0);
        }
    }
    let n = truth.task.len() as f64;
    let (hit1, mrr) = (hits as f64 / n, rr / n);
    println!(
        "quality: {} tasks, hit@1 {hit1:.3}, MRR {mrr:.3}",
        truth.task.len()
    );
    println!("misses ({}):\n{}", misses.len(), misses.join("\n"));
    assert!(
        hit1 >= HIT_AT_1_FLOOR,
        "hit@1 {hit1:.3} < {HIT_AT_1_FLOOR}; misses:\n{}",
        misses.join("\n")
    );
    assert!(mrr >= MRR_FLOOR, "MRR {mrr:.3} < {MRR_FLOOR}");
}
