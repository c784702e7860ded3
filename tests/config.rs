//! The shipped config.toml documents exactly the defaults, so code and docs cannot drift.

use spotter::config::Config;

use crate::support::root;

#[test]
fn shipped_config_equals_the_defaults() {
    let path = root().join("config.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let parsed = Config::parse(&text, std::path::Path::new("config.toml")).unwrap();
    assert_eq!(parsed, Config::default());
}
