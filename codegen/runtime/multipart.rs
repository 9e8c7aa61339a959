// ---------------------------------------------------------------------------------------------
// Multipart bodies: clients that send `multipart/form-data` carry this part of the runtime.

/// How one property of a multipart body is sent: its Encoding Object's `contentType` and the
/// part headers it fixes.
#[derive(Debug, Clone, Copy, Default)]
pub struct PartEncoding {
    /// `contentType`, when the spec gives one.
    pub content_type: Option<&'static str>,
    /// Headers of the part (name, value).
    pub headers: &'static [(&'static str, &'static str)],
}

/// A `multipart/form-data` body (RFC 7578), built property by property with OpenAPI's default
/// part content types (3.0.4 §4.8.15): text for a primitive, `application/json` for an object,
/// one part per item for an array, and a file part for binary data.
#[derive(Debug, Default)]
pub struct Multipart {
    form: reqwest::multipart::Form,
}

impl Multipart {
    /// An empty body.
    pub fn new() -> Self {
        Self::default()
    }

    /// Property `name` with `value`: a text part for a string, number or boolean, a JSON part for
    /// an object, and one part per item for an array. `null` adds nothing.
    pub fn value(self, name: &'static str, value: &impl Serialize, encoding: PartEncoding) -> Result<Self, InvalidRequest> {
        match serde_json::to_value(value).unwrap_or(Value::Null) {
            Value::Array(items) => items.iter().try_fold(self, |body, item| body.item(name, item, encoding)),
            single => self.item(name, &single, encoding),
        }
    }

    fn item(self, name: &'static str, value: &Value, encoding: PartEncoding) -> Result<Self, InvalidRequest> {
        let Some((text, default_type)) = part_text(value) else { return Ok(self) };
        let part = reqwest::multipart::Part::text(text);
        self.add(name, part, encoding.content_type.or(default_type), encoding)
    }

    /// Each property of `value`, an `allOf` part that is a union and so shares the body's
    /// properties, as [`Multipart::value`] sends a property with no Encoding Object.
    pub fn properties(mut self, value: &impl Serialize) -> Self {
        let Ok(Value::Object(object)) = serde_json::to_value(value) else { return self };
        for (name, value) in object {
            let items = match value {
                Value::Array(items) => items,
                single => vec![single],
            };
            for (text, content_type) in items.iter().filter_map(part_text) {
                let part = reqwest::multipart::Part::text(text);
                // `application/json` is a valid media type, so `mime_str` cannot fail on it.
                let part = match content_type {
                    Some(content_type) => match part.mime_str(content_type) {
                        Ok(part) => part,
                        Err(_) => continue,
                    },
                    None => part,
                };
                self.form = self.form.part(name.clone(), part);
            }
        }
        self
    }

    /// A file part of `bytes` for property `name`, with the property name as its file name and
    /// `application/octet-stream` unless the encoding names a content type.
    pub fn file(self, name: &'static str, bytes: &[u8], encoding: PartEncoding) -> Result<Self, InvalidRequest> {
        let part = reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name);
        self.add(name, part, Some(encoding.content_type.unwrap_or("application/octet-stream")), encoding)
    }

    fn add(
        mut self,
        name: &'static str,
        mut part: reqwest::multipart::Part,
        content_type: Option<&str>,
        encoding: PartEncoding,
    ) -> Result<Self, InvalidRequest> {
        if let Some(content_type) = content_type {
            // `contentType` may list several; the first is sent.
            let first = content_type.split(',').next().unwrap_or(content_type).trim();
            part = part.mime_str(first).map_err(|_| InvalidRequest::new(name, "its contentType is not a media type"))?;
        }
        if !encoding.headers.is_empty() {
            let mut headers = HeaderMap::new();
            for (header, value) in encoding.headers {
                let header = HeaderName::from_bytes(header.as_bytes())
                    .map_err(|_| InvalidRequest::new(name, "a part header has an invalid name"))?;
                let value = HeaderValue::from_str(value)
                    .map_err(|_| InvalidRequest::new(name, "a part header has an invalid value"))?;
                headers.insert(header, value);
            }
            part = part.headers(headers);
        }
        self.form = self.form.part(name, part);
        Ok(self)
    }

    /// Makes this the body of `request`. A multipart body is a stream, so the request is sent once.
    pub fn finish(self, request: &mut Request) {
        let form = self.form;
        request.body_with(move |builder| builder.multipart(form));
    }
}

/// The text of one part and its default content type: `None` for `null`, which adds no part.
fn part_text(value: &Value) -> Option<(String, Option<&'static str>)> {
    match value {
        Value::Null => None,
        Value::Object(_) | Value::Array(_) => Some((value.to_string(), Some("application/json"))),
        scalar => Some((item_text(scalar), None)),
    }
}
