//! Sample values: a valid JSON value for any use of a type, built from the IR alone.
//!
//! A sample is the spec's own `example`, else its `default`, else it is synthesized from the type
//! and its keywords: every required property, formats, enums, bounds, lengths, item counts and
//! `pattern`s. The same spec always gives the same samples. The conformance harness sends them;
//! doc examples and mock servers can use the same values.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use crate::ir::{Api, BodyMedia, Keywords, Parameter, RequestBody, TypeDef, TypeKind, TypeRef};

/// Which way a value travels, which decides the `readOnly` and `writeOnly` properties it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Sent by the client: `readOnly` properties are left out.
    Request,
    /// Sent by the server: `writeOnly` properties are left out.
    Response,
}

/// Properties that are not required are filled in down to this depth, and left out below it.
const OPTIONAL_DEPTH: usize = 2;
/// Below this depth a sample gives up (a required property that recurses forever), as `null`.
const MAX_DEPTH: usize = 24;

/// Builds sample values for the types of one API.
pub struct Samples<'a> {
    types: HashMap<&'a str, &'a TypeDef>,
    direction: Direction,
}

impl<'a> Samples<'a> {
    /// Samples for values of `api` that travel in `direction`.
    pub fn new(api: &'a Api, direction: Direction) -> Self {
        Samples { types: api.types.iter().map(|t| (t.name.as_str(), t)).collect(), direction }
    }

    /// A value for a parameter: its own example, or one made from its schema.
    pub fn parameter(&self, parameter: &Parameter) -> Value {
        self.value(&parameter.ty, &parameter.keywords)
    }

    /// A value for a request body, as JSON. Text bodies are a JSON string, binary ones the text of
    /// their bytes.
    pub fn body(&self, body: &RequestBody) -> Value {
        match body.media {
            BodyMedia::Text | BodyMedia::Binary => match &body.keywords.example {
                Some(Value::String(text)) => Value::String(text.clone()),
                _ => Value::String("sample".to_owned()),
            },
            _ => self.value(&body.ty, &body.keywords),
        }
    }

    /// A value for a use of `ty` with `keywords`.
    pub fn value(&self, ty: &TypeRef, keywords: &Keywords) -> Value {
        self.at(ty, keywords, 0, 0)
    }

    /// A value at `depth`; `index` tells the items of one array apart (for `uniqueItems`).
    fn at(&self, ty: &TypeRef, keywords: &Keywords, depth: usize, index: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        // The spec's own example, unless it is not a value of the type (GitHub's specs write
        // `examples: ["octocat"]` for an array: `validate` warns of it, and a sample must be valid).
        if let Some(given) = keywords.example.as_ref().or(keywords.default.as_ref())
            && self.fits(given, ty, 0)
            && (index == 0 || !matches!(given, Value::String(_)))
        {
            return given.clone();
        }
        if let Some(first) = keywords.values.first() {
            return first.clone();
        }
        match ty {
            TypeRef::String => Value::String(string(keywords, index)),
            TypeRef::I32 | TypeRef::I64 => Value::from(integer(keywords, index)),
            TypeRef::F32 | TypeRef::F64 => number(keywords, index),
            TypeRef::Bool => Value::Bool(true),
            TypeRef::DateTime => Value::String(format_value("date-time", index).unwrap_or_default()),
            TypeRef::Date => Value::String(format_value("date", index).unwrap_or_default()),
            TypeRef::Uuid => Value::String(format_value("uuid", index).unwrap_or_default()),
            // Bytes travel as base64 in JSON: `sample`, `sample2`.
            TypeRef::Binary | TypeRef::Base64 => Value::String(["c2FtcGxl", "c2FtcGxlMg=="][index.min(1)].to_owned()),
            // A user's type replacing a schema gets the samples of any JSON.
            // Any JSON of the first type a 3.1 `type` array lists, else text.
            TypeRef::Json | TypeRef::External(_) => match keywords.json_types.first().map(String::as_str) {
                Some("object") => Value::Object(Map::new()),
                Some("array") => Value::Array(Vec::new()),
                Some("integer") => Value::from(integer(keywords, index)),
                Some("number") => number(keywords, index),
                Some("boolean") => Value::Bool(true),
                _ => Value::String(format!("sample{}", suffix(index))),
            },
            TypeRef::JsonObject => match keywords.min_properties {
                Some(n) if n > 0 => (0..n).map(|i| (format!("key{i}"), Value::from("value"))).collect(),
                _ => Value::Object(Map::new()),
            },
            TypeRef::List(item) => {
                let item_keywords = keywords.items.as_deref().cloned().unwrap_or_default();
                // Two items, so delimiters are exercised, within minItems and maxItems.
                let low = keywords.min_items.unwrap_or(0);
                let high = keywords.max_items.unwrap_or(u64::MAX);
                let count = 2.clamp(low, high.max(low));
                let items: Vec<Value> =
                    (0..count as usize).map(|i| self.at(item, &item_keywords, depth + 1, i)).collect();
                if keywords.unique_items && items.windows(2).any(|w| w[0] == w[1]) {
                    return Value::Array(items.into_iter().take(1).collect());
                }
                Value::Array(items)
            }
            TypeRef::Map(value) => {
                let value_keywords = keywords.additional.as_deref().cloned().unwrap_or_default();
                let mut map = Map::new();
                map.insert("key".to_owned(), self.at(value, &value_keywords, depth + 1, 0));
                Value::Object(map)
            }
            TypeRef::Named(name) | TypeRef::Boxed(name) => self.named(name, depth, index),
            TypeRef::Nullable(inner) => self.at(inner, keywords, depth, index),
            TypeRef::Tuple(members) => {
                members.iter().map(|member| self.at(member, &Keywords::default(), depth + 1, 0)).collect()
            }
        }
    }

    fn named(&self, name: &str, depth: usize, index: usize) -> Value {
        let Some(def) = self.types.get(name) else { return Value::Null };
        if let Some(example) = &def.keywords.example
            && self.fits(example, &TypeRef::Named(name.to_owned()), 0)
        {
            return example.clone();
        }
        match &def.kind {
            TypeKind::Struct { fields, .. } => {
                let mut object = Map::new();
                for field in fields {
                    let excluded = match self.direction {
                        Direction::Request => field.read_only,
                        Direction::Response => field.write_only,
                    };
                    let required = !field.may_be_absent;
                    if excluded || (!required && depth >= OPTIONAL_DEPTH) {
                        continue;
                    }
                    let value = self.at(&field.ty, &field.keywords, depth + 1, 0);
                    if field.flatten {
                        // A union part shares the object: its keys join the properties'.
                        if let Value::Object(part) = value {
                            for (key, value) in part {
                                object.entry(key).or_insert(value);
                            }
                        }
                        continue;
                    }
                    if value.is_null() && !required {
                        continue;
                    }
                    object.insert(field.wire_name.clone(), value);
                }
                Value::Object(object)
            }
            TypeKind::StringEnum { variants, .. } => match variants.get(index.min(variants.len().saturating_sub(1))) {
                Some(variant) => Value::String(variant.value.clone()),
                None => Value::String("value".to_owned()),
            },
            TypeKind::IntEnum { values, .. } => match values.get(index.min(values.len().saturating_sub(1))) {
                Some((_, value)) => Value::from(*value),
                None => Value::from(0),
            },
            TypeKind::Untagged { variants } => {
                // `oneOf` needs a value that exactly one alternative accepts: the first alternative
                // whose sample no other alternative accepts (as text, too: `"1"` is an integer to
                // a server reading a path), among those that do not lead back to this type.
                let ending: Vec<_> = variants.iter().filter(|v| !self.reaches(&v.ty, name)).collect();
                let candidates = if ending.is_empty() { variants.iter().collect() } else { ending };
                let samples: Vec<Value> =
                    candidates.iter().map(|v| self.at(&v.ty, &v.keywords, depth + 1, index)).collect();
                let exclusive = samples.iter().enumerate().find(|(i, sample)| {
                    variants.iter().filter(|v| v.ty != candidates[*i].ty).all(|other| !self.fits(sample, &other.ty, 0))
                });
                match exclusive.map(|(_, sample)| sample).or(samples.first()) {
                    Some(sample) => sample.clone(),
                    None => Value::Null,
                }
            }
            TypeKind::Tagged { property, variants, .. } => {
                let Some(tagged) = variants.first() else { return Value::Null };
                let variant = &tagged.variant;
                let mut value = self.at(&variant.ty, &variant.keywords, depth + 1, index);
                if let Value::Object(object) = &mut value {
                    object.insert(property.clone(), Value::String(tagged.tags[0].clone()));
                }
                value
            }
            TypeKind::Alias(ty) => self.at(ty, &def.keywords, depth + 1, index),
        }
    }

    /// Whether `value` could be taken for a value of `ty`, the way a validator or a server reading
    /// text would take it: a string of digits passes for an integer. Errs on the side of "yes".
    fn fits(&self, value: &Value, ty: &TypeRef, depth: usize) -> bool {
        if depth > 16 {
            return true;
        }
        let numeric = |text: &str| text.parse::<f64>().is_ok();
        match ty {
            // A number or boolean is text too, where a parameter is read as text.
            TypeRef::String => value.is_string() || value.is_number() || value.is_boolean(),
            TypeRef::Uuid => value.as_str().is_some_and(is_uuid),
            TypeRef::Date | TypeRef::DateTime => value.is_string(),
            TypeRef::Binary | TypeRef::Base64 => value.is_string(),
            TypeRef::Nullable(inner) => value.is_null() || self.fits(value, inner, depth + 1),
            TypeRef::I32 | TypeRef::I64 => {
                value.is_i64() || value.is_u64() || value.as_str().is_some_and(|t| t.parse::<i64>().is_ok())
            }
            TypeRef::F32 | TypeRef::F64 => value.is_number() || value.as_str().is_some_and(numeric),
            TypeRef::Bool => value.is_boolean() || matches!(value.as_str(), Some("true" | "false")),
            TypeRef::Json | TypeRef::External(_) => true,
            TypeRef::JsonObject | TypeRef::Map(_) => value.is_object(),
            TypeRef::List(_) => value.is_array(),
            TypeRef::Tuple(members) => value.as_array().is_some_and(|items| {
                items.len() == members.len() && items.iter().zip(members).all(|(v, m)| self.fits(v, m, depth + 1))
            }),
            TypeRef::Named(name) | TypeRef::Boxed(name) => {
                let Some(def) = self.types.get(name.as_str()) else { return true };
                match &def.kind {
                    // Every required property there, and each one there a value of its type.
                    TypeKind::Struct { fields, .. } => value.as_object().is_some_and(|object| {
                        fields.iter().filter(|f| !f.flatten).all(|f| match object.get(&f.wire_name) {
                            None => !f.required,
                            Some(Value::Null) => f.nullable || !f.required,
                            Some(given) => self.fits(given, &f.ty, depth + 1),
                        })
                    }),
                    TypeKind::StringEnum { variants, .. } => {
                        value.as_str().is_some_and(|text| variants.iter().any(|v| v.value == text))
                    }
                    TypeKind::IntEnum { values, .. } => {
                        let number = value.as_i64().or_else(|| value.as_str().and_then(|t| t.parse().ok()));
                        number.is_some_and(|n| values.iter().any(|(_, v)| *v == n))
                    }
                    TypeKind::Untagged { variants } => variants.iter().any(|v| self.fits(value, &v.ty, depth + 1)),
                    TypeKind::Tagged { property, variants, .. } => {
                        let tag = value.get(property).and_then(Value::as_str);
                        variants.iter().any(|v| v.tags.iter().any(|t| Some(t.as_str()) == tag))
                    }
                    TypeKind::Alias(inner) => self.fits(value, inner, depth + 1),
                }
            }
        }
    }

    /// Whether a value of `ty` can contain a value of the type `name`.
    fn reaches(&self, ty: &TypeRef, name: &str) -> bool {
        let mut stack = vec![ty.clone()];
        let mut seen = std::collections::HashSet::new();
        while let Some(ty) = stack.pop() {
            match ty {
                TypeRef::List(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => stack.push(*inner),
                TypeRef::Tuple(members) => stack.extend(members),
                TypeRef::Named(target) | TypeRef::Boxed(target) => {
                    if target == name {
                        return true;
                    }
                    if !seen.insert(target.clone()) {
                        continue;
                    }
                    let Some(def) = self.types.get(target.as_str()) else { continue };
                    match &def.kind {
                        TypeKind::Struct { fields, .. } => {
                            stack.extend(fields.iter().filter(|f| !f.may_be_absent).map(|f| f.ty.clone()));
                        }
                        TypeKind::Alias(inner) => stack.push(inner.clone()),
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        false
    }
}

/// `""` for the first item of an array, `"2"`, `"3"`… for the others.
fn suffix(index: usize) -> String {
    if index == 0 { String::new() } else { (index + 1).to_string() }
}

/// A string that satisfies `keywords`: its format, its pattern, its length bounds.
fn string(keywords: &Keywords, index: usize) -> String {
    let text = keywords
        .format
        .as_deref()
        .and_then(|format| format_value(format, index))
        .or_else(|| keywords.pattern.as_deref().and_then(|p| pattern_value(p, keywords, index)))
        .unwrap_or_else(|| format!("string{}", suffix(index)));
    fit_length(text, keywords)
}

/// Pads with `x` or cuts `text` to the length bounds (counted in characters, as JSON Schema does).
fn fit_length(text: String, keywords: &Keywords) -> String {
    let length = text.chars().count() as u64;
    if let Some(min) = keywords.min_length
        && length < min
    {
        return text + &"x".repeat((min - length) as usize);
    }
    if let Some(max) = keywords.max_length
        && length > max
    {
        return text.chars().take(max as usize).collect();
    }
    text
}

/// A value of a string `format` that validators know (RFC 3339 dates, RFC 4122 UUIDs, RFC 5322
/// addresses, RFC 3986 URIs…); `None` for a format with no such value.
fn format_value(format: &str, index: usize) -> Option<String> {
    let n = index + 1;
    Some(match format {
        "date-time" => format!("2026-01-0{}T03:04:05Z", n.min(9)),
        "date" => format!("2026-01-0{}", n.min(9)),
        "time" => "03:04:05Z".to_owned(),
        "uuid" => format!("00000000-0000-4000-8000-{n:012}"),
        "email" | "idn-email" => format!("user{}@example.com", suffix(index)),
        "uri" | "url" | "iri" => format!("https://example.com/{}", suffix(index)),
        "uri-reference" | "uriref" | "iri-reference" => format!("/example{}", suffix(index)),
        "uri-template" => "https://example.com/{id}".to_owned(),
        "hostname" | "idn-hostname" => format!("host{}.example.com", suffix(index)),
        "ipv4" | "ip" => format!("192.0.2.{n}"),
        "ipv6" => format!("2001:db8::{n}"),
        "byte" => ["c2FtcGxl", "c2FtcGxlMg=="][index.min(1)].to_owned(),
        "password" => "secret".to_owned(),
        "duration" => "P1D".to_owned(),
        "json-pointer" => "/a".to_owned(),
        "regex" => "a+".to_owned(),
        _ => return None,
    })
}

/// A string that `pattern` matches and that fits the length bounds, or `None` when the pattern
/// cannot be read (ECMA-262 constructs Rust's regex syntax lacks) or no string was found.
fn pattern_value(pattern: &str, keywords: &Keywords, index: usize) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new().build().parse(pattern).ok()?;
    let matcher = regex::Regex::new(pattern).ok()?;
    let fits = |text: &str| {
        let length = text.chars().count() as u64;
        keywords.min_length.is_none_or(|min| length >= min) && keywords.max_length.is_none_or(|max| length <= max)
    };
    // Unbounded repetitions are tried with more and more items until the length fits.
    (1..=256).find_map(|repeat| {
        let mut text = String::new();
        generate(&hir, repeat, index, &mut text);
        (fits(&text) && matcher.is_match(&text)).then_some(text)
    })
}

/// Writes a string that `hir` matches: the first alternative, a letter or digit of each class
/// where it has one, and `repeat` items of each repetition within its bounds.
fn generate(hir: &regex_syntax::hir::Hir, repeat: u32, index: usize, out: &mut String) {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(&String::from_utf8_lossy(&literal.0)),
        HirKind::Class(Class::Unicode(class)) => {
            let chars = class.ranges().iter().flat_map(|r| (r.start()..=r.end()).take(64));
            let readable: Vec<char> = chars.clone().filter(char::is_ascii_alphanumeric).collect();
            let pick = readable.get(index % readable.len().max(1)).copied().or_else(|| chars.clone().next());
            out.extend(pick);
        }
        HirKind::Class(Class::Bytes(class)) => {
            let bytes = class.ranges().iter().flat_map(|r| (r.start()..=r.end()).take(64));
            let pick = bytes.clone().find(u8::is_ascii_alphanumeric).or_else(|| bytes.clone().next());
            out.extend(pick.map(char::from));
        }
        HirKind::Repetition(repetition) => {
            let count = repeat.max(repetition.min).min(repetition.max.unwrap_or(u32::MAX));
            for _ in 0..count {
                generate(&repetition.sub, repeat, index, out);
            }
        }
        HirKind::Capture(capture) => generate(&capture.sub, repeat, index, out),
        HirKind::Concat(parts) => parts.iter().for_each(|part| generate(part, repeat, index, out)),
        HirKind::Alternation(alternatives) => {
            if let Some(first) = alternatives.first() {
                generate(first, repeat, index, out);
            }
        }
    }
}

/// An integer within the bounds and a multiple of `multipleOf`.
fn integer(keywords: &Keywords, index: usize) -> i64 {
    let value = bounded(keywords, 1.0 + index as f64, 1.0);
    value.round() as i64
}

/// A number within the bounds: integral where it can be, so the shortest form is exercised.
fn number(keywords: &Keywords, index: usize) -> Value {
    let value = bounded(keywords, 1.0 + index as f64, 0.5);
    json!(value)
}

/// `preferred` moved into `[minimum, maximum]` (`step` inside an exclusive bound), then to a
/// multiple of `multipleOf`.
fn bounded(keywords: &Keywords, preferred: f64, step: f64) -> f64 {
    let low = keywords.minimum.map(|m| if keywords.exclusive_minimum { m + step } else { m });
    let high = keywords.maximum.map(|m| if keywords.exclusive_maximum { m - step } else { m });
    let mut value = preferred;
    if let Some(low) = low {
        value = value.max(low);
    }
    if let Some(high) = high {
        value = value.min(high);
    }
    if let Some(multiple) = keywords.multiple_of.filter(|m| *m > 0.0) {
        let up = (value / multiple).ceil() * multiple;
        value = if high.is_none_or(|h| up <= h) { up } else { (value / multiple).floor() * multiple };
    }
    value
}

/// Whether `text` is a UUID as RFC 9562 §4 writes one: 32 hex digits in groups of 8-4-4-4-12.
fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| if [8, 13, 18, 23].contains(&i) { c == '-' } else { c.is_ascii_hexdigit() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keywords(edit: impl FnOnce(&mut Keywords)) -> Keywords {
        let mut keywords = Keywords::default();
        edit(&mut keywords);
        keywords
    }

    #[test]
    fn patterns_and_lengths_are_met() {
        let k = keywords(|k| {
            k.pattern = Some("^[a-z]{2}-[0-9]+$".to_owned());
            k.min_length = Some(6);
        });
        let text = string(&k, 0);
        assert!(regex::Regex::new("^[a-z]{2}-[0-9]+$").unwrap().is_match(&text), "{text}");
        assert!(text.len() >= 6, "{text}");
        let k = keywords(|k| k.pattern = Some("^(foo|bar)\\d{3}$".to_owned()));
        assert_eq!(string(&k, 0), "foo000");
    }

    #[test]
    fn formats_have_valid_values() {
        assert_eq!(string(&keywords(|k| k.format = Some("email".to_owned())), 0), "user@example.com");
        assert_eq!(
            string(&keywords(|k| k.format = Some("uuid".to_owned())), 1),
            "00000000-0000-4000-8000-000000000002"
        );
        assert_eq!(string(&keywords(|k| k.max_length = Some(3)), 0), "str");
        assert_eq!(string(&keywords(|k| k.min_length = Some(8)), 0), "stringxx");
    }

    #[test]
    fn numbers_stay_within_bounds() {
        assert_eq!(integer(&keywords(|k| k.minimum = Some(10.0)), 0), 10);
        let exclusive = keywords(|k| {
            k.minimum = Some(10.0);
            k.exclusive_minimum = true;
        });
        assert_eq!(integer(&exclusive, 0), 11);
        assert_eq!(integer(&keywords(|k| k.maximum = Some(0.0)), 0), 0);
        assert_eq!(integer(&keywords(|k| k.multiple_of = Some(5.0)), 0), 5);
        assert_eq!(number(&keywords(|_| {}), 0), json!(1.0));
    }

    #[test]
    fn a_type_array_of_several_types_is_sampled_as_one_of_them() {
        // LangGraph's `update: {type: [object, array, null]}`: an object or an array, not text.
        // `[integer, string]`: a value only one alternative takes (`1` is an integer's text too).
        let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Command:\n      type: object\n      required: [update, either]\n      properties:\n        update: {type: [object, array, 'null']}\n        either: {type: [integer, string]}\n";
        let document = crate::Document::parse("spec.yaml", spec).unwrap();
        let api = crate::lower::lower(&document).0;
        let sample =
            Samples::new(&api, Direction::Request).value(&TypeRef::Named("Command".to_owned()), &Keywords::default());
        assert_eq!(sample, json!({"update": {}, "either": "string"}));
    }

    #[test]
    fn an_example_with_a_property_not_of_its_type_is_not_used() {
        // Train Travel's booking example has a `trip_id` of 7+4+4+4+12 digits: not a UUID
        // (RFC 9562 §4), so a client cannot send it, and the sample is made from the schema.
        let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Booking:\n      type: object\n      required: [trip_id]\n      properties:\n        trip_id: {type: string, format: uuid}\n        name: {type: string}\n        index: {type: boolean, enum: [false]}\n      example: {trip_id: 4f4e4e1-c824-4d63-b37a-d8d698862f1d, name: Ann}\n";
        let document = crate::Document::parse("spec.yaml", spec).unwrap();
        let api = crate::lower::lower(&document).0;
        let samples = Samples::new(&api, Direction::Request);
        let sample = samples.value(&TypeRef::Named("Booking".to_owned()), &Keywords::default());
        let trip = sample["trip_id"].as_str().unwrap_or_default();
        assert!(is_uuid(trip), "{sample}");
        assert!(!is_uuid("4f4e4e1-c824-4d63-b37a-d8d698862f1d") && is_uuid("4f4e4e10-c824-4d63-b37a-d8d698862f1d"));
        // `enum: [false]` on a boolean (FastAPI's `Literal[False]`) is sent as `false`.
        assert!(sample.get("index").is_none_or(|index| index == &json!(false)), "{sample}");
        let index = api.types.iter().find(|t| t.name == "Booking").and_then(|t| match &t.kind {
            TypeKind::Struct { fields, .. } => fields.iter().find(|f| f.wire_name == "index").cloned(),
            _ => None,
        });
        let index = index.expect("an index field");
        assert_eq!(samples.value(&index.ty, &index.keywords), json!(false));
    }
}
