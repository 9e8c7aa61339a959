//! OpenAPI 3.1 `webhooks` → [`Webhook`]s: the payload type of each, for the `WebhookEvent` enum.

use openapiv3::ReferenceOr;

use super::{Lowerer, join_doc};
use crate::diagnostics::pointer_join;
use crate::ir::{Keywords, TypeRef, Webhook};
use crate::names::{self, Scope};

impl<'a> Lowerer<'a> {
    /// One [`Webhook`] per entry of `webhooks`, in spec order. A payload is the
    /// JSON request body; an inline schema's type is named `<Webhook>Payload`.
    pub(super) fn webhooks(&mut self) -> Vec<Webhook> {
        let document = self.document;
        let mut variants = Scope::with_reserved(&[]);
        let mut webhooks = Vec::new();
        for (name, item) in &document.webhooks {
            let item_pointer = pointer_join("#/webhooks", name);
            // The receiver is given a name and a body, so each webhook is one event: the operation
            // that sends a body (the usual POST), else the first.
            let operations: Vec<_> = item.iter().collect();
            let Some(&(method, operation)) =
                operations.iter().find(|(_, op)| op.request_body.is_some()).or_else(|| operations.first())
            else {
                continue;
            };
            for (other, _) in operations.iter().filter(|(m, _)| *m != method) {
                self.warning(
                    "webhook-operations",
                    &format!("{item_pointer}/{other}"),
                    format!("webhook `{name}` is decoded as its `{method}` request; this `{other}` one is left out"),
                );
            }
            let pointer = format!("{item_pointer}/{method}");
            let base = names::pascal(name);
            let variant = variants.claim(base.clone());
            let (payload, keywords, body_doc) = match &operation.request_body {
                Some(body) => self.webhook_payload(body, &base, &format!("{pointer}/requestBody")),
                None => (None, Keywords::default(), None),
            };
            let doc = join_doc(operation.summary.as_deref(), operation.description.as_deref());
            let doc = match (doc, body_doc) {
                (Some(doc), Some(body)) => Some(format!("{doc}\n\n{body}")),
                (doc, body) => doc.or(body),
            };
            webhooks.push(Webhook {
                name: name.clone(),
                variant,
                method: method.to_owned(),
                doc,
                payload,
                keywords,
                pointer,
            });
        }
        webhooks
    }

    /// The type, keywords and description of a webhook's JSON request body, if it has one.
    fn webhook_payload(
        &mut self,
        body: &'a ReferenceOr<openapiv3::RequestBody>,
        base: &str,
        pointer: &str,
    ) -> (Option<TypeRef>, Keywords, Option<String>) {
        let components = self.document.openapi.components.as_ref().map(|c| &c.request_bodies);
        let Some((body, pointer)) = self.resolve(body, pointer, "requestBodies", components) else {
            return (None, Keywords::default(), None);
        };
        let Some((media_type, media)) =
            body.content.iter().find(|(media_type, _)| super::operations::is_json(media_type))
        else {
            if let Some(media_type) = body.content.keys().next() {
                self.warning(
                    "media-type-unsupported",
                    &pointer_join(&format!("{pointer}/content"), media_type),
                    format!("a webhook's `{media_type}` body is not decoded; only JSON payloads are typed"),
                );
            }
            return (None, Keywords::default(), body.description.clone());
        };
        let schema_pointer = pointer_join(&format!("{pointer}/content"), media_type) + "/schema";
        let ty = match &media.schema {
            Some(schema) => self.schema_type(schema.into(), &format!("{base}Payload"), &schema_pointer),
            None => self.json("a media type without a schema"),
        };
        let mut keywords = media.schema.as_ref().map(|s| self.schema_keywords(s.into())).unwrap_or_default();
        if let Some(example) = media.example.clone().or_else(|| self.first_example(&media.examples)) {
            keywords.example = Some(example);
        }
        (Some(ty), keywords, body.description.clone())
    }
}
