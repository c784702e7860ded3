//! The shipped config.toml documents exactly the defaults, so code and docs cannot drift;
//! a bad key or value is reported at its own line with TOML's snippet.

use spotter::Config;

use crate::support::root;

#[test]
fn shipped_config_equals_the_defaults() {
    let path = root().join("config.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let parsed = Config::parse(&text, std::path::Path::new("config.toml")).unwrap();
    assert_eq!(parsed, Config::default());
}

/// The error `Config::parse` gives for `text`.
fn error(text: &str) -> String {
    Config::parse(text, std::path::Path::new("c.toml"))
        .expect_err(text)
        .to_string()
}

#[test]
fn an_unknown_key_is_reported_at_its_own_line_with_tomls_snippet() {
    let text = "[corpus]\ndir = \"\"\n\n[index]\ndir = \"\"\n\nwatch = true\n";
    let err = error(text);
    assert!(
        err.starts_with("config file c.toml: TOML parse error at line 7, column 1"),
        "{err}"
    );
    assert!(err.contains("7 | watch = true"), "{err}");
    assert!(err.contains("| ^^^^^"), "{err}");
    assert!(err.contains("unknown field `watch`"), "{err}");
}

#[test]
fn values_that_make_no_sense_are_refused_at_their_line() {
    // (text, the line of the bad value, words of the reason)
    let cases = [
        ("[http]\nlisten = \"8080\"\n", 2, "not an address"),
        ("[http]\nlisten = \"0.0.0.0:99999\"\n", 2, "not an address"),
        ("[http]\npath = \"interactions\"\n", 2, "not a path"),
        ("[http]\n\nheader_timeout_secs = 0\n", 3, "at least 1"),
        ("[http]\nmax_connections = 0\n", 2, "at least 1"),
        ("[discord]\ncooldown_burst = 0\n", 2, "at least 1"),
        ("[discord]\n\n\ncooldown_per_second = 0.0\n", 4, "above 0"),
        ("[discord]\ncooldown_per_second = -1.0\n", 2, "above 0"),
        ("[discord]\ncooldown_per_second = nan\n", 2, "above 0"),
        ("[discord]\nguild_ids = [1, 0]\n", 2, "not a Discord id"),
        ("[corpus]\nmax_page_bytes = 0\n", 2, "at least 1"),
        ("[corpus]\npage_url = \"https://x.org/\"\n", 2, "{id}"),
        ("[corpus]\npage_url = \"x.org/{id}\"\n", 2, "http(s)"),
    ];
    for (text, line, why) in cases {
        let err = error(text);
        assert!(
            err.contains(&format!("TOML parse error at line {line},")),
            "{text:?} -> {err}"
        );
        assert!(err.contains(why), "{text:?} -> {err}");
    }
    for good in [
        "[http]\nlisten = \"[::]:8080\"\n",
        "[http]\nlisten = \"localhost:8080\"\n",
        "[discord]\ncooldown_per_second = 0.5\n",
        "[corpus]\npage_url = \"https://x.org/e/{id}\"\n",
    ] {
        assert!(
            Config::parse(good, std::path::Path::new("c.toml")).is_ok(),
            "{good}"
        );
    }
}

#[test]
fn the_binary_prints_the_snippet_as_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "[discord]\ncooldown_burst = 0\n").unwrap();
    let out = crate::support::bin()
        .arg("--config")
        .arg(&path)
        .args(["ask", "plank"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("error: config file "), "{stderr}");
    assert!(stderr.contains("\n2 | cooldown_burst = 0\n"), "{stderr}");
    assert!(!stderr.contains("\\n"), "{stderr}");
}

#[test]
fn config_toml_and_the_readme_describe_every_key_alike() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let config = std::fs::read_to_string(root().join("config.toml")).unwrap();
    // `watch` acts in both servers; both texts say so.
    let row = readme
        .lines()
        .find(|l| l.starts_with("| `corpus.watch`"))
        .expect("README documents corpus.watch");
    assert!(row.contains("`serve` and `serve-http`"), "{row}");
    assert!(
        config.contains("(spotter serve and serve-http)"),
        "{config}"
    );
    // Every key of the file is in the README's table.
    let mut table = "";
    for line in config.lines() {
        if let Some(t) = line.strip_prefix('[') {
            table = t.trim_end_matches(']');
        } else if let Some((key, _)) = line.split_once(" = ")
            && !line.starts_with('#')
        {
            let needle = format!("| `{table}.{key}`");
            assert!(readme.contains(&needle), "{needle} missing from README");
        }
    }
}
