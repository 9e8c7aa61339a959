//! Printing results: JSON for scripts and pipes (the default), or tables for people.

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use syncano_client::{Runtimes, Script, Trace};

use super::Failure;
use super::api::Answer;

/// The output format.
#[derive(Clone, Copy, clap::ValueEnum)]
pub enum Output {
    /// Pretty-printed JSON, as the server sent it: its keys in its order, nulls kept.
    Json,
    /// A table of the main fields.
    Table,
}

impl Output {
    pub fn scripts(self, answer: &Answer<Vec<Script>>) -> Result<(), Failure> {
        let scripts = &answer.value;
        self.print(answer, || {
            rows(
                ["ID", "LABEL", "RUNTIME", "DESCRIPTION", "UPDATED"],
                scripts.iter().map(|s| {
                    vec![
                        optional(s.id),
                        s.label.clone(),
                        s.runtime_name.clone(),
                        s.description.clone(),
                        optional(s.updated_at),
                    ]
                }),
            )
        })
    }

    pub fn script(self, answer: &Answer<Script>) -> Result<(), Failure> {
        let script = &answer.value;
        self.print(answer, || {
            let config = serde_json::to_string(&script.config).unwrap_or_default();
            fields([
                ("id", optional(script.id)),
                ("label", script.label.clone()),
                ("runtime", script.runtime_name.clone()),
                ("description", script.description.clone()),
                ("config", config),
                ("created", optional(script.created_at)),
                ("updated", optional(script.updated_at)),
                ("source", script.source.clone()),
            ])
        })
    }

    pub fn traces(self, answer: &Answer<Vec<Trace>>) -> Result<(), Failure> {
        let traces = &answer.value;
        self.print(answer, || {
            rows(
                ["ID", "STATUS", "EXECUTED", "DURATION (ms)"],
                traces.iter().map(|t| {
                    vec![t.id.to_string(), t.status.to_string(), optional(t.executed_at), optional(t.duration)]
                }),
            )
        })
    }

    pub fn trace(self, answer: &Answer<Trace>) -> Result<(), Failure> {
        let trace = &answer.value;
        self.print(answer, || {
            let result = &trace.result;
            let response = result.response.as_ref().map(|r| format!("{} {}\n{}", r.status, r.content_type, r.content));
            fields([
                ("id", trace.id.to_string()),
                ("status", trace.status.to_string()),
                ("executed", optional(trace.executed_at)),
                ("duration (ms)", optional(trace.duration)),
                ("stdout", text(&result.stdout)),
                ("stderr", text(&result.stderr)),
                ("response", response.unwrap_or_default()),
                ("error", result.error.clone().unwrap_or_default()),
            ])
        })
    }

    pub fn runtimes(self, answer: &Answer<Runtimes>) -> Result<(), Failure> {
        let runtimes = &answer.value;
        self.print(answer, || {
            let text = |details: &serde_json::Map<String, serde_json::Value>, key: &str| match details.get(key) {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => String::new(),
            };
            rows(
                ["RUNTIME", "LANGUAGE", "VERSION", "DEPRECATED"],
                runtimes.iter().map(|(name, details)| {
                    vec![name.clone(), text(details, "name"), text(details, "version"), text(details, "deprecated")]
                }),
            )
        })
    }

    /// JSON prints the server's JSON, not the typed value re-serialized; tables use the typed value.
    fn print<T>(self, answer: &Answer<T>, table: impl FnOnce() -> Table) -> Result<(), Failure> {
        match self {
            Output::Json => println!("{}", serde_json::to_string_pretty(&answer.json)?),
            Output::Table => println!("{}", table()),
        }
        Ok(())
    }
}

fn optional(value: Option<impl ToString>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// Output text without its final newline, which would show as an empty table row.
fn text(output: &Option<String>) -> String {
    output.as_deref().unwrap_or_default().trim_end_matches('\n').to_owned()
}

fn rows<const N: usize>(header: [&str; N], rows: impl Iterator<Item = Vec<String>>) -> Table {
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED).set_header(header);
    for row in rows {
        table.add_row(row);
    }
    table
}

fn fields<const N: usize>(fields: [(&str, String); N]) -> Table {
    let mut table = Table::new();
    table.load_preset(UTF8_FULL_CONDENSED);
    for (name, value) in fields {
        table.add_row([name.to_owned(), value]);
    }
    table
}
