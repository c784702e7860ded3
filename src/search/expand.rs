//! Typo and prefix expansion: a word becomes the terms of one field's dictionary within a few
//! edits of it (or starting with it), found by running a Levenshtein automaton over Tantivy's
//! term dictionary. Name queries then hold term queries only, which Tantivy ranks with
//! block-max WAND; an automaton query would make it score every posting of every match
//! through a union buffer. Knows Tantivy's dictionaries; never domain records or Discord.

use std::sync::LazyLock;

use levenshtein_automata::{DFA, Distance, LevenshteinAutomatonBuilder, SINK_STATE};
use tantivy::schema::Field;

/// Most terms one word expands to (in dictionary order): a typo has a handful of neighbours,
/// a two-letter autocomplete prefix can have hundreds, and the names behind the first ones
/// are enough to fill a list of candidates.
pub const MAX_TERMS: usize = 64;

/// Builders for distances 0, 1 and 2 with swaps costing one edit (as `edit_distance`
/// counts). Building one takes milliseconds, so each is built once.
static BUILDERS: LazyLock<[LevenshteinAutomatonBuilder; 3]> =
    LazyLock::new(|| [0, 1, 2].map(|d| LevenshteinAutomatonBuilder::new(d, true)));

/// A DFA as the term dictionary's automaton.
struct Automaton<'a>(&'a DFA);

impl tantivy_fst::Automaton for Automaton<'_> {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// The terms of `field` within `distance` edits (at most 2) of `word`, or, with `prefix`,
/// within `distance` edits of a term's beginning; at most `MAX_TERMS`.
pub fn expand(
    searcher: &tantivy::Searcher,
    field: Field,
    word: &str,
    distance: u8,
    prefix: bool,
) -> Vec<String> {
    let builder = &BUILDERS[usize::from(distance.min(2))];
    let dfa = if prefix {
        builder.build_prefix_dfa(word)
    } else {
        builder.build_dfa(word)
    };
    let mut out: Vec<String> = Vec::new();
    for reader in searcher.segment_readers() {
        let Ok(inverted) = reader.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = inverted.terms().search(Automaton(&dfa)).into_stream() else {
            continue;
        };
        while out.len() < MAX_TERMS && stream.advance() {
            if let Ok(term) = std::str::from_utf8(stream.key())
                && !out.iter().any(|t| t == term)
            {
                out.push(term.to_string());
            }
        }
    }
    out
}
