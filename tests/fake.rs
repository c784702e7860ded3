//! The fake Discord against a real serenity client: its payload builders fit serenity's models,
//! its REST answers parse, modals and channel posts are checked, and a client connected as the bot must connect (proxy + ratelimiter
//! off + `new_with_http`) gets its interactions, components, autocompletes and messages and
//! survives a RECONNECT by resuming.

use std::time::Duration;

use serde_json::{Value, json};
use serenity::all::{
    ChannelId, ClientBuilder, Command, CommandOptionType, Context, CreateActionRow,
    CreateAttachment, CreateAutocompleteResponse, CreateButton, CreateCommand, CreateCommandOption,
    CreateEmbed, CreateInteractionResponse, CreateInteractionResponseFollowup,
    CreateInteractionResponseMessage, CreateMessage, EditInteractionResponse, Event, EventHandler,
    GatewayEvent, GatewayIntents, GuildId, HttpBuilder, Interaction, InteractionId, Message,
    Permissions,
};
use tokio::sync::mpsc;

use crate::support::fake_discord::{
    APP_ID, BOT_USER_ID, CHANNEL_ID, FakeDiscord, GUILD_ID, REPORT_CHANNEL_ID, application,
    autocomplete, bot_mention, bot_user, command, component, member, message, message_command,
    modal_submit,
};

const T: Duration = Duration::from_secs(10);
const USER: u64 = 700000000000000001;

/// What the handler did: (event, outcome of its REST call).
type Report = (String, Result<String, String>);

/// A minimal bot: answers every event with one REST call and reports the outcome.
struct Handler {
    reports: mpsc::UnboundedSender<Report>,
}

#[serenity::async_trait]
impl EventHandler for Handler {
    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let report = match &interaction {
            // Deferred answer edited later: exercises PATCH @original, which needs the
            // application id serenity takes from READY.
            Interaction::Command(c) if c.data.name == "edit" => {
                let edit = EditInteractionResponse::new()
                    .content("edited")
                    .embed(
                        CreateEmbed::new()
                            .title("Title")
                            .field("name", "value", false),
                    )
                    .components(vec![CreateActionRow::Buttons(vec![
                        CreateButton::new("next").label("Next"),
                    ])]);
                let outcome = match c.defer(&ctx.http).await {
                    Ok(()) => c.edit_response(&ctx.http, edit).await.map(|m| m.content),
                    Err(e) => Err(e),
                };
                ("edit", outcome)
            }
            Interaction::Command(c) => {
                let answer = CreateInteractionResponseMessage::new().content("pong");
                let outcome = c
                    .create_response(&ctx.http, CreateInteractionResponse::Message(answer))
                    .await;
                ("command", outcome.map(|()| c.data.name.clone()))
            }
            Interaction::Component(c) => {
                let outcome = c
                    .create_response(&ctx.http, CreateInteractionResponse::Acknowledge)
                    .await;
                ("component", outcome.map(|()| c.data.custom_id.clone()))
            }
            Interaction::Autocomplete(c) => {
                let typed = c
                    .data
                    .autocomplete()
                    .map(|o| o.value.to_string())
                    .unwrap_or_default();
                let choices = CreateAutocompleteResponse::new()
                    .add_string_choice(format!("{typed} press"), typed.as_str());
                let outcome = c
                    .create_response(&ctx.http, CreateInteractionResponse::Autocomplete(choices))
                    .await;
                ("autocomplete", outcome.map(|()| typed))
            }
            _ => return,
        };
        let (event, outcome) = report;
        let _ = self
            .reports
            .send((event.to_string(), outcome.map_err(|e| e.to_string())));
    }

    async fn message(&self, ctx: Context, msg: Message) {
        if msg.author.bot {
            return;
        }
        let mentioned = msg.mentions.iter().any(|u| u.id == BOT_USER_ID);
        let place = if msg.guild_id.is_some() {
            "guild"
        } else {
            "dm"
        };
        let outcome = msg
            .channel_id
            .say(&ctx.http, format!("echo: {}", msg.content))
            .await;
        let event = format!("message {place} mentioned={mentioned}");
        let _ = self
            .reports
            .send((event, outcome.map(|m| m.content).map_err(|e| e.to_string())));
    }
}

/// Connects a serenity client to `fake` the way the bot must (protocol doc §1): proxy plus
/// ratelimiter off, and `new_with_http` so that nothing replaces the proxied Http.
async fn start_bot(fake: &FakeDiscord) -> mpsc::UnboundedReceiver<Report> {
    let http = HttpBuilder::new("test-token")
        .proxy(fake.api_base())
        .ratelimiter_disabled(true)
        .build();
    let (reports, received) = mpsc::unbounded_channel();
    let mut client = ClientBuilder::new_with_http(
        http,
        GatewayIntents::GUILD_MESSAGES | GatewayIntents::DIRECT_MESSAGES,
    )
    .event_handler(Handler { reports })
    .await
    .expect("client builds");
    tokio::spawn(async move {
        let _ = client.start().await;
    });
    received
}

async fn next_report(reports: &mut mpsc::UnboundedReceiver<Report>) -> Report {
    tokio::time::timeout(T, reports.recv())
        .await
        .expect("the handler reports in time")
        .expect("handler alive")
}

fn admin() -> Value {
    member(USER, "alice", "8", &[800000000000000001])
}

#[test]
fn builders_fit_serenity_models() {
    let nobody = member(USER, "bob", "0", &[]);
    let payloads = [
        command(
            11,
            "ask",
            json!([{"name": "question", "type": 3, "value": "squat"}]),
            admin(),
        ),
        autocomplete(12, "ask", "question", "squ", nobody.clone()),
        component(13, "more:1", &[], nobody.clone()),
        component(14, "pick", &["a"], nobody.clone()),
        message_command(
            15,
            "Find exercises in this message",
            message(16, "plank", USER, true, false),
            nobody.clone(),
        ),
        modal_submit(17, "v1:rep::q", "problem", "typed", nobody),
    ];
    for d in payloads {
        // Through the gateway event type: a misfit would silently become Event::Unknown.
        let frame = json!({"op": 0, "s": 1, "t": "INTERACTION_CREATE", "d": d});
        match serde_json::from_value::<GatewayEvent>(frame).expect("gateway event") {
            GatewayEvent::Dispatch(1, Event::InteractionCreate(_)) => {}
            other => panic!("not an interaction: {other:?}\n{d:#}"),
        }
    }
    let parsed: Interaction =
        serde_json::from_value(autocomplete(12, "ask", "question", "squ", admin())).unwrap();
    let Interaction::Autocomplete(c) = parsed else {
        panic!("autocomplete")
    };
    assert_eq!(c.data.autocomplete().expect("focused option").value, "squ");
    assert_eq!(c.user.id.get(), USER, "the user comes from the member");
    assert_eq!(
        c.member.expect("member").permissions,
        Some(Permissions::ADMINISTRATOR)
    );
    let target = message(16, "plank", USER, true, false);
    let parsed: Interaction =
        serde_json::from_value(message_command(15, "m", target, admin())).unwrap();
    let Interaction::Command(c) = parsed else {
        panic!("a command")
    };
    let Some(serenity::all::ResolvedTarget::Message(m)) = c.data.target() else {
        panic!("the target message is resolved")
    };
    assert_eq!(m.content, "plank");
    let parsed: Interaction =
        serde_json::from_value(modal_submit(17, "v1:rep::q", "problem", "typed", admin())).unwrap();
    let Interaction::Modal(m) = parsed else {
        panic!("a modal submit")
    };
    assert_eq!(m.data.custom_id, "v1:rep::q");
    assert!(m.message.is_some());

    for (guild, mention) in [(true, true), (false, false)] {
        let d = message(21, &format!("{} hi", bot_mention()), USER, guild, mention);
        let frame = json!({"op": 0, "s": 2, "t": "MESSAGE_CREATE", "d": d});
        match serde_json::from_value::<GatewayEvent>(frame).expect("gateway event") {
            GatewayEvent::Dispatch(2, Event::MessageCreate(m)) => {
                assert_eq!(m.message.guild_id.is_some(), guild);
                assert_eq!(m.message.mentions.len(), usize::from(mention));
            }
            other => panic!("not a message: {other:?}"),
        }
    }
    let app: serenity::model::application::CurrentApplicationInfo =
        serde_json::from_value(application()).unwrap();
    assert_eq!(app.id.get(), APP_ID);
    let me: serenity::model::user::CurrentUser = serde_json::from_value(bot_user()).unwrap();
    assert!(me.bot);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gateway_interactions_and_resume() {
    let fake = FakeDiscord::start().await;
    let mut reports = start_bot(&fake).await;

    let identify = fake.wait_identify(T).await;
    assert_eq!(identify["token"], "Bot test-token");
    let intents = GatewayIntents::GUILD_MESSAGES | GatewayIntents::DIRECT_MESSAGES;
    assert_eq!(identify["intents"], intents.bits());
    assert!(
        fake.served_gateway_discovery(),
        "serenity asked the fake for the gateway URL"
    );
    assert_eq!(fake.gateway_urls(), ["/gateway?v=10"]);

    let body = fake
        .interact(command(1001, "ping", json!([]), admin()), T)
        .await;
    assert_eq!(body["type"], 4);
    assert_eq!(body["data"]["content"], "pong");
    assert_eq!(
        next_report(&mut reports).await,
        ("command".into(), Ok("ping".into()))
    );
    let callback = fake
        .wait_request(|r| r.path.ends_with("/callback"), T)
        .await;
    assert_eq!(
        callback.path,
        "/api/v10/interactions/1001/token-1001/callback"
    );
    assert_eq!(callback.header("authorization"), Some("Bot test-token"));

    // READY was s=1 and the interaction s=2: the RESUME carries the session and the last seq.
    let resume = fake.reconnect(T).await;
    assert_eq!(resume["session_id"], "fake-session-1");
    assert_eq!(resume["seq"], 2);
    assert_eq!(resume["token"], "Bot test-token");
    assert_eq!(fake.connections(), 2);
    assert_eq!(fake.identifies().len(), 1, "resumed, not identified again");

    let body = fake
        .interact(command(1002, "ping", json!([]), admin()), T)
        .await;
    assert_eq!(body["data"]["content"], "pong");
    assert_eq!(
        next_report(&mut reports).await,
        ("command".into(), Ok("ping".into()))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn components_autocomplete_edits_and_messages() {
    let fake = FakeDiscord::start().await;
    let mut reports = start_bot(&fake).await;
    fake.wait_identify(T).await;
    let nobody = member(USER, "bob", "0", &[]);

    let body = fake
        .interact(component(2001, "more:1", &[], nobody.clone()), T)
        .await;
    assert_eq!(body, json!({"type": 6, "data": null}));
    assert_eq!(
        next_report(&mut reports).await,
        ("component".into(), Ok("more:1".into()))
    );
    let body = fake
        .interact(component(2003, "pick", &["b"], nobody.clone()), T)
        .await;
    assert_eq!(body["type"], 6);
    assert_eq!(
        next_report(&mut reports).await,
        ("component".into(), Ok("pick".into()))
    );

    let body = fake
        .interact(
            autocomplete(2005, "ask", "question", "squ", nobody.clone()),
            T,
        )
        .await;
    assert_eq!(body["type"], 8);
    assert_eq!(
        body["data"]["choices"],
        json!([{"name": "squ press", "value": "squ"}])
    );
    assert_eq!(
        next_report(&mut reports).await,
        ("autocomplete".into(), Ok("squ".into()))
    );

    // Deferred (type 5), then the edit reaches PATCH @original under READY's application id and
    // the echoed message (embed, buttons) parses.
    let body = fake
        .interact(command(2006, "edit", json!([]), nobody), T)
        .await;
    assert_eq!(body["type"], 5);
    let original = format!("/api/v10/webhooks/{APP_ID}/token-2006/messages/@original");
    let edit = fake
        .wait_request(|r| r.method == "PATCH" && r.path == original, T)
        .await;
    assert_eq!(edit.body["embeds"][0]["title"], "Title");
    assert_eq!(
        next_report(&mut reports).await,
        ("edit".into(), Ok("edited".into()))
    );

    let posts = format!("/api/v10/channels/{CHANNEL_ID}/messages");
    fake.dispatch(
        "MESSAGE_CREATE",
        message(3001, &format!("{} squat", bot_mention()), USER, true, true),
    )
    .await;
    let post = fake
        .wait_request(|r| r.method == "POST" && r.path == posts, T)
        .await;
    assert_eq!(
        post.body["content"],
        format!("echo: {} squat", bot_mention())
    );
    let echoed = Ok(format!("echo: {} squat", bot_mention()));
    assert_eq!(
        next_report(&mut reports).await,
        ("message guild mentioned=true".into(), echoed)
    );

    fake.dispatch(
        "MESSAGE_CREATE",
        message(3002, "lunges", USER, false, false),
    )
    .await;
    assert_eq!(
        next_report(&mut reports).await,
        (
            "message dm mentioned=false".into(),
            Ok("echo: lunges".into())
        )
    );
    assert_eq!(
        fake.requests().iter().filter(|r| r.path == posts).count(),
        2
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rest_answers_parse() {
    let fake = FakeDiscord::start().await;
    // Without a gateway nothing sets the application id: set it as an endpoint-mode bot must.
    let http = HttpBuilder::new("test-token")
        .proxy(fake.api_base())
        .ratelimiter_disabled(true)
        .application_id(APP_ID.into())
        .build();

    let ask = CreateCommand::new("ask").description("Ask").add_option(
        CreateCommandOption::new(CommandOptionType::String, "question", "Your question")
            .required(true)
            .set_autocomplete(true),
    );
    let global = Command::set_global_commands(&http, vec![ask])
        .await
        .expect("global commands parse");
    assert_eq!(global[0].name, "ask");
    assert_eq!(global[0].application_id.get(), APP_ID);
    assert!(global[0].options[0].autocomplete);
    let reindex = CreateCommand::new("reindex")
        .description("Reindex")
        .default_member_permissions(Permissions::MANAGE_GUILD);
    let guild = GuildId::new(GUILD_ID)
        .set_commands(&http, vec![reindex])
        .await
        .expect("guild commands parse");
    assert_eq!(guild[0].guild_id, Some(GuildId::new(GUILD_ID)));
    assert_eq!(
        guild[0].default_member_permissions,
        Some(Permissions::MANAGE_GUILD)
    );

    assert_eq!(
        http.get_current_application_info()
            .await
            .expect("application")
            .id
            .get(),
        APP_ID
    );
    assert!(http.get_current_user().await.expect("user").bot);
    assert_eq!(
        http.get_gateway().await.expect("gateway").url,
        fake.gateway_url()
    );
    assert!(fake.served_gateway_discovery());

    // One callback per interaction: the second is Discord's 400 / 40060.
    let ack = CreateInteractionResponse::Acknowledge;
    http.create_interaction_response(InteractionId::new(5), "tok", &ack, vec![])
        .await
        .expect("first callback");
    let again = http
        .create_interaction_response(InteractionId::new(5), "tok", &ack, vec![])
        .await;
    match again {
        Err(serenity::Error::Http(serenity::http::HttpError::UnsuccessfulRequest(e))) => {
            assert_eq!((e.status_code.as_u16(), e.error.code), (400, 40060));
        }
        other => panic!("second callback: {other:?}"),
    }

    let followup = CreateInteractionResponseFollowup::new().content("more");
    let sent = http
        .create_followup_message("tok", &followup, vec![])
        .await
        .expect("follow-up parses");
    assert_eq!(sent.content, "more");

    // Multipart: the recorded body is the payload_json part.
    let with_file = CreateMessage::new()
        .content("file")
        .add_file(CreateAttachment::bytes(b"hello".to_vec(), "a.txt"));
    let sent = ChannelId::new(CHANNEL_ID)
        .send_message(&http, with_file)
        .await
        .expect("message parses");
    assert_eq!(sent.content, "file");
    let post = fake.requests().pop().expect("recorded");
    assert_eq!(post.body["content"], "file");

    match http.get_guild(GuildId::new(GUILD_ID)).await {
        Err(serenity::Error::Http(serenity::http::HttpError::UnsuccessfulRequest(e))) => {
            assert_eq!((e.status_code.as_u16(), e.error.code), (404, 0));
        }
        other => panic!("unknown route: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn close_4000_resumes() {
    let fake = FakeDiscord::start().await;
    let mut reports = start_bot(&fake).await;
    fake.wait_identify(T).await;
    fake.interact(command(4001, "ping", json!([]), admin()), T)
        .await;
    assert_eq!(next_report(&mut reports).await.1, Ok("ping".into()));

    // Serenity resumes on any close code but 4004/4006/4007/4009 once it has a session.
    fake.close(4000).await;
    let resume = fake
        .wait_for("RESUME after close 4000", T, |f| {
            f.resumes().first().cloned()
        })
        .await;
    assert_eq!(
        (resume["session_id"].as_str(), resume["seq"].as_u64()),
        (Some("fake-session-1"), Some(2))
    );

    let body = fake
        .interact(command(4002, "ping", json!([]), admin()), T)
        .await;
    assert_eq!(body["data"]["content"], "pong");
    assert_eq!(fake.identifies().len(), 1);
}

/// What the fake checks for the routes of reports: a modal (callback type 9) must fit
/// serenity's models and Discord's limits, a channel message must go to a channel the fake
/// has; accepted posts are recorded for the tests.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn modals_and_channel_posts_are_checked() {
    use serenity::all::{CreateInputText, CreateModal, InputTextStyle};
    let fake = FakeDiscord::start().await;
    let http = HttpBuilder::new("test-token")
        .proxy(fake.api_base())
        .ratelimiter_disabled(true)
        .application_id(APP_ID.into())
        .build();
    let input = |label: &str| {
        CreateActionRow::InputText(CreateInputText::new(InputTextStyle::Short, label, "t"))
    };
    let modal = |title: &str, rows: Vec<CreateActionRow>| {
        CreateInteractionResponse::Modal(CreateModal::new("v1:rep::q", title).components(rows))
    };
    let good = modal("Report a problem", vec![input("What is wrong?")]);
    http.create_interaction_response(InteractionId::new(31), "token-31", &good, vec![])
        .await
        .expect("a modal Discord takes");
    let long_title = modal(&"t".repeat(46), vec![input("What is wrong?")]);
    let button = CreateActionRow::Buttons(vec![CreateButton::new("b").label("B")]);
    let not_an_input = modal("Report", vec![button]);
    let long_label = modal("Report", vec![input(&"l".repeat(46))]);
    for (n, bad) in [long_title, not_an_input, long_label].iter().enumerate() {
        let id = InteractionId::new(32 + n as u64);
        let refused = http
            .create_interaction_response(id, &format!("token-{id}"), bad, vec![])
            .await;
        assert!(
            refused.is_err_and(|e| e.to_string().contains("Invalid Form Body")),
            "modal {n}"
        );
    }

    let post = CreateMessage::new().content("report");
    ChannelId::new(REPORT_CHANNEL_ID)
        .send_message(&http, post.clone())
        .await
        .expect("the report channel exists");
    assert!(
        ChannelId::new(REPORT_CHANNEL_ID + 100)
            .send_message(&http, post)
            .await
            .is_err(),
        "an unknown channel is refused"
    );
    let posted = fake.channel_messages(REPORT_CHANNEL_ID);
    assert_eq!(posted.len(), 1);
    assert_eq!(posted[0]["content"], "report");
}
