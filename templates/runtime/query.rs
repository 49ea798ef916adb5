//! Filters, ordering and pagination for list operations.

use std::fmt;

use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::Value;

/// One Appwrite query, serialised to the JSON string form Appwrite expects,
/// e.g. `{"method":"equal","attribute":"name","values":["Ada"]}`.
///
/// List operations take queries as strings; a `Query` converts with
/// `to_string()` or `String::from`:
///
/// ```
/// use appwrite_client::Query;
/// let queries = vec![
///     Query::equal("status", ["active", "pending"]).to_string(),
///     Query::order_desc("$createdAt").to_string(),
///     Query::limit(25).to_string(),
/// ];
/// assert_eq!(queries[2], r#"{"method":"limit","values":[25]}"#);
/// ```
///
/// Values are anything serde can serialise: strings, numbers, booleans, or a
/// `Vec`/array of them, which matches any of the values.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Query {
    method: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    attribute: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    values: Option<Vec<Item>>,
}

/// A value, or a nested query of `or`/`and`/`elemMatch`. Nested queries are kept typed
/// (not as `serde_json::Value`, whose maps sort keys) so that their fields
/// stay in Appwrite's `method`, `attribute`, `values` order; one given as a
/// query string is kept as its text, which is already in that order.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
enum Item {
    Query(Box<Query>),
    Value(Value),
    Text(Box<RawValue>),
}

impl PartialEq for Item {
    // Inline as a derived `eq` is: compiled where queries are compared.
    #[inline]
    fn eq(&self, other: &Item) -> bool {
        match (self, other) {
            (Item::Query(a), Item::Query(b)) => a == b,
            (Item::Value(a), Item::Value(b)) => a == b,
            (Item::Text(a), Item::Text(b)) => a.get() == b.get(),
            _ => false,
        }
    }
}

/// Turns a single value into `[value]` and a list into itself, as Appwrite's
/// own SDKs do.
fn to_values(value: impl Serialize) -> Vec<Item> {
    match serde_json::to_value(value) {
        Ok(Value::Array(values)) => values.into_iter().map(Item::Value).collect(),
        Ok(value) => vec![Item::Value(value)],
        // Only non-string map keys or failing custom impls get here; a null
        // keeps the query well-formed and Appwrite reports the bad value.
        Err(_) => vec![Item::Value(Value::Null)],
    }
}

fn strings<S: Into<String>>(items: impl IntoIterator<Item = S>) -> Vec<Item> {
    items.into_iter().map(|item| Item::Value(Value::String(item.into()))).collect()
}

fn json(value: impl Serialize) -> Item {
    Item::Value(serde_json::to_value(value).unwrap_or(Value::Null))
}

impl Query {
    fn new(method: &'static str, attribute: Option<String>, values: Option<Vec<Item>>) -> Query {
        Query { method: method.to_owned(), attribute, values }
    }

    fn attr_values(method: &'static str, attribute: impl Into<String>, value: impl Serialize) -> Query {
        Query::new(method, Some(attribute.into()), Some(to_values(value)))
    }

    fn attr_only(method: &'static str, attribute: impl Into<String>) -> Query {
        Query::new(method, Some(attribute.into()), None)
    }

    fn values_only(method: &'static str, value: impl Serialize) -> Query {
        Query::new(method, None, Some(to_values(value)))
    }

    fn distance(
        method: &'static str,
        attribute: impl Into<String>,
        values: impl Serialize,
        distance: f64,
        meters: bool,
    ) -> Query {
        // JavaScript prints integral numbers without ".0"; matching it keeps
        // query strings identical to those of Appwrite's official SDKs.
        let distance = if distance.fract() == 0.0 && distance.abs() < 9_007_199_254_740_992.0 {
            json(distance as i64)
        } else {
            json(distance)
        };
        let inner = json((json(values), distance, meters));
        Query::new(method, Some(attribute.into()), Some(vec![inner]))
    }

    fn geometry(method: &'static str, attribute: impl Into<String>, values: impl Serialize) -> Query {
        Query::new(method, Some(attribute.into()), Some(vec![json(values)]))
    }

    fn nested(
        method: &'static str,
        attribute: Option<String>,
        queries: impl IntoIterator<Item = impl Into<QueryPart>>,
    ) -> Query {
        let values = queries.into_iter().map(|q| q.into().0).collect();
        Query::new(method, attribute, Some(values))
    }

    /// `attribute` equals `value` (or any of the values of a list).
    pub fn equal(attribute: impl Into<String>, value: impl Serialize) -> Query {
        Query::attr_values("equal", attribute, value)
    }

    /// `attribute` differs from `value`.
    pub fn not_equal(attribute: impl Into<String>, value: impl Serialize) -> Query {
        Query::attr_values("notEqual", attribute, value)
    }

    /// `attribute` is less than `value`.
    pub fn less_than(attribute: impl Into<String>, value: impl Serialize) -> Query {
        Query::attr_values("lessThan", attribute, value)
    }

    /// `attribute` is less than or equal to `value`.
    pub fn less_than_equal(attribute: impl Into<String>, value: impl Serialize) -> Query {
        Query::attr_values("lessThanEqual", attribute, value)
    }

    /// `attribute` is greater than `value`.
    pub fn greater_than(attribute: impl Into<String>, value: impl Serialize) -> Query {
        Query::attr_values("greaterThan", attribute, value)
    }

    /// `attribute` is greater than or equal to `value`.
    pub fn greater_than_equal(attribute: impl Into<String>, value: impl Serialize) -> Query {
        Query::attr_values("greaterThanEqual", attribute, value)
    }

    /// `attribute` lies between `start` and `end`, inclusive.
    pub fn between(attribute: impl Into<String>, start: impl Serialize, end: impl Serialize) -> Query {
        Query::new("between", Some(attribute.into()), Some(vec![json(start), json(end)]))
    }

    /// `attribute` lies outside `start..=end`.
    pub fn not_between(attribute: impl Into<String>, start: impl Serialize, end: impl Serialize) -> Query {
        Query::new("notBetween", Some(attribute.into()), Some(vec![json(start), json(end)]))
    }

    /// `attribute` is null.
    pub fn is_null(attribute: impl Into<String>) -> Query {
        Query::attr_only("isNull", attribute)
    }

    /// `attribute` is not null.
    pub fn is_not_null(attribute: impl Into<String>) -> Query {
        Query::attr_only("isNotNull", attribute)
    }

    /// String `attribute` starts with `value`.
    pub fn starts_with(attribute: impl Into<String>, value: impl Into<String>) -> Query {
        Query::attr_values("startsWith", attribute, value.into())
    }

    /// String `attribute` does not start with `value`.
    pub fn not_starts_with(attribute: impl Into<String>, value: impl Into<String>) -> Query {
        Query::attr_values("notStartsWith", attribute, value.into())
    }

    /// String `attribute` ends with `value`.
    pub fn ends_with(attribute: impl Into<String>, value: impl Into<String>) -> Query {
        Query::attr_values("endsWith", attribute, value.into())
    }

    /// String `attribute` does not end with `value`.
    pub fn not_ends_with(attribute: impl Into<String>, value: impl Into<String>) -> Query {
        Query::attr_values("notEndsWith", attribute, value.into())
    }

    /// `attribute` (string or array) contains `value` (or any of a list).
    pub fn contains(attribute: impl Into<String>, value: impl Serialize) -> Query {
        Query::attr_values("contains", attribute, value)
    }

    /// `attribute` (string or array) does not contain `value`.
    pub fn not_contains(attribute: impl Into<String>, value: impl Serialize) -> Query {
        Query::attr_values("notContains", attribute, value)
    }

    /// Full-text search of `value` in `attribute` (needs a fulltext index).
    pub fn search(attribute: impl Into<String>, value: impl Into<String>) -> Query {
        Query::attr_values("search", attribute, value.into())
    }

    /// Inverse of [`Query::search`].
    pub fn not_search(attribute: impl Into<String>, value: impl Into<String>) -> Query {
        Query::attr_values("notSearch", attribute, value.into())
    }

    /// Return only these attributes.
    pub fn select<S: Into<String>>(attributes: impl IntoIterator<Item = S>) -> Query {
        Query::new("select", None, Some(strings(attributes)))
    }

    /// Sort ascending by `attribute`.
    pub fn order_asc(attribute: impl Into<String>) -> Query {
        Query::attr_only("orderAsc", attribute)
    }

    /// Sort descending by `attribute`.
    pub fn order_desc(attribute: impl Into<String>) -> Query {
        Query::attr_only("orderDesc", attribute)
    }

    /// Random order.
    pub fn order_random() -> Query {
        Query::new("orderRandom", None, None)
    }

    /// Results after the document/row with this ID (cursor pagination).
    pub fn cursor_after(id: impl Into<String>) -> Query {
        Query::values_only("cursorAfter", id.into())
    }

    /// Results before the document/row with this ID (cursor pagination).
    pub fn cursor_before(id: impl Into<String>) -> Query {
        Query::values_only("cursorBefore", id.into())
    }

    /// At most `limit` results.
    pub fn limit(limit: u64) -> Query {
        Query::values_only("limit", limit)
    }

    /// Skip the first `offset` results.
    pub fn offset(offset: u64) -> Query {
        Query::values_only("offset", offset)
    }

    /// Any of `queries` matches. Accepts `Query` values or query strings.
    pub fn or(queries: impl IntoIterator<Item = impl Into<QueryPart>>) -> Query {
        Query::nested("or", None, queries)
    }

    /// All of `queries` match. Accepts `Query` values or query strings.
    pub fn and(queries: impl IntoIterator<Item = impl Into<QueryPart>>) -> Query {
        Query::nested("and", None, queries)
    }

    /// Created before this ISO 8601 date: [`Query::less_than`] on
    /// `$createdAt` (Appwrite has no query method of its own for it).
    pub fn created_before(value: impl Into<String>) -> Query {
        Query::less_than("$createdAt", value.into())
    }

    /// Created after this ISO 8601 date: [`Query::greater_than`] on `$createdAt`.
    pub fn created_after(value: impl Into<String>) -> Query {
        Query::greater_than("$createdAt", value.into())
    }

    /// Created between these ISO 8601 dates, inclusive: [`Query::between`]
    /// on `$createdAt`.
    pub fn created_between(start: impl Into<String>, end: impl Into<String>) -> Query {
        Query::between("$createdAt", start.into(), end.into())
    }

    /// Updated before this ISO 8601 date: [`Query::less_than`] on `$updatedAt`.
    pub fn updated_before(value: impl Into<String>) -> Query {
        Query::less_than("$updatedAt", value.into())
    }

    /// Updated after this ISO 8601 date: [`Query::greater_than`] on `$updatedAt`.
    pub fn updated_after(value: impl Into<String>) -> Query {
        Query::greater_than("$updatedAt", value.into())
    }

    /// Updated between these ISO 8601 dates, inclusive: [`Query::between`]
    /// on `$updatedAt`.
    pub fn updated_between(start: impl Into<String>, end: impl Into<String>) -> Query {
        Query::between("$updatedAt", start.into(), end.into())
    }

    /// Array `attribute` contains any of `values`.
    ///
    /// Needs Appwrite 1.9 or newer: a 1.8 server answers
    /// `Invalid query method`.
    pub fn contains_any(attribute: impl Into<String>, values: impl Serialize) -> Query {
        Query::attr_values("containsAny", attribute, values)
    }

    /// Array `attribute` contains all of `values`.
    ///
    /// Needs Appwrite 1.9 or newer.
    pub fn contains_all(attribute: impl Into<String>, values: impl Serialize) -> Query {
        Query::attr_values("containsAll", attribute, values)
    }

    /// String `attribute` matches the regular expression `pattern`.
    ///
    /// Needs a server whose query parser accepts `regex`: Appwrite 1.8
    /// does not, nor does 1.9.0.
    pub fn regex(attribute: impl Into<String>, pattern: impl Into<String>) -> Query {
        Query::attr_values("regex", attribute, pattern.into())
    }

    /// Documents that have every one of `attributes` set.
    ///
    /// Needs Appwrite 1.9 or newer.
    pub fn exists<S: Into<String>>(attributes: impl IntoIterator<Item = S>) -> Query {
        Query::new("exists", None, Some(strings(attributes)))
    }

    /// Documents that have none of `attributes` set.
    ///
    /// Needs Appwrite 1.9 or newer.
    pub fn not_exists<S: Into<String>>(attributes: impl IntoIterator<Item = S>) -> Query {
        Query::new("notExists", None, Some(strings(attributes)))
    }

    /// Array-of-objects `attribute` has an element matching all of
    /// `queries`. Accepts `Query` values or query strings.
    ///
    /// Needs Appwrite 1.9 or newer.
    pub fn elem_match(attribute: impl Into<String>, queries: impl IntoIterator<Item = impl Into<QueryPart>>) -> Query {
        Query::nested("elemMatch", Some(attribute.into()), queries)
    }

    /// Spatial `attribute` is exactly `distance` away from the geometry
    /// `values` (e.g. `[lon, lat]`); in meters when `meters`, else in the
    /// geometry's units.
    pub fn distance_equal(attribute: impl Into<String>, values: impl Serialize, distance: f64, meters: bool) -> Query {
        Query::distance("distanceEqual", attribute, values, distance, meters)
    }

    /// Spatial `attribute` is not `distance` away from `values`.
    pub fn distance_not_equal(
        attribute: impl Into<String>,
        values: impl Serialize,
        distance: f64,
        meters: bool,
    ) -> Query {
        Query::distance("distanceNotEqual", attribute, values, distance, meters)
    }

    /// Spatial `attribute` is farther than `distance` from `values`.
    pub fn distance_greater_than(
        attribute: impl Into<String>,
        values: impl Serialize,
        distance: f64,
        meters: bool,
    ) -> Query {
        Query::distance("distanceGreaterThan", attribute, values, distance, meters)
    }

    /// Spatial `attribute` is closer than `distance` to `values`.
    pub fn distance_less_than(
        attribute: impl Into<String>,
        values: impl Serialize,
        distance: f64,
        meters: bool,
    ) -> Query {
        Query::distance("distanceLessThan", attribute, values, distance, meters)
    }

    /// Spatial `attribute` intersects the geometry `values`.
    pub fn intersects(attribute: impl Into<String>, values: impl Serialize) -> Query {
        Query::geometry("intersects", attribute, values)
    }

    /// Spatial `attribute` does not intersect `values`.
    pub fn not_intersects(attribute: impl Into<String>, values: impl Serialize) -> Query {
        Query::geometry("notIntersects", attribute, values)
    }

    /// Spatial `attribute` crosses `values`.
    pub fn crosses(attribute: impl Into<String>, values: impl Serialize) -> Query {
        Query::geometry("crosses", attribute, values)
    }

    /// Spatial `attribute` does not cross `values`.
    pub fn not_crosses(attribute: impl Into<String>, values: impl Serialize) -> Query {
        Query::geometry("notCrosses", attribute, values)
    }

    /// Spatial `attribute` overlaps `values`.
    pub fn overlaps(attribute: impl Into<String>, values: impl Serialize) -> Query {
        Query::geometry("overlaps", attribute, values)
    }

    /// Spatial `attribute` does not overlap `values`.
    pub fn not_overlaps(attribute: impl Into<String>, values: impl Serialize) -> Query {
        Query::geometry("notOverlaps", attribute, values)
    }

    /// Spatial `attribute` touches `values`.
    pub fn touches(attribute: impl Into<String>, values: impl Serialize) -> Query {
        Query::geometry("touches", attribute, values)
    }

    /// Spatial `attribute` does not touch `values`.
    pub fn not_touches(attribute: impl Into<String>, values: impl Serialize) -> Query {
        Query::geometry("notTouches", attribute, values)
    }
}

/// A query nested inside [`Query::or`], [`Query::and`] or
/// [`Query::elem_match`]: built from a
/// [`Query`] or from a query string produced earlier, whose JSON object is
/// nested as written (a string that is not a JSON object is kept as a plain
/// string value, and Appwrite rejects it).
#[derive(Clone, Debug, PartialEq)]
pub struct QueryPart(Item);

impl From<Query> for QueryPart {
    fn from(query: Query) -> Self {
        QueryPart(Item::Query(Box::new(query)))
    }
}

impl From<&Query> for QueryPart {
    fn from(query: &Query) -> Self {
        // Written out rather than cloned: it is sent as the same text.
        // Serializing a `Query` cannot fail (its maps have string keys).
        QueryPart(serde_json::value::to_raw_value(query).map_or(Item::Value(Value::Null), Item::Text))
    }
}

impl From<String> for QueryPart {
    fn from(query: String) -> Self {
        QueryPart::from(query.as_str())
    }
}

impl From<&String> for QueryPart {
    fn from(query: &String) -> Self {
        QueryPart::from(query.as_str())
    }
}

impl From<&str> for QueryPart {
    fn from(query: &str) -> Self {
        // Checked, not parsed: the text goes out as it came in.
        let object = query.trim_start().starts_with('{');
        QueryPart(match serde_json::from_str::<Box<RawValue>>(query) {
            Ok(text) if object => Item::Text(text),
            _ => Item::Value(Value::String(query.to_owned())),
        })
    }
}

impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Serialising strings, numbers and arrays into a String cannot fail.
        let text = serde_json::to_string(self).map_err(|_| fmt::Error)?;
        f.write_str(&text)
    }
}

impl From<Query> for String {
    fn from(query: Query) -> String {
        query.to_string()
    }
}

impl From<&Query> for String {
    fn from(query: &Query) -> String {
        query.to_string()
    }
}
