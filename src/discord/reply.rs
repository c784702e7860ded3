//! What to answer an interaction, for both transports: the server's settings in force (its
//! own over `[discord]`'s), the cooldown, the `/reindex` rights,
//! follow-up memory, `hide`/`target`, the click policy (the card's owner gets it updated,
//! others their own ephemeral copy), the 🗑 (the asker or a moderator deletes; the transport
//! says how) and Report (a button that opens a form; the form's report, kept and posted).
//! Calls the domain `Handler` off the async runtime. Never the index.

use std::sync::Arc;

use serenity::all::{CreateInteractionResponse, CreateInteractionResponseMessage, Http};
use tracing::{debug, warn};

use super::cooldown::Cooldown;
use super::interaction::{Asker, Incoming};
use super::memory::Memory;
use super::moderate::{self, Finished};
use super::permissions;
use super::render::{self, Audience};
use super::report::{self, Reporting};
use super::settings::{self as server_settings, Server};
use crate::config::DiscordConfig;
use crate::domain::answer::{APOLOGY, Answer};
use crate::domain::custom_id::CustomId;
use crate::domain::handler::Handler;
use crate::domain::report::{Report, ReportRef};
use crate::domain::request::Request;

/// What the transport must do.
pub enum Reply {
    /// Send this response now.
    Now(CreateInteractionResponse),
    /// Send this deferral now, then run the slow request and edit the response with what
    /// `Replier::finish` makes of it.
    Deferred {
        /// The deferral (ephemeral).
        defer: CreateInteractionResponse,
        /// What to run afterwards.
        later: Later,
    },
    /// Acknowledge the click (no visible change), then delete the message it was on.
    Remove {
        /// The acknowledgement (DEFERRED_UPDATE_MESSAGE).
        ack: CreateInteractionResponse,
        /// The message's channel.
        channel_id: u64,
        /// The message.
        message_id: u64,
    },
    /// Post a member's report to the report channel, then answer them
    /// (`report::Outgoing::deliver`).
    Report(report::Outgoing),
}

/// The slow part of a deferred reply.
pub enum Later {
    /// A request answered as a card or notice (`/reindex`).
    Answer(Request),
    /// A moderator's request whose edit may carry a file (`/page source`).
    Moderate(moderate::Ask),
}

/// Answers interactions.
pub struct Replier {
    handler: Arc<dyn Handler>,
    memory: Memory,
    cooldown: Cooldown,
    /// `[discord]`'s moderator roles, report channel and cooldown, for servers without
    /// their own.
    defaults: Server,
    /// URL prefixes `/page upload` may download from.
    download_hosts: Vec<String>,
    /// The questions of Report buttons; where a report goes is the server's setting.
    reporting: Reporting,
    /// Whether reports can be posted (serve-http has no bot token without DISCORD_TOKEN).
    posts_reports: bool,
}

/// The line a member gets when they ask too fast.
pub const SLOW_DOWN: &str = "Slow down a little: you can ask again in a second.";
/// The line a member gets for someone else's 🗑.
pub const NOT_YOURS: &str = "Only the person who asked can remove this.";

fn notice(text: &str) -> Answer {
    Answer::Notice {
        text: text.into(),
        ephemeral: true,
    }
}

impl Replier {
    /// A replier over a handler, with `[discord]`'s moderator roles, report channel and
    /// cooldown for every server that has not set its own.
    pub fn new(handler: Arc<dyn Handler>, config: &DiscordConfig) -> Replier {
        Replier {
            handler,
            memory: Memory::default(),
            cooldown: Cooldown::default(),
            defaults: Server::defaults(config),
            download_hosts: super::download::allowed_prefixes(None),
            reporting: Reporting::default(),
            posts_reports: true,
        }
    }

    /// The same replier for a process that cannot post reports (no bot token): no Report
    /// button anywhere, and `/settings` refuses a report channel.
    pub fn without_posting(mut self) -> Replier {
        self.posts_reports = false;
        self
    }

    /// Whether reports can be posted.
    pub(super) fn posts_reports(&self) -> bool {
        self.posts_reports
    }

    /// `[discord]`'s settings.
    pub(super) fn defaults(&self) -> &Server {
        &self.defaults
    }

    /// The settings in force in `guild`: its own (read off the async threads) over the
    /// defaults; the defaults in a DM, or when its own cannot be read.
    pub(super) async fn server(&self, guild: Option<u64>) -> Server {
        let Some(guild) = guild else {
            return self.in_force(&self.defaults);
        };
        // Most requests find their server's settings read lately: only a read of the
        // database goes to the blocking pool.
        let recent = self.handler.server_settings().map(|s| s.recent(guild));
        let own = match recent {
            None => None,
            Some(Some(known)) => known.ok(),
            Some(None) => self
                .blocking_with(move |h| h.server_settings().map(|s| s.own(guild)))
                .await
                .flatten()
                .and_then(Result::ok),
        };
        match own {
            Some(own) => self.in_force(&self.defaults.with(&own)),
            None => self.in_force(&self.defaults),
        }
    }

    fn in_force(&self, server: &Server) -> Server {
        let mut server = server.clone();
        if !self.posts_reports {
            server.report_channel = None;
        }
        server
    }

    /// Takes one request of the asker at their server's rate.
    fn allow(&self, asker: &Asker, server: &Server) -> bool {
        self.cooldown
            .allow(asker.guild_id.unwrap_or(0), asker.user_id, server.cooldown)
    }

    /// The Report button of an answer to `asked`, when the server has a report channel.
    fn report_button(&self, server: &Server, asked: &str, answer: &Answer) -> Option<CustomId> {
        server.report_channel?;
        self.reporting.button(asked, answer)
    }

    /// Runs the handler on the blocking pool; a panic becomes the apology.
    pub async fn answer(&self, request: Request) -> Answer {
        let handler = Arc::clone(&self.handler);
        match tokio::task::spawn_blocking(move || handler.handle(&request)).await {
            Ok(answer) => answer,
            Err(error) => {
                tracing::error!(%error, "handler failed");
                notice(APOLOGY)
            }
        }
    }

    /// Runs the handler on the blocking pool with `guild`'s settings (a click: nothing is
    /// noted).
    async fn answer_at(&self, request: Request, guild: Option<u64>) -> Answer {
        self.blocking(move |h| h.handle_at(&request, guild)).await
    }

    /// Runs the handler on the blocking pool for a request asked in `guild`; what it could
    /// not answer is noted for that server's moderators.
    async fn answer_in(&self, request: Request, guild: Option<u64>) -> Answer {
        self.blocking(move |h| h.handle_in(&request, guild)).await
    }

    /// Runs `f` over the handler on the blocking pool; a panic becomes the apology.
    pub(super) async fn blocking(
        &self,
        f: impl FnOnce(&dyn Handler) -> Answer + Send + 'static,
    ) -> Answer {
        let handler = Arc::clone(&self.handler);
        match tokio::task::spawn_blocking(move || f(handler.as_ref())).await {
            Ok(answer) => answer,
            Err(error) => {
                tracing::error!(%error, "handler failed");
                notice(APOLOGY)
            }
        }
    }

    /// Runs `f` over the handler on the blocking pool; `None` when it panicked.
    pub(super) async fn blocking_with<T: Send + 'static>(
        &self,
        f: impl FnOnce(&dyn Handler) -> T + Send + 'static,
    ) -> Option<T> {
        let handler = Arc::clone(&self.handler);
        match tokio::task::spawn_blocking(move || f(handler.as_ref())).await {
            Ok(done) => Some(done),
            Err(error) => {
                tracing::error!(%error, "handler failed");
                None
            }
        }
    }

    /// Lets `/page upload` download from `api_base` too (a proxy; the tests' fake), besides
    /// Discord's CDN.
    pub fn allow_downloads_from(mut self, api_base: Option<&str>) -> Replier {
        self.download_hosts = super::download::allowed_prefixes(api_base);
        self
    }

    /// Where `/page upload` may download from.
    pub(super) fn download_hosts(&self) -> &[String] {
        &self.download_hosts
    }

    /// Whether the asker has the rights of `/reindex` in their server (the moderators'
    /// commands share them).
    pub(super) async fn is_moderator(&self, asker: &Asker) -> bool {
        let server = self.server(asker.guild_id).await;
        permissions::may_reindex(&asker.rights, &server.moderator_roles)
    }

    /// Runs a deferred reply's slow part: the edit to send, and its files.
    pub async fn finish(&self, later: Later) -> Finished {
        match later {
            Later::Answer(request) => Finished {
                edit: render::edit(&self.answer(request).await),
                files: Vec::new(),
            },
            Later::Moderate(ask) => moderate::finish(self, ask).await,
        }
    }

    /// Edits a deferred response with what its slow part made, whichever transport deferred;
    /// a failed edit is logged (the deferral is all the member saw).
    pub async fn edit_deferred(http: &Http, token: &str, finished: Finished) {
        if let Err(error) = http
            .edit_original_interaction_response(token, &finished.edit, finished.files)
            .await
        {
            warn!(%error, "editing the deferred answer failed");
        }
    }

    fn remember(&self, asker: &Asker, answer: &Answer) {
        if let Answer::Card(card) = answer
            && let Some(page) = &card.page
        {
            self.memory
                .remember(asker.channel_id, asker.user_id, page.clone());
        }
    }

    /// Fills an `/ask`'s follow-up context from memory.
    fn with_context(&self, request: Request, asker: &Asker) -> Request {
        match request {
            Request::Ask {
                question,
                context: None,
            } => Request::Ask {
                question,
                context: self.memory.recall(asker.channel_id, asker.user_id),
            },
            other => other,
        }
    }

    /// Answers a mention or DM: the question with this person's follow-up context, for its
    /// audience (the asker's 🗑, the Report button).
    pub async fn mention(&self, asker: &Asker, question: String) -> (Answer, Audience) {
        let mut audience = Audience {
            owner: Some(asker.user_id),
            ..Audience::default()
        };
        let server = self.server(asker.guild_id).await;
        if !self.allow(asker, &server) {
            return (notice(SLOW_DOWN), audience);
        }
        debug!(question = %question.chars().take(200).collect::<String>(), "mention");
        let asked = format!("@mention {question}");
        let request = self.with_context(
            Request::Ask {
                question,
                context: None,
            },
            asker,
        );
        let answer = self.answer_in(request, asker.guild_id).await;
        self.remember(asker, &answer);
        audience.report = self.report_button(&server, &asked, &answer);
        (answer, audience)
    }

    /// Decides the reply to an interaction.
    pub async fn reply(&self, incoming: Incoming) -> Reply {
        match incoming {
            Incoming::Ping => Reply::Now(CreateInteractionResponse::Pong),
            Incoming::Autocomplete { facet, partial } => {
                let handler = Arc::clone(&self.handler);
                let choices = tokio::task::spawn_blocking(move || match facet {
                    Some(kind) => handler.facet_choices(kind, &partial),
                    None => handler.autocomplete(&partial),
                })
                .await
                .unwrap_or_default();
                Reply::Now(render::autocomplete(&choices))
            }
            Incoming::Unknown => Reply::Now(render::response(&notice(
                "I don't know that one (it may be from an older version). Try `/help`.",
            ))),
            Incoming::Reindex { asker } => {
                if !self.is_moderator(&asker).await {
                    return Reply::Now(render::response(&notice(
                        "Only moderators (Manage Server, Administrator or a moderator role) can reindex.",
                    )));
                }
                Reply::Deferred {
                    defer: CreateInteractionResponse::Defer(
                        CreateInteractionResponseMessage::new().ephemeral(true),
                    ),
                    later: Later::Answer(Request::Reindex {
                        by: format!("{} ({})", asker.name, asker.user_id),
                    }),
                }
            }
            Incoming::Moderate { asker, ask } => moderate::reply(self, asker, ask).await,
            Incoming::Settings { asker, ask } => server_settings::reply(self, asker, ask).await,
            Incoming::Command {
                request,
                asker,
                hide,
                target,
                ..
            } => self.command(request, asker, hide, target).await,
            Incoming::Click {
                request,
                asker,
                owner,
                message_id,
            } => self.click(request, asker, owner, message_id).await,
            Incoming::Report {
                about,
                text,
                asker,
                interaction_id,
            } => self.report(about, text, asker, interaction_id).await,
        }
    }

    /// A command that answers with a card, for the asker, hidden or suggested.
    async fn command(
        &self,
        request: Request,
        asker: Asker,
        hide: bool,
        target: Option<u64>,
    ) -> Reply {
        let server = self.server(asker.guild_id).await;
        if !self.allow(&asker, &server) {
            return Reply::Now(render::response(&notice(SLOW_DOWN)));
        }
        if let Request::Ask { question, .. } = &request {
            debug!(question = %question.chars().take(200).collect::<String>(), "ask");
        }
        let asked = report::asked(&request);
        let request = self.with_context(request, &asker);
        let answer = self.answer_in(request, asker.guild_id).await;
        self.remember(&asker, &answer);
        let audience = Audience {
            owner: Some(asker.user_id),
            hide,
            target,
            report: self.report_button(&server, &asked, &answer),
        };
        Reply::Now(CreateInteractionResponse::Message(render::message_for(
            &answer, &audience,
        )))
    }

    /// A Report form sent back: kept by the handler (for moderators) and posted to the
    /// report channel; an empty one, or one after reports were turned off, is refused.
    async fn report(
        &self,
        about: ReportRef,
        text: String,
        asker: Asker,
        interaction_id: u64,
    ) -> Reply {
        let server = self.server(asker.guild_id).await;
        let Some(channel_id) = server.report_channel else {
            return Reply::Now(report::refused(report::REPORTS_OFF, Some(&text)));
        };
        if !self.allow(&asker, &server) {
            return Reply::Now(report::refused(SLOW_DOWN, Some(&text)));
        }
        if text.trim().is_empty() {
            return Reply::Now(report::refused(report::EMPTY, None));
        }
        let report = Report {
            id: interaction_id,
            question: self.reporting.question(&about),
            page: about.page,
            text: text.clone(),
            guild_id: asker.guild_id,
            channel_id: asker.channel_id,
            user_id: asker.user_id,
            user_name: asker.name,
        };
        let post = Box::new(report::post(&report));
        let handler = Arc::clone(&self.handler);
        let kept = tokio::task::spawn_blocking(move || handler.keep_report(&report))
            .await
            .unwrap_or(false);
        Reply::Report(report::Outgoing {
            channel_id,
            post,
            kept,
            text,
        })
    }

    /// A button or select: the 🗑 decided here; anything else answered, updating the card for
    /// its owner and as a private copy for anyone else.
    async fn click(
        &self,
        request: Request,
        asker: Asker,
        owner: Option<u64>,
        message_id: u64,
    ) -> Reply {
        if let Request::Component {
            custom_id: CustomId::Remove { owner },
            ..
        } = &request
        {
            return self.remove(*owner, &asker, message_id).await;
        }
        let server = self.server(asker.guild_id).await;
        if let Request::Component {
            custom_id: id @ CustomId::Report(_),
            ..
        } = &request
        {
            // The form opens whoever clicks: anyone may report a problem with a card.
            return Reply::Now(match server.report_channel {
                Some(_) => report::modal(id),
                None => report::refused(report::REPORTS_OFF, None),
            });
        }
        if !self.allow(&asker, &server) {
            return Reply::Now(render::response(&notice(SLOW_DOWN)));
        }
        let asked = report::asked(&request);
        let answer = self.answer_at(request, asker.guild_id).await;
        self.remember(&asker, &answer);
        let is_notice = matches!(answer, Answer::Notice { .. });
        let report = self.report_button(&server, &asked, &answer);
        if owner == Some(asker.user_id) && !is_notice {
            let audience = Audience {
                owner,
                report,
                ..Audience::default()
            };
            Reply::Now(CreateInteractionResponse::UpdateMessage(
                render::message_for(&answer, &audience),
            ))
        } else {
            // Their own copy: seen by them alone, so nothing to delete.
            let audience = Audience {
                hide: true,
                report,
                ..Audience::default()
            };
            Reply::Now(CreateInteractionResponse::Message(render::message_for(
                &answer, &audience,
            )))
        }
    }

    /// The 🗑: the member who asked, or a moderator (the rights of `/reindex`), deletes the
    /// message; anyone else is told so, privately.
    async fn remove(&self, owner: u64, asker: &Asker, message_id: u64) -> Reply {
        if asker.user_id != owner && !self.is_moderator(asker).await {
            return Reply::Now(render::response(&notice(NOT_YOURS)));
        }
        Reply::Remove {
            ack: CreateInteractionResponse::Acknowledge,
            channel_id: asker.channel_id,
            message_id,
        }
    }
}
