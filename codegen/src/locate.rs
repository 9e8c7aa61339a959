//! Maps JSON pointers back to lines and columns in the spec's source text.
//!
//! Built only when there is something to report, so the happy path never
//! pays for a second parse. JSON is parsed as YAML, which it (nearly) is.
//! Only the pointers asked for (and their ancestors) are indexed: a large spec
//! has millions of nodes and a report names a handful.

use std::collections::{HashMap, HashSet};

use saphyr_parser::{Event, Parser};

use crate::diagnostics::{Position, escape_pointer_token};

/// Where the asked-for nodes of one document start. A mapping value is located at its key.
pub struct SourceMap {
    positions: HashMap<String, Position>,
    /// Keys written twice in one mapping: the pointer and where the second one starts.
    pub duplicates: Vec<(String, Position)>,
}

/// What to index: every node, or only these pointers and their ancestors.
enum Wanted<'p> {
    All,
    Only(HashSet<&'p str>),
}

impl Wanted<'_> {
    fn contains(&self, pointer: &str) -> bool {
        match self {
            Wanted::All => true,
            Wanted::Only(set) => set.contains(pointer),
        }
    }
}

/// A mapping or sequence being read. `pointer` is `None` inside a subtree nobody asked about:
/// its nodes are skipped without building their pointers.
enum Frame {
    Mapping { pointer: Option<String>, key: Option<String>, seen: HashSet<String> },
    Sequence { pointer: Option<String>, next_index: usize },
}

/// `text` with each JSON escape of a UTF-16 surrogate (`\ud83d\udc49`, as Python's `json.dump`
/// writes an emoji) replaced by the escape of a space, `\u0020`, of the same length. JSON allows
/// them; YAML, whose parser finds the lines, does not, and would stop at the first. Every other
/// character keeps its line and column.
fn without_surrogate_escapes(text: &str) -> std::borrow::Cow<'_, str> {
    let is_surrogate = |escape: &[u8]| {
        escape.len() == 6
            && escape[0] == b'\\'
            && escape[1] == b'u'
            && matches!(escape[2], b'd' | b'D')
            && matches!(escape[3], b'8'..=b'9' | b'a'..=b'f' | b'A'..=b'F')
            && escape[4..].iter().all(u8::is_ascii_hexdigit)
    };
    let bytes = text.as_bytes();
    if !bytes.windows(6).any(is_surrogate) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = bytes.to_vec();
    let mut i = 0;
    while i + 6 <= out.len() {
        if is_surrogate(&out[i..i + 6]) {
            out[i..i + 6].copy_from_slice(b"\\u0020");
            i += 6;
        } else {
            i += 1;
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes.
    std::borrow::Cow::Owned(String::from_utf8(out).unwrap_or_else(|_| text.to_owned()))
}

impl SourceMap {
    /// Indexes every node of `text`, and finds keys written twice. A text that does not parse
    /// gives the nodes read up to the error.
    pub fn new(text: &str) -> Self {
        Self::build(text, &Wanted::All)
    }

    /// Indexes only `pointers` and their ancestors, enough for [`SourceMap::position`] on each.
    pub fn for_pointers<'p>(text: &str, pointers: impl IntoIterator<Item = &'p str>) -> Self {
        let mut set = HashSet::from(["#"]);
        for pointer in pointers {
            let mut prefix = pointer;
            while set.insert(prefix) {
                let Some(cut) = prefix.rfind('/') else { break };
                prefix = &prefix[..cut];
            }
        }
        Self::build(text, &Wanted::Only(set))
    }

    fn build(text: &str, wanted: &Wanted<'_>) -> Self {
        let find_duplicates = matches!(wanted, Wanted::All);
        let mut positions = HashMap::new();
        let mut duplicates = Vec::new();
        let mut stack: Vec<Frame> = Vec::new();
        let text = without_surrogate_escapes(text);
        for event in Parser::new_from_str(&text) {
            let Ok((event, span)) = event else { break };
            let here = Position { line: span.start.line(), column: span.start.col() + 1 };
            let is_node = matches!(
                event,
                Event::Scalar(..) | Event::MappingStart(..) | Event::SequenceStart(..) | Event::Alias(_)
            );
            if is_node {
                let pointer = match stack.last_mut() {
                    None => Some("#".to_owned()),
                    Some(Frame::Mapping { pointer, key, seen }) => match key.take() {
                        Some(key) => pointer.as_ref().map(|p| format!("{p}/{}", escape_pointer_token(&key))),
                        None => {
                            // This node is a key: remember it and point at it.
                            let name = match (&event, pointer.is_some()) {
                                (Event::Scalar(value, ..), true) => value.to_string(),
                                _ => String::new(),
                            };
                            if let Some(parent) = pointer {
                                let pointer = format!("{parent}/{}", escape_pointer_token(&name));
                                if find_duplicates && !seen.insert(name.clone()) {
                                    duplicates.push((pointer.clone(), here));
                                }
                                if wanted.contains(&pointer) {
                                    positions.entry(pointer).or_insert(here);
                                }
                            }
                            *key = Some(name);
                            if matches!(event, Event::MappingStart(..) | Event::SequenceStart(..)) {
                                // A complex key: its insides are never asked for.
                                stack.push(new_frame(&event, None));
                            }
                            continue;
                        }
                    },
                    Some(Frame::Sequence { pointer, next_index }) => {
                        let index = *next_index;
                        *next_index += 1;
                        pointer.as_ref().map(|p| format!("{p}/{index}"))
                    }
                };
                let pointer = pointer.filter(|p| wanted.contains(p));
                if let Some(pointer) = &pointer {
                    positions.entry(pointer.clone()).or_insert(here);
                }
                if matches!(event, Event::MappingStart(..) | Event::SequenceStart(..)) {
                    stack.push(new_frame(&event, pointer));
                }
            } else if matches!(event, Event::MappingEnd | Event::SequenceEnd) {
                stack.pop();
            }
        }
        SourceMap { positions, duplicates }
    }

    /// The position of `pointer`, or of its nearest ancestor that exists.
    pub fn position(&self, pointer: &str) -> Option<Position> {
        let mut pointer = pointer;
        loop {
            if let Some(position) = self.positions.get(pointer) {
                return Some(*position);
            }
            pointer = &pointer[..pointer.rfind('/')?];
        }
    }
}

fn new_frame(event: &Event<'_>, pointer: Option<String>) -> Frame {
    match event {
        Event::SequenceStart(..) => Frame::Sequence { pointer, next_index: 0 },
        _ => Frame::Mapping { pointer, key: None, seen: HashSet::new() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_yaml_keys_and_sequence_items() {
        let map = SourceMap::new("openapi: 3.0.3\npaths:\n  /a/{b}:\n    get:\n      tags: [x, y]\n");
        assert_eq!(map.position("#/openapi"), Some(Position { line: 1, column: 1 }));
        assert_eq!(map.position("#/paths/~1a~1{b}/get"), Some(Position { line: 4, column: 5 }));
        assert_eq!(map.position("#/paths/~1a~1{b}/get/tags/1"), Some(Position { line: 5, column: 17 }));
    }

    #[test]
    fn finds_keys_written_twice() {
        let map = SourceMap::new("a: 1\nb:\n  c: 2\n  c: 3\n");
        assert_eq!(map.duplicates, [("#/b/c".to_owned(), Position { line: 4, column: 3 })]);
        let map = SourceMap::new("{\"a\": 1,\n \"a\": 2}");
        assert_eq!(map.duplicates, [("#/a".to_owned(), Position { line: 2, column: 2 })]);
    }

    #[test]
    fn json_with_escaped_surrogate_pairs_is_located_past_them() {
        // Python's `json.dump` writes 👉 as `\ud83d\udc49`: JSON, but not YAML.
        let text = "{\n  \"info\": {\"description\": \"\\ud83d\\udc49 docs\",\n    \"title\": \"t\"\n  }\n}";
        assert!(serde_json::from_str::<serde_json::Value>(text).is_ok(), "{text}");
        let map = SourceMap::new(text);
        assert_eq!(map.position("#/info/title"), Some(Position { line: 3, column: 5 }));
    }

    #[test]
    fn locates_json_and_falls_back_to_the_nearest_ancestor() {
        let map = SourceMap::new("{\n  \"info\": {\n    \"title\": \"t\"\n  }\n}");
        assert_eq!(map.position("#/info/title"), Some(Position { line: 3, column: 5 }));
        assert_eq!(map.position("#/info/missing/deeper"), Some(Position { line: 2, column: 3 }));
    }

    #[test]
    fn an_index_of_some_pointers_locates_them_as_the_full_index_does() {
        let text = "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      tags: [x, y]\n      responses:\n        '200': {description: ok}\n  /b:\n    put: {}\n";
        let full = SourceMap::new(text);
        let asked = ["#/paths/~1a/get/tags/1", "#/paths/~1a/get/responses/200/description", "#/paths/~1b/put/missing"];
        let some = SourceMap::for_pointers(text, asked);
        for pointer in asked {
            assert_eq!(some.position(pointer), full.position(pointer), "{pointer}");
        }
        assert_eq!(some.position("#/paths/~1a/get/responses/200/description"), Some(Position { line: 7, column: 17 }));
        // Nodes nobody asked about are not indexed: the nearest indexed ancestor answers.
        assert_eq!(some.position("#/openapi"), Some(Position { line: 1, column: 1 }));
        assert_eq!(some.positions.len(), 11);
    }
}
