//! The mutation corpus: valid specs with exactly one known defect each.
//!
//! Each mutation names the rule that must catch it and the line the diagnostic must point at.
//! The tests check our validator against it, and compare it with independent validators.

/// A spec made of one or more files; the first is the root.
pub type Files = Vec<(&'static str, String)>;

/// Which valid spec a mutation starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Base {
    /// The project's `spec/syncano.yaml`.
    Syncano,
    /// A small JSON spec.
    SmallJson,
    /// A YAML spec split across files by relative `$ref`s.
    MultiFile,
    /// A small OpenAPI 3.1 YAML spec.
    Small31,
}

/// One defect.
#[derive(Debug, Clone, Copy)]
pub struct Mutation {
    /// A short unique name.
    pub id: &'static str,
    /// What is wrong, for people.
    pub defect: &'static str,
    /// The spec it starts from.
    pub base: Base,
    /// The file edited.
    pub edit_file: &'static str,
    /// The text replaced (its first occurrence).
    pub find: &'static str,
    /// What replaces it.
    pub replace: &'static str,
    /// The rule that must report it.
    pub rule: &'static str,
    /// The file the diagnostic must name.
    pub file: &'static str,
    /// The diagnostic's line is the first line of `file` containing this text, after the edit.
    pub anchor: &'static str,
}

const SMALL_JSON: &str = r##"{
  "openapi": "3.0.3",
  "info": {"title": "Small", "version": "1", "description": "A small spec."},
  "servers": [{"url": "https://api.example.org/v1"}],
  "security": [],
  "paths": {
    "/items/{id}": {
      "get": {
        "operationId": "getItem",
        "summary": "Get an item.",
        "parameters": [
          {"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}
        ],
        "responses": {
          "200": {
            "description": "The item.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}, "example": {"id": 1}}}
          },
          "404": {"description": "No such item."}
        }
      }
    }
  },
  "components": {
    "schemas": {
      "Item": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
    }
  }
}
"##;

const SMALL_31: &str = r#"openapi: 3.1.0
info:
  title: Small 3.1
  version: '1'
  license:
    name: MIT
    identifier: MIT
servers:
  - url: https://api.example.org/v1
paths:
  /items/{id}:
    get:
      operationId: getItem
      summary: Get an item.
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: integer
            exclusiveMinimum: 0
      responses:
        '200':
          description: The item.
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Item'
        '404':
          description: No such item.
components:
  schemas:
    Item:
      type: object
      required: [id, kind]
      properties:
        id:
          type: integer
        kind:
          type: string
          enum: [small, large]
        note:
          type: [string, 'null']
          examples: [a note]
"#;

const MULTI_ROOT: &str = "openapi: 3.0.3
info:
  title: Pets
  version: '1'
  description: A spec split across files.
servers:
  - url: https://api.example.org/v1
security: []
paths:
  /pets/{petId}:
    get:
      operationId: getPet
      summary: Get a pet.
      parameters:
        - $ref: 'parameters.yaml#/PetId'
      responses:
        '200':
          description: The pet.
          content:
            application/json:
              schema:
                $ref: 'schemas/pet.yaml#/Pet'
        '404':
          description: No such pet.
";

const MULTI_PARAMETERS: &str = "PetId:
  name: petId
  in: path
  required: true
  schema:
    type: integer
";

const MULTI_PET: &str = "Pet:
  type: object
  required: [id]
  properties:
    id:
      type: integer
    owner:
      $ref: '../owner.yaml#/Owner'
";

const MULTI_OWNER: &str = "Owner:
  type: object
  properties:
    name:
      type: string
";

/// The files of `base`, given the text of `spec/syncano.yaml`.
pub fn base_files(base: Base, syncano: &str) -> Files {
    match base {
        Base::Syncano => vec![("syncano.yaml", syncano.to_owned())],
        Base::SmallJson => vec![("small.json", SMALL_JSON.to_owned())],
        Base::Small31 => vec![("small31.yaml", SMALL_31.to_owned())],
        Base::MultiFile => vec![
            ("root.yaml", MULTI_ROOT.to_owned()),
            ("parameters.yaml", MULTI_PARAMETERS.to_owned()),
            ("schemas/pet.yaml", MULTI_PET.to_owned()),
            ("owner.yaml", MULTI_OWNER.to_owned()),
        ],
    }
}

impl Mutation {
    /// The files of the mutated spec. Panics if the edit does not apply: the corpus is wrong.
    pub fn files(&self, syncano: &str) -> Files {
        let mut files = base_files(self.base, syncano);
        let (_, text) = files.iter_mut().find(|(name, _)| *name == self.edit_file).expect("the edited file exists");
        assert!(text.contains(self.find), "mutation {}: `{}` is not in {}", self.id, self.find, self.edit_file);
        *text = text.replacen(self.find, self.replace, 1);
        files
    }

    /// The 1-based line the diagnostic must point at.
    pub fn expected_line(&self, files: &Files) -> usize {
        let (_, text) = files.iter().find(|(name, _)| *name == self.file).expect("the named file exists");
        let index = text.find(self.anchor).unwrap_or_else(|| panic!("mutation {}: anchor not found", self.id));
        text[..index].matches('\n').count() + 1
    }
}

/// A mutation of the small 3.1 spec, reported in it.
const fn small31(
    id: &'static str,
    defect: &'static str,
    find: &'static str,
    replace: &'static str,
    rule: &'static str,
    anchor: &'static str,
) -> Mutation {
    Mutation {
        id,
        defect,
        base: Base::Small31,
        edit_file: "small31.yaml",
        find,
        replace,
        rule,
        file: "small31.yaml",
        anchor,
    }
}

const fn syncano(
    id: &'static str,
    defect: &'static str,
    find: &'static str,
    replace: &'static str,
    rule: &'static str,
    anchor: &'static str,
) -> Mutation {
    Mutation {
        id,
        defect,
        base: Base::Syncano,
        edit_file: "syncano.yaml",
        find,
        replace,
        rule,
        file: "syncano.yaml",
        anchor,
    }
}

/// Every mutation.
pub const MUTATIONS: &[Mutation] = &[
    small31(
        "oas31-type-invalid",
        "a 3.1 `type` array naming a type JSON Schema does not have",
        "type: [string, 'null']",
        "type: [strin, 'null']",
        "schema-type-invalid",
        "type: [strin, 'null']",
    ),
    small31(
        "oas31-required-on-property",
        "Swagger 2.0's `required: true` on a property of a 3.1 schema",
        "        kind:\n          type: string\n",
        "        kind:\n          type: string\n          required: true # as in Swagger 2.0\n",
        "schema-required-invalid",
        "required: true # as in Swagger 2.0",
    ),
    small31(
        "oas31-enum-duplicate",
        "an enum value listed twice",
        "enum: [small, large]",
        "enum: [small, large, small]",
        "enum-duplicate",
        "enum: [small, large, small]",
    ),
    small31(
        "oas31-exclusive-minimum-boolean",
        "a 3.0 boolean `exclusiveMinimum` in a 3.1 schema",
        "            exclusiveMinimum: 0\n",
        "            minimum: 0\n            exclusiveMinimum: true\n",
        "oas30-keyword",
        "exclusiveMinimum: true",
    ),
    small31(
        "oas31-examples-invalid",
        "an item of a 3.1 `examples` array that does not match its schema",
        "examples: [a note]",
        "examples: [42]",
        "example-invalid",
        "examples: [42]",
    ),
    small31(
        "oas31-examples-later-item-invalid",
        "the second item of a 3.1 `examples` array does not match its schema (draft 2020-12 checks every item)",
        "          examples: [a note]\n",
        "          examples:\n            - a note\n            - 42\n",
        "example-invalid",
        "- 42",
    ),
    small31(
        "oas31-example-breaks-dependent-required",
        "an example that breaks `dependentRequired`, a keyword draft 4 does not have",
        "      required: [id, kind]\n",
        "      required: [id, kind]\n      dependentRequired: {note: [size]}\n      examples:\n        - {id: 1, kind: small, note: n}\n",
        "example-invalid",
        "- {id: 1, kind: small, note: n}",
    ),
    small31(
        "oas31-response-description-missing",
        "a 3.1 response without its required `description`",
        "        '404':\n          description: No such item.\n",
        "        '404': {}\n",
        "response-description-missing",
        "'404': {}",
    ),
    syncano(
        "yaml-syntax",
        "unclosed flow sequence",
        "  title: Syncano Script API\n",
        "  title: [Syncano Script API\n",
        "syntax",
        "  version:",
    ),
    syncano(
        "yaml-duplicate-key",
        "a key written twice in one mapping",
        "      summary: Run a Script\n",
        "      summary: Run a Script\n      summary: Run it again\n",
        "duplicate-key",
        "summary: Run it again",
    ),
    syncano("version-3.2", "an OpenAPI 3.2 document", "openapi: 3.0.3", "openapi: 3.2.0", "version", "openapi:"),
    syncano("version-swagger", "a Swagger 2.0 document", "openapi: 3.0.3", "swagger: '2.0'", "version", "swagger:"),
    syncano("version-unknown", "an unknown OpenAPI version", "openapi: 3.0.3", "openapi: 4.0.0", "version", "openapi:"),
    syncano(
        "not-openapi",
        "a field of the wrong type",
        "        required: false\n        description: >-\n          Optional body",
        "        required: maybe\n        description: >-\n          Optional body",
        "schema",
        "      requestBody:\n        required: maybe",
    ),
    syncano(
        "operation-ref",
        "an operation given by `$ref`, which OpenAPI 3.0 does not allow",
        "  /instances/{instance_name}/snippets/scripts/runtimes/:\n    get:\n      operationId: listRuntimes\n",
        "  /instances/{instance_name}/snippets/scripts/runtimes/:\n    get:\n      $ref: '#/components/schemas/Runtimes'\n    head:\n      operationId: listRuntimes\n",
        "operation-ref",
        "      $ref: '#/components/schemas/Runtimes'",
    ),
    syncano(
        "ref-schema",
        "a schema $ref to a missing schema",
        "$ref: '#/components/schemas/Trace'",
        "$ref: '#/components/schemas/Tracee'",
        "schema-ref-unresolved",
        "Tracee",
    ),
    syncano(
        "ref-parameter",
        "a parameter $ref to a missing parameter",
        "$ref: '#/components/parameters/ScriptId'",
        "$ref: '#/components/parameters/ScriptIdd'",
        "ref-unresolved",
        "ScriptIdd",
    ),
    syncano(
        "ref-pointer-syntax",
        "a $ref into a missing section",
        "$ref: '#/components/schemas/BadRequestError'",
        "$ref: '#/components/shemas/BadRequestError'",
        "schema-ref-unresolved",
        "shemas",
    ),
    syncano(
        "ref-cycle-alias",
        "two schemas defined as each other",
        "  schemas:\n",
        "  schemas:\n    LoopA:\n      $ref: '#/components/schemas/LoopB'\n    LoopB:\n      $ref: '#/components/schemas/LoopA'\n",
        "ref-cycle",
        "LoopA:",
    ),
    syncano(
        "ref-cycle-allof",
        "a schema that is allOf itself",
        "  schemas:\n",
        "  schemas:\n    Selfish:\n      allOf:\n        - $ref: '#/components/schemas/Selfish'\n",
        "ref-cycle",
        "Selfish:",
    ),
    syncano(
        "path-param-undeclared",
        "a template parameter nobody declares",
        "{trace_id}/:",
        "{trace_id}/{extra}/:",
        "path-param-undeclared",
        "{extra}/:",
    ),
    syncano(
        "path-param-unused",
        "a path parameter missing from the template",
        "        - $ref: '#/components/parameters/TraceId'\n",
        "        - $ref: '#/components/parameters/TraceId'\n        - {name: ghost, in: path, required: true, schema: {type: string}}\n",
        "path-param-unused",
        "name: ghost",
    ),
    syncano(
        "path-param-optional",
        "a path parameter that is not required",
        "      name: trace_id\n      in: path\n      required: true",
        "      name: trace_id\n      in: path\n      required: false",
        "path-param-optional",
        "required: false\n      description: Identifier of the Trace",
    ),
    syncano(
        "param-duplicate",
        "the same parameter twice",
        "        - $ref: '#/components/parameters/ScriptId'\n      requestBody:",
        "        - $ref: '#/components/parameters/ScriptId'\n        - $ref: '#/components/parameters/ScriptId'\n      requestBody:",
        "param-duplicate",
        "        - $ref: '#/components/parameters/ScriptId'\n      requestBody:",
    ),
    syncano(
        "operation-id-duplicate",
        "two operations with one operationId",
        "operationId: getTrace",
        "operationId: runScript",
        "operation-id-duplicate",
        "operationId: runScript\n      tags:\n        - Scripts\n      summary: Get",
    ),
    syncano(
        "operation-id-missing",
        "an operation without operationId",
        "      operationId: getTrace\n",
        "",
        "operation-id-missing",
        "    get:\n      tags:\n        - Scripts\n      summary: Get a Trace",
    ),
    syncano(
        "example-media",
        "a response example of the wrong type",
        "                id: 3\n",
        "                id: three\n",
        "example-invalid",
        "              example:\n                status: pending",
    ),
    syncano(
        "example-enum",
        "an example outside the enum",
        "                status: pending",
        "                status: exploded",
        "example-invalid",
        "              example:\n                status: exploded",
    ),
    syncano(
        "example-schema",
        "a schema example of the wrong type",
        "      example:\n        payload:\n          KEY: VALUE",
        "      example:\n        payload: 5",
        "example-invalid",
        "      example:\n        payload: 5",
    ),
    syncano(
        "example-parameter",
        "a parameter example of the wrong type",
        "      description: Identifier of the Script.",
        "      example: abc\n      description: Identifier of the Script.",
        "example-invalid",
        "example: abc",
    ),
    syncano(
        "example-request",
        "a request example missing its object",
        "            example:\n              payload:\n                KEY: VALUE",
        "            example:\n              payload: [1, 2]",
        "example-invalid",
        "            example:\n              payload: [1, 2]",
    ),
    syncano(
        "default-invalid",
        "a default of the wrong type",
        "          description: Identifier of the Trace.",
        "          default: first\n          description: Identifier of the Trace.",
        "default-invalid",
        "default: first",
    ),
    syncano(
        "security-undefined",
        "a requirement naming an undefined scheme",
        "  - apiKey: []",
        "  - apiKeys: []",
        "security-undefined",
        "- apiKeys: []",
    ),
    syncano(
        "security-undefined-operation",
        "an operation requirement naming an undefined scheme",
        "      operationId: getTrace\n",
        "      operationId: getTrace\n      security:\n        - token: []\n",
        "security-undefined",
        "- token: []",
    ),
    syncano(
        "response-key-pattern",
        "a response key that is not a status",
        "        '404':\n          description: >-\n            The instance or the Script",
        "        '40X':\n          description: >-\n            The instance or the Script",
        "response-key",
        "'40X':",
    ),
    syncano(
        "response-key-word",
        "a response key that is a word",
        "        '403':\n          description: >-\n            The request is not allowed.",
        "        'denied':\n          description: >-\n            The request is not allowed.",
        "response-key",
        "'denied':",
    ),
    syncano(
        "name-collision-schemas",
        "two schemas that become one Rust name",
        "  schemas:\n",
        "  schemas:\n    trace_links:\n      type: object\n      description: Collides with TraceLinks.\n",
        "name-collision",
        "    TraceLinks:",
    ),
    syncano(
        "name-collision-operations",
        "two operationIds that become one Rust name",
        "operationId: getTrace",
        "operationId: run_script",
        "name-collision",
        "operationId: run_script",
    ),
    syncano(
        "name-collision-parameters",
        "two parameters that become one Rust name",
        "        - $ref: '#/components/parameters/TraceId'\n",
        "        - $ref: '#/components/parameters/TraceId'\n        - {name: Trace-Id, in: header, schema: {type: string}}\n",
        "name-collision",
        "name: Trace-Id",
    ),
    syncano(
        "server-variable-undeclared",
        "a server URL naming a variable it does not declare",
        "  - url: https://api.syncano.io/v1.1\n",
        "  - url: https://{region}.syncano.io/v1.1\n",
        "server-variable-undeclared",
        "  - url: https://{region}.syncano.io/v1.1",
    ),
    syncano(
        "unsupported-param-content",
        "a parameter given by `content`, which the generator cannot send",
        "      description: Identifier of the Script. A non-integer identifier is answered with 404.\n      schema:\n        type: integer",
        "      description: Identifier of the Script. A non-integer identifier is answered with 404.\n      content:\n        application/json:\n          schema:\n            type: integer",
        "param-content-unsupported",
        "    ScriptId:",
    ),
    syncano(
        "unsupported-callback",
        "a callback the client cannot serve",
        "      operationId: getTrace\n",
        "      operationId: getTrace\n      callbacks:\n        done:\n          '{$request.body#/url}':\n            post:\n              responses:\n                '200':\n                  description: ok\n",
        "callback-unsupported",
        "      callbacks:",
    ),
    syncano(
        "unsupported-remote-ref",
        "a remote $ref",
        "$ref: '#/components/schemas/ErrorDetail'",
        "$ref: 'https://example.org/schemas.yaml#/ErrorDetail'",
        "ref-unsupported",
        "https://example.org",
    ),
    Mutation {
        id: "json-syntax",
        defect: "a missing comma",
        base: Base::SmallJson,
        edit_file: "small.json",
        find: "\"version\": \"1\",",
        replace: "\"version\": \"1\"",
        rule: "syntax",
        file: "small.json",
        anchor: "\"description\": \"A small spec.\"",
    },
    Mutation {
        id: "json-duplicate-key",
        defect: "a key written twice in one object",
        base: Base::SmallJson,
        edit_file: "small.json",
        find: "\"summary\": \"Get an item.\",",
        replace: "\"summary\": \"Get an item.\",\n        \"summary\": \"Again.\",",
        rule: "duplicate-key",
        file: "small.json",
        anchor: "\"summary\": \"Again.\"",
    },
    Mutation {
        id: "json-path-param-undeclared",
        defect: "a template parameter nobody declares",
        base: Base::SmallJson,
        edit_file: "small.json",
        find: "\"/items/{id}\"",
        replace: "\"/items/{id}/{part}\"",
        rule: "path-param-undeclared",
        file: "small.json",
        anchor: "\"/items/{id}/{part}\"",
    },
    Mutation {
        id: "file-missing",
        defect: "a $ref to a file that does not exist",
        base: Base::MultiFile,
        edit_file: "root.yaml",
        find: "schemas/pet.yaml#/Pet",
        replace: "schemas/pets.yaml#/Pet",
        rule: "ref-unresolved",
        file: "root.yaml",
        anchor: "schemas/pets.yaml",
    },
    Mutation {
        id: "file-pointer",
        defect: "a $ref to a missing entry of another file",
        base: Base::MultiFile,
        edit_file: "root.yaml",
        find: "parameters.yaml#/PetId",
        replace: "parameters.yaml#/PetID",
        rule: "ref-unresolved",
        file: "root.yaml",
        anchor: "parameters.yaml#/PetID",
    },
    Mutation {
        id: "file-nested",
        defect: "a broken $ref inside a referenced file",
        base: Base::MultiFile,
        edit_file: "schemas/pet.yaml",
        find: "../owner.yaml#/Owner",
        replace: "../owner.yaml#/Owners",
        rule: "schema-ref-unresolved",
        file: "schemas/pet.yaml",
        anchor: "../owner.yaml#/Owners",
    },
    Mutation {
        id: "file-path-param-optional",
        defect: "a path parameter in another file that is not required",
        base: Base::MultiFile,
        edit_file: "parameters.yaml",
        find: "required: true",
        replace: "required: false",
        rule: "path-param-optional",
        file: "parameters.yaml",
        anchor: "required: false",
    },
];
