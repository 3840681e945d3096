//! The resident corpus (`tests/corpus/*.toml`): every message read by the engine's
//! understanding, compared slot by slot with what residents meant. Prints the accuracy per
//! slot and fails under the floors below (raise them as understanding improves, never lower
//! them). `CORPUS_VERBOSE=1` lists every miss.

use std::collections::BTreeMap;

use passerelle::domain::Communes;
use passerelle::engine::understand::day::When;
use passerelle::engine::understand::intent::Intent;
use passerelle::engine::understand::place::Place;
use passerelle::engine::understand::{Global, read_message};
use passerelle::engine::{NodeKind, load_embedded};
use passerelle::i18n::Locales;

/// Share of messages whose expectation must be met, per slot.
const FLOORS: &[(&str, f64)] = &[
    ("intent", 0.97),
    ("lang", 0.98),
    ("category", 0.95),
    ("commune", 0.97),
    ("day", 0.97),
    ("time", 0.99),
    ("code", 1.0),
    ("answer", 0.95),
];

#[derive(serde::Deserialize)]
struct File {
    now: String,
    message: Vec<Message>,
}

#[derive(serde::Deserialize)]
struct Message {
    text: String,
    lang: String,
    intent: String,
    category: Option<String>,
    commune: Option<String>,
    commune_candidates: Option<Vec<String>>,
    day: Option<String>,
    time: Option<String>,
    code: Option<String>,
    answer: Option<String>,
}

#[derive(Default)]
struct Tally {
    right: usize,
    total: usize,
    misses: Vec<String>,
}

#[test]
fn the_engine_understands_residents_as_they_write() {
    let locales = Locales::embedded().unwrap();
    let lex = locales.lexicon();
    let communes = Communes::embedded().unwrap();
    let flows = load_embedded().unwrap();
    let help = flows.flow("help").unwrap();
    let Some(NodeKind::Choice(cats)) = help.nodes.get("category").map(|n| n.kind.clone()) else {
        panic!("the help flow asks for a category");
    };
    let categories: Vec<(&str, &str)> = cats
        .choices
        .iter()
        .map(|c| (c.key.as_str(), c.label.as_str()))
        .collect();
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut emergencies_missed = Vec::new();
    let mut false_alarms = Vec::new();
    for lang in ["fr", "en", "ar"] {
        let path = format!("{}/tests/corpus/{lang}.toml", env!("CARGO_MANIFEST_DIR"));
        let file: File = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let now: jiff::Timestamp = file.now.parse().unwrap();
        let today = now
            .to_zoned(jiff::tz::TimeZone::get("Europe/Paris").unwrap())
            .date();
        for m in &file.message {
            let u = read_message(lex, &communes, "fr", &m.text, today, &categories);
            let emergency = lex.is_emergency(&m.text);
            if m.intent == "emergency" && !emergency {
                emergencies_missed.push(m.text.clone());
            }
            if m.intent != "emergency" && emergency {
                false_alarms.push(m.text.clone());
            }
            let intent = if emergency {
                "emergency".to_string()
            } else if lex.global("fr", &m.text) == Some(Global::Stop) {
                "stop".into()
            } else if lex.language("fr", &m.text).is_some() {
                "language".into()
            } else {
                match &u.intent {
                    Some(Intent::Help) => "help".into(),
                    Some(Intent::Offer) => "offer".into(),
                    Some(Intent::Follow) => "follow".into(),
                    Some(Intent::Question) => "question".into(),
                    Some(Intent::Language(_) | Intent::LanguageMenu) => "language".into(),
                    Some(Intent::Greeting) => "greeting".into(),
                    None => "other".into(),
                }
            };
            let reply_lang = match (&u.switch, lex.language("fr", &m.text), &u.lang) {
                (Some(l), _, _) => l.clone(),
                (_, Some(l), _) => l,
                (_, _, Some(l)) => l.clone(),
                _ => "fr".into(),
            };
            let category = u.category.map(|i| categories[i].0.to_string());
            let (commune, candidates) = match &u.place {
                Some(Place::One(c)) => (Some(c.insee.clone()), Vec::new()),
                Some(Place::Several(l)) => (None, l.iter().map(|c| c.insee.clone()).collect()),
                None => (None, Vec::new()),
            };
            let day = u.day.map(|d| match d.when {
                When::Date(d) => d.to_string(),
                When::Today => "today".into(),
                When::ThisWeek => "this_week".into(),
                When::Flexible => "flexible".into(),
            });
            let time = u
                .day
                .and_then(|d| d.time)
                .map(|(h, m)| format!("{h:02}:{m:02}"));
            let answer = if lex.global(&reply_lang, &m.text) == Some(Global::Human) {
                Some("human".to_string())
            } else if let Some(n) = lex.choice(&reply_lang, &m.text, &[], 1, 9) {
                Some((n + 1).to_string())
            } else {
                lex.yes_no(&reply_lang, &m.text)
                    .map(|y| if y { "yes" } else { "no" }.to_string())
            };
            let mut check = |slot: &'static str, ok: bool, got: String| {
                let t = tallies.entry(slot).or_default();
                t.total += 1;
                if ok {
                    t.right += 1;
                } else {
                    t.misses.push(format!("{:?} → {got}", m.text));
                }
            };
            check(
                "intent",
                intent == m.intent,
                format!("{intent} (want {})", m.intent),
            );
            check(
                "lang",
                reply_lang == m.lang,
                format!("{reply_lang} (want {})", m.lang),
            );
            check(
                "category",
                category == m.category,
                format!("{category:?} (want {:?})", m.category),
            );
            let commune_ok = match &m.commune_candidates {
                Some(want) => commune.is_none() && want.iter().all(|w| candidates.contains(w)),
                None => commune == m.commune && candidates.is_empty(),
            };
            check(
                "commune",
                commune_ok,
                format!(
                    "{commune:?} {candidates:?} (want {:?} {:?})",
                    m.commune, m.commune_candidates
                ),
            );
            check("day", day == m.day, format!("{day:?} (want {:?})", m.day));
            check(
                "time",
                time == m.time,
                format!("{time:?} (want {:?})", m.time),
            );
            let code = u.code.map(|c| c.to_string());
            check(
                "code",
                code == m.code,
                format!("{code:?} (want {:?})", m.code),
            );
            if m.answer.is_some() {
                check(
                    "answer",
                    answer == m.answer,
                    format!("{answer:?} (want {:?})", m.answer),
                );
            }
        }
    }
    let verbose = std::env::var("CORPUS_VERBOSE").is_ok();
    let mut failed = Vec::new();
    for (slot, t) in &tallies {
        let share = t.right as f64 / t.total as f64;
        println!(
            "{slot:>9}: {:5.1} % ({}/{})",
            share * 100.0,
            t.right,
            t.total
        );
        if verbose {
            for miss in &t.misses {
                println!("           {miss}");
            }
        }
        let floor = FLOORS
            .iter()
            .find(|(s, _)| s == slot)
            .map_or(1.0, |(_, f)| *f);
        if share < floor {
            failed.push(format!(
                "{slot} {:.1} % is under its floor {:.0} %",
                share * 100.0,
                floor * 100.0
            ));
        }
    }
    assert!(
        emergencies_missed.is_empty(),
        "emergencies missed: {emergencies_missed:?}"
    );
    assert!(
        false_alarms.is_empty(),
        "taken for emergencies: {false_alarms:?}"
    );
    assert!(failed.is_empty(), "{failed:?}");
}
