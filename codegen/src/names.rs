//! Every identifier the generator emits is made here: case, keywords, uniqueness.
//!
//! Names are a pure function of the spec text. Non-ASCII characters are spelled
//! out as `uXXXX`, so generated code never trips `non_ascii_idents` or confusable lints.

use std::collections::HashSet;

/// Words Rust reserves, in any edition.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Type names the generated code uses unqualified, so a schema must not take them.
const RESERVED_TYPES: &[&str] = &["Option", "String", "Vec", "Box", "Self", "Result", "Client", "Error"];

/// Splits `input` into lowercase ASCII words at case changes and non-alphanumerics.
fn words(input: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = input.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1).copied();
            let boundary = match prev {
                Some(p) if c.is_ascii_uppercase() => {
                    p.is_ascii_lowercase()
                        || p.is_ascii_digit()
                        || (p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()))
                }
                _ => false,
            };
            if boundary && !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            current.push(c.to_ascii_lowercase());
        } else if c.is_ascii() || c.is_whitespace() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
        } else {
            // Spell non-ASCII out so distinct names stay distinct.
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            words.push(format!("u{:04x}", c as u32));
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `snake_case`, keyword-safe, never empty, never starting with a digit.
pub fn snake(input: &str) -> String {
    let joined = words(input).join("_");
    let name = if joined.is_empty() {
        "empty".to_owned()
    } else if joined.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{joined}")
    } else {
        joined
    };
    keyword_safe(name)
}

/// `PascalCase` for types and variants, never empty, never starting with a digit.
pub fn pascal(input: &str) -> String {
    keyword_safe(pascal_words(input))
}

fn pascal_words(input: &str) -> String {
    let mut name: String = words(input)
        .iter()
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect();
    if name.is_empty() {
        name = "Empty".to_owned();
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("V{name}");
    }
    name
}

/// A method name from an HTTP method and path, for operations whose operationId is missing or
/// shared: `GET /cluster/namespaces` → `list_cluster_namespaces`, `GET /pets/{id}` →
/// `get_pets_by_id`, `POST /pets` → `create_pets`. With no method, just the path's words.
pub fn operation_name(method: &str, path: &str) -> String {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let ends_with_parameter = segments.last().is_some_and(|s| s.starts_with('{'));
    let verb = match method.to_ascii_lowercase().as_str() {
        "get" if ends_with_parameter => "get",
        "get" => "list",
        "post" => "create",
        "put" => "replace",
        "patch" => "update",
        "" => "",
        other => return snake(&format!("{other} {}", words_of_path(&segments))),
    };
    let mut words = words_of_path(&segments);
    if ends_with_parameter && !verb.is_empty() {
        let last = segments.last().map(|s| s.trim_matches(['{', '}'])).unwrap_or_default();
        words = format!("{words} by {last}");
    }
    snake(&format!("{verb} {words}"))
}

/// The literal words of a path's segments, parameters left out.
fn words_of_path(segments: &[&str]) -> String {
    segments.iter().filter(|s| !s.contains('{')).copied().collect::<Vec<_>>().join(" ")
}

/// A variant name for an enum value, readable for values that are not words: `"-1"` → `Minus1`,
/// `"1.0"` → `V1_0`, `"*"` → `Star`, `">="` → `GtEquals`.
pub fn variant(value: &str) -> String {
    const SYMBOLS: &[(char, &str)] = &[
        ('*', "Star"),
        ('+', "Plus"),
        ('-', "Minus"),
        ('/', "Slash"),
        ('\\', "Backslash"),
        ('.', "Dot"),
        ('=', "Equals"),
        ('<', "Lt"),
        ('>', "Gt"),
        ('!', "Bang"),
        ('@', "At"),
        ('#', "Hash"),
        ('%', "Percent"),
        ('&', "And"),
        ('|', "Pipe"),
        ('~', "Tilde"),
        ('^', "Caret"),
        ('?', "Question"),
        (':', "Colon"),
        (',', "Comma"),
        ('$', "Dollar"),
        ('_', "Underscore"),
        (' ', "Space"),
    ];
    let symbol = |c: char| SYMBOLS.iter().find(|(s, _)| *s == c).map(|(_, name)| *name);
    // Only symbols: spell each one.
    if !value.is_empty() && value.chars().all(|c| symbol(c).is_some()) {
        return value.chars().filter_map(symbol).collect();
    }
    // A number: a sign in words, the digits kept apart where a `.` separates them.
    let (sign, digits) = match value.strip_prefix('-') {
        Some(rest) => ("Minus", rest),
        None => ("", value.strip_prefix('+').unwrap_or(value)),
    };
    if !digits.is_empty()
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
    {
        let joined = digits.replace('.', "_");
        return if sign.is_empty() { format!("V{joined}") } else { format!("{sign}{joined}") };
    }
    let name = pascal(value);
    if sign.is_empty() { name } else { format!("{sign}{name}") }
}

/// A type name: `PascalCase`, and not one of the names the generated code relies on.
pub fn type_name(input: &str) -> String {
    let name = pascal_words(input);
    if RESERVED_TYPES.contains(&name.as_str()) { format!("{name}Type") } else { keyword_safe(name) }
}

fn keyword_safe(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The identifier without a raw prefix, for building other names from it.
pub fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Hands out names unique within one scope, in a stable order.
#[derive(Default)]
pub struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    /// A scope where `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope { taken: reserved.iter().map(|s| (*s).to_owned()).collect() }
    }

    /// `name`, or `name2`, `name3`… (`name_2` for snake case) if taken.
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(bare(&name).to_owned()) {
            return name;
        }
        let base = bare(&name).trim_end_matches('_').to_owned();
        let separator = if base.contains(|c: char| c.is_ascii_uppercase()) { "" } else { "_" };
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded counter always finds a free name")
    }

    /// Whether `name` is already taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(bare(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(snake("instance_name"), "instance_name");
        assert_eq!(snake("runScript"), "run_script");
        assert_eq!(snake("HTTPServer"), "http_server");
        assert_eq!(snake("X-API-KEY"), "x_api_key");
        assert_eq!(pascal("queue_timeout"), "QueueTimeout");
        assert_eq!(pascal("getHTTPResponse"), "GetHttpResponse");
        assert_eq!(type_name("run-script request"), "RunScriptRequest");
    }

    #[test]
    fn keywords_digits_empty_and_non_ascii() {
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(pascal("self"), "Self_");
        assert_eq!(type_name("Self"), "SelfType");
        assert_eq!(type_name("Option"), "OptionType");
        assert_eq!(snake("2fa"), "_2fa");
        assert_eq!(pascal("404"), "V404");
        assert_eq!(snake(""), "empty");
        assert_eq!(snake("__"), "empty");
        assert_eq!(pascal("é"), "U00e9");
        assert_ne!(snake("café"), snake("cafè"));
    }

    #[test]
    fn operation_names_come_from_method_and_path() {
        assert_eq!(operation_name("get", "/cluster/namespaces"), "list_cluster_namespaces");
        assert_eq!(operation_name("get", "/namespaces"), "list_namespaces");
        assert_eq!(operation_name("get", "/pets/{petId}"), "get_pets_by_pet_id");
        assert_eq!(operation_name("post", "/pets"), "create_pets");
        assert_eq!(operation_name("delete", "/pets/{id}"), "delete_pets");
        assert_eq!(operation_name("", "/uploads"), "uploads");
    }

    #[test]
    fn variants_of_values_that_are_not_words_are_readable() {
        assert_eq!(variant("-1"), "Minus1");
        assert_eq!(variant("1"), "V1");
        assert_eq!(variant("1.0"), "V1_0");
        assert_eq!(variant("*"), "Star");
        assert_eq!(variant(">="), "GtEquals");
        assert_eq!(variant("-beta"), "MinusBeta");
        assert_eq!(variant("queue_timeout"), "QueueTimeout");
        assert_eq!(variant(""), "Empty");
    }

    #[test]
    fn scope_suffixes_collisions_stably() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim(snake("a-b")), "a_b");
        assert_eq!(scope.claim(snake("a_b")), "a_b_2");
        assert_eq!(scope.claim(pascal("x")), "X");
        assert_eq!(scope.claim(pascal("X")), "X2");
        assert_eq!(scope.claim(snake("type")), "r#type");
        assert_eq!(scope.claim(snake("type")), "type_2");
    }
}
