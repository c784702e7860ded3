//! A list that pages (`/find`, related exercises): what rebuilds it (`ListSpec`), how a
//! button names it (`ListRef`: the spec itself, or a key into the app's store when the spec
//! does not fit a custom id), and the page arithmetic. Pure: it stores nothing.

use super::answer::Pager;
use super::custom_id::CustomId;
use super::page::{Difficulty, PageId};
use super::query::Filters;
use super::related::{Direction, Wanted};

/// Exercises shown on one page of a list (the issue's "11–20 of 43").
pub const PAGE_SIZE: usize = 10;

/// What rebuilds a list, page after page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListSpec {
    /// `/find` (or a question read as one) with these filters.
    Find(Filters),
    /// The exercises related to one, in the order the question wanted.
    Related {
        /// The exercise.
        page: PageId,
        /// Easier, harder, or swaps; pain.
        wanted: Wanted,
    },
}

/// How a paging button names its list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListRef {
    /// The spec itself, when its text fits the custom id.
    Inline(ListSpec),
    /// A key into the bounded store of the process that made the card; it may expire.
    Stored(u64),
}

/// Escapes the separators of the inline form, so any corpus value round-trips.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '|' => out.push_str("%7C"),
            ':' => out.push_str("%3A"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let code = rest.get(at + 1..at + 3)?;
        out.push(match code {
            "25" => '%',
            "7C" => '|',
            "3A" => ':',
            _ => return None,
        });
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    Some(out)
}

impl ListSpec {
    /// The inline text of the spec (`f:Glutes||Beginner||`, `r:e0:plank`); `parse` reads it.
    pub fn encode(&self) -> String {
        match self {
            ListSpec::Find(f) => {
                let part = |v: &Option<String>| v.as_deref().map(escape).unwrap_or_default();
                let difficulty = f.difficulty.map(|d| d.as_str()).unwrap_or("");
                format!(
                    "f:{}|{}|{difficulty}|{}|{}",
                    part(&f.muscle),
                    part(&f.equipment),
                    part(&f.body_part),
                    part(&f.category)
                )
            }
            ListSpec::Related { page, wanted } => {
                let direction = match wanted.direction {
                    None => '-',
                    Some(Direction::Easier) => 'e',
                    Some(Direction::Harder) => 'h',
                };
                let pain = if wanted.pain { '1' } else { '0' };
                format!("r:{direction}{pain}:{page}")
            }
        }
    }

    /// Reads what `encode` wrote; anything else is `None`, never guessed.
    pub fn parse(text: &str) -> Option<ListSpec> {
        let spec = match text.split_once(':')? {
            ("f", rest) => {
                let parts: Vec<&str> = rest.split('|').collect();
                let [m, e, d, b, c] = parts.as_slice() else {
                    return None;
                };
                let value = |p: &str| -> Option<Option<String>> {
                    Some(Some(unescape(p)?).filter(|v| !v.is_empty()))
                };
                ListSpec::Find(Filters {
                    muscle: value(m)?,
                    equipment: value(e)?,
                    difficulty: match *d {
                        "" => None,
                        d => Some(d.parse::<Difficulty>().ok()?),
                    },
                    body_part: value(b)?,
                    category: value(c)?,
                })
            }
            ("r", rest) => {
                let (flags, page) = rest.split_once(':')?;
                let direction = match flags.chars().next()? {
                    '-' => None,
                    'e' => Some(Direction::Easier),
                    'h' => Some(Direction::Harder),
                    _ => return None,
                };
                let pain = match flags.get(1..)? {
                    "0" => false,
                    "1" => true,
                    _ => return None,
                };
                ListSpec::Related {
                    page: PageId::new(page),
                    wanted: Wanted { direction, pain },
                }
            }
            _ => return None,
        };
        // Only the text `encode` makes is ours (a page id as `PageId::new` leaves it, one
        // spelling of each value).
        (spec.encode() == text).then_some(spec)
    }
}

/// Where a page starts and ends in a list of `total`, and whether there are pages around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// The page asked for, clamped to the last one (the list may have shrunk since).
    pub page: usize,
    /// The first item shown (0-based).
    pub start: usize,
    /// One past the last item shown.
    pub end: usize,
    /// Items in all.
    pub total: usize,
}

impl Window {
    /// The window of `page` over `total` items.
    pub fn of(page: usize, total: usize) -> Window {
        let last = total.saturating_sub(1) / PAGE_SIZE;
        let page = page.min(last);
        let start = page * PAGE_SIZE;
        Window {
            page,
            start: start.min(total),
            end: (start + PAGE_SIZE).min(total),
            total,
        }
    }

    /// Whether there is more than one page.
    pub fn pages(&self) -> bool {
        self.total > PAGE_SIZE
    }

    /// Whether a page comes before this one.
    pub fn has_previous(&self) -> bool {
        self.page > 0
    }

    /// Whether a page comes after this one.
    pub fn has_next(&self) -> bool {
        self.end < self.total
    }

    /// "11–20 of 43".
    pub fn describe(&self) -> String {
        format!("{}–{} of {}", self.start + 1, self.end, self.total)
    }
}

/// Which page of a list a card shows, and how its buttons name the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListPage {
    /// The list.
    pub list: ListRef,
    /// The page (0-based).
    pub page: usize,
}

impl ListPage {
    /// The window this page shows of `total` items, and its buttons when there is more than
    /// one page.
    pub fn window(&self, total: usize) -> (Window, Option<Pager>) {
        let w = Window::of(self.page, total);
        let button = |page: usize| CustomId::List {
            list: self.list.clone(),
            page: u16::try_from(page).unwrap_or(u16::MAX),
        };
        let pager = w.pages().then(|| Pager {
            position: w.describe(),
            total: w.total,
            previous: w.has_previous().then(|| button(w.page - 1)),
            next: w.has_next().then(|| button(w.page + 1)),
        });
        (w, pager)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_round_trip() {
        let specs = [
            ListSpec::Find(Filters {
                muscle: Some("Calves".into()),
                difficulty: Some(Difficulty::Beginner),
                body_part: Some("Ankle & foot | 100%: x".into()),
                ..Filters::default()
            }),
            ListSpec::Find(Filters::default()),
            ListSpec::Related {
                page: PageId::new("plank"),
                wanted: Wanted {
                    direction: Some(Direction::Easier),
                    pain: true,
                },
            },
        ];
        for spec in specs {
            assert_eq!(ListSpec::parse(&spec.encode()), Some(spec));
        }
        for bad in [
            "f:a|b",
            "f:%zz||||",
            "r:x0:plank",
            "r:-2:plank",
            "r:-0:Plank",
            "q:",
        ] {
            assert_eq!(ListSpec::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn windows_page_through_everything() {
        let w = Window::of(1, 43);
        assert_eq!(
            (w.start, w.end, w.describe()),
            (10, 20, "11–20 of 43".into())
        );
        assert!(w.has_previous() && w.has_next() && w.pages());
        let last = Window::of(4, 43);
        assert_eq!((last.start, last.end), (40, 43));
        assert!(!last.has_next());
        assert_eq!(
            Window::of(9, 43),
            last,
            "a page past the end is the last one"
        );
        let empty = Window::of(0, 0);
        assert_eq!((empty.start, empty.end, empty.pages()), (0, 0, false));
    }
}
