//! The API-change corpus: pairs of spec revisions, each with the changes the report must list.
//!
//! The new revision of each pair is the old one with text edits, so each pair shows exactly the
//! change it is about. The tests check the classifier against it, and `cargo xtask semver-cross-check`
//! checks a few pairs against cargo-semver-checks.

use oaswire_codegen::diff::{Bump, Severity};

use Severity::{Breaking, Compatible, Documentation};

/// Which spec a pair starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// The project's `spec/syncano.yaml`.
    Syncano,
    /// [`SMALL`], a spec with a union and an operation with several success statuses.
    Small,
}

/// One edit of the old revision's text.
#[derive(Debug, Clone, Copy)]
pub enum Edit {
    /// Replace the one occurrence of the first text by the second.
    Replace(&'static str, &'static str),
    /// Replace every occurrence (at least one) of the first text by the second.
    ReplaceAll(&'static str, &'static str),
    /// Remove from the one occurrence of the first text up to, not including, the second text after it.
    Cut(&'static str, &'static str),
    /// Rewrite the OpenAPI 3.0 document as the 3.1 document that means the same, as JSON: each
    /// schema's `nullable: true` joins `"null"` to its `type`, and its `example` becomes an
    /// `examples` array (a Media Type Object's `example` stays: 3.1 keeps it).
    RewriteAs31,
}

/// A pair of revisions and what must be reported.
#[derive(Debug, Clone, Copy)]
pub struct Pair {
    /// A short unique name.
    pub name: &'static str,
    /// The old revision.
    pub base: Base,
    /// What makes the new revision.
    pub edits: &'static [Edit],
    /// Every change, as (kind, severity, Rust item), in any order.
    pub expected: &'static [(&'static str, Severity, &'static str)],
    /// The bump for a 0.x crate.
    pub bump: Bump,
    /// Whether `cargo xtask semver-cross-check` generates both clients and runs cargo-semver-checks on them.
    pub cross_check: bool,
}

impl Pair {
    /// The old revision's text.
    pub fn old_text(&self, syncano: &str) -> String {
        match self.base {
            Base::Syncano => syncano.to_owned(),
            Base::Small => SMALL.to_owned(),
        }
    }

    /// The new revision's text, or what edit did not apply.
    pub fn new_text(&self, syncano: &str) -> Result<String, String> {
        let mut text = self.old_text(syncano);
        for edit in self.edits {
            text = apply(&text, edit).map_err(|e| format!("{}: {e}", self.name))?;
        }
        Ok(text)
    }
}

fn apply(text: &str, edit: &Edit) -> Result<String, String> {
    let once = |find: &str| match text.matches(find).count() {
        1 => text.find(find).ok_or_else(|| format!("`{find}` is missing")),
        n => Err(format!("`{find}` occurs {n} times; an edit must find it once")),
    };
    match *edit {
        Edit::Replace(find, replace) => {
            once(find)?;
            Ok(text.replacen(find, replace, 1))
        }
        Edit::ReplaceAll(find, replace) if text.contains(find) => Ok(text.replace(find, replace)),
        Edit::ReplaceAll(find, _) => Err(format!("`{find}` is missing")),
        Edit::Cut(from, to) => {
            let start = once(from)?;
            let end = text[start..].find(to).ok_or_else(|| format!("`{to}` does not follow `{from}`"))? + start;
            Ok(format!("{}{}", &text[..start], &text[end..]))
        }
        Edit::RewriteAs31 => {
            let document = oaswire_codegen::load::Document::parse("old.yaml", text).map_err(|d| d.to_string())?;
            let mut raw = document.raw;
            raw["openapi"] = serde_json::json!("3.1.0");
            let mut rewritten = 0;
            rewrite_schemas_as_31(&mut raw, false, &mut rewritten);
            if rewritten == 0 {
                return Err("nothing to rewrite: no `nullable` or schema `example`".to_owned());
            }
            serde_json::to_string_pretty(&raw).map_err(|e| e.to_string())
        }
    }
}

/// The schema rewrites of [`Edit::RewriteAs31`] under `value`; `in_schema` when `value` is a
/// schema. Counts the keywords rewritten.
fn rewrite_schemas_as_31(value: &mut serde_json::Value, in_schema: bool, rewritten: &mut usize) {
    use serde_json::Value;
    match value {
        Value::Object(object) => {
            if in_schema {
                if object.remove("nullable") == Some(Value::Bool(true)) {
                    *rewritten += 1;
                    if let Some(Value::String(single)) = object.get("type").cloned() {
                        object.insert("type".to_owned(), serde_json::json!([single, "null"]));
                    }
                }
                if let Some(example) = object.remove("example") {
                    *rewritten += 1;
                    object.insert("examples".to_owned(), Value::Array(vec![example]));
                }
            }
            for (key, child) in object.iter_mut() {
                match key.as_str() {
                    "example" | "examples" | "default" | "enum" => {}
                    "schema" | "items" | "additionalProperties" | "not" => {
                        rewrite_schemas_as_31(child, true, rewritten)
                    }
                    "properties" | "schemas" if child.is_object() => {
                        for schema in child.as_object_mut().into_iter().flat_map(|o| o.values_mut()) {
                            rewrite_schemas_as_31(schema, true, rewritten);
                        }
                    }
                    "allOf" | "anyOf" | "oneOf" if in_schema => {
                        for schema in child.as_array_mut().into_iter().flatten() {
                            rewrite_schemas_as_31(schema, true, rewritten);
                        }
                    }
                    _ => rewrite_schemas_as_31(child, false, rewritten),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rewrite_schemas_as_31(item, false, rewritten)),
        _ => {}
    }
}

/// A small spec with what Syncano lacks: a `oneOf`, a discriminated `oneOf`, and an operation
/// with two success bodies.
pub const SMALL: &str = r#"openapi: 3.0.3
info:
  title: Small
  version: "1"
servers:
  - url: https://api.example.org/v1
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: integer
      responses:
        '200':
          description: The pet.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Pet'
        '404':
          description: No such pet.
components:
  schemas:
    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
    Cat:
      type: object
      required: [meows]
      properties:
        meows:
          type: boolean
    Dog:
      type: object
      required: [barks]
      properties:
        barks:
          type: boolean
    Bird:
      type: object
      required: [sings]
      properties:
        sings:
          type: boolean
    Young:
      oneOf:
        - $ref: '#/components/schemas/Kitten'
        - $ref: '#/components/schemas/Puppy'
      discriminator:
        propertyName: kind
        mapping:
          kitten: '#/components/schemas/Kitten'
          puppy: '#/components/schemas/Puppy'
    Kitten:
      type: object
      required: [kind]
      properties:
        kind:
          type: string
    Puppy:
      type: object
      required: [kind]
      properties:
        kind:
          type: string
    Chick:
      type: object
      required: [kind]
      properties:
        kind:
          type: string
    Lizard:
      type: object
      required: [kind, name]
      properties:
        kind:
          type: string
          enum: [lizard]
        name:
          type: string
"#;

const DELETE_SCRIPT_PARAMETERS: &str =
    "        Deletes a Script. The answer has no body. Requires an account key.\n      parameters:\n";
const GET_SCRIPT: &str = "      operationId: getScript\n";
const SCRIPT_REQUIRED: &str = "      required:\n        - id\n        - runtime_name\n";

/// Every pair. Names are numbered so reports and failures read in order.
pub const PAIRS: &[Pair] = &[
    Pair { name: "01-no-change", base: Base::Syncano, edits: &[], expected: &[], bump: Bump::None, cross_check: false },
    Pair {
        name: "02-description-only",
        base: Base::Syncano,
        edits: &[Edit::Replace("The record of one run of a Script.", "The record of a single run of a Script.")],
        expected: &[("documentation", Documentation, "Trace")],
        bump: Bump::Patch,
        cross_check: true,
    },
    Pair {
        name: "03-operation-added",
        base: Base::Syncano,
        edits: &[Edit::Replace(
            "components:\n  securitySchemes:",
            "  /instances/{instance_name}/ping/:\n    get:\n      operationId: pingInstance\n      parameters:\n        \
             - $ref: '#/components/parameters/InstanceName'\n      responses:\n        '204':\n          \
             description: The instance answers.\ncomponents:\n  securitySchemes:",
        )],
        expected: &[("operation-added", Compatible, "Client::ping_instance")],
        bump: Bump::Patch,
        cross_check: true,
    },
    Pair {
        name: "04-operation-removed",
        base: Base::Syncano,
        edits: &[Edit::Cut(
            "    delete:\n      operationId: deleteScript",
            "  /instances/{instance_name}/snippets/scripts/{script_id}/run/:",
        )],
        expected: &[("operation-removed", Breaking, "Client::delete_script")],
        bump: Bump::Minor,
        cross_check: true,
    },
    Pair {
        name: "05-operation-renamed",
        base: Base::Syncano,
        edits: &[Edit::Replace(GET_SCRIPT, "      operationId: fetchScript\n")],
        expected: &[("operation-renamed", Breaking, "Client::get_script")],
        bump: Bump::Minor,
        cross_check: true,
    },
    Pair {
        name: "06-required-query-parameter-added",
        base: Base::Syncano,
        edits: &[Edit::Replace(
            "        - $ref: '#/components/parameters/PageSize'\n        - $ref: '#/components/parameters/Ordering'\n        \
             - $ref: '#/components/parameters/Direction'\n        - $ref: '#/components/parameters/LastPk'\n      \
             responses:\n        '200':\n          description: One page of Traces, newest first by default.",
            "        - $ref: '#/components/parameters/PageSize'\n        - $ref: '#/components/parameters/Ordering'\n        \
             - $ref: '#/components/parameters/Direction'\n        - $ref: '#/components/parameters/LastPk'\n        \
             - name: since\n          in: query\n          required: true\n          schema:\n            type: integer\n      \
             responses:\n        '200':\n          description: One page of Traces, newest first by default.",
        )],
        expected: &[("parameter-added", Breaking, "Client::list_traces")],
        bump: Bump::Minor,
        cross_check: false,
    },
    Pair {
        name: "07-optional-query-parameter-added",
        base: Base::Syncano,
        edits: &[Edit::Replace(
            "        - $ref: '#/components/parameters/LastPk'\n      responses:\n        '200':\n          description: One page of Scripts.",
            "        - $ref: '#/components/parameters/LastPk'\n        - name: label\n          in: query\n          schema:\n            \
             type: string\n      responses:\n        '200':\n          description: One page of Scripts.",
        )],
        expected: &[("parameter-added", Compatible, "Client::list_scripts")],
        bump: Bump::Patch,
        cross_check: true,
    },
    Pair {
        name: "08-first-optional-query-parameter",
        base: Base::Syncano,
        edits: &[Edit::Replace(
            "        - $ref: '#/components/parameters/ScriptId'\n      responses:\n        '200':\n          description: The Script.\n",
            "        - $ref: '#/components/parameters/ScriptId'\n        - name: fields\n          in: query\n          schema:\n            \
             type: string\n      responses:\n        '200':\n          description: The Script.\n",
        )],
        expected: &[("parameter-added", Compatible, "Client::get_script")],
        bump: Bump::Patch,
        cross_check: true,
    },
    Pair {
        name: "09-parameter-removed",
        base: Base::Syncano,
        edits: &[Edit::Replace(
            "        - $ref: '#/components/parameters/LastPk'\n      responses:\n        '200':\n          description: One page of Scripts.",
            "      responses:\n        '200':\n          description: One page of Scripts.",
        )],
        expected: &[("parameter-removed", Breaking, "Client::list_scripts")],
        bump: Bump::Minor,
        cross_check: true,
    },
    Pair {
        name: "10-parameter-type-changed",
        base: Base::Syncano,
        edits: &[Edit::Replace(
            "      description: Number of objects on one page, from 1 to 100.\n      schema:\n        type: integer",
            "      description: Number of objects on one page, from 1 to 100.\n      schema:\n        type: string",
        )],
        expected: &[
            ("parameter-type-changed", Breaking, "ListScriptsCall::page_size"),
            ("parameter-type-changed", Breaking, "ListTracesCall::page_size"),
        ],
        bump: Bump::Minor,
        cross_check: true,
    },
    Pair {
        name: "11-optional-parameter-becomes-required",
        base: Base::Syncano,
        edits: &[Edit::Replace(
            "      name: last_pk\n      in: query\n      required: false",
            "      name: last_pk\n      in: query\n      required: true",
        )],
        expected: &[
            ("parameter-required", Breaking, "Client::list_scripts"),
            ("parameter-required", Breaking, "Client::list_traces"),
        ],
        bump: Bump::Minor,
        cross_check: true,
    },
    Pair {
        name: "12-required-request-field-added",
        base: Base::Syncano,
        edits: &[Edit::Replace(
            "      description: Body of a request that creates a Script.\n      required:\n        - runtime_name\n      properties:\n",
            "      description: Body of a request that creates a Script.\n      required:\n        - runtime_name\n        - owner\n      \
             properties:\n        owner:\n          type: string\n",
        )],
        expected: &[("field-added", Breaking, "ScriptCreate::owner")],
        bump: Bump::Minor,
        cross_check: true,
    },
    Pair {
        name: "13-optional-request-field-added",
        base: Base::Syncano,
        edits: &[Edit::Replace(
            "      description: Body of a request that creates a Script.\n      required:\n        - runtime_name\n      properties:\n",
            "      description: Body of a request that creates a Script.\n      required:\n        - runtime_name\n      properties:\n        \
             tags:\n          type: array\n          items:\n            type: string\n",
        )],
        expected: &[("field-added", Compatible, "ScriptCreate::tags")],
        bump: Bump::Patch,
        cross_check: true,
    },
    Pair {
        name: "14-request-field-removed",
        base: Base::Syncano,
        edits: &[Edit::Cut(
            "        description:\n          type: string\n          maxLength: 256\n          description: Description of the Script.\n      \
             example:\n        runtime_name: python_library_v5.0",
            "      example:\n        runtime_name: python_library_v5.0",
        )],
        expected: &[("field-removed", Breaking, "ScriptCreate::description")],
        bump: Bump::Minor,
        cross_check: false,
    },
    Pair {
        name: "15-response-field-removed",
        base: Base::Syncano,
        edits: &[
            Edit::Replace(
                "        - config\n        - label\n        - description\n        - created_at",
                "        - config\n        - description\n        - created_at",
            ),
            Edit::Cut(
                "        label:\n          type: string\n          maxLength: 64\n          description: Short label of the Script.\n        \
                 description:\n          type: string\n          maxLength: 256\n          description: Description of the Script.\n        created_at:",
                "        description:\n          type: string\n          maxLength: 256\n          description: Description of the Script.\n        created_at:",
            ),
        ],
        expected: &[("field-removed", Breaking, "Script::label")],
        bump: Bump::Minor,
        cross_check: true,
    },
    Pair {
        name: "16-field-type-changed",
        base: Base::Syncano,
        edits: &[Edit::Replace(
            "        duration:\n          type: integer\n          nullable: true",
            "        duration:\n          type: number\n          nullable: true",
        )],
        expected: &[("field-type-changed", Breaking, "Trace::duration")],
        bump: Bump::Minor,
        cross_check: false,
    },
    Pair {
        name: "17-field-becomes-nullable",
        base: Base::Syncano,
        edits: &[Edit::Replace(
            "        label:\n          type: string\n          maxLength: 64\n          description: Short label of the Script.\n        \
             description:\n          type: string\n          maxLength: 256\n          description: Description of the Script.\n        created_at:",
            "        label:\n          type: string\n          nullable: true\n          maxLength: 64\n          description: Short label of the Script.\n        \
             description:\n          type: string\n          maxLength: 256\n          description: Description of the Script.\n        created_at:",
        )],
        expected: &[("field-optional", Breaking, "Script::label")],
        bump: Bump::Minor,
        cross_check: true,
    },
    Pair {
        name: "18-enum-value-added",
        base: Base::Syncano,
        edits: &[Edit::Replace(
            "        - failure\n        - timeout\n",
            "        - failure\n        - timeout\n        - blocked\n",
        )],
        expected: &[("enum-value-added", Compatible, "TraceStatus::Blocked")],
        bump: Bump::Patch,
        cross_check: true,
    },
    Pair {
        name: "19-enum-value-removed",
        base: Base::Syncano,
        edits: &[Edit::Replace("        - failure\n        - timeout\n", "        - failure\n")],
        expected: &[("enum-value-removed", Breaking, "TraceStatus::Timeout")],
        bump: Bump::Minor,
        cross_check: false,
    },
    Pair {
        name: "20-integer-enum-value-added",
        base: Base::Syncano,
        edits: &[Edit::Replace(
            "      enum:\n        - 0\n        - 1",
            "      enum:\n        - 0\n        - 1\n        - 2",
        )],
        expected: &[("enum-value-added", Compatible, "PageDirection::VALUE_2")],
        bump: Bump::Patch,
        cross_check: true,
    },
    Pair {
        name: "21-error-status-added",
        base: Base::Syncano,
        edits: &[Edit::Replace(
            "        Returns one Script of an instance with its full source. Requires an\n        account key.\n      parameters:\n        \
             - $ref: '#/components/parameters/InstanceName'\n        - $ref: '#/components/parameters/ScriptId'\n      responses:\n",
            "        Returns one Script of an instance with its full source. Requires an\n        account key.\n      parameters:\n        \
             - $ref: '#/components/parameters/InstanceName'\n        - $ref: '#/components/parameters/ScriptId'\n      responses:\n        \
             '429':\n          description: Too many requests.\n",
        )],
        expected: &[("response-added", Compatible, "GetScriptError::TooManyRequests")],
        bump: Bump::Patch,
        cross_check: true,
    },
    Pair {
        name: "22-error-status-removed",
        base: Base::Syncano,
        edits: &[Edit::Cut(
            "        '404':\n          description: The instance does not exist.\n          content:\n            application/json:\n              \
             schema:\n                $ref: '#/components/schemas/ErrorDetail'\n              example:\n                \
             detail: Instance was not found.\n    post:\n      operationId: createScript",
            "    post:\n      operationId: createScript",
        )],
        expected: &[("response-removed", Breaking, "ListScriptsError::NotFound")],
        bump: Bump::Minor,
        cross_check: true,
    },
    Pair {
        name: "23-schema-renamed",
        base: Base::Syncano,
        edits: &[Edit::ReplaceAll("TraceLinks", "TraceLinkSet")],
        expected: &[("type-renamed", Breaking, "TraceLinks")],
        bump: Bump::Minor,
        cross_check: true,
    },
    Pair {
        name: "24-security-requirement-added",
        base: Base::Syncano,
        edits: &[
            Edit::Replace(
                "      summary: Run a Script\n",
                "      summary: Run a Script\n      security:\n        - apiKey: []\n          userKey: []\n",
            ),
            Edit::Replace(
                "components:\n  securitySchemes:\n",
                "components:\n  securitySchemes:\n    userKey:\n      type: apiKey\n      in: header\n      name: X-USER-KEY\n",
            ),
        ],
        expected: &[
            ("security-added", Breaking, "Client::run_script"),
            ("security-scheme-added", Compatible, "Client::with_user_key"),
        ],
        bump: Bump::Minor,
        cross_check: true,
    },
    Pair {
        name: "25-success-status-added-same-type",
        base: Base::Small,
        edits: &[Edit::Replace(
            "        '404':\n          description: No such pet.",
            "        '203':\n          description: The pet, from a cache.\n          content:\n            application/json:\n              \
             schema:\n                $ref: '#/components/schemas/Pet'\n        '404':\n          description: No such pet.",
        )],
        expected: &[("response-added", Compatible, "Client::get_pet")],
        bump: Bump::Patch,
        cross_check: false,
    },
    Pair {
        name: "26-success-status-with-another-type",
        base: Base::Small,
        edits: &[Edit::Replace(
            "        '404':\n          description: No such pet.",
            "        '202':\n          description: Accepted, no body yet.\n        '404':\n          description: No such pet.",
        )],
        expected: &[("response-added", Breaking, "Client::get_pet")],
        bump: Bump::Minor,
        cross_check: true,
    },
    Pair {
        name: "27-union-variant-added",
        base: Base::Small,
        edits: &[Edit::Replace(
            "        - $ref: '#/components/schemas/Dog'\n",
            "        - $ref: '#/components/schemas/Dog'\n        - $ref: '#/components/schemas/Bird'\n",
        )],
        expected: &[("union-variant-added", Breaking, "Pet::Bird")],
        bump: Bump::Minor,
        cross_check: true,
    },
    Pair {
        name: "28-optional-response-field-added",
        base: Base::Syncano,
        edits: &[Edit::Replace(
            "        label:\n          type: string\n          maxLength: 64\n          description: Short label of the Script.\n        \
             description:\n          type: string\n          maxLength: 256\n          description: Description of the Script.\n        created_at:",
            "        label:\n          type: string\n          maxLength: 64\n          description: Short label of the Script.\n        \
             version:\n          type: integer\n        \
             description:\n          type: string\n          maxLength: 256\n          description: Description of the Script.\n        created_at:",
        )],
        expected: &[("field-added", Compatible, "Script::version")],
        bump: Bump::Patch,
        cross_check: true,
    },
    Pair {
        name: "29-parameter-description-only",
        base: Base::Syncano,
        edits: &[Edit::Replace(
            "      description: Number of objects on one page, from 1 to 100.\n",
            "      description: How many objects one page holds, from 1 to 100.\n",
        )],
        expected: &[
            ("documentation", Documentation, "ListScriptsCall::page_size"),
            ("documentation", Documentation, "ListTracesCall::page_size"),
        ],
        bump: Bump::Patch,
        cross_check: false,
    },
    Pair {
        name: "30-request-body-added",
        base: Base::Syncano,
        edits: &[Edit::Replace(
            "      summary: Delete a Script\n",
            "      summary: Delete a Script\n      requestBody:\n        required: true\n        content:\n          application/json:\n            \
             schema:\n              $ref: '#/components/schemas/RunScriptRequest'\n",
        )],
        expected: &[("request-body-added", Breaking, "Client::delete_script")],
        bump: Bump::Minor,
        cross_check: true,
    },
    Pair {
        name: "31-optional-field-becomes-required",
        base: Base::Syncano,
        edits: &[Edit::Replace(
            "      description: Body of a request that creates a Script.\n      required:\n        - runtime_name\n",
            "      description: Body of a request that creates a Script.\n      required:\n        - runtime_name\n        - label\n",
        )],
        expected: &[("field-required", Breaking, "ScriptCreate::label")],
        bump: Bump::Minor,
        cross_check: false,
    },
    Pair {
        name: "32-rename-and-description-together",
        base: Base::Syncano,
        edits: &[
            Edit::Replace(GET_SCRIPT, "      operationId: readScript\n"),
            Edit::Replace("      summary: Get a Script\n", "      summary: Read a Script\n"),
            Edit::Replace(SCRIPT_REQUIRED, "      required:\n        - runtime_name\n        - id\n"),
        ],
        expected: &[
            ("operation-renamed", Breaking, "Client::get_script"),
            ("documentation", Documentation, "Client::read_script"),
        ],
        bump: Bump::Minor,
        cross_check: false,
    },
    Pair {
        name: "33-required-response-field-added",
        base: Base::Syncano,
        edits: &[
            Edit::Replace(
                "        - config\n        - label\n        - description\n        - created_at",
                "        - config\n        - label\n        - description\n        - owner\n        - created_at",
            ),
            Edit::Replace(
                "        label:\n          type: string\n          maxLength: 64\n          description: Short label of the Script.\n        \
             description:\n          type: string\n          maxLength: 256\n          description: Description of the Script.\n        created_at:",
                "        label:\n          type: string\n          maxLength: 64\n          description: Short label of the Script.\n        \
             owner:\n          type: string\n        \
             description:\n          type: string\n          maxLength: 256\n          description: Description of the Script.\n        created_at:",
            ),
        ],
        expected: &[("field-added", Breaking, "Script::owner")],
        bump: Bump::Minor,
        cross_check: true,
    },
    Pair {
        name: "34-optional-request-body-added",
        base: Base::Syncano,
        edits: &[Edit::Replace(
            "      summary: Delete a Script\n",
            "      summary: Delete a Script\n      requestBody:\n        content:\n          application/json:\n            \
             schema:\n              $ref: '#/components/schemas/RunScriptRequest'\n",
        )],
        expected: &[("request-body-added", Compatible, "Client::delete_script")],
        bump: Bump::Patch,
        cross_check: true,
    },
    Pair {
        name: "35-optional-header-parameter-added",
        base: Base::Syncano,
        edits: &[Edit::Replace(
            DELETE_SCRIPT_PARAMETERS,
            "        Deletes a Script. The answer has no body. Requires an account key.\n      parameters:\n        - name: X-Request-Id\n          in: header\n          \
             schema:\n            type: string\n",
        )],
        expected: &[("parameter-added", Compatible, "Client::delete_script")],
        bump: Bump::Patch,
        cross_check: true,
    },
    Pair {
        name: "36-discriminated-union-variant-added",
        base: Base::Small,
        edits: &[
            Edit::Replace(
                "        - $ref: '#/components/schemas/Puppy'\n",
                "        - $ref: '#/components/schemas/Puppy'\n        - $ref: '#/components/schemas/Chick'\n",
            ),
            Edit::Replace(
                "          puppy: '#/components/schemas/Puppy'\n",
                "          puppy: '#/components/schemas/Puppy'\n          chick: '#/components/schemas/Chick'\n",
            ),
        ],
        expected: &[("union-variant-added", Compatible, "Young::Chick")],
        bump: Bump::Patch,
        cross_check: true,
    },
    Pair {
        name: "37-required-header-parameter-added",
        base: Base::Syncano,
        edits: &[Edit::Replace(
            DELETE_SCRIPT_PARAMETERS,
            "        Deletes a Script. The answer has no body. Requires an account key.\n      parameters:\n        - name: X-Request-Id\n          in: header\n          \
             required: true\n          schema:\n            type: string\n",
        )],
        expected: &[("parameter-added", Breaking, "Client::delete_script")],
        bump: Bump::Minor,
        cross_check: true,
    },
    Pair {
        // OpenAPI 3.1 says with `type: [T, "null"]` and `examples` what 3.0 said with `nullable`
        // and `example`: the same API, so the same client.
        name: "38-rewritten-as-openapi-3.1",
        base: Base::Syncano,
        edits: &[Edit::RewriteAs31],
        expected: &[],
        bump: Bump::None,
        cross_check: false,
    },
    Pair {
        // A required property of one value is set by `new`, so callers pass nothing new.
        name: "39-required-one-value-property-added",
        base: Base::Small,
        edits: &[Edit::Replace(
            "      required: [meows]\n      properties:\n",
            "      required: [meows, sound]\n      properties:\n        sound:\n          type: string\n          enum: [meow]\n",
        )],
        expected: &[("field-added", Compatible, "Cat::sound"), ("type-added", Compatible, "CatSound")],
        bump: Bump::Patch,
        cross_check: true,
    },
    Pair {
        // Once it may hold a second value, the caller must choose it: `new` gains an argument.
        name: "40-one-value-property-gains-a-value",
        base: Base::Small,
        edits: &[Edit::Replace("          enum: [lizard]\n", "          enum: [lizard, gecko]\n")],
        expected: &[
            ("field-constant", Breaking, "Lizard::kind"),
            ("enum-value-added", Compatible, "LizardKind::Gecko"),
        ],
        bump: Bump::Minor,
        cross_check: true,
    },
];
