//! Reading mission feeds: the API Engagement shape (`{ok, total, limit, skip, data: [..]}`,
//! or a bare array of its missions) and a simple CSV with a header line. Each row becomes
//! [`MissionFields`] or a reason it cannot be read, with its place in the file (JSON index,
//! CSV line) so a partner can find it. Pure.

use serde::Deserialize;
use serde_json::Value;

use crate::domain::mission::MissionFields;

/// The formats read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// API Engagement's missions (JSON).
    ApiEngagement,
    /// A CSV file with a header line (see docs/api.md for its columns).
    Csv,
}

impl Format {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "json" | "api_engagement" => Some(Self::ApiEngagement),
            "csv" => Some(Self::Csv),
            _ => None,
        }
    }

    /// The format a file name or a media type suggests (JSON unless it says CSV).
    pub fn guess(name_or_type: &str) -> Self {
        let s = name_or_type.to_ascii_lowercase();
        if s.ends_with(".csv") || s.contains("text/csv") {
            Self::Csv
        } else {
            Self::ApiEngagement
        }
    }
}

/// Where a row is in its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Position {
    /// 0-based index in the JSON array.
    Index(usize),
    /// 1-based line of the CSV file (the header is line 1).
    Line(u64),
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Position::Index(i) => write!(f, "index {i}"),
            Position::Line(l) => write!(f, "line {l}"),
        }
    }
}

/// One row as read: its fields, or why it could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub position: Position,
    pub fields: Result<MissionFields, String>,
    /// Its external id when one could be read (a broken row still counts as present in a
    /// full feed, so its mission is not closed).
    pub external_id: Option<String>,
}

/// Reads a whole feed; `Err` when the file itself cannot be read (not JSON, no header…).
pub fn read(bytes: &[u8], format: Format, source: &str) -> Result<Vec<Row>, String> {
    match format {
        Format::ApiEngagement => read_json(bytes, source),
        Format::Csv => read_csv(bytes, source),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Address {
    street: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Engagement {
    client_id: Option<String>,
    #[serde(rename = "_id")]
    id: Option<String>,
    title: Option<String>,
    description: Option<String>,
    organization_name: Option<String>,
    domain: Option<String>,
    #[serde(default)]
    addresses: Vec<Address>,
    // Older feeds give one address at the top level.
    postal_code: Option<String>,
    city: Option<String>,
    start_at: Option<String>,
    end_at: Option<String>,
    places: Option<i64>,
}

fn id_of(v: &Value) -> Option<String> {
    ["clientId", "_id"].iter().find_map(|k| match v.get(*k) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

fn read_json(bytes: &[u8], source: &str) -> Result<Vec<Row>, String> {
    let doc: Value = serde_json::from_slice(bytes).map_err(|e| format!("not JSON: {e}"))?;
    let list = match doc {
        Value::Array(a) => a,
        Value::Object(mut o) => match o.remove("data") {
            Some(Value::Array(a)) => a,
            _ => {
                return Err(
                    "a JSON feed is an array of missions or an object with \"data\": [..]".into(),
                );
            }
        },
        _ => {
            return Err(
                "a JSON feed is an array of missions or an object with \"data\": [..]".into(),
            );
        }
    };
    Ok(list
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let external_id = id_of(&v);
            let fields = serde_json::from_value::<Engagement>(v)
                .map_err(|e| e.to_string())
                .and_then(|m| {
                    let external_id = m
                        .client_id
                        .or(m.id)
                        .ok_or_else(|| "clientId: missing".to_string())?;
                    let address = m.addresses.into_iter().next();
                    let (street, postal_code, city) = match address {
                        Some(a) => (a.street, a.postal_code, a.city),
                        None => (None, m.postal_code, m.city),
                    };
                    Ok(MissionFields {
                        source: source.to_string(),
                        external_id,
                        title: m.title,
                        description: m.description.map(|d| plain_text(&d)),
                        organization: m.organization_name,
                        domain: m.domain,
                        commune_insee: None,
                        postal_code,
                        city,
                        address: street,
                        start_at: m.start_at,
                        end_at: m.end_at,
                        places: m.places,
                        organization_email: None,
                        organization_phone: None,
                    })
                });
            Row {
                position: Position::Index(i),
                fields,
                external_id,
            }
        })
        .collect())
}

/// The CSV's columns (`external_id`, `title` and `organization` at least).
#[derive(Deserialize)]
struct CsvRow {
    external_id: String,
    title: Option<String>,
    description: Option<String>,
    organization: Option<String>,
    domain: Option<String>,
    commune_insee: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    address: Option<String>,
    start_at: Option<String>,
    end_at: Option<String>,
    places: Option<String>,
    organization_email: Option<String>,
    organization_phone: Option<String>,
}

fn read_csv(bytes: &[u8], source: &str) -> Result<Vec<Row>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| format!("line 1: {e}"))?
        .clone();
    for needed in ["external_id", "title", "organization"] {
        if !headers.iter().any(|h| h == needed) {
            return Err(format!("line 1: the header has no column {needed}"));
        }
    }
    let id_col = headers.iter().position(|h| h == "external_id");
    let mut rows = Vec::new();
    for record in reader.records() {
        let (line, fields, external_id) = match record {
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                (line, Err(e.to_string()), None)
            }
            Ok(r) => {
                let line = r.position().map_or(0, |p| p.line());
                let external_id = id_col
                    .and_then(|c| r.get(c))
                    .map(str::to_string)
                    .filter(|s| !s.is_empty());
                let fields = r
                    .deserialize::<CsvRow>(Some(&headers))
                    .map_err(|e| e.to_string())
                    .and_then(|c| {
                        let places = match c.places.as_deref().filter(|p| !p.is_empty()) {
                            None => None,
                            Some(p) => Some(
                                p.parse::<i64>()
                                    .map_err(|_| format!("places: \"{p}\" is not a number"))?,
                            ),
                        };
                        Ok(MissionFields {
                            source: source.to_string(),
                            external_id: c.external_id,
                            title: c.title,
                            description: c.description,
                            organization: c.organization,
                            domain: c.domain,
                            commune_insee: c.commune_insee,
                            postal_code: c.postal_code,
                            city: c.city,
                            address: c.address,
                            start_at: c.start_at,
                            end_at: c.end_at,
                            places,
                            organization_email: c.organization_email,
                            organization_phone: c.organization_phone,
                        })
                    });
                (line, fields, external_id)
            }
        };
        rows.push(Row {
            position: Position::Line(line),
            fields,
            external_id,
        });
    }
    Ok(rows)
}

/// Descriptions may come as HTML: tags dropped, common entities read, spaces tidied (SMS
/// and voice need plain text).
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_api_engagement_answer_is_read_row_by_row() {
        let feed = br#"{"ok": true, "total": 3, "limit": 3, "skip": 0, "data": [
            {"clientId": "a1", "title": "Collecte", "description": "<p>Aider &amp; trier</p>",
             "organizationName": "Banque alimentaire", "domain": "solidarite-insertion",
             "addresses": [{"street": "1 rue X", "postalCode": "74150", "city": "Rumilly",
                            "location": {"lat": 45.8, "lon": 5.9}}],
             "startAt": "2026-12-05T09:00:00.000Z", "places": 4, "remote": "no"},
            {"_id": "b2", "title": 7},
            "nonsense"
        ]}"#;
        let rows = read(feed, Format::ApiEngagement, "api_engagement").unwrap();
        assert_eq!(rows.len(), 3);
        let a = rows[0].fields.as_ref().unwrap();
        assert_eq!(a.external_id, "a1");
        assert_eq!(a.postal_code.as_deref(), Some("74150"));
        assert_eq!(a.description.as_deref(), Some("Aider & trier"));
        assert!(rows[1].fields.is_err());
        assert_eq!(rows[1].external_id.as_deref(), Some("b2"));
        assert_eq!(rows[2].position, Position::Index(2));
        assert!(read(b"[1", Format::ApiEngagement, "x").is_err());
    }

    #[test]
    fn a_csv_row_knows_its_line() {
        let csv = "external_id,title,organization,commune_insee,places\n\
                   m1,Jardin,Asso,74225,2\n\
                   m2,Repas,Asso,74225,beaucoup\n";
        let rows = read(csv.as_bytes(), Format::Csv, "local").unwrap();
        assert_eq!(rows[0].position, Position::Line(2));
        assert_eq!(rows[0].fields.as_ref().unwrap().places, Some(2));
        assert_eq!(rows[1].position, Position::Line(3));
        assert!(rows[1].fields.as_ref().unwrap_err().contains("beaucoup"));
        assert!(read(b"title\nx\n", Format::Csv, "local").is_err());
    }
}
