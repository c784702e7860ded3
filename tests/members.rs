//! What members do with a card, end to end on both transports against the fake Discord:
//! page a list (◀ / ▶, in place for the asker, privately for others, an expired key told so),
//! `hide` and `target`, and the 🗑 (the asker or a moderator deletes; anyone else is told).
//! Every body sent is checked against Discord's limits.

use serde_json::{Value, json};

use crate::gateway::{MOD_ROLE, WAIT, embed, member, opt, start};
use crate::http as endpoint;
use crate::render::check_limits;
use crate::support::fake_discord::{self as fake, CHANNEL_ID};

/// Every button of a body, by label: (label, custom_id).
pub(crate) fn buttons(body: &Value) -> Vec<(String, String)> {
    let rows = body["data"]["components"].as_array().cloned();
    rows.unwrap_or_default()
        .iter()
        .flat_map(|r| r["components"].as_array().cloned().unwrap_or_default())
        .filter(|c| c["type"] == 2 && c["custom_id"].is_string())
        .map(|c| {
            let label = c["label"].as_str().unwrap_or_default().to_string();
            (label, c["custom_id"].as_str().unwrap().to_string())
        })
        .collect()
}

pub(crate) fn button(body: &Value, label: &str) -> Option<String> {
    buttons(body)
        .into_iter()
        .find(|(l, _)| l == label)
        .map(|(_, id)| id)
}

/// A click by `user` on a message the bot made for `owner`'s command.
pub(crate) fn click(id: u64, custom_id: &str, user: Value, owner: u64) -> Value {
    let mut d = fake::component(id, custom_id, &[], user);
    d["message"]["interaction"] = json!({"id": "1", "type": 2, "name": "find",
        "user": fake::user(owner, &format!("user{owner}"))});
    d
}

fn calves() -> Value {
    opt("muscle", "Calves")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r13_lists_page_in_place_for_the_asker_and_privately_for_others() {
    let r = start(100).await;
    let f = &r.fake;
    let first = f
        .interact(fake::command(301, "find", calves(), member(5)), WAIT)
        .await;
    check_limits(&first).unwrap();
    let footer = embed(&first)["footer"]["text"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(footer.starts_with("1–10 of "), "{footer}");
    let total: usize = footer.trim_start_matches("1–10 of ").parse().unwrap();
    assert!(total > 10, "{footer}");
    assert_eq!(button(&first, "◀"), None, "no page before the first");
    let next = button(&first, "▶").expect("a next page");
    assert_eq!(next, "v1:list:1:f:Calves||||");
    assert_eq!(button(&first, "🗑").as_deref(), Some("v1:del:5"));

    // The asker: the message itself turns the page.
    let second = f.interact(click(303, &next, member(5), 5), WAIT).await;
    check_limits(&second).unwrap();
    assert_eq!(second["type"], 7);
    assert_eq!(
        embed(&second)["footer"]["text"],
        format!("11–{} of {total}", total.min(20))
    );
    let text = embed(&second)["description"].as_str().unwrap();
    assert!(text.starts_with("11. "), "{text}");
    assert_eq!(
        button(&second, "◀").as_deref(),
        Some("v1:list:0:f:Calves||||")
    );

    // Anyone else: their own copy, seen by them alone, with no 🗑.
    let other = f.interact(click(305, &next, member(6), 5), WAIT).await;
    check_limits(&other).unwrap();
    assert_eq!(
        (other["type"].clone(), other["data"]["flags"].clone()),
        (json!(4), json!(64))
    );
    assert_eq!(embed(&other)["footer"], embed(&second)["footer"]);
    assert_eq!(button(&other, "🗑"), None);

    // A key this process never stored (or forgot): out of date, privately.
    let gone = f
        .interact(click(307, "v1:list:1:k:zz", member(5), 5), WAIT)
        .await;
    assert_eq!(gone["data"]["flags"], 64);
    assert_eq!(
        gone["data"]["content"],
        spotter::texts::LIST_OUT_OF_DATE,
        "{gone}"
    );

    // A related list pages too.
    let related = f
        .interact(
            fake::command(309, "related", opt("exercise", "squat"), member(5)),
            WAIT,
        )
        .await;
    check_limits(&related).unwrap();
    if let Some(next) = button(&related, "▶") {
        assert!(next.starts_with("v1:list:1:r:-0:"), "{next}");
    }
}

/// A command with `hide` and/or `target` added to its options.
fn with_delivery(id: u64, hide: Option<bool>, target: Option<u64>) -> Value {
    let mut options = vec![json!({"name": "query", "type": 3, "value": "plank"})];
    if let Some(h) = hide {
        options.push(json!({"name": "hide", "type": 5, "value": h}));
    }
    if let Some(t) = target {
        options.push(json!({"name": "target", "type": 6, "value": t.to_string()}));
    }
    let mut d = fake::command(id, "exercise", Value::Array(options), member(5));
    if let Some(t) = target {
        d["data"]["resolved"] = json!({"users": {t.to_string(): fake::user(t, "friend")}});
    }
    d
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r13_hide_and_target_options() {
    let r = start(100).await;
    let f = &r.fake;
    let put = f
        .wait_request(|r| r.method == "PUT" && r.path.contains("/commands"), WAIT)
        .await;
    for c in put.body.as_array().unwrap() {
        let options = c["options"].as_array().cloned().unwrap_or_default();
        let kinds: Vec<(String, u64)> = options
            .iter()
            .map(|o| {
                (
                    o["name"].as_str().unwrap().into(),
                    o["type"].as_u64().unwrap(),
                )
            })
            .collect();
        let delivers = ["exercise", "ask", "related", "find", "compare"]
            .contains(&c["name"].as_str().unwrap());
        let has = kinds.contains(&("hide".into(), 5)) && kinds.contains(&("target".into(), 6));
        assert_eq!(has, delivers, "{}: {kinds:?}", c["name"]);
        assert!(options.len() <= 25);
    }

    let hidden = f.interact(with_delivery(401, Some(true), None), WAIT).await;
    check_limits(&hidden).unwrap();
    assert_eq!(hidden["data"]["flags"], 64);
    assert_eq!(embed(&hidden)["title"], "Plank");
    assert_eq!(button(&hidden, "🗑"), None, "a hidden card is not deleted");

    let suggested = f.interact(with_delivery(403, None, Some(77)), WAIT).await;
    check_limits(&suggested).unwrap();
    assert_eq!(suggested["data"]["content"], "Suggestion for <@77>");
    assert_eq!(
        suggested["data"]["allowed_mentions"],
        json!({"parse": [], "users": ["77"], "roles": []})
    );
    assert_eq!(suggested["data"]["flags"], Value::Null, "public");
    assert_eq!(embed(&suggested)["title"], "Plank");

    // Hidden wins: the target would not see it, so nobody is pinged.
    let both = f
        .interact(with_delivery(405, Some(true), Some(77)), WAIT)
        .await;
    check_limits(&both).unwrap();
    assert_eq!(both["data"]["allowed_mentions"]["users"], json!([]));
    assert_eq!(both["data"]["content"], Value::Null);

    // Without them, as before: no content, nobody pinged.
    let plain = f
        .interact(with_delivery(407, Some(false), None), WAIT)
        .await;
    assert_eq!(plain["data"]["allowed_mentions"]["users"], json!([]));
    assert_eq!(plain["data"]["flags"], Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r13_only_the_asker_or_a_moderator_deletes() {
    let r = start(100).await;
    let f = &r.fake;
    let card = f
        .interact(
            fake::command(501, "exercise", opt("query", "plank"), member(5)),
            WAIT,
        )
        .await;
    let remove = button(&card, "🗑").expect("a public card has a 🗑");
    assert_eq!(remove, "v1:del:5");

    let refused = f.interact(click(503, &remove, member(6), 5), WAIT).await;
    assert_eq!(refused["data"]["flags"], 64);
    assert_eq!(refused["data"]["content"], spotter::texts::NOT_YOURS);

    // The asker: acknowledged, then the message (id + 1 in the fake's payload) is deleted.
    let ack = f.interact(click(505, &remove, member(5), 5), WAIT).await;
    assert_eq!(ack["type"], 6);
    let path = format!("/api/v10/channels/{CHANNEL_ID}/messages/506");
    f.wait_request(|r| r.method == "DELETE" && r.path == path, WAIT)
        .await;
    assert_eq!(f.deleted(), [format!("{CHANNEL_ID}/506")]);

    // A moderator (a moderator role, or Manage Server) removes anyone's.
    let moderator = fake::member(8, "mod", "0", &[MOD_ROLE]);
    let ack = f.interact(click(507, &remove, moderator, 5), WAIT).await;
    assert_eq!(ack["type"], 6);
    let manager = fake::member(9, "manager", "32", &[]);
    let ack = f.interact(click(509, &remove, manager, 5), WAIT).await;
    assert_eq!(ack["type"], 6);
    f.wait_for("two more deletions", WAIT, |f| {
        (f.deleted().len() == 3).then_some(())
    })
    .await;

    // A mention's reply carries the author's 🗑 too.
    f.dispatch(
        "MESSAGE_CREATE",
        fake::message(
            511,
            &format!("{} plank", fake::bot_mention()),
            12,
            true,
            true,
        ),
    )
    .await;
    let reply = f
        .wait_request(
            |r| r.method == "POST" && r.path.ends_with("/messages"),
            WAIT,
        )
        .await;
    let body = json!({"data": reply.body});
    assert_eq!(button(&body, "🗑").as_deref(), Some("v1:del:12"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r13_serve_http_pages_hides_suggests_and_deletes() {
    let s = endpoint::start().await;
    let asker = || endpoint::member(5, "0");
    let (status, first) =
        endpoint::signed(&s.addr, &fake::command(601, "find", calves(), asker())).await;
    assert_eq!(status, 200);
    check_limits(&first).unwrap();
    let next = button(&first, "▶").expect("a next page");
    let (_, second) = endpoint::signed(&s.addr, &click(603, &next, asker(), 5)).await;
    assert_eq!(second["type"], 7);
    assert!(
        embed(&second)["footer"]["text"]
            .as_str()
            .unwrap()
            .starts_with("11–")
    );
    let (_, other) =
        endpoint::signed(&s.addr, &click(605, &next, endpoint::member(6, "0"), 5)).await;
    assert_eq!(other["data"]["flags"], 64);

    let (_, hidden) = endpoint::signed(&s.addr, &with_delivery(607, Some(true), None)).await;
    assert_eq!(hidden["data"]["flags"], 64);
    let (_, suggested) = endpoint::signed(&s.addr, &with_delivery(609, None, Some(77))).await;
    check_limits(&suggested).unwrap();
    assert_eq!(suggested["data"]["content"], "Suggestion for <@77>");
    assert_eq!(
        suggested["data"]["allowed_mentions"]["users"],
        json!(["77"])
    );

    let remove = button(&first, "🗑").expect("a 🗑");
    let (_, refused) =
        endpoint::signed(&s.addr, &click(611, &remove, endpoint::member(6, "0"), 5)).await;
    assert_eq!(refused["data"]["content"], spotter::texts::NOT_YOURS);
    let (_, ack) = endpoint::signed(&s.addr, &click(613, &remove, asker(), 5)).await;
    assert_eq!(ack["type"], 6);
    let path = format!(
        "/api/v10/webhooks/{}/token-613/messages/@original",
        fake::APP_ID
    );
    s.fake
        .wait_request(|r| r.method == "DELETE" && r.path == path, WAIT)
        .await;
    assert_eq!(s.fake.deleted(), ["token-613/@original"]);
}

/// A list whose filters do not fit a button's id pages through a stored key, in the process
/// that made it (the Discord surface is the same as for an inline one).
#[test]
fn r13_a_long_list_pages_through_a_stored_key() {
    use spotter::Handler;
    use spotter::{Answer, CustomId};
    use spotter::{Filters, Request};
    let corpus = tempfile::tempdir().unwrap();
    let dir = corpus.path().join("exercises");
    std::fs::create_dir_all(&dir).unwrap();
    let equipment = "Adjustable Incline Decline Bench With Leg Hold Down Attachment";
    let body_part = "Posterior Chain And Lower Back Extensors Region";
    for n in 0..13 {
        let page = format!(
            "# Longlist Move {n}\n\n## Quick answer\n\nA move.\n\n\
             - **Body Part:** {body_part}\n- **Equipment:** {equipment}\n\
             - **Target Muscle:** Glutes\n- **Difficulty:** Beginner\n"
        );
        std::fs::write(dir.join(format!("longlist-move-{n}.md")), page).unwrap();
    }
    let (app, _index) = crate::support::open(corpus.path(), "");
    let filters = Filters {
        equipment: Some(equipment.into()),
        body_part: Some(body_part.into()),
        ..Filters::default()
    };
    let Answer::Card(first) = app.handle(&Request::Find { filters }) else {
        panic!("a list");
    };
    assert_eq!(first.footer.as_deref(), Some("1–10 of 13"));
    let next = first.pager.unwrap().next.unwrap();
    let id = next.to_string();
    assert!(id.starts_with("v1:list:1:k:") && id.len() <= 100, "{id}");
    let click = Request::Component {
        custom_id: id.parse::<CustomId>().unwrap(),
        values: vec![],
    };
    let Answer::Card(second) = app.handle(&click) else {
        panic!("page two");
    };
    assert_eq!(second.footer.as_deref(), Some("11–13 of 13"));
    assert!(
        second.description.starts_with("11. "),
        "{}",
        second.description
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn r13_easier_and_harder_buttons_open_the_ranked_lists() {
    let r = start(100).await;
    let f = &r.fake;
    let card = f
        .interact(
            fake::command(
                701,
                "exercise",
                opt("query", "barbell back squat"),
                member(5),
            ),
            WAIT,
        )
        .await;
    check_limits(&card).unwrap();
    assert_eq!(embed(&card)["title"], "Barbell Back Squat");
    let easier = button(&card, "Easier").expect("an Intermediate squat has easier ones");
    assert_eq!(easier, "v1:list:0:r:e0:barbell-back-squat");
    let list = f.interact(click(703, &easier, member(5), 5), WAIT).await;
    check_limits(&list).unwrap();
    assert_eq!(list["type"], 7);
    let first = &list["data"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["components"][0]["type"] == 3)
        .expect("a menu")["components"][0]["options"][0];
    assert!(
        first["description"].as_str().unwrap().ends_with("Beginner"),
        "lowest first: {first}"
    );
    if let Some(harder) = button(&card, "Harder") {
        assert_eq!(harder, "v1:list:0:r:h0:barbell-back-squat");
    }

    // A Beginner exercise has nothing easier.
    let plank = f
        .interact(
            fake::command(705, "exercise", opt("query", "plank"), member(5)),
            WAIT,
        )
        .await;
    assert_eq!(button(&plank, "Easier"), None);
}
