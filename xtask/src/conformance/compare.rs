//! Round trips: does a decoded value, serialized back, say what the server sent?
//!
//! Only what the schema declares is compared: a server (and Prism's random bodies) may add
//! properties a schema does not name, and a client that drops those is right. Numbers compare as
//! numbers (`1` and `1.0` are equal), timestamps as instants.

use std::collections::HashMap;

use oaswire_codegen::ir::{Api, TypeDef, TypeKind, TypeRef};
use serde_json::Value;

/// Compares JSON against the types of one API.
pub struct Comparer<'a> {
    types: HashMap<&'a str, &'a TypeDef>,
}

impl<'a> Comparer<'a> {
    /// A comparer for the types of `api`.
    pub fn new(api: &'a Api) -> Self {
        Comparer { types: api.types.iter().map(|t| (t.name.as_str(), t)).collect() }
    }

    /// Whether some struct has a property `wire_name` that its schema's `required` names and no
    /// schema describes (lowering gives it the pointer of that `required`).
    pub fn is_undescribed_required(&self, wire_name: &str) -> bool {
        self.types.values().any(|def| match &def.kind {
            TypeKind::Struct { fields, .. } => {
                fields.iter().any(|f| f.wire_name == wire_name && f.pointer.ends_with("/required"))
            }
            _ => false,
        })
    }

    /// `Ok` when `decoded` (re-serialized) says what `raw` says about every part `ty` declares;
    /// otherwise where they first differ, as a JSON pointer, and how.
    pub fn compare(&self, ty: &TypeRef, raw: &Value, decoded: &Value) -> Result<(), String> {
        self.at(ty, raw, decoded, &mut String::new(), 0)
    }

    fn at(&self, ty: &TypeRef, raw: &Value, decoded: &Value, path: &mut String, depth: usize) -> Result<(), String> {
        if depth > 64 {
            return Ok(());
        }
        let differ = |path: &str, what: &str| Err(format!("at `{}`: {what}", if path.is_empty() { "/" } else { path }));
        match ty {
            TypeRef::Named(name) | TypeRef::Boxed(name) => {
                let Some(def) = self.types.get(name.as_str()) else { return same_json(raw, decoded, path) };
                self.named(def, raw, decoded, path, depth)
            }
            TypeRef::List(item) => {
                let (Value::Array(raw_items), Value::Array(decoded_items)) = (raw, decoded) else {
                    return same_json(raw, decoded, path);
                };
                if raw_items.len() != decoded_items.len() {
                    return differ(path, &format!("{} items became {}", raw_items.len(), decoded_items.len()));
                }
                for (i, (r, d)) in raw_items.iter().zip(decoded_items).enumerate() {
                    let length = path.len();
                    path.push_str(&format!("/{i}"));
                    self.at(item, r, d, path, depth + 1)?;
                    path.truncate(length);
                }
                Ok(())
            }
            TypeRef::Map(value) => {
                let (Value::Object(raw_map), Value::Object(decoded_map)) = (raw, decoded) else {
                    return same_json(raw, decoded, path);
                };
                for key in raw_map.keys().chain(decoded_map.keys()) {
                    let length = path.len();
                    path.push('/');
                    path.push_str(key);
                    match (raw_map.get(key), decoded_map.get(key)) {
                        (Some(r), Some(d)) => self.at(value, r, d, path, depth + 1)?,
                        (Some(_), None) => return differ(path, "the entry was dropped"),
                        (None, _) => return differ(path, "an entry appeared"),
                    }
                    path.truncate(length);
                }
                Ok(())
            }
            TypeRef::Nullable(inner) => match (raw, decoded) {
                (Value::Null, Value::Null) => Ok(()),
                _ => self.at(inner, raw, decoded, path, depth + 1),
            },
            TypeRef::DateTime => match (raw, decoded) {
                (Value::String(r), Value::String(d)) if same_instant(r, d) => Ok(()),
                _ => same_json(raw, decoded, path),
            },
            TypeRef::Uuid => match (raw, decoded) {
                (Value::String(r), Value::String(d)) if r.eq_ignore_ascii_case(d) => Ok(()),
                _ => same_json(raw, decoded, path),
            },
            _ => same_json(raw, decoded, path),
        }
    }

    fn named(
        &self,
        def: &TypeDef,
        raw: &Value,
        decoded: &Value,
        path: &mut String,
        depth: usize,
    ) -> Result<(), String> {
        match &def.kind {
            TypeKind::Struct { fields, additional } => {
                let (Value::Object(raw_object), Value::Object(decoded_object)) = (raw, decoded) else {
                    return same_json(raw, decoded, path);
                };
                let declared = |key: &str| fields.iter().any(|f| !f.flatten && f.wire_name == key);
                for field in fields.iter().filter(|f| f.flatten) {
                    // A union part shares the object: compared on the keys no property declares.
                    let rest = |object: &serde_json::Map<String, Value>| {
                        Value::Object(
                            object.iter().filter(|(k, _)| !declared(k)).map(|(k, v)| (k.clone(), v.clone())).collect(),
                        )
                    };
                    self.at(&field.ty, &rest(raw_object), &rest(decoded_object), path, depth + 1)?;
                }
                for field in fields.iter().filter(|f| !f.flatten) {
                    let length = path.len();
                    path.push('/');
                    path.push_str(&field.wire_name);
                    match (raw_object.get(&field.wire_name), decoded_object.get(&field.wire_name)) {
                        (None, None) => {}
                        (Some(Value::Null), Some(Value::Null)) => {}
                        (Some(r), Some(d)) => self.at(&field.ty, r, d, path, depth + 1)?,
                        (Some(Value::Null), None) => return Err(format!("at `{path}`: `null` was sent and dropped")),
                        (Some(_), None) => return Err(format!("at `{path}`: the property was dropped")),
                        (None, Some(Value::Null)) => {
                            return Err(format!("at `{path}`: an absent property became `null`"));
                        }
                        (None, Some(_)) => return Err(format!("at `{path}`: the property appeared")),
                    }
                    path.truncate(length);
                }
                if let Some(additional) = additional {
                    for (key, r) in raw_object.iter().filter(|(k, _)| !declared(k)) {
                        let length = path.len();
                        path.push('/');
                        path.push_str(key);
                        match decoded_object.get(key) {
                            Some(d) => self.at(additional, r, d, path, depth + 1)?,
                            None => return Err(format!("at `{path}`: an additional property was dropped")),
                        }
                        path.truncate(length);
                    }
                }
                Ok(())
            }
            TypeKind::Untagged { variants } => {
                let mut first_error = None;
                for variant in variants {
                    match self.at(&variant.ty, raw, decoded, path, depth + 1) {
                        Ok(()) => return Ok(()),
                        Err(error) => {
                            first_error.get_or_insert(error);
                        }
                    }
                }
                Err(first_error.unwrap_or_else(|| format!("at `{path}`: a union without alternatives")))
            }
            TypeKind::Tagged { property, variants, .. } => {
                let tag = raw.get(property).and_then(Value::as_str);
                match variants.iter().find(|v| v.tags.iter().any(|t| Some(t.as_str()) == tag)) {
                    Some(tagged) => self.at(&tagged.variant.ty, raw, decoded, path, depth + 1),
                    None => same_json(raw, decoded, path),
                }
            }
            TypeKind::Alias(ty) => self.at(ty, raw, decoded, path, depth + 1),
            TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. } => same_json(raw, decoded, path),
        }
    }
}

impl Comparer<'_> {
    /// The first place in `raw` where `ty` says `f32` (`format: float`, a binary32 number in the
    /// OpenAPI Format Registry) and the number is none: beyond ±3.4e38, or written with more
    /// digits than any binary32 value needs and not exactly one either. Prism's random bodies
    /// carry 17-digit doubles there; a server that holds an `f32` cannot send them.
    pub fn not_binary32(&self, ty: &TypeRef, raw: &Value) -> Option<String> {
        let mut path = String::new();
        self.find_not_binary32(ty, raw, &mut path, 0).then(|| {
            let shown = if path.is_empty() { "/" } else { path.as_str() };
            let value = raw.pointer(&path).map(Value::to_string).unwrap_or_default();
            format!("`{shown}` is `format: float`, and {value} is not a 32-bit float")
        })
    }

    fn find_not_binary32(&self, ty: &TypeRef, raw: &Value, path: &mut String, depth: usize) -> bool {
        if depth > 64 {
            return false;
        }
        let at = |ty: &TypeRef, raw: &Value, key: &str, path: &mut String| {
            let length = path.len();
            path.push('/');
            path.push_str(&key.replace('~', "~0").replace('/', "~1"));
            let found = self.find_not_binary32(ty, raw, path, depth + 1);
            if !found {
                path.truncate(length);
            }
            found
        };
        match (ty, raw) {
            (TypeRef::F32, Value::Number(number)) => number.as_f64().is_some_and(|value| !is_binary32(value)),
            (TypeRef::Nullable(inner), _) => self.find_not_binary32(inner, raw, path, depth + 1),
            (TypeRef::List(item), Value::Array(items)) => {
                items.iter().enumerate().any(|(i, raw)| at(item, raw, &i.to_string(), path))
            }
            (TypeRef::Tuple(members), Value::Array(items)) => {
                members.iter().zip(items).enumerate().any(|(i, (member, raw))| at(member, raw, &i.to_string(), path))
            }
            (TypeRef::Map(value), Value::Object(entries)) => entries.iter().any(|(key, raw)| at(value, raw, key, path)),
            (TypeRef::Named(name) | TypeRef::Boxed(name), _) => {
                let Some(def) = self.types.get(name.as_str()) else { return false };
                match (&def.kind, raw) {
                    (TypeKind::Struct { fields, additional }, Value::Object(object)) => {
                        let declared = |key: &str| fields.iter().any(|f| !f.flatten && f.wire_name == key);
                        fields.iter().any(|field| match object.get(&field.wire_name) {
                            _ if field.flatten => self.find_not_binary32(&field.ty, raw, path, depth + 1),
                            Some(raw) => at(&field.ty, raw, &field.wire_name, path),
                            None => false,
                        }) || additional.as_ref().is_some_and(|additional| {
                            object
                                .iter()
                                .filter(|(key, _)| !declared(key))
                                .any(|(key, raw)| at(additional, raw, key, path))
                        })
                    }
                    // Any alternative that would read an `f32` there.
                    (TypeKind::Untagged { variants }, _) => {
                        variants.iter().any(|v| self.find_not_binary32(&v.ty, raw, path, depth + 1))
                    }
                    (TypeKind::Tagged { variants, .. }, _) => {
                        variants.iter().any(|v| self.find_not_binary32(&v.variant.ty, raw, path, depth + 1))
                    }
                    (TypeKind::Alias(ty), _) => self.find_not_binary32(ty, raw, path, depth + 1),
                    _ => false,
                }
            }
            _ => false,
        }
    }
}

/// Whether a JSON number is a binary32 value as a 32-bit float's writer puts it: exactly one, or
/// its shortest decimal form (`0.1`), which is how `f32` text round-trips.
fn is_binary32(value: f64) -> bool {
    let single = value as f32;
    single.is_finite() && (f64::from(single) == value || single.to_string().parse::<f64>() == Ok(value))
}

/// Whether two RFC 3339 timestamps name the same instant.
fn same_instant(a: &str, b: &str) -> bool {
    match (chrono::DateTime::parse_from_rfc3339(a), chrono::DateTime::parse_from_rfc3339(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Exact JSON equality, numbers compared as numbers.
fn same_json(raw: &Value, decoded: &Value, path: &str) -> Result<(), String> {
    if json_equal(raw, decoded) {
        Ok(())
    } else {
        let show = |v: &Value| {
            let text = v.to_string();
            if text.chars().count() > 120 { format!("{}…", text.chars().take(120).collect::<String>()) } else { text }
        };
        Err(format!("at `{}`: {} became {}", if path.is_empty() { "/" } else { path }, show(raw), show(decoded)))
    }
}

fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
            (Some(x), Some(y), ..) => x == y,
            (_, _, Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equal(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn api() -> Api {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Port:\n      type: object\n      required: [id]\n      properties:\n        id: {type: integer}\n        note: {type: string, nullable: true}\n        at: {type: string, format: date-time}\n";
        let document = oaswire_codegen::Document::parse("spec.yaml", spec).unwrap();
        oaswire_codegen::lower::lower(&document).0
    }

    #[test]
    fn undeclared_properties_are_ignored_and_numbers_compare_as_numbers() {
        let api = api();
        let comparer = Comparer::new(&api);
        let port = TypeRef::Named("Port".to_owned());
        let raw = json!({"id": 1.0, "extra": true, "at": "2026-01-01T00:00:00+00:00"});
        let decoded = json!({"id": 1, "at": "2026-01-01T00:00:00Z"});
        assert_eq!(comparer.compare(&port, &raw, &decoded), Ok(()));
    }

    #[test]
    fn a_dropped_null_or_property_is_a_difference() {
        let api = api();
        let comparer = Comparer::new(&api);
        let port = TypeRef::Named("Port".to_owned());
        let dropped = comparer.compare(&port, &json!({"id": 1, "note": null}), &json!({"id": 1}));
        assert_eq!(dropped, Err("at `/note`: `null` was sent and dropped".to_owned()));
        let changed = comparer.compare(&port, &json!({"id": 1}), &json!({"id": 2}));
        assert_eq!(changed, Err("at `/id`: 1 became 2".to_owned()));
    }

    #[test]
    fn binary32_numbers_are_those_an_f32_writes() {
        // 0.1 is how an f32 writes its nearest value; 0.30000001192092896 is that value exactly;
        // 3.4028234663852886e38 is f32::MAX.
        for value in [0.0, 1.0, 0.1, 0.30000001192092896, -1.5, 3.4028234663852886e38, 16777216.0] {
            assert!(is_binary32(value), "{value}");
        }
        // Prism's 17-digit doubles, one beyond f32::MAX, and a double-only precision.
        for value in [1.1156355233310871e38, 5e38, -3.3179808897341565e38, 0.1234567890123] {
            assert!(!is_binary32(value), "{value}");
        }
    }

    #[test]
    fn a_float_property_with_a_double_is_found_where_it_is() {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Task:\n      type: object\n      properties:\n        progress: {type: number, format: float}\n        history: {type: array, items: {type: number, format: float}}\n        exact: {type: number}\n";
        let document = oaswire_codegen::Document::parse("spec.yaml", spec).unwrap();
        let api = oaswire_codegen::lower::lower(&document).0;
        let comparer = Comparer::new(&api);
        let task = TypeRef::Named("Task".to_owned());
        let found = comparer.not_binary32(&task, &json!({"progress": 0.5, "history": [0.25, 1.1156355233310871e38]}));
        assert_eq!(
            found.as_deref(),
            Some("`/history/1` is `format: float`, and 1.1156355233310871e+38 is not a 32-bit float")
        );
        // An f32's own text, and a double where the schema says `number` (an f64), are fine.
        assert_eq!(comparer.not_binary32(&task, &json!({"progress": 0.1, "exact": 1.1156355233310871e38})), None);
    }
}
