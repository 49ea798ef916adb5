//! The intermediate representation: what the emitters read. It holds no
//! `openapiv3` types, so emission never depends on how a spec spelled things.

use std::fmt;

/// A whole API, ready to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub title: String,
    /// `info.version` of the spec, e.g. `1.8.1`.
    pub version: String,
    /// First `servers` entry, the client's default endpoint.
    pub endpoint: String,
    /// Platform the spec was published for (`server`, `client`, `console`).
    pub platform: String,
    /// The crate's name in Rust code (`appwrite_client` for the package
    /// `appwrite-client`); empty until a crate is named.
    pub lib_name: String,
    pub services: Vec<Service>,
    pub models: Vec<Model>,
    pub enums: Vec<EnumDef>,
    /// `oneOf`/`anyOf` of models, each a Rust enum.
    pub unions: Vec<Union>,
}

/// An identifier as the wire spells it and as Rust spells it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name {
    pub wire: String,
    pub rust: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// The tag (`tablesDB`) and the module name (`tables_db`).
    pub name: Name,
    /// Type name of the service handle (`TablesDb`).
    pub type_name: String,
    pub description: String,
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HttpMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
    Options,
    Trace,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Put => "PUT",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Trace => "TRACE",
        }
    }

    /// The verb an SDK method name starts with for this HTTP method, used to
    /// tell apart two endpoints that a spec gave the same name.
    pub fn naming_verb(self) -> &'static str {
        match self {
            HttpMethod::Get | HttpMethod::Head | HttpMethod::Options | HttpMethod::Trace => "get",
            HttpMethod::Post => "create",
            HttpMethod::Put | HttpMethod::Patch => "update",
            HttpMethod::Delete => "delete",
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Identifies one SDK method across spec versions: endpoint plus, for an
/// entry of `x-appwrite.methods`, that entry's SDK name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OpKey {
    pub method: HttpMethod,
    pub path: String,
    pub variant: Option<String>,
}

impl fmt::Display for OpKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        if let Some(variant) = &self.variant {
            write!(f, "#{variant}")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpKind {
    Standard,
    /// Multipart upload, chunked by the client.
    Upload,
    /// Binary body (images, downloads).
    Location,
    /// OAuth2 redirect: the URL is built, not followed.
    WebAuth,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub key: OpKey,
    /// The name the spec suggests (SDK method name or cleaned operationId).
    pub spec_name: String,
    /// The final snake_case method name (set by normalization).
    pub name: String,
    /// Builder type name, PascalCase of `name`.
    pub builder: String,
    pub summary: String,
    pub description: String,
    pub params: Vec<Param>,
    pub response: Response,
    pub kind: OpKind,
    pub deprecated: Option<Deprecation>,
    /// Deprecated SDK names folded into this method because they collided.
    pub aliases: Vec<String>,
    /// Earlier Rust names of this method (from the name lock), still
    /// emitted as deprecated methods that call this one.
    pub renamed_from: Vec<String>,
    /// Security schemes accepted (e.g. `Project`, `Key`, `Session`).
    pub auth: Vec<String>,
    /// Platforms the method is published for, when the spec says.
    pub platforms: Vec<String>,
    /// Headers sent with every call, whatever the caller sets (GraphQL's
    /// `x-sdk-graphql: true`).
    pub fixed_headers: Vec<(String, String)>,
    /// Pointer to the operation object, for diagnostics.
    pub pointer: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Deprecation {
    pub since: Option<String>,
    /// Replacement as the spec writes it (`account.createMFAAuthenticator`).
    pub replace_with: Option<String>,
    /// The replacement's Rust names, when it is a method of this API.
    pub replacement: Option<MethodRef>,
}

/// A method by its Rust names: `service.name.rust` and `operation.name`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MethodRef {
    pub service: String,
    pub method: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Path,
    Query,
    Header,
    Body,
}

impl Location {
    /// How docs name where a parameter goes.
    pub fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Body => "body",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub name: Name,
    pub location: Location,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub default: Option<serde_json::Value>,
    pub example: Option<serde_json::Value>,
    pub description: String,
    /// The builder method sending `null` (`name_null`), for an optional
    /// parameter that may be null.
    pub null_setter: Option<String>,
    /// What docs show for a value the reader fills in (`<DATABASE_ID>`).
    pub placeholder: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    String,
    /// A model field holding an ISO 8601 date and time (the runtime's
    /// `Timestamp`); parameters stay plain strings.
    DateTime,
    Integer,
    Number,
    Bool,
    Array(Box<TypeRef>),
    /// A JSON object whose shape the spec leaves open.
    Object,
    /// Any JSON value (`oneOf`, `anyOf`, untyped).
    Json,
    /// Index into `Api::models`.
    Model(usize),
    /// Index into `Api::enums`.
    Enum(usize),
    /// Index into `Api::unions`.
    Union(usize),
    /// A file upload part.
    File,
    /// The runtime's `GraphqlRequest`: the body Appwrite's GraphQL
    /// endpoints read, which their spec does not declare.
    GraphqlRequest,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    Empty,
    Model(usize),
    /// Index into `Api::unions`.
    Union(usize),
    Json,
    Binary,
    Redirect,
    /// The runtime's `GraphqlResponse` (`data` and `errors`).
    Graphql,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Schema key (`userList`) and type name (`UserList`).
    pub name: Name,
    /// Module and file name (`user_list`).
    pub module: String,
    /// Name of the field holding properties beyond `fields`, when the
    /// schema allows them (`data`, unless a listed field took it).
    pub extra_field: Option<String>,
    pub description: String,
    pub fields: Vec<Field>,
    /// The schema allows properties beyond `fields` (documents, rows, prefs).
    pub additional: bool,
    pub pointer: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: Name,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    pub description: String,
    /// Possible models when the schema is a `oneOf`/`anyOf` of refs.
    pub one_of: Vec<usize>,
    /// Holds a secret (session secret, JWT, password, provider token...):
    /// the model's `Debug` shows `<redacted>` instead of the value.
    pub sensitive: bool,
}

impl Field {
    /// Whether a response may lack the field or send `null`: it is then an
    /// `Option` in its model.
    pub fn is_optional(&self) -> bool {
        !self.required || self.nullable
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// Type name (`OauthProvider`).
    pub name: String,
    /// Module and file name (`oauth_provider`).
    pub module: String,
    pub description: String,
    pub values: Vec<EnumValue>,
    /// Where the enum was first seen, for diagnostics.
    pub pointer: String,
    /// For an enum the spec did not name: the property's own name, used
    /// when several operations share the enum.
    pub generic_name: Option<String>,
    /// How many schemas use the enum.
    pub uses: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub wire: String,
    pub rust: String,
    /// Human label from `x-enum-keys` (or a `oneOf` member's `title`),
    /// when given: it names the variant.
    pub label: Option<String>,
    /// What the spec says of this value (a `oneOf` member's `description`).
    pub description: Option<String>,
}

/// A `oneOf`/`anyOf` whose members are all models: one Rust enum with a
/// variant per member and an `Unknown` that keeps the JSON.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// Type name (`Attribute`), set by normalization.
    pub name: String,
    /// Module and file name (`attribute`), under `models`.
    pub module: String,
    /// Where the union was first met, in the spec's words (`collection
    /// attributes`): its name when its members share no leading word.
    pub context: String,
    pub members: Vec<UnionMember>,
    /// Pointer to the first `oneOf`/`anyOf` seen, for diagnostics.
    pub pointer: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionMember {
    /// Index into `Api::models`.
    pub model: usize,
    /// The variant's name (`Boolean`), set by normalization.
    pub variant: String,
    /// The member's string properties whose value its schema fixes: the
    /// candidates for telling the members apart (see [`Union::tags`]).
    pub fixed: Vec<FixedValue>,
}

/// A required string property with one value in a member's schema.
#[derive(Debug, Clone, PartialEq)]
pub struct FixedValue {
    pub property: String,
    pub value: String,
    /// From a one-value `enum` or `const` (the schema allows nothing else),
    /// rather than from `x-example` or `default` (a hint).
    pub exact: bool,
}

/// The properties that tell a union's members apart, and each member's
/// value of them, in member order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tags {
    /// Most telling first: fixed by the most members, then with the most
    /// distinct values (Appwrite's attributes: `type`, then `format`).
    pub properties: Vec<String>,
    /// Per member, its value of each property (`None`: the member lacks it).
    pub values: Vec<Vec<Option<String>>>,
    /// Every value comes from an `enum`/`const`: a document whose tag no
    /// member has is none of them.
    pub exact: bool,
}

impl Union {
    /// A property tells the members apart when at least two members fix it,
    /// to different values. An `x-example` counts only when some member's
    /// value appears in that member's schema name (`boolean` in
    /// `attributeBoolean`): that tells a tag from an example of data (an
    /// attribute's `key` is `isEnabled` in one member, `count` in another).
    pub fn tags(&self, models: &[Model]) -> Tags {
        let mut candidates: Vec<(&str, usize, usize, bool)> = Vec::new();
        for member in &self.members {
            for fixed in &member.fixed {
                if candidates.iter().any(|c| c.0 == fixed.property) {
                    continue;
                }
                let holders: Vec<(&UnionMember, &FixedValue)> = self
                    .members
                    .iter()
                    .filter_map(|m| m.fixed.iter().find(|f| f.property == fixed.property).map(|f| (m, f)))
                    .collect();
                let mut distinct: Vec<&str> = holders.iter().map(|(_, f)| f.value.as_str()).collect();
                distinct.sort_unstable();
                distinct.dedup();
                let exact = holders.iter().all(|(_, f)| f.exact);
                let named = holders.iter().any(|(m, f)| {
                    let value = letters(&f.value);
                    !value.is_empty() && letters(&models[m.model].name.wire).contains(&value)
                });
                if holders.len() >= 2 && distinct.len() >= 2 && (exact || named) {
                    candidates.push((fixed.property.as_str(), holders.len(), distinct.len(), exact));
                }
            }
        }
        // Stable: ties keep the order the members list the properties in.
        candidates.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)));
        let properties: Vec<String> = candidates.iter().map(|c| c.0.to_owned()).collect();
        let values = self
            .members
            .iter()
            .map(|m| {
                properties.iter().map(|p| m.fixed.iter().find(|f| &f.property == p).map(|f| f.value.clone())).collect()
            })
            .collect();
        Tags { exact: !candidates.is_empty() && candidates.iter().all(|c| c.3), properties, values }
    }
}

/// Letters and digits, lower-cased: `attributeBoolean` contains `boolean`.
fn letters(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// A list model: `total` plus one array of models or unions of models.
#[derive(Debug, Clone, PartialEq)]
pub struct PageShape {
    /// Index of the array field in the list model.
    pub items_field: usize,
    /// The items' type: `TypeRef::Model` or `TypeRef::Union`.
    pub item: TypeRef,
    /// Index of the item model's `$id` field, the cursor for the next page;
    /// `None` for items without one (logs, attributes), paged by offset.
    pub id_field: Option<usize>,
}

impl PageShape {
    /// The item model, when the items are not a union.
    pub fn item_model(&self) -> Option<usize> {
        match self.item {
            TypeRef::Model(model) => Some(model),
            _ => None,
        }
    }
}

impl Service {
    /// Whether the service sends files: its feature then turns on the
    /// crate's `uploads` feature, which the runtime's upload code needs.
    pub fn uploads(&self) -> bool {
        self.operations.iter().any(|op| op.kind == OpKind::Upload)
    }
}

impl Api {
    pub fn operation_count(&self) -> usize {
        self.services.iter().map(|s| s.operations.len()).sum()
    }

    /// Whether model `index` is a page of a listing: `total` and one array
    /// of items, walked by cursor when each carries an `$id`.
    pub fn page_shape(&self, index: usize) -> Option<PageShape> {
        let model = &self.models[index];
        let has_total =
            model.fields.iter().any(|f| f.name.wire == "total" && f.ty == TypeRef::Integer && !f.is_optional());
        let arrays: Vec<(usize, &TypeRef)> = model
            .fields
            .iter()
            .enumerate()
            .filter_map(|(i, f)| match &f.ty {
                TypeRef::Array(inner) if !f.is_optional() => match **inner {
                    TypeRef::Model(_) | TypeRef::Union(_) => Some((i, &**inner)),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        let [(items_field, item)] = arrays[..] else { return None };
        let id_field = match item {
            TypeRef::Model(item) => self.models[*item]
                .fields
                .iter()
                .position(|f| f.name.wire == "$id" && f.ty == TypeRef::String && f.required && !f.nullable),
            _ => None,
        };
        has_total.then(|| PageShape { items_field, item: item.clone(), id_field })
    }

    /// Whether a model carries data shaped by the caller: the properties
    /// beyond its schema (a document's or row's attributes), or a page of
    /// such models. It is emitted generic over that data's type, a JSON map
    /// by default, and the operations answering with it get `typed::<T>()`.
    pub fn carries_data(&self, index: usize) -> bool {
        self.models[index].extra_field.is_some()
            || self
                .page_shape(index)
                .and_then(|shape| shape.item_model())
                .is_some_and(|item| self.models[item].extra_field.is_some())
    }

    /// Whether an operation lists pages that `into_stream()` can walk: a GET
    /// returning a page model and taking Appwrite's `queries`.
    pub fn is_paginated(&self, op: &Operation) -> bool {
        let Response::Model(model) = op.response else { return false };
        op.key.method == HttpMethod::Get
            && op.kind == OpKind::Standard
            && self.page_shape(model).is_some()
            && op.params.iter().any(|p| {
                p.name.wire == "queries"
                    && p.location == Location::Query
                    && p.ty == TypeRef::Array(Box::new(TypeRef::String))
            })
    }
}
