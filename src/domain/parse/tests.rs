//! Unit tests of the parser's pure pieces: comparison names, site suffixes, link targets.

use super::names::{comparison_names, cut_site_suffix, h1_suffix, local_target, name_from_h1};
use crate::domain::page::PageId;

#[test]
fn comparison_names_split_on_vs() {
    assert_eq!(
        comparison_names("Bench Press vs. Dumbbell Press: Which Is Better?"),
        Some(("Bench Press".into(), "Dumbbell Press".into()))
    );
    assert_eq!(comparison_names("Versatile Moves"), None);
}

#[test]
fn h1_suffix_is_cut_only_when_it_is_the_sites() {
    assert_eq!(name_from_h1("Skipping - Standard"), "Skipping - Standard");
    assert_eq!(h1_suffix("Push-Ups | Decline").as_deref(), Some("decline"));
    assert_eq!(h1_suffix("Push-Up"), None);
    let site = vec!["forge exercise library".to_string()];
    assert_eq!(
        cut_site_suffix("Plank - Forge Exercise Library", &site).as_deref(),
        Some("Plank")
    );
    assert_eq!(cut_site_suffix("Dips - Chest Version", &site), None);
}

#[test]
fn local_links_name_pages() {
    assert_eq!(
        local_target("glute-bridge.md"),
        Some(PageId::new("glute-bridge"))
    );
    assert_eq!(
        local_target("../faq/rest.md#top"),
        Some(PageId::new("rest"))
    );
    assert_eq!(local_target("https://example.org/exercises/legs"), None);
    assert_eq!(local_target("#faq"), None);
}
