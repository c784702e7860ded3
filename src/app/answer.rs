//! Answering: a request, understood, looked up in the index and decided. A name written
//! out whole wins, then the name the subject resolves to, then a general answer, a list, or
//! the exercise the other words hint at; every threshold is a field of `Ranking`. Knows the
//! searcher and the domain; never Discord.

use crate::domain::answer::{Answer, Choice};
use crate::domain::compose::{self, Extras};
use crate::domain::custom_id::CustomId;
use crate::domain::page::{Exercise, PageId};
use crate::domain::page_faq;
use crate::domain::related::{self, Wanted};
use crate::domain::request::{Filters, Request};
use crate::domain::understand::{self, Intent, Query};
use crate::search::NameMode;
use crate::search::{FaqMatch, IndexError, NameHit, Searcher};

use super::App;
use super::lists::LIST_MAX;
use super::read::read_with_corpus;
use super::resolve::{Named, Topic, TopicFound, alternatives, choice, named, resolved, topic};

/// General FAQ answers fetched for a question: the best and three more.
const GENERAL_MAX: usize = 4;
/// Choices offered when a name is ambiguous.
const ALTERNATIVES_MAX: usize = 5;

impl App {
    pub(super) fn answer(&self, request: &Request) -> Result<Answer, IndexError> {
        let s = self.searcher();
        match request {
            Request::Reindex { by } => Ok(Answer::Notice {
                text: match self.reindex(by) {
                    Ok(report) => report.text(),
                    Err(e) => e.to_string(),
                },
                ephemeral: true,
            }),
            Request::Help => Ok(compose::help()),
            Request::NamesIn { text } => {
                let found = self.names_in(&s, text)?;
                let profiles: Vec<_> = found.iter().map(Exercise::profile).collect();
                Ok(compose::names_in_answer(&profiles, &self.links()))
            }
            Request::Exercise { query } => self.command(&s, query, Intent::Overview),
            Request::Related { exercise } => self.command(&s, exercise, Intent::Related),
            Request::Find { filters } if filters.is_empty() => Ok(Answer::Notice {
                text: "Pick at least one filter: a muscle, equipment, a difficulty or a body part."
                    .into(),
                ephemeral: true,
            }),
            Request::Find { filters } => self.find(&s, filters, 0),
            Request::Compare { a, b } => {
                let (a_q, b_q) = (understand::understand(a), understand::understand(b));
                self.compare(&s, &a_q.subject, &b_q.subject, &format!("{a} vs {b}"))
            }
            Request::Component {
                custom_id: CustomId::List { list, page },
                ..
            } => self.list_page(&s, list, usize::from(*page)),
            // The transports delete messages and open report forms; nothing to answer here.
            Request::Component {
                custom_id: CustomId::Remove { .. } | CustomId::Report(_),
                ..
            } => Ok(compose::help()),
            Request::Component { custom_id, values } => {
                let (intent, page) = match custom_id {
                    CustomId::Show { intent, page } => (*intent, page.clone()),
                    CustomId::Pick { intent } => match values.first() {
                        Some(v) => (*intent, PageId::new(v)),
                        None => return Ok(compose::help()),
                    },
                    CustomId::List { .. } | CustomId::Remove { .. } | CustomId::Report(_) => {
                        return Ok(compose::help());
                    }
                };
                match s.exercise(&page)? {
                    Some(ex) => Ok(self.exercise_answer(&s, &ex, intent, Vec::new())?),
                    None => Ok(Answer::Notice {
                        text: "That exercise is no longer in the corpus. Try `/exercise` again."
                            .into(),
                        ephemeral: true,
                    }),
                }
            }
            Request::Ask { question, context } => self.ask(&s, question, context.as_ref()),
        }
    }

    /// A free question: a comparison when it names two exercises; else one exercise it names
    /// (by its whole name, or its subject's words); else a general answer, a list, or the
    /// exercise the other words hint at; else "did you mean".
    fn ask(
        &self,
        s: &Searcher,
        question: &str,
        context: Option<&PageId>,
    ) -> Result<Answer, IndexError> {
        let mut q = understand::understand(question);
        if q.intent == Intent::Compare {
            let other = q.other.clone().unwrap_or_default();
            if let Some(answer) = self.try_compare(s, &q.subject, &other, !q.explicit)? {
                return Ok(answer);
            }
            q = understand::understand_single(question);
        }
        read_with_corpus(s, &mut q);
        let context_exercise = || {
            context
                .map(|id| s.exercise(id))
                .transpose()
                .map(Option::flatten)
        };
        if q.subject.is_empty() {
            if let (Some(ex), true) = (context_exercise()?, q.explicit) {
                return self.exercise_answer(s, &ex, q.intent, Vec::new());
            }
            if q.filters.is_empty() {
                return Ok(compose::help());
            }
        }
        if let Some(answer) = self.by_name(s, &q, question)? {
            return Ok(answer);
        }
        self.by_topic(s, &q, question, context_exercise()?)
    }

    /// The exercise a question names: a whole name written out in it, or the name its
    /// subject's words resolve to.
    fn by_name(
        &self,
        s: &Searcher,
        q: &Query,
        question: &str,
    ) -> Result<Option<Answer>, IndexError> {
        // A generic subject (`stretch`, `rest`) names an exercise only when it is a whole
        // name (see `resolved`), so typos and prefixes of it are not looked for.
        let mode = if q.generic {
            NameMode::Whole
        } else {
            NameMode::Lookup
        };
        // A name written out whole may hold words a question drops as filler (`Good Morning`):
        // those the index knows as name words are looked through too.
        let mut words = q.keywords.clone();
        let norm = understand::normalise(question);
        let dropped: Vec<&str> = norm
            .split_whitespace()
            .filter(|w| !words.iter().any(|k| k == w))
            .collect();
        for (w, known) in dropped.iter().zip(s.name_words_among(&dropped)) {
            if known {
                words.push(w.to_string());
            }
        }
        let found = s.lookup(&q.subject, mode, &words, ALTERNATIVES_MAX + 1)?;
        match named(q, &found, &self.ranking) {
            Some(Named::Whole(best)) => {
                let Some(ex) = s.exercise_of(&best)? else {
                    return Ok(None);
                };
                // The intent comes from the words around the name ("muscle ups" is a name,
                // not a muscles question).
                let intent = understand::intent_without(question, &ex.name);
                self.about_exercise(s, &ex, intent, question, Vec::new())
                    .map(Some)
            }
            Some(Named::Subject(best)) => {
                let (best, hits) = self.fuller(s, &q.subject, best, found.subject.clone())?;
                let Some(ex) = s.exercise_of(&best)? else {
                    return Ok(None);
                };
                let alternatives = alternatives(&hits, &self.ranking);
                self.about_exercise(s, &ex, q.intent, question, alternatives)
                    .map(Some)
            }
            None => Ok(None),
        }
    }

    /// A question no name answers: the own FAQ entry or the card of an exercise its other
    /// words hint at, a general FAQ answer, a list for its filters, the exercise asked about
    /// last, or "did you mean".
    fn by_topic(
        &self,
        s: &Searcher,
        q: &Query,
        question: &str,
        context: Option<Exercise>,
    ) -> Result<Answer, IndexError> {
        let general = s.faq(&q.keywords, GENERAL_MAX)?;
        // The other words hid an exercise's name ("is it safe to do situps if my lower back
        // hurts"): looked up by the words the index knows as name words alone.
        let hinted = self.named_by_known_words(s, q)?;
        let found = TopicFound {
            general: &general,
            hinted: hinted.as_ref(),
            context: context.as_ref(),
        };
        match topic(q, question, found, &self.ranking) {
            Topic::OwnFaq(ex, entry) => Ok(compose::own_faq_answer(ex, entry, &self.links())),
            Topic::About(ex) => self.about_exercise(s, ex, q.intent, question, Vec::new()),
            Topic::Find => self.find(s, &q.filters, 0),
            Topic::General(best) => match self.general(s, best, &general)? {
                Some(answer) => Ok(answer),
                None => self.loose_or_not_found(s, &q.subject, question, q.intent),
            },
            Topic::Card(ex) => self.exercise_answer(s, ex, q.intent, Vec::new()),
            Topic::NotFound => self.loose_or_not_found(s, &q.subject, question, q.intent),
        }
    }

    /// The exercise the question's index-known name words name, when they are fewer than
    /// the words looked up already (otherwise the lookup was this one).
    fn named_by_known_words(
        &self,
        s: &Searcher,
        q: &Query,
    ) -> Result<Option<Exercise>, IndexError> {
        let long: Vec<&str> = q
            .free
            .iter()
            .map(String::as_str)
            .filter(|w| w.chars().count() >= self.ranking.name_word_min_chars)
            .collect();
        let known: Vec<&str> = long
            .iter()
            .zip(s.name_words_among(&long))
            .filter_map(|(w, known)| known.then_some(*w))
            .collect();
        if known.is_empty() || known.len() >= q.subject.split_whitespace().count() {
            return Ok(None);
        }
        let named = Query {
            generic: false,
            ..q.clone()
        };
        // All of them as one name, else each alone, first first ("instead of squats, my
        // knees hurt": `squats` and `knees` name different exercises).
        let tries = std::iter::once(known.join(" ")).chain(
            (known.len() > 1)
                .then(|| known.iter().map(|w| w.to_string()))
                .into_iter()
                .flatten(),
        );
        for typed in tries {
            let hits = s.names(&typed, NameMode::Whole, ALTERNATIVES_MAX)?;
            if let Some(best) = resolved(&hits, &named, &self.ranking) {
                return s.exercise_of(best);
            }
        }
        Ok(None)
    }

    /// Both sides as exercises compared, when both resolve; with `whole` (a bare "A or B"),
    /// only when each side typed enough of its exercise's name.
    fn try_compare(
        &self,
        s: &Searcher,
        a: &str,
        b: &str,
        whole: bool,
    ) -> Result<Option<Answer>, IndexError> {
        let (Some(x), Some(y)) = (self.pick(s, a, whole)?, self.pick(s, b, whole)?) else {
            return Ok(None);
        };
        if x.id == y.id {
            return Ok(None);
        }
        let page = s.comparison(&x, &y)?.or(s.comparison(&y, &x)?);
        Ok(Some(compose::compare_answer(
            &x,
            &y,
            page.as_ref(),
            &self.links(),
        )))
    }

    fn pick(
        &self,
        s: &Searcher,
        subject: &str,
        whole: bool,
    ) -> Result<Option<Exercise>, IndexError> {
        let generic = understand::understand_single(subject).generic;
        let (picked, hits) = self.resolve(s, subject, generic)?;
        let named_enough = |h: &NameHit| {
            h.coverage.exact || h.coverage.name >= self.ranking.loose_compare_min_name
        };
        Ok(picked.filter(|_| !whole || hits.first().is_some_and(named_enough)))
    }

    /// The general FAQ entry `best` as a card, the other matches offered after it.
    fn general(
        &self,
        s: &Searcher,
        best: &FaqMatch,
        matches: &[FaqMatch],
    ) -> Result<Option<Answer>, IndexError> {
        let Some(hit) = s.faq_entry(best)? else {
            return Ok(None);
        };
        let more: Vec<&str> = matches
            .iter()
            .filter(|m| !std::ptr::eq(*m, best))
            .map(|m| m.question.as_str())
            .collect();
        Ok(Some(compose::faq_answer_card(&hit, &more, &self.links())))
    }

    /// A command's exercise: the command says what is asked, so every typed word may be part
    /// of the name (`Lateral Walk` keeps `walk`, which a question would drop as in "walk me
    /// through"); when no name covers them all, the words a question would keep.
    fn command(&self, s: &Searcher, typed: &str, intent: Intent) -> Result<Answer, IndexError> {
        let whole = understand::normalise(typed);
        let q = understand::understand_single(typed);
        if whole != q.subject
            && let (Some(ex), hits) = self.resolve(s, &whole, false)?
            && hits.first().is_some_and(|h| {
                h.coverage.exact || h.coverage.query >= self.ranking.command_whole_min_query
            })
        {
            return self.exercise_answer(s, &ex, intent, alternatives(&hits, &self.ranking));
        }
        if q.subject.is_empty() {
            return Ok(compose::help());
        }
        // A sentence typed into `/exercise` ("can u explain the prone hang thing my physio
        // mentioned") names no exercise as a whole: it is read as the question it is.
        if intent == Intent::Overview
            && (q.explicit || q.subject.split_whitespace().count() > 1)
            && self.resolve(s, &q.subject, false)?.0.is_none()
        {
            return self.ask(s, typed, None);
        }
        self.about_subject(s, &q.subject, intent, typed)
    }

    /// The exercise a typed name resolves to (commands name an exercise, so their subject is
    /// never generic), with the hits for "did you mean" menus.
    fn about_subject(
        &self,
        s: &Searcher,
        subject: &str,
        intent: Intent,
        shown: &str,
    ) -> Result<Answer, IndexError> {
        match self.resolve(s, subject, false)? {
            (Some(ex), hits) => {
                self.exercise_answer(s, &ex, intent, alternatives(&hits, &self.ranking))
            }
            (None, _) => self.loose_or_not_found(s, subject, shown, intent),
        }
    }

    /// Looks a subject up and resolves it (see `resolved`).
    pub(super) fn resolve(
        &self,
        s: &Searcher,
        subject: &str,
        generic: bool,
    ) -> Result<(Option<Exercise>, Vec<NameHit>), IndexError> {
        let hits = s.names(subject, NameMode::Lookup, ALTERNATIVES_MAX + 1)?;
        let query = Query {
            intent: Intent::Overview,
            explicit: true,
            subject: subject.to_string(),
            other: None,
            filters: Filters::default(),
            generic,
            free: Vec::new(),
            listing: false,
            keywords: Vec::new(),
        };
        let Some(best) = resolved(&hits, &query, &self.ranking) else {
            return Ok((None, hits));
        };
        let (best, hits) = self.fuller(s, subject, best, hits.clone())?;
        Ok((s.exercise_of(&best)?, hits))
    }

    /// A question about one exercise: the entry of its own FAQ the question asks, when it
    /// asks one ("do I need a spotter for the bench press"), else the intent's card.
    fn about_exercise(
        &self,
        s: &Searcher,
        ex: &Exercise,
        intent: Intent,
        question: &str,
        alternatives: Vec<Choice>,
    ) -> Result<Answer, IndexError> {
        let explicit = intent != Intent::Overview;
        if let Some(entry) = page_faq::asked_entry(ex, question, explicit, &self.ranking) {
            return Ok(compose::own_faq_answer(ex, entry, &self.links()));
        }
        let wanted = related::wanted(&understand::normalise(question));
        // "An easier version of the pull-up" asks for related exercises, easier ones.
        let intent = match (intent, wanted.direction) {
            (Intent::Overview, Some(_)) => Intent::Related,
            (intent, _) => intent,
        };
        self.exercise_answer_for(s, ex, intent, alternatives, wanted)
    }

    fn exercise_answer(
        &self,
        s: &Searcher,
        ex: &Exercise,
        intent: Intent,
        alternatives: Vec<Choice>,
    ) -> Result<Answer, IndexError> {
        self.exercise_answer_for(s, ex, intent, alternatives, Wanted::default())
    }

    /// An exercise's card for an intent; a related list in the order the question wants
    /// (easier, harder, or swaps that are no harder).
    fn exercise_answer_for(
        &self,
        s: &Searcher,
        ex: &Exercise,
        intent: Intent,
        alternatives: Vec<Choice>,
        wanted: Wanted,
    ) -> Result<Answer, IndexError> {
        // Easier / Harder buttons when the corpus has an exercise of the same target or body
        // part at a lower or higher level.
        let (easier, harder) = s.levels_near(ex);
        let mut extras = Extras {
            alternatives,
            easier,
            harder,
            ..Extras::default()
        };
        match intent {
            Intent::Related => self.related_extras(s, ex, wanted, 0, &mut extras)?,
            Intent::Beginner => extras.related = s.related(ex, LIST_MAX)?,
            Intent::Reps if ex.reps.is_empty() => {
                let words: Vec<String> = compose::general_reps_words(ex.category.as_deref())
                    .iter()
                    .map(|w| w.to_string())
                    .collect();
                // Two shared words at least: the category and what is asked (reps, hold,
                // session); one alone finds pages about something else.
                extras.general_reps = match s.faq(&words, 1)?.first() {
                    Some(m) if m.matched >= 2 => s.faq_entry(m)?,
                    _ => None,
                };
            }
            _ => {}
        }
        Ok(compose::exercise_answer(ex, intent, &self.links(), &extras))
    }

    fn compare(&self, s: &Searcher, a: &str, b: &str, shown: &str) -> Result<Answer, IndexError> {
        if let Some(answer) = self.try_compare(s, a, b, false)? {
            return Ok(answer);
        }
        match (self.pick(s, a, false)?, self.pick(s, b, false)?) {
            (Some(x), Some(_)) => self.exercise_answer(s, &x, Intent::Overview, Vec::new()),
            (None, _) => self.not_found(s, a, shown),
            (_, None) => self.not_found(s, b, shown),
        }
    }

    /// A name that accounts for every typed word, forgiving two typos in a long word, beats
    /// a resolved one that ignores a typed word (`noidci curl`: Nordic Curl, not another
    /// curl); the hits are then the loose ones, for the menu.
    fn fuller(
        &self,
        s: &Searcher,
        subject: &str,
        best: &NameHit,
        hits: Vec<NameHit>,
    ) -> Result<(NameHit, Vec<NameHit>), IndexError> {
        // Only a word the index does not know can be a typo of a name word.
        if best.coverage.missed == 0
            || best.coverage.exact
            || s.name_words_among(&subject.split_whitespace().collect::<Vec<_>>())
                .iter()
                .all(|known| *known)
        {
            return Ok((best.clone(), hits));
        }
        let loose = s.names(subject, NameMode::Loose, ALTERNATIVES_MAX + 1)?;
        match loose.first() {
            Some(l)
                if l.coverage.missed == 0
                    && l.coverage.query >= self.ranking.loose_min_query
                    && l.coverage.name >= self.ranking.loose_min_name =>
            {
                Ok((l.clone(), loose))
            }
            _ => Ok((best.clone(), hits)),
        }
    }

    /// Nothing resolved: a name that covers every typed word when two typos per long word
    /// are forgiven, and clearly better than the next, is the answer (with the others in a
    /// menu); else "did you mean" with the closest names.
    fn loose_or_not_found(
        &self,
        s: &Searcher,
        subject: &str,
        shown: &str,
        intent: Intent,
    ) -> Result<Answer, IndexError> {
        let hits = s.names(subject, NameMode::Loose, ALTERNATIVES_MAX)?;
        let r = &self.ranking;
        let clear = match (hits.first(), hits.get(1)) {
            (Some(best), next) => {
                best.coverage.query >= r.loose_min_query
                    && best.coverage.name >= r.loose_min_name
                    && next.is_none_or(|n| best.score - n.score > r.ambiguous_within)
            }
            _ => false,
        };
        if clear && let Some(ex) = s.exercise_of(&hits[0])? {
            let others = hits.iter().map(choice).collect();
            return self.exercise_answer(s, &ex, intent, others);
        }
        self.not_found(s, subject, shown)
    }

    fn not_found(&self, s: &Searcher, subject: &str, shown: &str) -> Result<Answer, IndexError> {
        let mut hits = s.names(subject, NameMode::Loose, ALTERNATIVES_MAX)?;
        if hits.is_empty() {
            hits = s.popular(ALTERNATIVES_MAX)?;
        }
        let suggestions = hits.iter().map(choice).collect();
        Ok(compose::not_found(shown, suggestions))
    }
}
