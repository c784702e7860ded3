//! Any string as a page or as a question gives a result, never a panic, and any answer
//! renders within Discord's limits.

use proptest::prelude::*;
use spotter::CustomId;
use spotter::Handler;
use spotter::Intent;
use spotter::PageId;
use spotter::Request;
use spotter::parse_page;
use spotter::render;

use crate::render::check_limits;
use crate::support::shipped;

/// Markdown-ish text: structure characters are common so the parser's paths are exercised.
fn markdownish() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("# ".to_string()),
            Just("## Quick answer\n".to_string()),
            Just("- **Difficulty:** ".to_string()),
            Just("- **Body Part:** Legs\n".to_string()),
            Just("### Q?\n".to_string()),
            Just("**Bold?**\n".to_string()),
            Just("1. ".to_string()),
            Just("[x](y.md)".to_string()),
            Just("| a | b |\n|---|---|\n".to_string()),
            Just("---\ntitle: t\n---\n".to_string()),
            Just("\n".to_string()),
            "\\PC{0,20}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_page_parses(text in markdownish()) {
        let parsed = parse_page(PageId::new("p"), "p.md", &text);
        prop_assert!(parsed.page.is_some() || !parsed.errors.is_empty());
    }

    /// Issue 7: CR LF and CR line ends and a BOM read as the same page, problems on the
    /// same lines.
    #[test]
    fn line_ends_and_a_bom_do_not_change_a_page(text in markdownish()) {
        let lf = parse_page(PageId::new("p"), "p.md", &text);
        for other in [text.replace('\n', "\r\n"), text.replace('\n', "\r"), format!("\u{feff}{text}")] {
            prop_assert_eq!(&parse_page(PageId::new("p"), "p.md", &other), &lf);
        }
    }

    #[test]
    fn any_text_page_parses(text in "\\PC{0,400}") {
        let _ = parse_page(PageId::new("p"), "p.md", &text);
    }

    /// Issue 6: any file stem gives an id whose button round-trips for every intent.
    #[test]
    fn any_file_stem_gives_an_id_every_button_round_trips(stem in "\\PC{0,200}|[ -~]{0,40}") {
        let id = PageId::new(&stem);
        prop_assert!(!id.as_str().is_empty());
        prop_assert_eq!(&PageId::new(id.as_str()), &id, "idempotent");
        for &intent in Intent::ALL {
            let custom = CustomId::show(intent, &id);
            prop_assert!(custom.is_some(), "{} does not fit", id);
            let custom = custom.expect("fits");
            prop_assert_eq!(custom.to_string().parse::<CustomId>(), Ok(custom));
        }
    }

    #[test]
    fn any_question_gets_a_valid_answer(q in "\\PC{0,120}") {
        for request in [
            Request::Ask { question: q.clone(), context: None },
            Request::Exercise { query: q.clone() },
        ] {
            let answer = shipped().handle(&request);
            let body = render::body(&render::response(&answer));
            prop_assert!(check_limits(&body).is_ok(), "{:?}", check_limits(&body));
        }
        let choices = shipped().autocomplete(&q);
        prop_assert!(choices.len() <= 25);
    }
}
