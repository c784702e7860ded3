//! Discord bodies: every card the truth file produces, and cards of pathological pages, are
//! within every limit of DESIGN.md, with empty `allowed_mentions` and no live mention.

use serde_json::Value;
use spotter::Answer;
use spotter::Handler;
use spotter::Request;
use spotter::render;

use crate::support::{bin, open, root, shipped};

fn chars(v: &Value) -> usize {
    v.as_str().map_or(0, |s| s.chars().count())
}

/// Every limit of DESIGN.md "Discord surface", checked on a response body.
pub fn check_limits(body: &Value) -> Result<(), String> {
    let data = &body["data"];
    let mut problems = Vec::new();
    let mut check = |ok: bool, what: String| {
        if !ok {
            problems.push(what);
        }
    };
    check(chars(&data["content"]) <= 2000, "content > 2000".into());
    let am = &data["allowed_mentions"];
    // Nobody, or the one user a card is suggested to ("Suggestion for <@id>"), never more.
    let suggested = data["content"]
        .as_str()
        .and_then(|c| c.strip_prefix("Suggestion for <@"))
        .and_then(|c| c.strip_suffix('>'))
        .map(|id| serde_json::json!([id]));
    check(
        am["parse"] == serde_json::json!([])
            && (am["users"] == serde_json::json!([]) || Some(&am["users"]) == suggested.as_ref())
            && am["roles"] == serde_json::json!([]),
        format!("allowed_mentions not empty: {am}"),
    );
    let embeds = data["embeds"].as_array().cloned().unwrap_or_default();
    check(embeds.len() <= 10, "more than 10 embeds".into());
    let mut total = 0;
    for e in &embeds {
        check(chars(&e["title"]) <= 256, "title > 256".into());
        check(
            chars(&e["description"]) <= 4096,
            "description > 4096".into(),
        );
        check(chars(&e["footer"]["text"]) <= 2048, "footer > 2048".into());
        total += chars(&e["title"]) + chars(&e["description"]) + chars(&e["footer"]["text"]);
        let fields = e["fields"].as_array().cloned().unwrap_or_default();
        check(fields.len() <= 25, "more than 25 fields".into());
        for f in &fields {
            let (n, v) = (chars(&f["name"]), chars(&f["value"]));
            check((1..=256).contains(&n), format!("field name length {n}"));
            check((1..=1024).contains(&v), format!("field value length {v}"));
            total += n + v;
        }
    }
    check(total <= 6000, format!("embeds total {total} > 6000"));
    let rows = data["components"].as_array().cloned().unwrap_or_default();
    check(rows.len() <= 5, "more than 5 rows".into());
    for row in &rows {
        let comps = row["components"].as_array().cloned().unwrap_or_default();
        check(!comps.is_empty() && comps.len() <= 5, "row size".into());
        for c in &comps {
            if c["type"] == 2 {
                check(chars(&c["label"]) <= 80, "button label > 80".into());
                check(chars(&c["custom_id"]) <= 100, "custom_id > 100".into());
                check(
                    c["custom_id"].is_string() != c["url"].is_string(),
                    "button needs one of id/url".into(),
                );
            } else if c["type"] == 3 {
                check(
                    chars(&c["custom_id"]) <= 100,
                    "select custom_id > 100".into(),
                );
                check(chars(&c["placeholder"]) <= 150, "placeholder > 150".into());
                let options = c["options"].as_array().cloned().unwrap_or_default();
                check(
                    (1..=25).contains(&options.len()),
                    "select options 1..=25".into(),
                );
                for o in &options {
                    check(
                        (1..=100).contains(&chars(&o["label"])),
                        "option label".into(),
                    );
                    check(
                        (1..=100).contains(&chars(&o["value"])),
                        "option value".into(),
                    );
                    check(chars(&o["description"]) <= 100, "option description".into());
                }
            }
        }
    }
    let text = body.to_string();
    check(
        !text.contains("@everyone") && !text.contains("@here"),
        "live mass mention".into(),
    );
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

fn body_of(answer: &Answer) -> Value {
    render::body(&render::response(answer))
}

#[test]
fn every_truth_file_card_is_within_limits() {
    let text = std::fs::read_to_string(root().join("tests/quality/truth.toml")).unwrap();
    let truth: toml::Value = toml::from_str(&text).unwrap();
    for t in truth["task"].as_array().unwrap() {
        let q = t["question"].as_str().unwrap();
        for request in [
            Request::Ask {
                question: q.into(),
                context: None,
            },
            Request::Exercise { query: q.into() },
            Request::Related { exercise: q.into() },
        ] {
            let body = body_of(&shipped().handle(&request));
            if let Err(e) = check_limits(&body) {
                panic!("{q:?}: {e}");
            }
        }
    }
}

fn pathological_page(name: &str) -> String {
    let secondary: Vec<String> = (0..60).map(|n| format!("Muscle {n}")).collect();
    let mut page = format!(
        "# {name}\n\n## Quick answer\n\n{} @everyone **bold** <@123> @here\n\n- **Body Part:** Legs\n- **Equipment:** Body Weight\n- **Target Muscle:** Glutes\n- **Secondary Muscles:** {}\n- **Difficulty:** Beginner\n- **Category:** Mobility\n",
        "Long quick answer. ".repeat(1100),
        secondary.join(", ")
    );
    for n in 0..30 {
        page.push_str(&format!("- **Extra key {n}:** {}\n", "value ".repeat(60)));
    }
    page.push_str("\n## How to perform\n\n");
    for n in 0..80 {
        page.push_str(&format!(
            "{}. Step {n} @everyone {}\n",
            n + 1,
            "words ".repeat(40)
        ));
    }
    page.push_str("\n## FAQ\n\n");
    for n in 0..40 {
        page.push_str(&format!(
            "### How many reps should you do {n}?\n\n15-20 reps. {}\n\n",
            "More. ".repeat(200)
        ));
    }
    page.push_str("## Related exercises\n\n");
    for n in 0..30 {
        page.push_str(&format!(
            "- [{}](https://example.org/{n}/{})\n",
            "Link @everyone ".repeat(10),
            "x".repeat(600)
        ));
    }
    page
}

#[test]
fn pathological_pages_render_within_limits() {
    let dir = tempfile::tempdir().unwrap();
    let long_name = format!("Long {}", "Name ".repeat(60));
    std::fs::write(dir.path().join("huge.md"), pathological_page(&long_name)).unwrap();
    std::fs::write(
        dir.path().join(format!("{}.md", "y".repeat(150))),
        pathological_page("Very Long Id Page"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("plain.md"),
        pathological_page("Plain Page @everyone"),
    )
    .unwrap();
    let (app, _index) = open(
        dir.path(),
        &format!("https://example.org/{}/{{id}}", "p".repeat(300)),
    );
    let mut answers = Vec::new();
    for name in ["long name", "very long id page", "plain page"] {
        for intent in [
            "",
            "muscles of ",
            "reps for ",
            "how to do ",
            "tips for ",
            "mistakes in ",
            "alternatives to ",
            "is it ok for beginners: ",
        ] {
            answers.push(app.handle(&Request::Ask {
                question: format!("{intent}{name}"),
                context: None,
            }));
        }
    }
    answers.push(app.handle(&Request::Compare {
        a: "long name".into(),
        b: "plain page".into(),
    }));
    for a in &answers {
        let body = body_of(a);
        if let Err(e) = check_limits(&body) {
            panic!("{e}\n{a:?}");
        }
        // With every control too (🗑, Report of a long question): still within the limits,
        // and the controls row is never the one cut.
        let reporting = spotter::Reporting::default();
        let audience = render::Audience {
            owner: Some(5),
            report: reporting.button(&format!("/ask {}", "why ".repeat(100)), a),
            ..render::Audience::default()
        };
        let body = render::body(&render::response_for(a, &audience));
        check_limits(&body).unwrap_or_else(|e| panic!("{e}\n{a:?}"));
        if !matches!(a, Answer::Notice { .. }) {
            let ids = body.to_string();
            assert!(
                ids.contains("v1:repk:") && ids.contains("v1:del:5"),
                "{body}"
            );
        }
    }
    assert!(
        answers
            .iter()
            .any(|a| matches!(a, Answer::Card(c) if c.title.starts_with("Long Name")))
    );
}

#[test]
fn cli_json_is_the_rendered_body() {
    let out = bin()
        .args(["--corpus", "corpus", "exercise", "--json", "hip rotation"])
        .env("XDG_CACHE_HOME", tempfile::tempdir().unwrap().path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let printed: Value = serde_json::from_slice(&out.stdout).expect("stdout is only JSON");
    let (app, _index) = open(&root().join("corpus"), "");
    let expected = body_of(&app.handle(&Request::Exercise {
        query: "hip rotation".into(),
    }));
    assert_eq!(printed, expected);
    assert_eq!(printed["type"], 4);
    assert_eq!(
        printed["data"]["embeds"][0]["title"],
        "Seated Internal Hip Rotation"
    );
}
