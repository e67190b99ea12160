//! Parameter values and their wire form, written once: the client renders
//! an operation's values into a path, query pairs and headers, and the
//! emulator reads them back through the same descriptors.

use super::{check, template, Checkable, Measure, Operation, Path, RuleKind, ValidationErrors};
use super::{ParamLocation, Violation};

/// The type of one scalar parameter value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scalar {
    /// A string or a string enum.
    Text,
    Integer,
    Number,
    Boolean,
}

/// How a list travels in a query string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListStyle {
    /// `?tag=a&tag=b` (OpenAPI's default for query arrays).
    Repeated,
    /// `?tag=a,b`.
    CommaJoined,
}

/// What a parameter takes: one scalar or a list of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    One(Scalar),
    List(Scalar, ListStyle),
}

/// A parameter's value as the caller gave it, before it is written.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Integer(i64),
    Number(f64),
    Boolean(bool),
    List(Vec<Value>),
}

impl Value {
    /// The wire text of a scalar (`50`, `true`); a list's items joined by commas.
    pub fn wire_text(&self) -> String {
        match self {
            Value::Text(t) => t.clone(),
            Value::Integer(n) => n.to_string(),
            Value::Number(x) => x.to_string(),
            Value::Boolean(b) => b.to_string(),
            Value::List(items) => items
                .iter()
                .map(Value::wire_text)
                .collect::<Vec<_>>()
                .join(","),
        }
    }

    /// Reads one scalar back from its wire text.
    fn parse(scalar: Scalar, text: &str) -> Result<Value, &'static str> {
        match scalar {
            Scalar::Text => Ok(Value::Text(text.to_owned())),
            Scalar::Integer => text.parse().map(Value::Integer).map_err(|_| "an integer"),
            Scalar::Number => match text.parse::<f64>() {
                Ok(x) if x.is_finite() => Ok(Value::Number(x)),
                _ => Err("a finite number"),
            },
            Scalar::Boolean => match text {
                "true" => Ok(Value::Boolean(true)),
                "false" => Ok(Value::Boolean(false)),
                _ => Err("true or false"),
            },
        }
    }
}

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_owned())
    }
}

impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Integer(v)
    }
}

impl From<i32> for Value {
    fn from(v: i32) -> Self {
        Value::Integer(v.into())
    }
}

impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Number(v)
    }
}

impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Boolean(v)
    }
}

/// Rules see a parameter as they see a field: text, a number or a list.
impl Checkable for Value {
    fn measure(&self) -> Measure<'_> {
        match self {
            Value::Text(t) => Measure::Text(t),
            Value::Integer(n) => Measure::Number(*n as f64),
            Value::Number(x) => Measure::Number(*x),
            Value::Boolean(_) => Measure::Opaque,
            Value::List(items) => Measure::Items(items.len()),
        }
    }

    fn for_each_item(&self, f: &mut dyn FnMut(usize, Measure<'_>)) {
        if let Value::List(items) = self {
            for (i, item) in items.iter().enumerate() {
                f(i, item.measure());
            }
        }
    }
}

/// An operation's parameters as they go on the wire.
#[derive(Debug, Default, PartialEq)]
pub struct WireParams {
    /// The path, template filled and values encoded.
    pub path: String,
    /// Query pairs, not yet encoded, in the order of the parameters.
    pub query: Vec<(String, String)>,
    /// Header names and values.
    pub headers: Vec<(&'static str, String)>,
}

impl Operation {
    /// Checks values given in the order of [`Operation::params`] (`None`
    /// for an unset one), reporting every broken rule at once under the
    /// parameter's wire name.
    ///
    /// Beyond the documented rules, a path parameter may not be empty, `.`
    /// or `..`: percent-encoding cannot stop those from changing the path
    /// (`/backups/../replicate` is `/replicate` to every server), and a
    /// signature over the rewritten path would still be valid.
    pub fn check_params(&self, values: &[Option<Value>]) -> Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        for (i, param) in self.params.iter().enumerate() {
            let value = values.get(i).and_then(Option::as_ref);
            check(
                &mut errors,
                &Path::Root,
                param.name,
                value,
                param.required,
                param.rules,
            );
            if let (ParamLocation::Path, Some(Value::Text(v))) = (param.location, value) {
                if matches!(v.as_str(), "" | "." | "..") {
                    errors.push(Violation {
                        path: param.name.to_owned(),
                        rule: RuleKind::PathSegment,
                        limit: "a value other than \"\", \".\" and \"..\"".to_owned(),
                        found: format!("{v:?}"),
                    });
                }
            }
        }
        errors.into_result()
    }

    /// Writes values (checked, in the order of [`Operation::params`]) into
    /// the path, the query and headers.
    pub fn render(&self, values: &[Option<Value>]) -> WireParams {
        let mut out = WireParams::default();
        let mut path_values: Vec<(&str, String)> = Vec::new();
        for (param, value) in self.params.iter().zip(values) {
            let Some(value) = value else { continue };
            match param.location {
                ParamLocation::Path => path_values.push((param.name, value.wire_text())),
                ParamLocation::Header => out.headers.push((param.name, value.wire_text())),
                ParamLocation::Query => match (param.shape, value) {
                    (Shape::List(_, ListStyle::Repeated), Value::List(items)) => {
                        for item in items {
                            out.query.push((param.name.to_owned(), item.wire_text()));
                        }
                    }
                    _ => out.query.push((param.name.to_owned(), value.wire_text())),
                },
            }
        }
        out.path = template::fill(self.path, |name| {
            path_values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.as_str())
        });
        out
    }

    /// Reads values back out of a request, in the order of
    /// [`Operation::params`]: the inverse of [`Operation::render`]. `path`
    /// holds the path's parameters (see [`template::extract`]), `query`
    /// the decoded query pairs, and `header(name)` a header's value.
    ///
    /// A value that does not parse as its type (`limit=ten`), or a single
    /// value sent twice, is a violation naming the parameter.
    pub fn read(
        &self,
        path: &[(String, String)],
        query: &[(String, String)],
        header: impl Fn(&str) -> Option<String>,
    ) -> Result<Vec<Option<Value>>, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let mut values = Vec::with_capacity(self.params.len());
        for param in self.params {
            let texts: Vec<String> = match param.location {
                ParamLocation::Path => path
                    .iter()
                    .filter(|(k, _)| k == param.name)
                    .map(|(_, v)| v.clone())
                    .collect(),
                ParamLocation::Header => header(param.name).into_iter().collect(),
                ParamLocation::Query => query
                    .iter()
                    .filter(|(k, _)| k == param.name)
                    .map(|(_, v)| v.clone())
                    .collect(),
            };
            let mut fail = |limit: String, found: String| {
                errors.push(Violation {
                    path: param.name.to_owned(),
                    rule: RuleKind::Type,
                    limit,
                    found,
                })
            };
            let shown = |t: &str| format!("{:?}", t.chars().take(64).collect::<String>());
            let value = match (param.shape, texts.as_slice()) {
                (_, []) => None,
                (Shape::One(scalar), [text]) => match Value::parse(scalar, text) {
                    Ok(v) => Some(v),
                    Err(want) => {
                        fail(want.into(), shown(text));
                        None
                    }
                },
                (Shape::One(_), _) => {
                    fail("one value".into(), format!("{} values", texts.len()));
                    None
                }
                (Shape::List(scalar, style), _) => {
                    let pieces: Vec<&str> = match style {
                        ListStyle::Repeated => texts.iter().map(String::as_str).collect(),
                        ListStyle::CommaJoined => texts
                            .iter()
                            .flat_map(|t| t.split(','))
                            .filter(|t| !t.is_empty())
                            .collect(),
                    };
                    let mut items = Vec::with_capacity(pieces.len());
                    for piece in pieces {
                        match Value::parse(scalar, piece) {
                            Ok(v) => items.push(v),
                            Err(want) => fail(format!("items that are {want}"), shown(piece)),
                        }
                    }
                    Some(Value::List(items))
                }
            };
            values.push(value);
        }
        errors.into_result().map(|()| values)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Param, Rule};
    use super::*;

    static LIST: Operation = Operation {
        service: "test",
        id: "ListThings",
        sdk_name: None,
        method: "GET",
        path: "/v3/{project_id}/things",
        success_status: 200,
        sensitive_fields: &[],
        params: &[
            Param {
                name: "project_id",
                location: ParamLocation::Path,
                shape: Shape::One(Scalar::Text),
                required: true,
                sensitive: false,
                rules: &[],
            },
            Param {
                name: "limit",
                location: ParamLocation::Query,
                shape: Shape::One(Scalar::Integer),
                required: false,
                sensitive: false,
                rules: &[Rule::Minimum(1.0), Rule::Maximum(1000.0)],
            },
            Param {
                name: "tag",
                location: ParamLocation::Query,
                shape: Shape::List(Scalar::Text, ListStyle::Repeated),
                required: false,
                sensitive: false,
                rules: &[Rule::MaxItems(2)],
            },
            Param {
                name: "id",
                location: ParamLocation::Query,
                shape: Shape::List(Scalar::Integer, ListStyle::CommaJoined),
                required: false,
                sensitive: false,
                rules: &[],
            },
            Param {
                name: "dry_run",
                location: ParamLocation::Query,
                shape: Shape::One(Scalar::Boolean),
                required: false,
                sensitive: false,
                rules: &[],
            },
        ],
    };

    fn list(items: &[&str]) -> Value {
        Value::List(items.iter().map(|&s| s.into()).collect())
    }

    #[test]
    fn render_then_read_gives_the_values_back() {
        let values = vec![
            Some("p 1".into()),
            Some(50.into()),
            Some(list(&["a", "b"])),
            Some(Value::List(vec![1.into(), 2.into()])),
            Some(true.into()),
        ];
        LIST.check_params(&values).unwrap();
        let wire = LIST.render(&values);
        assert_eq!(wire.path, "/v3/p%201/things");
        let pairs: Vec<(&str, &str)> = wire
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("limit", "50"),
                ("tag", "a"),
                ("tag", "b"),
                ("id", "1,2"),
                ("dry_run", "true")
            ]
        );
        let path = template::extract(LIST.path, &wire.path).unwrap();
        let read = LIST.read(&path, &wire.query, |_| None).unwrap();
        assert_eq!(read, values);
    }

    #[test]
    fn rules_apply_to_typed_values() {
        let values = vec![
            Some("..".into()),
            Some(0.into()),
            Some(list(&["a", "b", "c"])),
            None,
            None,
        ];
        let err = LIST.check_params(&values).unwrap_err().to_string();
        assert!(err.contains("project_id"), "{err}");
        assert!(err.contains("limit: must be at least 1, found 0"), "{err}");
        assert!(err.contains("tag: must have at most 2 items"), "{err}");
        let err = LIST.check_params(&[]).unwrap_err().to_string();
        assert!(err.contains("project_id: is required"), "{err}");
    }

    #[test]
    fn values_of_the_wrong_type_are_refused_by_name() {
        let path = vec![("project_id".to_owned(), "p".to_owned())];
        let query: Vec<(String, String)> = [
            ("limit", "ten"),
            ("id", "1,x"),
            ("dry_run", "yes"),
            ("limit", "5"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let err = LIST.read(&path, &query, |_| None).unwrap_err().to_string();
        assert!(
            err.contains("limit: must be one value, found 2 values"),
            "{err}"
        );
        assert!(
            err.contains("id: must be items that are an integer"),
            "{err}"
        );
        assert!(err.contains("dry_run: must be true or false"), "{err}");
    }
}
