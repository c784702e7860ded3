//! "Find exercises in this message" (a message context menu) end to end: registered with the
//! slash commands as a type 3 command; on a message naming exercises with typos, an
//! ephemeral list in the message's order with a menu that opens each card; on one naming
//! none, an ephemeral "none found". On the gateway and on signed HTTP, plus the names found
//! in a table of messages.

use serde_json::{Value, json};
use spotter::Handler;
use spotter::Request;
use spotter::texts::NONE_NAMED;
use spotter::{Answer, Card};

use crate::gateway::{WAIT, embed, member, start};
use crate::http as endpoint;
use crate::render::check_limits;
use crate::support::fake_discord::{self as fake};
use crate::support::shipped;

const MENU: &str = "Find exercises in this message";
const TWO_WITH_TYPOS: &str =
    "Leg day done: romanain deadlifts and bulgarain split squats, 3x10 each. Legs are toast!";
const NONE: &str = "see you all at the office tomorrow, bring coffee";

/// The context menu run by `asker` on a message by someone else (user 12) saying `content`.
fn on_message(id: u64, content: &str, asker: Value) -> Value {
    let target = fake::message(id + 100, content, 12, true, false);
    fake::message_command(id, MENU, target, asker)
}

/// The values of the select menu of a body, in order.
fn menu_values(body: &Value) -> Vec<String> {
    let rows = body["data"]["components"].as_array().cloned();
    let menu = rows
        .unwrap_or_default()
        .into_iter()
        .find(|r| r["components"][0]["type"] == 3)
        .unwrap_or_else(|| panic!("a select menu: {body}"));
    let options = menu["components"][0]["options"].as_array().cloned();
    options
        .unwrap_or_default()
        .iter()
        .map(|o| o["value"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r13_the_context_menu_finds_exercises_in_a_message() {
    let r = start(100).await;
    let f = &r.fake;
    let put = f
        .wait_request(|r| r.method == "PUT" && r.path.contains("/commands"), WAIT)
        .await;
    let menu = put
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == MENU)
        .expect("the message command is registered with the others")
        .clone();
    assert_eq!(menu["type"], 3);
    assert_eq!(menu["options"], json!([]));
    assert_eq!(menu.get("description"), None, "a message command has none");

    let found = f
        .interact(on_message(901, TWO_WITH_TYPOS, member(5)), WAIT)
        .await;
    check_limits(&found).unwrap();
    assert_eq!(
        (found["type"].clone(), found["data"]["flags"].clone()),
        (json!(4), json!(64)),
        "ephemeral"
    );
    assert_eq!(embed(&found)["title"], "Exercises in this message");
    assert_eq!(
        menu_values(&found),
        ["romanian-deadlift", "bulgarian-split-squat"]
    );

    // The asker opens one: their private message becomes its card.
    let mut pick = fake::component(
        903,
        "v1:pick:overview",
        &["bulgarian-split-squat"],
        member(5),
    );
    pick["message"]["flags"] = json!(64);
    pick["message"]["interaction"] =
        json!({"id": "901", "type": 2, "name": MENU, "user": fake::user(5, "user5")});
    let card = f.interact(pick, WAIT).await;
    check_limits(&card).unwrap();
    assert_eq!(card["type"], 7);
    assert_eq!(embed(&card)["title"], "Bulgarian Split Squat");

    let none = f.interact(on_message(905, NONE, member(5)), WAIT).await;
    assert_eq!(none["type"], 4);
    assert_eq!(none["data"]["flags"], 64);
    assert_eq!(none["data"]["content"], NONE_NAMED);

    // Another bot's card names its exercise in an embed, not the content.
    let mut target = fake::message(1007, "", 12, true, false);
    target["embeds"] = json!([{"type": "rich", "title": "Goblet Squat", "description": "A squat holding one dumbbell"}]);
    let embedded = f
        .interact(fake::message_command(907, MENU, target, member(5)), WAIT)
        .await;
    assert_eq!(menu_values(&embedded)[0], "goblet-squat");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r13_serve_http_finds_exercises_in_a_message() {
    let s = endpoint::start().await;
    let asker = || endpoint::member(5, "0");
    let (status, found) =
        endpoint::signed(&s.addr, &on_message(911, TWO_WITH_TYPOS, asker())).await;
    assert_eq!(status, 200);
    check_limits(&found).unwrap();
    assert_eq!(found["data"]["flags"], 64);
    assert_eq!(
        menu_values(&found),
        ["romanian-deadlift", "bulgarian-split-squat"]
    );
    let (_, none) = endpoint::signed(&s.addr, &on_message(913, NONE, asker())).await;
    assert_eq!(
        (
            none["data"]["flags"].clone(),
            none["data"]["content"].clone()
        ),
        (json!(64), json!(NONE_NAMED))
    );
}

/// The exercise ids a text names, as the app finds them.
fn names_in(text: &str) -> Vec<String> {
    let answer = shipped().handle(&Request::NamesIn { text: text.into() });
    match answer {
        Answer::Card(Card { menu: Some(m), .. }) => {
            m.choices.into_iter().map(|c| c.value).collect()
        }
        Answer::Notice {
            text,
            ephemeral: true,
        } if text == NONE_NAMED => Vec::new(),
        other => panic!("{text}: {other:?}"),
    }
}

#[test]
fn r13_names_in_messages() {
    let table: &[(&str, &[&str])] = &[
        (
            TWO_WITH_TYPOS,
            &["romanian-deadlift", "bulgarian-split-squat"],
        ),
        (NONE, &[]),
        ("", &[]),
        ("how long should I hold a plank?", &["plank"]),
        (
            "My PT said: goblet squats, then face pulls; finish with a hip thurst",
            &["goblet-squat", "face-pull", "hip-thrust"],
        ),
        ("lol 😂 <@123> https://example.org/plank", &[]),
        ("anyone want to grab lunch after training?", &[]),
        (
            "I still can't do a single pull up, any tips??",
            &["pull-up"],
        ),
        ("my knees hurt when I do walking lunges", &["walking-lunge"]),
        (
            "Today: 5x5 back squats, RDLs 3x8, then farmer's carry",
            &["barbell-back-squat", "romanian-deadlift", "farmers-carry"],
        ),
        (
            "- kettlebel swings\n- turkish getups\n- side planks",
            &["kettlebell-swing", "turkish-get-up", "side-plank"],
        ),
        ("thanks, that worked great for me", &[]),
        ("the weather is nice, going for a walk in the park", &[]),
        (
            "my coach wants more romanain deadlfits with a slow tempo",
            &["romanian-deadlift"],
        ),
        ("I love doing planks at the gym every morning", &["plank"]),
    ];
    let mut wrong = Vec::new();
    for (text, expected) in table {
        let found = names_in(text);
        if found != *expected {
            wrong.push(format!("{text:?}: found {found:?}, expected {expected:?}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    // Messages at Discord's longest (4,000 characters): bounded work, a menu's 25 at most.
    let listed = "squats and lunges and planks. ".repeat(130);
    let rambling =
        "my coach wants more romanain deadlfits with a slow tempo every week ".repeat(58);
    for long in [listed, rambling] {
        let started = std::time::Instant::now();
        let found = names_in(&long);
        let took = started.elapsed();
        eprintln!("names_in of {} chars: {took:?}, {found:?}", long.len());
        assert!(!found.is_empty() && found.len() <= spotter::texts::NAMES_IN_MAX);
        assert!(took < std::time::Duration::from_secs(1), "{took:?}");
    }
}
