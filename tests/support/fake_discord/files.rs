//! The fake's files: multipart bodies parsed and checked as Discord checks them (a
//! `payload_json` part, `files[n]` parts each matched by an `attachments` entry of id `n` and
//! its filename, within the upload limit; anything else is 400 Invalid Form Body), and files
//! the fake serves on 127.0.0.1 as Discord's CDN serves an interaction's attachments. Knows
//! HTTP bodies; never the gateway.

use serde_json::{Value, json};

/// One uploaded file as received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upload {
    /// The form field (`files[0]`).
    pub field: String,
    /// The part's filename.
    pub filename: String,
    /// The part's Content-Type, if sent.
    pub content_type: Option<String>,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// What a multipart body holds.
#[derive(Clone, Debug, Default)]
pub struct Form {
    /// `payload_json`, parsed.
    pub payload: Value,
    /// The files.
    pub files: Vec<Upload>,
}

/// Discord's per-request upload limit for a server without boosts (25 MiB, the
/// `attachment_size_limit` the builders' interactions carry).
pub const UPLOAD_MAX_BYTES: usize = 26_214_400;
/// Files one message may carry (<https://discord.com/developers/docs/reference#uploading-files>).
pub const FILES_MAX: usize = 10;

/// The boundary of a `multipart/form-data` content type.
pub fn boundary(content_type: &str) -> Option<String> {
    let (kind, params) = content_type.split_once(';')?;
    if kind.trim() != "multipart/form-data" {
        return None;
    }
    params.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        (k == "boundary").then(|| v.trim_matches('"').to_string())
    })
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn header_param(disposition: &str, key: &str) -> Option<String> {
    disposition.split(';').find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        (k == key).then(|| v.trim_matches('"').to_string())
    })
}

/// Parses and checks a multipart body as Discord does.
///
/// # Errors
/// Discord's message for a form it refuses (the fake answers it with 400, code 50035).
pub fn parse(body: &[u8], boundary: &str) -> Result<Form, String> {
    let delimiter = format!("--{boundary}");
    let mut at = find(body, delimiter.as_bytes(), 0).ok_or("no opening boundary")?;
    let mut form = Form::default();
    let mut payload = None;
    loop {
        at += delimiter.len();
        if body.get(at..at + 2) == Some(b"--") {
            break;
        }
        let head_start = at + 2;
        let head_end = find(body, b"\r\n\r\n", head_start).ok_or("a part without headers")?;
        let head = String::from_utf8_lossy(&body[head_start..head_end]).to_string();
        let content_start = head_end + 4;
        let next = find(body, format!("\r\n{delimiter}").as_bytes(), content_start)
            .ok_or("a part without a closing boundary")?;
        let content = &body[content_start..next];
        let mut disposition = None;
        let mut content_type = None;
        for line in head.lines() {
            let (name, value) = line.split_once(':').ok_or("a malformed part header")?;
            match name.trim().to_ascii_lowercase().as_str() {
                "content-disposition" => disposition = Some(value.trim().to_string()),
                "content-type" => content_type = Some(value.trim().to_string()),
                _ => {}
            }
        }
        let disposition = disposition.ok_or("a part without Content-Disposition")?;
        let name = header_param(&disposition, "name").ok_or("a part without a name")?;
        if name == "payload_json" {
            payload = Some(
                serde_json::from_slice::<Value>(content)
                    .map_err(|e| format!("payload_json is not JSON: {e}"))?,
            );
        } else if name.starts_with("files[") && name.ends_with(']') {
            let filename = header_param(&disposition, "filename")
                .ok_or_else(|| format!("{name} has no filename"))?;
            form.files.push(Upload {
                field: name,
                filename,
                content_type,
                bytes: content.to_vec(),
            });
        } else {
            return Err(format!("unknown form field {name}"));
        }
        at = next + 2;
    }
    form.payload = payload.ok_or("no payload_json part")?;
    check(&form)?;
    Ok(form)
}

/// Every `files[n]` part has an `attachments` entry of id `n` with its filename, and every new
/// attachment entry (one without a snowflake of an existing file) has its part.
fn check(form: &Form) -> Result<(), String> {
    if form.files.len() > FILES_MAX {
        return Err(format!("more than {FILES_MAX} files"));
    }
    let total: usize = form.files.iter().map(|f| f.bytes.len()).sum();
    if total > UPLOAD_MAX_BYTES {
        return Err("Request entity too large".into());
    }
    let attachments = form.payload["attachments"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for file in &form.files {
        let id = &file.field["files[".len()..file.field.len() - 1];
        let entry = attachments
            .iter()
            .find(|a| id_text(&a["id"]) == id)
            .ok_or_else(|| format!("{} has no attachments entry of id {id}", file.field))?;
        if entry["filename"].as_str() != Some(file.filename.as_str()) {
            return Err(format!(
                "{}: filename differs from its attachments entry",
                file.field
            ));
        }
        if file.filename.is_empty() || file.filename.contains('/') {
            return Err(format!("{}: invalid filename", file.field));
        }
    }
    for a in &attachments {
        let id = id_text(&a["id"]);
        let small = id.parse::<u64>().is_ok_and(|n| n < 1000);
        if small && !form.files.iter().any(|f| f.field == format!("files[{id}]")) {
            return Err(format!("attachments entry {id} has no files[{id}] part"));
        }
    }
    Ok(())
}

fn id_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The attachment objects of a message created with `files`, served back from `base`.
pub fn attachment_objects(files: &[Upload], base: &str, first_id: u64) -> Value {
    Value::Array(
        files
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let id = first_id + i as u64;
                let url = format!("{base}/attachments/{id}/{}", f.filename);
                json!({
                    "id": id.to_string(),
                    "filename": f.filename,
                    "size": f.bytes.len(),
                    "url": url,
                    "proxy_url": url,
                    "content_type": f.content_type,
                })
            })
            .collect(),
    )
}
