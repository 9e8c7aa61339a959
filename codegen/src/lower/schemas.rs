//! Schemas → named types and type uses.

use std::collections::{HashMap, HashSet};

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::Lowerer;
use crate::diagnostics::pointer_join;
use crate::ir::{EnumVariant, Field, TypeDef, TypeKind, TypeRef, UnionVariant};
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

/// The parts of an object schema, whichever way it was written.
struct ObjectParts<'a> {
    properties: Vec<(&'a String, SchemaRef<'a>, String)>,
    required: HashSet<&'a str>,
    additional: Option<&'a AdditionalProperties>,
    /// Components already merged. Merging one again adds nothing, and a schema whose `allOf`
    /// names itself (twice, say) would otherwise be expanded exponentially.
    merged: HashSet<&'a str>,
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
                    self.types.push(TypeDef { name, doc, kind: TypeKind::Alias(ty), pointer });
                }
            }
        }
    }

    /// Defines a named type for `schema`.
    fn define(&mut self, name: String, schema: &'a Schema, pointer: &str) {
        let doc = schema.schema_data.description.clone();
        let kind = if let Some(parts) = self.object_parts(schema, pointer) {
            let (fields, additional) = self.struct_fields(&name, parts, pointer);
            TypeKind::Struct { fields, additional }
        } else if let Some(values) = string_enum(schema) {
            let values = values.into_iter().enumerate();
            string_enum_kind(values.map(|(i, v)| (v, None, format!("{pointer}/enum/{i}"))).collect())
        } else if let Some(values) = single_value_enums(schema) {
            // `oneOf` of one-value string enums, each with its own description: one documented enum.
            let values = values.into_iter().enumerate();
            string_enum_kind(values.map(|(i, (v, doc))| (v, doc, format!("{pointer}/oneOf/{i}"))).collect())
        } else if let Some(values) = int_enum(schema) {
            let mut scope = Scope::default();
            let values = values
                .into_iter()
                .map(|v| (scope.claim(format!("VALUE_{}", v.to_string().replace('-', "MINUS_"))), v))
                .collect();
            TypeKind::IntEnum { values }
        } else if let Some(alternatives) = union_alternatives(schema) {
            self.union_kind(&name, schema, alternatives, pointer)
        } else {
            TypeKind::Alias(self.plain_type(schema, &name, pointer))
        };
        self.types.push(TypeDef { name, doc, kind, pointer: pointer.to_owned() });
    }

    /// The type of one use of a schema. Inline objects, enums and unions get a named type from `hint`.
    pub(super) fn schema_type(&mut self, schema: SchemaRef<'a>, hint: &str, pointer: &str) -> TypeRef {
        match schema {
            SchemaRef::Ref(reference) => match self.component_key(reference, "schemas", pointer) {
                Some(key) => match self.schema_names.get(&key) {
                    Some(name) => TypeRef::Named(name.clone()),
                    None => {
                        self.error("ref-unresolved", pointer, format!("`{reference}` does not resolve"));
                        TypeRef::Json // reported as an error
                    }
                },
                None => TypeRef::Json, // reported as an error
            },
            SchemaRef::Inline(schema) => {
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

    /// Whether a use of `schema` may be null.
    pub(super) fn is_nullable(&self, schema: SchemaRef<'a>) -> bool {
        match schema {
            SchemaRef::Inline(schema) => schema.schema_data.nullable,
            SchemaRef::Ref(reference) => self.component_schema(reference).is_some_and(|s| s.schema_data.nullable),
        }
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
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => TypeRef::Bytes,
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
            SchemaKind::Type(Type::Array(array)) => {
                let items_pointer = format!("{pointer}/items");
                let item = match &array.items {
                    Some(items) => self.schema_type(items.into(), &format!("{hint}Item"), &items_pointer),
                    None => self.json("an array without `items`"),
                };
                TypeRef::List(Box::new(item))
            }
            SchemaKind::Type(Type::Object(object)) => {
                self.map_type(object.additional_properties.as_ref(), hint, pointer)
            }
            SchemaKind::Any(any) => {
                if let Some(items) = &any.items {
                    // `items` without `type: array`: still a list.
                    let items_pointer = format!("{pointer}/items");
                    TypeRef::List(Box::new(self.schema_type(items.into(), &format!("{hint}Item"), &items_pointer)))
                } else if any.additional_properties.is_some() || any.typ.as_deref() == Some("object") {
                    self.map_type(any.additional_properties.as_ref(), hint, pointer)
                } else if any.enumeration.is_empty() {
                    self.json("a schema without a type")
                } else {
                    self.json("an enum of mixed or non-string values")
                }
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.schema_type((&all_of[0]).into(), hint, &format!("{pointer}/allOf/0"))
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
                TypeRef::Map(Box::new(self.schema_type((&**schema).into(), &format!("{hint}Value"), &value_pointer)))
            }
            _ => self.json_object(),
        }
    }

    /// The properties of an object schema, merging `allOf` parts; `None` when it has none.
    fn object_parts(&self, schema: &'a Schema, pointer: &str) -> Option<ObjectParts<'a>> {
        let mut parts =
            ObjectParts { properties: Vec::new(), required: HashSet::new(), additional: None, merged: HashSet::new() };
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
                parts.required.extend(object.required.iter().map(String::as_str));
                parts.additional = parts.additional.or(object.additional_properties.as_ref());
            }
            SchemaKind::Any(any) => {
                for (name, property) in &any.properties {
                    parts.properties.push((name, property.into(), pointer_join(&properties_pointer, name)));
                }
                parts.required.extend(any.required.iter().map(String::as_str));
                parts.additional = parts.additional.or(any.additional_properties.as_ref());
                for (i, part) in any.all_of.iter().enumerate() {
                    self.collect_part(part, &format!("{pointer}/allOf/{i}"), parts, depth);
                }
            }
            SchemaKind::AllOf { all_of } if all_of.len() > 1 => {
                for (i, part) in all_of.iter().enumerate() {
                    self.collect_part(part, &format!("{pointer}/allOf/{i}"), parts, depth);
                }
            }
            _ => {}
        }
    }

    fn collect_part(&self, part: &'a ReferenceOr<Schema>, pointer: &str, parts: &mut ObjectParts<'a>, depth: usize) {
        match part {
            ReferenceOr::Item(schema) => self.collect_object_parts(schema, pointer, parts, depth + 1),
            ReferenceOr::Reference { reference } => {
                if !parts.merged.insert(reference) {
                    return;
                }
                if let (Some(schema), Some(key)) =
                    (self.component_schema(reference), reference.strip_prefix("#/components/schemas/"))
                {
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
            let (doc, read_only, write_only) = match schema {
                SchemaRef::Inline(s) => {
                    (s.schema_data.description.clone(), s.schema_data.read_only, s.schema_data.write_only)
                }
                SchemaRef::Ref(_) => (self.description_beside_ref(&property_pointer), false, false),
            };
            // A read-only property is absent from requests and a write-only one from responses.
            let may_be_absent = !parts.required.contains(wire_name.as_str()) || read_only || write_only;
            fields.push(Field {
                name,
                wire_name: wire_name.clone(),
                doc,
                ty,
                optional: may_be_absent || self.is_nullable(schema),
                may_be_absent,
                pointer: property_pointer,
            });
        }
        let additional = match parts.additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let additional_pointer = format!("{pointer}/additionalProperties");
                Some(self.schema_type((&**schema).into(), &format!("{struct_name}Value"), &additional_pointer))
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
                UnionVariant { name: variant_name, ty }
            })
            .collect();
        let Some(discriminator) = &schema.schema_data.discriminator else {
            return TypeKind::Untagged { variants };
        };
        // The tag of each alternative: the mapping's key for it, else the schema's name.
        let tagged = alternatives
            .iter()
            .zip(variants)
            .map(|(alternative, variant)| {
                let tag = match alternative {
                    ReferenceOr::Reference { reference } => discriminator
                        .mapping
                        .iter()
                        .find(|(_, target)| *target == reference || reference.ends_with(&format!("/{target}")))
                        .map(|(tag, _)| tag.clone())
                        .unwrap_or_else(|| reference.rsplit('/').next().unwrap_or_default().to_owned()),
                    ReferenceOr::Item(_) => variant.name.clone(),
                };
                (tag, variant)
            })
            .collect();
        let fallback = ["Other", "OtherVariant", "Unknown"]
            .into_iter()
            .find(|candidate| !scope.contains(candidate))
            .map_or_else(|| scope.claim("Other".to_owned()), str::to_owned);
        TypeKind::Tagged { property: discriminator.property_name.clone(), variants: tagged, fallback }
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
        TypeKind::Tagged { variants, .. } => variants.iter().filter_map(|(_, v)| named(&v.ty)).collect(),
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

fn string_enum(schema: &Schema) -> Option<Vec<&str>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
            Some(string.enumeration.iter().flatten().map(String::as_str).collect())
        }
        _ => None,
    }
}

/// Values with their doc text and pointer → an open enum.
fn string_enum_kind(values: Vec<(&str, Option<String>, String)>) -> TypeKind {
    let mut scope = Scope::default();
    let variants: Vec<EnumVariant> = values
        .into_iter()
        .map(|(value, doc, pointer)| EnumVariant {
            name: scope.claim(names::pascal(value)),
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

/// The values of an integer enum.
fn int_enum(schema: &Schema) -> Option<Vec<i64>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(integer)) if !integer.enumeration.is_empty() => {
            Some(integer.enumeration.iter().flatten().copied().collect())
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
            TypeRef::String | TypeRef::List(_) | TypeRef::Map(_) | TypeRef::JsonObject | TypeRef::Bytes => 24,
            TypeRef::Json => 32,
            TypeRef::I64 | TypeRef::F64 | TypeRef::Boxed(_) => 8,
            TypeRef::I32 | TypeRef::F32 | TypeRef::Date => 4,
            TypeRef::Bool => 1,
            TypeRef::DateTime => 12,
            TypeRef::Uuid => 16,
            TypeRef::Named(name) => self.named(name),
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
                8 + variants.iter().map(|(_, v)| self.of(&v.ty)).max().unwrap_or(0).max(32)
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
                TypeKind::Tagged { variants, .. } => variants.iter_mut().map(|(_, v)| &mut v.ty).collect(),
                _ => continue,
            };
            let count = payloads.len() + usize::from(tagged);
            sizes.box_large(&mut payloads, count);
        }
    }
}
