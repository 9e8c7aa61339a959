//! Schemas → named types and type uses.

use std::collections::{HashMap, HashSet};

use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::Lowerer;
use crate::diagnostics::pointer_join;
use crate::ir::{EnumVariant, Field, Keywords, TaggedVariant, TypeDef, TypeKind, TypeRef, UnionVariant};
use crate::names::{self, Scope};

/// A schema, inline or by reference.
#[derive(Clone, Copy)]
pub(super) enum SchemaRef<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(schema: &'a ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(schema: &'a ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

/// The alternatives of an `allOf` part that is a union rather than an object's parts: those
/// [`union_alternatives`] reads, or the `oneOf`/`anyOf` of an untyped schema without properties.
fn part_alternatives(schema: &Schema) -> Option<Vec<&ReferenceOr<Schema>>> {
    if let Some(alternatives) = union_alternatives(schema) {
        return Some(alternatives.iter().collect());
    }
    match &schema.schema_kind {
        SchemaKind::Any(any) if any.properties.is_empty() && (!any.one_of.is_empty() || !any.any_of.is_empty()) => {
            Some(any.one_of.iter().chain(&any.any_of).collect())
        }
        _ => None,
    }
}

/// The parts of an object schema, whichever way it was written.
struct ObjectParts<'a> {
    properties: Vec<(&'a String, SchemaRef<'a>, String)>,
    required: HashSet<&'a str>,
    /// The same names, in the order the spec lists them.
    required_order: Vec<&'a str>,
    additional: Option<&'a AdditionalProperties>,
    /// Components already merged. Merging one again adds nothing, and a schema whose `allOf`
    /// names itself (twice, say) would otherwise be expanded exponentially.
    merged: HashSet<&'a str>,
    /// `allOf` parts that are unions (`oneOf`/`anyOf`), not properties, with their pointers.
    unions: Vec<(SchemaRef<'a>, String)>,
}

impl<'a> ObjectParts<'a> {
    /// Adds names of `required`, in order, once each.
    fn require(&mut self, required: &'a [String]) {
        for name in required {
            if self.required.insert(name) {
                self.required_order.push(name);
            }
        }
    }
}

impl<'a> Lowerer<'a> {
    pub(super) fn declare_component_schemas(&mut self) {
        let Some(components) = &self.document.openapi.components else { return };
        for key in components.schemas.keys() {
            let name = self.type_scope.claim(names::type_name(key));
            self.schema_names.insert(key.clone(), name);
        }
    }

    pub(super) fn lower_component_schemas(&mut self) {
        let Some(components) = &self.document.openapi.components else { return };
        for (key, schema) in &components.schemas {
            let pointer = pointer_join("#/components/schemas", key);
            let name = self.schema_names[key].clone();
            match schema {
                ReferenceOr::Item(schema) => self.define(name, schema, &pointer),
                ReferenceOr::Reference { .. } => {
                    let ty = self.schema_type(schema.into(), &name, &pointer);
                    let doc = self.description_beside_ref(&pointer);
                    let keywords = Keywords::default();
                    self.types.push(TypeDef {
                        name,
                        doc,
                        kind: TypeKind::Alias(ty),
                        keywords,
                        pointer,
                        derives: Vec::new(),
                        features: Vec::new(),
                    });
                }
            }
        }
    }

    /// Defines a named type for `schema`.
    fn define(&mut self, name: String, schema: &'a Schema, pointer: &str) {
        let doc = self.doc_of(schema);
        if let Some((part, part_pointer)) = self.wrapped(schema, pointer) {
            match part {
                ReferenceOr::Item(inner) => {
                    self.define(name, inner, &part_pointer);
                    // The wrapper's documentation is the type's, when the part has none of its own.
                    if let Some(def) = self.types.last_mut()
                        && def.doc.is_none()
                    {
                        def.doc = doc;
                    }
                }
                ReferenceOr::Reference { .. } => {
                    let ty = self.schema_type(part.into(), &name, &part_pointer);
                    let keywords = self.keywords(SchemaRef::Inline(schema));
                    self.types.push(TypeDef {
                        name,
                        doc,
                        kind: TypeKind::Alias(ty),
                        keywords,
                        pointer: pointer.to_owned(),
                        derives: Vec::new(),
                        features: Vec::new(),
                    });
                }
            }
            return;
        }
        let kind = if let Some(parts) = self.object_parts(schema, pointer) {
            let (fields, additional) = self.struct_fields(&name, parts, pointer);
            TypeKind::Struct { fields, additional }
        } else if let Some(values) = string_enum(schema) {
            let values = values.into_iter().enumerate();
            string_enum_kind(values.map(|(i, v)| (v, None, format!("{pointer}/enum/{i}"))).collect())
        } else if let Some(values) = self.string_alternatives_enum(schema, pointer) {
            string_enum_kind(values.iter().map(|(v, p)| (v.as_str(), None, p.clone())).collect())
        } else if let Some(values) = single_value_enums(schema) {
            // `oneOf` of one-value string enums, each with its own description: one documented enum.
            let values = values.into_iter().enumerate();
            string_enum_kind(values.map(|(i, (v, doc))| (v, doc, format!("{pointer}/oneOf/{i}"))).collect())
        } else if let Some((values, int32)) = int_enum(schema) {
            let mut scope = Scope::default();
            let values = values
                .into_iter()
                .map(|v| (scope.claim(format!("VALUE_{}", v.to_string().replace('-', "MINUS_"))), v))
                .collect();
            TypeKind::IntEnum { values, int32 }
        } else if let Some(alternatives) = union_alternatives(schema) {
            self.union_kind(&name, schema, alternatives, pointer)
        } else {
            TypeKind::Alias(self.plain_type(schema, &name, pointer))
        };
        let keywords = self.keywords(SchemaRef::Inline(schema));
        self.types.push(TypeDef {
            name,
            doc,
            kind,
            keywords,
            pointer: pointer.to_owned(),
            derives: Vec::new(),
            features: Vec::new(),
        });
    }

    /// The keywords of a use of `schema`, looking through a `$ref` to its target: for a use that
    /// stands alone (a parameter, a body), not a property, whose target's type holds them.
    pub(super) fn schema_keywords(&self, schema: SchemaRef<'a>) -> Keywords {
        match schema {
            SchemaRef::Ref(reference) => match self.component_schema(reference) {
                Some(target) => self.keywords(SchemaRef::Inline(target)),
                None => Keywords::default(),
            },
            inline => self.keywords(inline),
        }
    }

    /// The keywords of a use of `schema` that its Rust type does not carry. A `$ref` has none of
    /// its own: the named type holds its target's.
    pub(super) fn keywords(&self, schema: SchemaRef<'a>) -> Keywords {
        let SchemaRef::Inline(schema) = schema else { return Keywords::default() };
        let data = &schema.schema_data;
        let mut keywords =
            Keywords { example: data.example.clone(), default: data.default.clone(), ..Keywords::default() };
        let items = |items: &'a Option<ReferenceOr<Box<Schema>>>| {
            items.as_ref().map(|i| self.keywords(i.into())).filter(|k| !k.is_empty()).map(Box::new)
        };
        let additional = |additional: &'a Option<AdditionalProperties>| match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                Some(self.keywords((&**schema).into())).filter(|k| !k.is_empty()).map(Box::new)
            }
            _ => None,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                keywords.format = known(&string.format, string_format_name);
                keywords.pattern = string.pattern.clone();
                keywords.min_length = string.min_length.map(|n| n as u64);
                keywords.max_length = string.max_length.map(|n| n as u64);
            }
            SchemaKind::Type(Type::Number(number)) => {
                keywords.format = known(&number.format, |f| match f {
                    NumberFormat::Float => "float",
                    NumberFormat::Double => "double",
                });
                keywords.minimum = number.minimum;
                keywords.maximum = number.maximum;
                keywords.exclusive_minimum = number.exclusive_minimum;
                keywords.exclusive_maximum = number.exclusive_maximum;
                keywords.multiple_of = number.multiple_of;
            }
            SchemaKind::Type(Type::Integer(integer)) => {
                keywords.format = known(&integer.format, |f| match f {
                    IntegerFormat::Int32 => "int32",
                    IntegerFormat::Int64 => "int64",
                });
                keywords.minimum = integer.minimum.map(|n| n as f64);
                keywords.maximum = integer.maximum.map(|n| n as f64);
                keywords.exclusive_minimum = integer.exclusive_minimum;
                keywords.exclusive_maximum = integer.exclusive_maximum;
                keywords.multiple_of = integer.multiple_of.map(|n| n as f64);
            }
            // `bool` does not spell out an `enum: [false]` (FastAPI's `Literal[False]`).
            SchemaKind::Type(Type::Boolean(boolean)) => {
                keywords.values = boolean.enumeration.iter().flatten().map(|b| serde_json::Value::Bool(*b)).collect();
            }
            SchemaKind::Type(Type::Array(array)) => {
                keywords.min_items = array.min_items.map(|n| n as u64);
                keywords.max_items = array.max_items.map(|n| n as u64);
                keywords.unique_items = array.unique_items;
                keywords.items = items(&array.items);
            }
            SchemaKind::Type(Type::Object(object)) => {
                keywords.min_properties = object.min_properties.map(|n| n as u64);
                keywords.additional = additional(&object.additional_properties);
            }
            SchemaKind::Any(any) => {
                keywords.format = any.format.clone();
                keywords.pattern = any.pattern.clone();
                keywords.min_length = any.min_length.map(|n| n as u64);
                keywords.max_length = any.max_length.map(|n| n as u64);
                keywords.minimum = any.minimum;
                keywords.maximum = any.maximum;
                keywords.exclusive_minimum = any.exclusive_minimum.unwrap_or(false);
                keywords.exclusive_maximum = any.exclusive_maximum.unwrap_or(false);
                keywords.multiple_of = any.multiple_of;
                keywords.min_items = any.min_items.map(|n| n as u64);
                keywords.max_items = any.max_items.map(|n| n as u64);
                keywords.unique_items = any.unique_items.unwrap_or(false);
                keywords.min_properties = any.min_properties.map(|n| n as u64);
                keywords.values = any.enumeration.clone();
                keywords.items = items(&any.items);
                keywords.additional = additional(&any.additional_properties);
            }
            _ => {
                if let Some((part, _)) = self.wrapped(schema, "") {
                    let inner = self.keywords(part.into());
                    keywords = Keywords {
                        example: keywords.example.or(inner.example),
                        default: keywords.default.or(inner.default),
                        ..inner
                    };
                }
            }
        }
        if let Some(serde_json::Value::Array(types)) = data.extensions.get(crate::oas31::JSON_TYPES) {
            keywords.json_types = types.iter().filter_map(|t| t.as_str().map(str::to_owned)).collect();
        }
        keywords
    }

    /// The type of one use of a schema. Inline objects, enums and unions get a named type from `hint`.
    pub(super) fn schema_type(&mut self, schema: SchemaRef<'a>, hint: &str, pointer: &str) -> TypeRef {
        match schema {
            SchemaRef::Ref(reference) => match self.component_key(reference, "schemas", pointer) {
                Some(key) => match self.schema_names.get(&key) {
                    Some(name) => TypeRef::Named(name.clone()),
                    None => {
                        self.error(
                            "schema-ref-unresolved",
                            pointer,
                            format!("`{reference}` does not resolve; typed as any JSON"),
                        );
                        TypeRef::Json
                    }
                },
                None => TypeRef::Json, // reported as an error
            },
            SchemaRef::Inline(schema) => {
                if let Some((part, part_pointer)) = self.wrapped(schema, pointer) {
                    return self.schema_type(part.into(), hint, &part_pointer);
                }
                let needs_name = self.object_parts(schema, pointer).is_some()
                    || string_enum(schema).is_some()
                    || int_enum(schema).is_some()
                    || union_alternatives(schema).is_some();
                if needs_name {
                    let name = self.type_scope.claim(names::type_name(hint));
                    self.define(name.clone(), schema, pointer);
                    TypeRef::Named(name)
                } else {
                    self.plain_type(schema, hint, pointer)
                }
            }
        }
    }

    /// A fixed-length tuple (`prefixItems`): each member typed as an array item is.
    fn tuple(&mut self, hint: &str, pointer: &str) -> TypeRef {
        let document = self.document;
        let Some(members) = document.tuples.get(pointer) else { return self.json("an array without `items`") };
        let members = members
            .iter()
            .enumerate()
            .map(|(i, member)| {
                let member_pointer = format!("{pointer}/prefixItems/{i}");
                let ty = self.schema_type(member.into(), &format!("{hint}Item{i}"), &member_pointer);
                self.nullable_inside(member.into(), ty)
            })
            .collect();
        TypeRef::Tuple(members)
    }

    /// `ty` as an array item or map value: `Option<T>` when its schema may be null, since nothing
    /// else there can say so. A JSON value holds `null` already.
    pub(super) fn nullable_inside(&self, schema: SchemaRef<'a>, ty: TypeRef) -> TypeRef {
        if self.is_nullable(schema) && !matches!(ty, TypeRef::Json | TypeRef::Nullable(_)) {
            TypeRef::Nullable(Box::new(ty))
        } else {
            ty
        }
    }

    /// Whether `schema` is a component (or inline schema) without any keyword: any JSON, `null`
    /// included, even when it has a name of its own (FastAPI's `JsonValue: {}`).
    fn admits_any_json(&self, schema: SchemaRef<'a>) -> bool {
        let schema = match schema {
            SchemaRef::Inline(schema) => schema,
            SchemaRef::Ref(reference) => match self.component_schema(reference) {
                Some(schema) => schema,
                None => return false,
            },
        };
        matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == AnySchema::default())
    }

    /// Whether a use of `schema` may be null.
    pub(super) fn is_nullable(&self, schema: SchemaRef<'a>) -> bool {
        self.nullable_at(schema, 0)
    }

    fn nullable_at(&self, schema: SchemaRef<'a>, depth: usize) -> bool {
        if depth > 16 {
            return false;
        }
        let schema = match schema {
            SchemaRef::Inline(schema) => schema,
            SchemaRef::Ref(reference) => match self.component_schema(reference) {
                Some(schema) => schema,
                None => return false,
            },
        };
        schema.schema_data.nullable
            || self.wrapped(schema, "").is_some_and(|(part, _)| self.nullable_at(part.into(), depth + 1))
    }

    /// The one schema a wrapper stands for, with its pointer: an `allOf` of one schema beside parts
    /// that only document it (`description`, `title`, `readOnly`, `default`, `example`…), or a
    /// `oneOf`/`anyOf` of one alternative. `None` when `schema` is not such a wrapper.
    fn wrapped(&self, schema: &'a Schema, pointer: &str) -> Option<(&'a ReferenceOr<Schema>, String)> {
        let (keyword, parts) = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => ("allOf", all_of),
            SchemaKind::OneOf { one_of } if one_of.len() == 1 && schema.schema_data.discriminator.is_none() => {
                ("oneOf", one_of)
            }
            SchemaKind::AnyOf { any_of } if any_of.len() == 1 => ("anyOf", any_of),
            SchemaKind::Any(any) if *any == AnySchema { all_of: any.all_of.clone(), ..AnySchema::default() } => {
                ("allOf", &any.all_of)
            }
            _ => return None,
        };
        let mut essential = parts.iter().enumerate().filter(|(_, part)| !annotation_only(part));
        let (index, part) = essential.next()?;
        essential.next().is_none().then(|| (part, format!("{pointer}/{keyword}/{index}")))
    }

    /// A schema's description, or that of an `allOf` part that only documents it.
    fn doc_of(&self, schema: &'a Schema) -> Option<String> {
        schema.schema_data.description.clone().or_else(|| {
            let SchemaKind::AllOf { all_of } = &schema.schema_kind else { return None };
            all_of
                .iter()
                .filter(|part| annotation_only(part))
                .find_map(|part| part.as_item()?.schema_data.description.clone())
        })
    }

    fn component_schema(&self, reference: &str) -> Option<&'a Schema> {
        let key = reference.strip_prefix("#/components/schemas/")?;
        self.document.openapi.components.as_ref()?.schemas.get(key)?.as_item()
    }

    /// Types that need no definition of their own.
    fn plain_type(&mut self, schema: &'a Schema, hint: &str, pointer: &str) -> TypeRef {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => match &string.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::Binary,
                VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => TypeRef::Base64,
                VariantOrUnknownOrEmpty::Unknown(format) if format == "uuid" => TypeRef::Uuid,
                _ => TypeRef::String,
            },
            SchemaKind::Type(Type::Integer(integer)) => match integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(number)) => match number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(_)) if self.document.tuples.contains_key(pointer) => self.tuple(hint, pointer),
            SchemaKind::Type(Type::Array(array)) => {
                let items_pointer = format!("{pointer}/items");
                let item = match &array.items {
                    Some(items) => {
                        let item = self.schema_type(items.into(), &format!("{hint}Item"), &items_pointer);
                        self.nullable_inside(items.into(), item)
                    }
                    None => self.json("an array without `items`"),
                };
                TypeRef::List(Box::new(item))
            }
            SchemaKind::Type(Type::Object(object)) => {
                self.map_type(object.additional_properties.as_ref(), hint, pointer)
            }
            SchemaKind::Any(any) => {
                // A `type` with keywords of another type (`additionalProperties` on a string): the
                // type decides, the other keywords mean nothing for it.
                let scalar = match (any.typ.as_deref(), any.format.as_deref()) {
                    (Some("string"), Some("date-time")) => Some(TypeRef::DateTime),
                    (Some("string"), Some("date")) => Some(TypeRef::Date),
                    (Some("string"), Some("uuid")) => Some(TypeRef::Uuid),
                    (Some("string"), Some("byte")) => Some(TypeRef::Base64),
                    (Some("string"), Some("binary")) => Some(TypeRef::Binary),
                    (Some("string"), _) => Some(TypeRef::String),
                    (Some("integer"), Some("int32")) => Some(TypeRef::I32),
                    (Some("integer"), _) => Some(TypeRef::I64),
                    (Some("number"), Some("float")) => Some(TypeRef::F32),
                    (Some("number"), _) => Some(TypeRef::F64),
                    (Some("boolean"), _) => Some(TypeRef::Bool),
                    _ => None,
                };
                if let Some(scalar) = scalar {
                    scalar
                } else if let Some(items) = &any.items {
                    // `items` without `type: array`: still a list.
                    let items_pointer = format!("{pointer}/items");
                    let item = self.schema_type(items.into(), &format!("{hint}Item"), &items_pointer);
                    TypeRef::List(Box::new(self.nullable_inside(items.into(), item)))
                } else if any.additional_properties.is_some() || any.typ.as_deref() == Some("object") {
                    self.map_type(any.additional_properties.as_ref(), hint, pointer)
                } else if any.enumeration.is_empty() {
                    self.json("a schema without a type")
                } else {
                    self.json("an enum of mixed or non-string values")
                }
            }
            SchemaKind::Not { .. } => {
                self.warning(
                    "not-unsupported",
                    pointer,
                    "`not` cannot be expressed in Rust types; any JSON value is accepted",
                );
                self.json("`not`")
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::AllOf { .. } => {
                self.json("an empty `oneOf`, `anyOf` or `allOf`")
            }
        }
    }

    /// `serde_json::Value`, counted by what forced it.
    pub(super) fn json(&mut self, reason: &'static str) -> TypeRef {
        *self.json_reasons.entry(reason).or_insert(0) += 1;
        TypeRef::Json
    }

    fn json_object(&mut self) -> TypeRef {
        *self.json_reasons.entry("a free-form object").or_insert(0) += 1;
        TypeRef::JsonObject
    }

    fn map_type(&mut self, additional: Option<&'a AdditionalProperties>, hint: &str, pointer: &str) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let value_pointer = format!("{pointer}/additionalProperties");
                let value = self.schema_type((&**schema).into(), &format!("{hint}Value"), &value_pointer);
                TypeRef::Map(Box::new(self.nullable_inside((&**schema).into(), value)))
            }
            _ => self.json_object(),
        }
    }

    /// The properties of an object schema, merging `allOf` parts; `None` when it has none.
    fn object_parts(&self, schema: &'a Schema, pointer: &str) -> Option<ObjectParts<'a>> {
        let mut parts = ObjectParts {
            properties: Vec::new(),
            required: HashSet::new(),
            required_order: Vec::new(),
            additional: None,
            merged: HashSet::new(),
            unions: Vec::new(),
        };
        self.collect_object_parts(schema, pointer, &mut parts, 0);
        (!parts.properties.is_empty()).then_some(parts)
    }

    fn collect_object_parts(&self, schema: &'a Schema, pointer: &str, parts: &mut ObjectParts<'a>, depth: usize) {
        if depth > 32 {
            return;
        }
        let properties_pointer = format!("{pointer}/properties");
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                for (name, property) in &object.properties {
                    parts.properties.push((name, property.into(), pointer_join(&properties_pointer, name)));
                }
                parts.require(&object.required);
                parts.additional = parts.additional.or(object.additional_properties.as_ref());
            }
            SchemaKind::Any(any) => {
                for (name, property) in &any.properties {
                    parts.properties.push((name, property.into(), pointer_join(&properties_pointer, name)));
                }
                parts.require(&any.required);
                parts.additional = parts.additional.or(any.additional_properties.as_ref());
                for (i, part) in any.all_of.iter().enumerate() {
                    self.collect_part(part, &format!("{pointer}/allOf/{i}"), parts, depth);
                }
            }
            // A one-part `allOf` on its own is an alias of that part, but as a part of another
            // `allOf` it is that part (`{$ref, description}` in 3.1 arrives so).
            SchemaKind::AllOf { all_of } if all_of.len() > 1 || depth > 0 => {
                for (i, part) in all_of.iter().enumerate() {
                    self.collect_part(part, &format!("{pointer}/allOf/{i}"), parts, depth);
                }
            }
            _ => {}
        }
    }

    fn collect_part(&self, part: &'a ReferenceOr<Schema>, pointer: &str, parts: &mut ObjectParts<'a>, depth: usize) {
        match part {
            ReferenceOr::Item(schema) if part_alternatives(schema).is_some() => {
                parts.unions.push((part.into(), pointer.to_owned()))
            }
            ReferenceOr::Item(schema) => self.collect_object_parts(schema, pointer, parts, depth + 1),
            ReferenceOr::Reference { reference } => {
                if !parts.merged.insert(reference) {
                    return;
                }
                if let (Some(schema), Some(key)) =
                    (self.component_schema(reference), reference.strip_prefix("#/components/schemas/"))
                {
                    if part_alternatives(schema).is_some() {
                        parts.unions.push((part.into(), pointer.to_owned()));
                        return;
                    }
                    let target = pointer_join("#/components/schemas", key);
                    self.collect_object_parts(schema, &target, parts, depth + 1);
                }
            }
        }
    }

    fn struct_fields(
        &mut self,
        struct_name: &str,
        parts: ObjectParts<'a>,
        pointer: &str,
    ) -> (Vec<Field>, Option<TypeRef>) {
        let mut scope = Scope::default();
        let mut seen = HashSet::new();
        let mut fields = Vec::new();
        for (wire_name, schema, property_pointer) in parts.properties {
            if !seen.insert(wire_name.as_str()) {
                continue; // allOf parts may repeat a property; the first one wins.
            }
            let name = scope.claim(names::snake(wire_name));
            let hint = format!("{struct_name}{}", names::pascal(wire_name));
            let ty = self.schema_type(schema, &hint, &property_pointer);
            let keywords = self.keywords(schema);
            let (doc, read_only, write_only) = match schema {
                SchemaRef::Inline(s) => (self.doc_of(s), s.schema_data.read_only, s.schema_data.write_only),
                SchemaRef::Ref(_) => (self.description_beside_ref(&property_pointer), false, false),
            };
            // A read-only property is absent from requests and a write-only one from responses.
            let required = parts.required.contains(wire_name.as_str());
            let may_be_absent = !required || read_only || write_only;
            // Any JSON includes `null`: a schema without a type allows it, and the value holds it.
            let any_json = ty == TypeRef::Json || (matches!(ty, TypeRef::Named(_)) && self.admits_any_json(schema));
            let nullable = self.is_nullable(schema) || any_json;
            fields.push(Field {
                name,
                wire_name: wire_name.clone(),
                doc,
                ty,
                optional: may_be_absent || (nullable && !any_json),
                may_be_absent,
                required,
                nullable,
                read_only,
                write_only,
                keywords,
                pointer: property_pointer,
                flatten: false,
                constant: None,
            });
        }
        // An `allOf` part that is a union keeps its own type, beside the properties, on the same
        // JSON object. Beside `additionalProperties` it would take the same keys: left out there.
        // A union that lists this very schema as an alternative (`Pet: oneOf [Cat, Dog]` beside
        // `Cat: allOf [Pet, …]`, inheritance written both ways) is the parent, not a part.
        let lists_self = |schema: &SchemaRef<'a>| {
            let schema = match schema {
                SchemaRef::Inline(schema) => Some(*schema),
                SchemaRef::Ref(reference) => self.component_schema(reference),
            };
            schema.and_then(part_alternatives).is_some_and(|alternatives| {
                alternatives.iter().any(|a| matches!(a, ReferenceOr::Reference { reference } if reference == pointer))
            })
        };
        if parts.additional.is_none() {
            let unions: Vec<(SchemaRef<'a>, String)> =
                parts.unions.iter().filter(|(s, _)| !lists_self(s)).map(|(s, p)| (*s, p.clone())).collect();
            for (i, (schema, part_pointer)) in unions.iter().enumerate() {
                let hint = format!("{struct_name}Variant{}", if i == 0 { String::new() } else { (i + 1).to_string() });
                let ty = self.schema_type(*schema, &hint, part_pointer);
                let base = match &ty {
                    TypeRef::Named(name) => names::snake(names::bare(name)),
                    _ => "variant".to_owned(),
                };
                fields.push(Field {
                    name: scope.claim(base),
                    wire_name: String::new(),
                    doc: Some(
                        "The `allOf` part that is a union, on the same JSON object as the properties.".to_owned(),
                    ),
                    ty,
                    optional: false,
                    may_be_absent: false,
                    required: true,
                    nullable: false,
                    read_only: false,
                    write_only: false,
                    keywords: Keywords::default(),
                    pointer: part_pointer.clone(),
                    flatten: true,
                    constant: None,
                });
            }
        }
        // A required name the schema does not describe must still be sent: it holds any JSON.
        for wire_name in parts.required_order.iter().filter(|name| !seen.contains(**name)) {
            let ty = self.json("a required property the schema does not describe");
            fields.push(Field {
                name: scope.claim(names::snake(wire_name)),
                wire_name: (*wire_name).to_owned(),
                doc: Some(format!("`{wire_name}` is required, and the schema says nothing else of it.")),
                ty,
                optional: false,
                may_be_absent: false,
                required: true,
                nullable: false,
                read_only: false,
                write_only: false,
                keywords: Keywords::default(),
                pointer: format!("{pointer}/required"),
                flatten: false,
                constant: None,
            });
        }
        let additional = match parts.additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let additional_pointer = format!("{pointer}/additionalProperties");
                let value = self.schema_type((&**schema).into(), &format!("{struct_name}Value"), &additional_pointer);
                Some(self.nullable_inside((&**schema).into(), value))
            }
            // Written out as `true`: the other keys matter, so they are kept for a faithful round trip.
            Some(AdditionalProperties::Any(true)) => Some(self.json("`additionalProperties: true` beside properties")),
            _ => None,
        };
        (fields, additional)
    }

    fn union_kind(
        &mut self,
        name: &str,
        schema: &'a Schema,
        alternatives: &'a [ReferenceOr<Schema>],
        pointer: &str,
    ) -> TypeKind {
        let mut scope = Scope::default();
        let keyword = if pointer_has(self.raw(pointer), "oneOf") { "oneOf" } else { "anyOf" };
        let variants: Vec<UnionVariant> = alternatives
            .iter()
            .enumerate()
            .map(|(i, alternative)| {
                let alternative_pointer = format!("{pointer}/{keyword}/{i}");
                let variant_name = scope.claim(self.variant_name(alternative, alternatives, i));
                let hint = format!("{name}{}", names::bare(&variant_name));
                let ty = self.schema_type(alternative.into(), &hint, &alternative_pointer);
                UnionVariant { name: variant_name, ty, keywords: self.keywords(alternative.into()) }
            })
            .collect();
        let Some(discriminator) = &schema.schema_data.discriminator else {
            return TypeKind::Untagged { variants };
        };
        // The tags of each alternative: the value its schema pins on the tag property (what real
        // servers send), the mapping's keys for it, and its schema name (OpenAPI's implicit tag).
        let property = &discriminator.property_name;
        let tagged = alternatives
            .iter()
            .zip(variants)
            .map(|(alternative, variant)| {
                let mut tags: Vec<String> = self.pinned_tag(alternative, property).into_iter().collect();
                if let ReferenceOr::Reference { reference } = alternative {
                    let mapped = discriminator
                        .mapping
                        .iter()
                        .filter(|(_, target)| *target == reference || reference.ends_with(&format!("/{target}")))
                        .map(|(tag, _)| tag.clone());
                    tags.extend(mapped);
                    tags.push(reference.rsplit('/').next().unwrap_or_default().replace("~1", "/").replace("~0", "~"));
                } else if tags.is_empty() {
                    tags.push(variant.name.clone());
                }
                let mut seen = HashSet::new();
                tags.retain(|tag| seen.insert(tag.clone()));
                TaggedVariant { tags, variant }
            })
            .collect();
        let fallback = ["Other", "OtherVariant", "Unknown"]
            .into_iter()
            .find(|candidate| !scope.contains(candidate))
            .map_or_else(|| scope.claim("Other".to_owned()), str::to_owned);
        TypeKind::Tagged { property: discriminator.property_name.clone(), variants: tagged, fallback }
    }

    /// The value `alternative` pins on `property` with a one-value `enum`, if it does.
    fn pinned_tag(&self, alternative: &'a ReferenceOr<Schema>, property: &str) -> Option<String> {
        let schema = match alternative {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => self.component_schema(reference)?,
        };
        let parts = self.object_parts(schema, "")?;
        let (_, tag_schema, _) = parts.properties.iter().find(|(name, ..)| name.as_str() == property)?;
        let tag_schema = match tag_schema {
            SchemaRef::Inline(schema) => *schema,
            SchemaRef::Ref(reference) => self.component_schema(reference)?,
        };
        match string_enum(tag_schema)?.as_slice() {
            [value] => Some((*value).to_owned()),
            _ => None,
        }
    }

    /// A readable name for alternative `index`: its title, its tag, its one property, the property only
    /// it has, or its type.
    fn variant_name(
        &self,
        alternative: &'a ReferenceOr<Schema>,
        all: &'a [ReferenceOr<Schema>],
        index: usize,
    ) -> String {
        let schema = match alternative {
            ReferenceOr::Reference { reference } => {
                let key = reference.rsplit('/').next().unwrap_or_default().replace("~1", "/").replace("~0", "~");
                return self.schema_names.get(&key).cloned().unwrap_or_else(|| names::pascal(&key));
            }
            ReferenceOr::Item(schema) => schema,
        };
        if let Some(title) = &schema.schema_data.title {
            return names::pascal(title);
        }
        if let Some(values) = string_enum(schema) {
            return if values.len() == 1 { names::pascal(values[0]) } else { "Value".to_owned() };
        }
        if let Some(parts) = self.object_parts(schema, "") {
            // A property whose schema is a one-value string enum is a tag (`{"type": "ip", ...}`).
            for (_, property, _) in &parts.properties {
                if let SchemaRef::Inline(property) = property
                    && let Some([value]) = string_enum(property).as_deref()
                {
                    return names::pascal(value);
                }
            }
            if let [(only, ..)] = parts.properties.as_slice() {
                return names::pascal(only);
            }
            let others: HashSet<&str> = all
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != index)
                .filter_map(|(_, other)| other.as_item())
                .filter_map(|other| self.object_parts(other, ""))
                .flat_map(|p| p.properties.into_iter().map(|(name, ..)| name.as_str()))
                .collect();
            let mut own = parts.properties.iter().map(|(name, ..)| name.as_str()).filter(|n| !others.contains(n));
            let required_own = own.clone().find(|n| parts.required.contains(n));
            if let Some(name) = required_own.or_else(|| own.next()) {
                return names::pascal(name);
            }
            return "Object".to_owned();
        }
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(_)) => "String",
            SchemaKind::Type(Type::Integer(_)) => "Integer",
            SchemaKind::Type(Type::Number(_)) => "Number",
            SchemaKind::Type(Type::Boolean(_)) => "Boolean",
            SchemaKind::Type(Type::Array(_)) => "List",
            SchemaKind::Type(Type::Object(_)) => "Object",
            _ => "Value",
        };
        kind.to_owned()
    }

    /// `type: string` beside an `anyOf`/`oneOf` whose alternatives are all strings, some of them
    /// `enum`s (LangGraph's `ProtocolChannel`: eight names, or any `custom:…` by `pattern`). The
    /// typed model keeps only the `type`, so the alternatives are read from the document. The
    /// enums' values are the known ones, with their pointers; the open enum keeps any other string
    /// the other alternatives allow.
    fn string_alternatives_enum(&self, schema: &Schema, pointer: &str) -> Option<Vec<(String, String)>> {
        let string_only = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => string.enumeration.is_empty(),
            SchemaKind::Any(any) => any.typ.as_deref() == Some("string") && any.enumeration.is_empty(),
            _ => false,
        };
        let raw = self.raw(pointer).filter(|_| string_only)?;
        let (keyword, alternatives) =
            ["anyOf", "oneOf"].into_iter().find_map(|k| raw.get(k)?.as_array().map(|list| (k, list)))?;
        let mut values: Vec<(String, String)> = Vec::new();
        for (i, alternative) in alternatives.iter().enumerate() {
            let string_typed = match alternative.get("type") {
                None => true,
                Some(t) => t.as_str() == Some("string"),
            };
            if !alternative.is_object() || alternative.get("$ref").is_some() || !string_typed {
                return None;
            }
            for (j, value) in alternative.get("enum").and_then(|e| e.as_array()).into_iter().flatten().enumerate() {
                let value = value.as_str()?;
                if !values.iter().any(|(known, _)| known == value) {
                    values.push((value.to_owned(), format!("{pointer}/{keyword}/{i}/enum/{j}")));
                }
            }
        }
        (!values.is_empty()).then_some(values)
    }

    /// Marks each required, non-null field whose type is a string enum of one value (`const`, or
    /// an `enum` of one) with that value: `new` fills it in instead of taking it as an argument.
    pub(super) fn fill_constants(&mut self) {
        let single: HashMap<String, EnumVariant> = self
            .types
            .iter()
            .filter_map(|t| match &t.kind {
                TypeKind::StringEnum { variants, .. } if variants.len() == 1 => {
                    Some((t.name.clone(), variants[0].clone()))
                }
                _ => None,
            })
            .collect();
        for def in &mut self.types {
            let TypeKind::Struct { fields, .. } = &mut def.kind else { continue };
            for field in fields.iter_mut().filter(|f| !f.may_be_absent && !f.nullable && !f.optional) {
                if let TypeRef::Named(target) = &field.ty {
                    field.constant = single.get(target).cloned();
                }
            }
        }
    }

    /// Boxes struct fields that would otherwise make a type contain itself.
    pub(super) fn box_recursive_fields(&mut self) {
        let direct: HashMap<String, Vec<String>> =
            self.types.iter().map(|t| (t.name.clone(), direct_references(&t.kind))).collect();
        for def in &mut self.types {
            let TypeKind::Struct { fields, .. } = &mut def.kind else { continue };
            for field in fields {
                if let TypeRef::Named(target) = &field.ty
                    && reaches(&direct, target, &def.name)
                {
                    field.ty = TypeRef::Boxed(target.clone());
                }
            }
        }
    }
}

/// `format` as written in the spec.
fn known<T>(format: &VariantOrUnknownOrEmpty<T>, name: fn(&T) -> &'static str) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => Some(name(item).to_owned()),
        VariantOrUnknownOrEmpty::Unknown(other) => Some(other.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// The name `format` has in the spec.
fn string_format_name(format: &StringFormat) -> &'static str {
    match format {
        StringFormat::Date => "date",
        StringFormat::DateTime => "date-time",
        StringFormat::Password => "password",
        StringFormat::Byte => "byte",
        StringFormat::Binary => "binary",
    }
}

fn pointer_has(value: Option<&serde_json::Value>, key: &str) -> bool {
    value.and_then(|v| v.get(key)).is_some()
}

/// Types a value of this kind contains without indirection.
fn direct_references(kind: &TypeKind) -> Vec<String> {
    let named = |ty: &TypeRef| match ty {
        TypeRef::Named(name) => Some(name.clone()),
        _ => None,
    };
    match kind {
        TypeKind::Struct { fields, .. } => fields.iter().filter_map(|f| named(&f.ty)).collect(),
        TypeKind::Untagged { variants } => variants.iter().filter_map(|v| named(&v.ty)).collect(),
        TypeKind::Tagged { variants, .. } => variants.iter().filter_map(|v| named(&v.variant.ty)).collect(),
        TypeKind::IntEnum { .. } => Vec::new(),
        TypeKind::Alias(ty) => named(ty).into_iter().collect(),
        TypeKind::StringEnum { .. } => Vec::new(),
    }
}

fn reaches(graph: &HashMap<String, Vec<String>>, from: &str, to: &str) -> bool {
    let mut stack = vec![from];
    let mut seen = HashSet::new();
    while let Some(node) = stack.pop() {
        if node == to {
            return true;
        }
        if seen.insert(node) {
            stack.extend(graph.get(node).into_iter().flatten().map(String::as_str));
        }
    }
    false
}

/// The values of a string enum: `type: string` with `enum`, or an `enum` with no `type` whose
/// values are all strings (a `null` among them only makes it nullable).
fn string_enum(schema: &Schema) -> Option<Vec<&str>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
            Some(string.enumeration.iter().flatten().map(String::as_str).collect())
        }
        SchemaKind::Any(any) if untyped_enum(any) => {
            let values: Vec<&serde_json::Value> = any.enumeration.iter().filter(|v| !v.is_null()).collect();
            let strings: Option<Vec<&str>> = values.iter().map(|v| v.as_str()).collect();
            strings.filter(|s| !s.is_empty())
        }
        _ => None,
    }
}

/// An `AnySchema` that is only an `enum` (and maybe a `format`): its type comes from its values.
fn untyped_enum(any: &AnySchema) -> bool {
    !any.enumeration.is_empty()
        && (any.typ.is_none() || any.typ.as_deref().is_some_and(|t| matches!(t, "string" | "integer")))
        && AnySchema { enumeration: Vec::new(), typ: None, format: None, ..any.clone() } == AnySchema::default()
}

/// Whether `part` only documents the schema it sits beside: no type, no structure, no assertions.
fn annotation_only(part: &ReferenceOr<Schema>) -> bool {
    match part {
        ReferenceOr::Item(schema) => {
            schema.schema_data.discriminator.is_none()
                && matches!(&schema.schema_kind, SchemaKind::Any(any) if *any == AnySchema::default())
        }
        ReferenceOr::Reference { .. } => false,
    }
}

/// Values with their doc text and pointer → an open enum.
fn string_enum_kind(values: Vec<(&str, Option<String>, String)>) -> TypeKind {
    let mut scope = Scope::default();
    let variants: Vec<EnumVariant> = values
        .into_iter()
        .map(|(value, doc, pointer)| EnumVariant {
            name: scope.claim(names::variant(value)),
            value: value.to_owned(),
            doc,
            pointer,
        })
        .collect();
    let fallback = ["Unknown", "UnknownValue", "Other"]
        .into_iter()
        .find(|candidate| !scope.contains(candidate))
        .map_or_else(|| scope.claim("Unknown".to_owned()), str::to_owned);
    TypeKind::StringEnum { variants, fallback }
}

/// `oneOf` whose every alternative is an inline one-value string enum: the values with their descriptions.
fn single_value_enums(schema: &Schema) -> Option<Vec<(&str, Option<String>)>> {
    let SchemaKind::OneOf { one_of } = &schema.schema_kind else { return None };
    one_of
        .iter()
        .map(|alternative| {
            let alternative = alternative.as_item()?;
            match string_enum(alternative)?.as_slice() {
                [value] => Some((*value, alternative.schema_data.description.clone())),
                _ => None,
            }
        })
        .collect::<Option<Vec<_>>>()
        .filter(|values| !values.is_empty())
}

/// The values of an integer enum, and whether it is `format: int32`.
fn int_enum(schema: &Schema) -> Option<(Vec<i64>, bool)> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(integer)) if !integer.enumeration.is_empty() => {
            let int32 = matches!(integer.format, VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32));
            Some((integer.enumeration.iter().flatten().copied().collect(), int32))
        }
        SchemaKind::Any(any) if untyped_enum(any) => {
            let values: Option<Vec<i64>> =
                any.enumeration.iter().filter(|v| !v.is_null()).map(|v| v.as_i64()).collect();
            values.filter(|v| !v.is_empty()).map(|v| (v, any.format.as_deref() == Some("int32")))
        }
        _ => None,
    }
}

fn union_alternatives(schema: &Schema) -> Option<&[ReferenceOr<Schema>]> {
    match &schema.schema_kind {
        SchemaKind::OneOf { one_of } if !one_of.is_empty() => Some(one_of),
        SchemaKind::AnyOf { any_of } if !any_of.is_empty() => Some(any_of),
        _ => None,
    }
}

/// Above this estimated size, an enum's big payloads are boxed, so clippy's
/// `large_enum_variant` (a 200-byte gap between variants) never fires.
const LARGE_VARIANT: usize = 200;
/// Payloads estimated above this are the ones boxed.
const BOX_ABOVE: usize = 64;

/// Rough sizes of types, in bytes, for deciding what to box. Errs on the large side.
pub(super) struct SizeEstimate<'t> {
    types: HashMap<&'t str, &'t TypeKind>,
    memo: HashMap<String, usize>,
    depth: usize,
}

impl<'t> SizeEstimate<'t> {
    pub(super) fn new(types: &'t [TypeDef]) -> Self {
        SizeEstimate {
            types: types.iter().map(|t| (t.name.as_str(), &t.kind)).collect(),
            memo: HashMap::new(),
            depth: 0,
        }
    }

    pub(super) fn of(&mut self, ty: &TypeRef) -> usize {
        match ty {
            TypeRef::Nullable(inner) => 8 + self.of(inner),
            TypeRef::String
            | TypeRef::List(_)
            | TypeRef::Map(_)
            | TypeRef::JsonObject
            | TypeRef::Binary
            | TypeRef::Base64 => 24,
            // A user's type replacing a schema: its size is unknown here.
            TypeRef::Json | TypeRef::External(_) => 32,
            TypeRef::I64 | TypeRef::F64 | TypeRef::Boxed(_) => 8,
            TypeRef::I32 | TypeRef::F32 | TypeRef::Date => 4,
            TypeRef::Bool => 1,
            TypeRef::DateTime => 12,
            TypeRef::Uuid => 16,
            TypeRef::Named(name) => self.named(name),
            TypeRef::Tuple(members) => members.iter().map(|m| self.of(m).next_multiple_of(8)).sum(),
        }
    }

    fn named(&mut self, name: &str) -> usize {
        if let Some(size) = self.memo.get(name) {
            return *size;
        }
        if self.depth > 64 {
            // Deeper than any real type nests; a guess keeps the stack bounded.
            return LARGE_VARIANT;
        }
        self.depth += 1;
        // A cycle is broken by a box somewhere; count the back edge as a pointer.
        self.memo.insert(name.to_owned(), 8);
        let size = match self.types.get(name).copied() {
            Some(TypeKind::Struct { fields, additional }) => {
                let fields: usize = fields.iter().map(|f| self.of(&f.ty) + if f.optional { 8 } else { 0 }).sum();
                fields + if additional.is_some() { 24 } else { 0 }
            }
            Some(TypeKind::Untagged { variants }) => 8 + variants.iter().map(|v| self.of(&v.ty)).max().unwrap_or(0),
            Some(TypeKind::Tagged { variants, .. }) => {
                8 + variants.iter().map(|v| self.of(&v.variant.ty)).max().unwrap_or(0).max(32)
            }
            Some(TypeKind::IntEnum { .. }) => 8,
            Some(TypeKind::Alias(inner)) => self.of(inner),
            Some(TypeKind::StringEnum { .. }) | None => 32,
        };
        self.depth -= 1;
        self.memo.insert(name.to_owned(), size);
        size
    }

    /// Boxes the big payloads among `payloads` when the biggest would make an enum of `variants` large.
    pub(super) fn box_large(&mut self, payloads: &mut [&mut TypeRef], variants: usize) {
        let sizes: Vec<usize> = payloads.iter().map(|ty| self.of(ty)).collect();
        if variants < 2 || sizes.iter().max().copied().unwrap_or(0) <= LARGE_VARIANT {
            return;
        }
        for (ty, size) in payloads.iter_mut().zip(sizes) {
            if let TypeRef::Named(name) = &**ty
                && size > BOX_ABOVE
            {
                **ty = TypeRef::Boxed(name.clone());
            }
        }
    }
}

impl Lowerer<'_> {
    /// Boxes big payloads of untagged unions.
    pub(super) fn box_large_union_variants(&mut self) {
        let snapshot = self.types.clone();
        let mut sizes = SizeEstimate::new(&snapshot);
        for def in &mut self.types {
            let tagged = matches!(def.kind, TypeKind::Tagged { .. });
            let mut payloads: Vec<&mut TypeRef> = match &mut def.kind {
                TypeKind::Untagged { variants } => variants.iter_mut().map(|v| &mut v.ty).collect(),
                // The catch-all variant holds a JSON value.
                TypeKind::Tagged { variants, .. } => variants.iter_mut().map(|v| &mut v.variant.ty).collect(),
                _ => continue,
            };
            let count = payloads.len() + usize::from(tagged);
            sizes.box_large(&mut payloads, count);
        }
    }
}
