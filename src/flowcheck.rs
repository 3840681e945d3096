//! `passerelle flows check`: the flows' structure (done by the loader), every message id in
//! every language, and each prompt's SMS budget rendered with the longest realistic values.

use crate::channels::sms::{self, SmsStyle};
use crate::channels::{Renderer, Variant};
use crate::domain::Communes;
use crate::domain::catalog::{CATEGORIES, REQUEST_STATUSES, URGENCIES};
use crate::domain::text::segments;
use crate::engine::load::FlowError;
use crate::engine::model::NodeKind;
use crate::engine::step::Expect;
use crate::engine::step::{COMMUNE_PAGE, ENGINE_MESSAGES, HINT, LIST_PAGE, yes_no_choices};
use crate::engine::{Arg, Args, Flows, NodeRef, Output, Prompt, PromptChoice, Text};
use crate::i18n::Locales;

/// Fluent ids the Rust code uses outside the engine (channels, notifications, labels).
pub fn code_message_ids() -> Vec<String> {
    let mut ids: Vec<String> = [
        "sms-more",
        "sms-stopped",
        "sms-restarted",
        "sms-empty",
        "sms-media-only",
        "sms-too-long",
        "sms-failure",
        "sms-slow-down",
        "sms-reference",
        "voice-intro",
        "voice-choices-count",
        "voice-choice",
        "voice-choice-one",
        "voice-more",
        "voice-keys-repeat",
        "voice-keys-person",
        "voice-connecting",
        "voice-leave-message",
        "voice-message-thanks",
        "voice-no-message",
        "voice-goodbye",
        "sms-callback-recorded",
        "sms-callback-no-message",
        "notify-help-request",
        "notify-no-phone",
        "notify-signup",
        "notify-callback",
        "notify-context",
        "notify-context-known",
        "notify-loop-guard",
        "mission-date-flexible",
        "date",
        "date-at",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    ids.extend(ENGINE_MESSAGES.iter().map(|s| s.to_string()));
    ids.extend(
        crate::volunteering::messages::MESSAGE_IDS
            .iter()
            .map(|s| s.to_string()),
    );
    ids.extend(
        crate::mediation::requests::SMS_IDS
            .iter()
            .chain(crate::mediation::consent::MESSAGE_IDS.iter())
            .map(|s| s.to_string()),
    );
    ids.extend(CATEGORIES.iter().map(|c| format!("cat-{c}")));
    ids.extend(URGENCIES.iter().map(|c| format!("when-{c}")));
    for s in REQUEST_STATUSES {
        ids.push(format!("status-{s}"));
        ids.push(format!("state-{s}"));
    }
    ids.extend((1..=7).map(|d| format!("day-{d}")));
    ids.extend((1..=12).map(|m| format!("month-{m}")));
    ids
}

/// Every check beyond structure; returns the problems found.
pub fn check(flows: &Flows, locales: &Locales, communes: &Communes) -> Vec<FlowError> {
    let mut errors = Vec::new();
    for lang in locales.languages() {
        for (flow, node, id) in flows.message_ids() {
            if !locales.has(&lang, id) {
                errors.push(FlowError {
                    file: flow.file.clone(),
                    line: node.line,
                    message: format!("message \"{id}\" is missing in locales/{lang}"),
                });
            }
        }
        for flow in flows.flows.values() {
            if !locales.has(&lang, &flow.title) {
                errors.push(FlowError {
                    file: flow.file.clone(),
                    line: 1,
                    message: format!("title \"{}\" is missing in locales/{lang}", flow.title),
                });
            }
        }
        // A question with choices says what would work when it is not understood.
        for (flow, node) in flows.nodes() {
            let (Some(ask), NodeKind::Choice(_) | NodeKind::List(_)) = (&node.ask, &node.kind)
            else {
                continue;
            };
            if locales.has(&lang, ask) && !locales.has_attribute(&lang, ask, HINT) {
                errors.push(FlowError {
                    file: flow.file.clone(),
                    line: node.line,
                    message: format!(
                        "message \"{ask}\" has no .{HINT} in locales/{lang} (what would work, said after a miss)"
                    ),
                });
            }
        }
        for id in code_message_ids() {
            if !locales.has(&lang, &id) {
                errors.push(FlowError {
                    file: format!("locales/{lang}"),
                    line: 0,
                    message: format!("message \"{id}\" (used by the code) is missing"),
                });
            }
        }
    }
    errors.extend(check_kiosk_hints(flows, locales));
    errors.extend(check_budgets(flows, locales, communes));
    errors.extend(check_outbound(locales, communes));
    errors.extend(check_voice(flows, locales, communes));
    errors.sort();
    errors
}

/// The kiosk's presentation hints: every pictogram exists, and every `kiosk-yes-<flow>-<node>`
/// / `kiosk-no-<flow>-<node>` label (the words of a yes-or-no question's buttons) names a node
/// that still exists.
fn check_kiosk_hints(flows: &Flows, locales: &Locales) -> Vec<FlowError> {
    let mut errors = Vec::new();
    let hints = &flows.kiosk;
    let named = hints.pictos.iter().map(|(k, p)| (k.clone(), p)).chain(
        hints
            .no_picto
            .iter()
            .map(|(n, p)| (format!("{}:{}", n.flow, n.node), p)),
    );
    for (key, picto) in named {
        if crate::channels::pictos::svg(picto).is_none() {
            let (file, line) = hints.lines.get(&key).cloned().unwrap_or_default();
            errors.push(FlowError {
                file,
                line,
                message: format!("no pictogram \"{picto}\" in kiosk-ui/static/pictos"),
            });
        }
    }
    for lang in locales.languages() {
        for id in locales.ids(&lang) {
            let Some(rest) = id
                .strip_prefix("kiosk-yes-")
                .or_else(|| id.strip_prefix("kiosk-no-"))
            else {
                continue;
            };
            let exists = rest
                .split_once('-')
                .is_some_and(|(flow, node)| flows.node(&NodeRef::new(flow, node)).is_some())
                || flows
                    .flows
                    .values()
                    .any(|f| f.nodes.keys().any(|n| rest == format!("{}-{n}", f.id)));
            if !exists {
                let (file, line) = locales.place_of(&lang, &id).unwrap_or_default();
                errors.push(FlowError {
                    file: format!("locales/{file}"),
                    line,
                    message: format!(
                        "\"{id}\" labels the buttons of a node that does not exist (renamed?)"
                    ),
                });
            }
        }
    }
    errors
}

/// The longest value each variable can realistically take, per language.
fn longest_args(locales: &Locales, communes: &Communes, lang: &str) -> Args {
    let longest_label = |ids: Vec<String>| -> Arg {
        let ctx = Args::new();
        let r = Renderer {
            locales,
            communes,
            lang,
            variant: Variant::Sms,
            context: &ctx,
        };
        let best = ids
            .into_iter()
            .max_by_key(|id| r.plain(id).chars().count())
            .unwrap_or_default();
        Arg::Label(best)
    };
    let longest_commune = communes
        .iter()
        .max_by_key(|c| c.name.chars().count())
        .map(|c| c.insee.clone())
        .unwrap_or_default();
    let mut a = Args::new();
    let commune = Arg::Commune(longest_commune);
    for name in ["commune", "known", "mission_commune"] {
        a.insert(name.into(), commune.clone());
    }
    a.insert(
        "category".into(),
        longest_label(CATEGORIES.iter().map(|c| format!("cat-{c}")).collect()),
    );
    a.insert(
        "request_category".into(),
        longest_label(CATEGORIES.iter().map(|c| format!("cat-{c}")).collect()),
    );
    a.insert(
        "when".into(),
        longest_label(URGENCIES.iter().map(|c| format!("when-{c}")).collect()),
    );
    a.insert(
        "status".into(),
        longest_label(
            REQUEST_STATUSES
                .iter()
                .map(|c| format!("state-{c}"))
                .collect(),
        ),
    );
    a.insert(
        "request_status_long".into(),
        longest_label(
            REQUEST_STATUSES
                .iter()
                .map(|c| format!("status-{c}"))
                .collect(),
        ),
    );
    a.insert("details".into(), Arg::Typed("x".repeat(300)));
    for name in ["reference", "request_reference"] {
        a.insert(name.into(), Arg::Code(999_999));
    }
    for name in ["title", "mission_title", "signup_title"] {
        a.insert(name.into(), Arg::Text("x".repeat(45)));
    }
    for name in ["organization", "mission_organization"] {
        a.insert(name.into(), Arg::Text("x".repeat(40)));
    }
    a.insert("mission_summary".into(), Arg::Text("x".repeat(110)));
    for name in ["date", "mission_date", "signup_date"] {
        a.insert(name.into(), Arg::Date("2026-09-30".into()));
    }
    a.insert("count".into(), Arg::Number(24));
    a.insert("missions_count".into(), Arg::Number(30));
    a.insert("department".into(), Arg::Text("74".into()));
    a.insert(
        "doing".into(),
        longest_label(vec![
            "doing-help".into(),
            "doing-missions".into(),
            "doing-follow".into(),
        ]),
    );
    a
}

/// Context used for budgets: a long but real relais name and a help line.
fn longest_context() -> Args {
    let mut c = Args::new();
    c.insert(
        "relais".into(),
        Arg::Text("Mairie de Saint-Julien-en-Genevois".into()),
    );
    c.insert("help_line".into(), Arg::Text("04 50 01 02 03".into()));
    // A relais's periods (days): the longest written ones.
    c.insert("conversation_days".into(), Arg::Number(364));
    c.insert("request_days".into(), Arg::Number(364));
    c
}

fn check_budgets(flows: &Flows, locales: &Locales, communes: &Communes) -> Vec<FlowError> {
    let mut errors = Vec::new();
    let context = longest_context();
    for lang in locales.languages() {
        let args = longest_args(locales, communes, &lang);
        let r = Renderer {
            locales,
            communes,
            lang: &lang,
            variant: Variant::Sms,
            context: &context,
        };
        for (flow, node) in flows.nodes() {
            let Some(ask) = &node.ask else { continue };
            let at = NodeRef::new(&flow.id, &node.id);
            let output = match &node.kind {
                NodeKind::Say(_) => Output::Say(Text::with(ask, args.clone())),
                NodeKind::Choice(c) => Output::Prompt(Prompt {
                    node: at,
                    text: Text::with(ask, args.clone()),
                    choices: c.numbered(),
                    more: false,
                    expect: Expect::Choice,
                }),
                NodeKind::List(list) => Output::Prompt(Prompt {
                    node: at,
                    text: Text::with(ask, args.clone()),
                    choices: (0..LIST_PAGE)
                        .map(|i| PromptChoice {
                            number: 28 + i,
                            key: String::new(),
                            label: Text::with(&list.item, args.clone()),
                        })
                        .collect(),
                    more: true,
                    expect: Expect::Choice,
                }),
                NodeKind::Confirm(_) => Output::Prompt(Prompt {
                    node: at,
                    text: Text::with(ask, args.clone()),
                    choices: yes_no_choices(),
                    more: false,
                    expect: Expect::YesNo,
                }),
                _ => Output::Say(Text::with(ask, args.clone())),
            };
            let mut texts = vec![sms::render(&r, &[output], SmsStyle::default())];
            if let NodeKind::Commune(c) = &node.kind
                && let Some(k) = &c.ask_known
            {
                texts.push(sms::render(
                    &r,
                    &[Output::Say(Text::with(k, args.clone()))],
                    SmsStyle::default(),
                ));
            }
            let budget = flows.budget(node, &lang);
            for text in texts {
                let s = segments(&text);
                if s.segments > budget {
                    errors.push(FlowError {
                        file: flow.file.clone(),
                        line: node.line,
                        message: format!(
                            "prompt of node \"{}\" takes {} SMS segments in {lang} ({:?}, {} units), over its budget of {budget}",
                            node.id, s.segments, s.encoding, s.units
                        ),
                    });
                }
            }
        }
        // The engine's own "which commune?" page, with the 5 longest names.
        let mut names: Vec<&crate::domain::Commune> = communes.iter().collect();
        names.sort_by_key(|c| std::cmp::Reverse(c.name.chars().count()));
        let choices = names
            .iter()
            .take(COMMUNE_PAGE)
            .enumerate()
            .map(|(i, c)| {
                let mut a = Args::new();
                a.insert("commune".into(), Arg::Commune(c.insee.clone()));
                a.insert("department".into(), Arg::Text(c.department.clone()));
                PromptChoice {
                    number: i + 1,
                    key: c.insee.clone(),
                    label: Text::with("commune-line", a),
                }
            })
            .collect();
        let pick = Output::Prompt(Prompt {
            node: flows.home.clone(),
            text: Text::with("commune-which", args.clone()),
            choices,
            more: true,
            expect: Expect::Choice,
        });
        let text = sms::render(&r, &[pick], SmsStyle::default());
        let budget = flows.default_budget.get(&lang).copied().unwrap_or(1) + 2;
        let s = segments(&text);
        if s.segments > budget {
            errors.push(FlowError {
                file: format!("locales/{lang}"),
                line: 0,
                message: format!(
                    "\"commune-which\" with 5 long names takes {} segments, over {budget}",
                    s.segments
                ),
            });
        }
    }
    errors
}

/// SMS segments the texts sent through the outbox may take, per language: French and
/// English in GSM-7, Arabic in UCS-2.
pub const OUTBOUND_BUDGET: [(&str, usize); 3] = [("fr", 2), ("en", 2), ("ar", 5)];

/// The SMS sent about a sign-up or a request, rendered with the longest realistic values, must
/// fit their budget (the organisation's and the team's are French, like every notification).
fn check_outbound(locales: &Locales, communes: &Communes) -> Vec<FlowError> {
    let mut errors = Vec::new();
    let context = longest_context();
    let longest_commune = communes
        .iter()
        .map(|c| crate::domain::text::to_gsm7(&c.name))
        .max_by_key(|n| n.chars().count())
        .unwrap_or_default();
    for lang in locales.languages() {
        let budget = OUTBOUND_BUDGET
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, b)| *b)
            .unwrap_or(2);
        let r = Renderer {
            locales,
            communes,
            lang: &lang,
            variant: Variant::Sms,
            context: &context,
        };
        let mut args = longest_args(locales, communes, &lang);
        let mut t = Args::new();
        t.insert("hour".into(), Arg::Text("23".into()));
        t.insert("minute".into(), Arg::Text("30".into()));
        let time = r.text(&Text::with("time-of-day", t));
        let mut w = Args::new();
        w.insert("date".into(), Arg::Text(r.date("2026-09-30")));
        w.insert("time".into(), Arg::Text(time));
        args.insert(
            "when".into(),
            Arg::Text(r.text(&Text::with("signup-when", w))),
        );
        args.insert(
            "place".into(),
            Arg::Text(format!(
                "{}, {longest_commune}",
                "x".repeat(crate::volunteering::messages::ADDRESS_CHARS)
            )),
        );
        args.insert("phone".into(), Arg::Text("06 12 34 56 78".into()));
        let mut request_args = args.clone();
        {
            use crate::mediation::requests::{HELPER_CHARS, REASON_CHARS, WHEN_CHARS};
            request_args.insert("helper".into(), Arg::Text("x".repeat(HELPER_CHARS)));
            request_args.insert("when".into(), Arg::Text("x".repeat(WHEN_CHARS)));
            request_args.insert("reason".into(), Arg::Text("x".repeat(REASON_CHARS)));
            request_args.insert("mediator".into(), Arg::Text("x".repeat(30)));
            let scopes: Vec<String> = crate::domain::mandate::Scope::ALL
                .iter()
                .map(|s| r.plain(&format!("mandate-scope-{}", s.as_str())))
                .collect();
            request_args.insert("scopes".into(), Arg::Text(scopes.join(", ")));
            let duration = crate::domain::mandate::Duration::ALL
                .iter()
                .map(|d| format!("mandate-duration-{}", d.as_str()))
                .max_by_key(|id| r.plain(id).chars().count())
                .unwrap_or_default();
            request_args.insert("duration".into(), Arg::Label(duration));
        }
        let sent = crate::volunteering::messages::SMS_IDS
            .iter()
            .map(|id| (*id, &args))
            .chain(
                crate::mediation::requests::SMS_IDS
                    .iter()
                    .chain(&["mandate-sms-recap"])
                    .map(|id| (*id, &request_args)),
            );
        for (id, args) in sent {
            // Organisations and the relais team are written to in French only.
            let french_only = id.starts_with("signup-org") || id.starts_with("notify");
            if french_only && lang != crate::i18n::REFERENCE {
                continue;
            }
            let text = sms::finish(&r.text(&Text::with(id, args.clone())), SmsStyle::default());
            let s = segments(&text);
            if s.segments > budget {
                errors.push(FlowError {
                    file: format!("locales/{lang}"),
                    line: 0,
                    message: format!(
                        "\"{id}\" takes {} SMS segments with the longest values ({:?}, {} units), over {budget}",
                        s.segments, s.encoding, s.units
                    ),
                });
            }
        }
    }
    errors
}

/// Menus deeper than this are too many for the ear (ACCESSIBILITY.md, voice menus).
pub const MAX_VOICE_DEPTH: usize = 3;

fn is_menu(node: &crate::engine::Node) -> bool {
    matches!(node.kind, NodeKind::Choice(_) | NodeKind::List(_))
}

/// Voice: at most 4 choices per spoken page, at most 3 nested menus (the pages of one list
/// count as one; a question that is not a menu starts over), `*` and `0` on every menu, and the
/// escalation texts present.
fn check_voice(flows: &Flows, locales: &Locales, communes: &Communes) -> Vec<FlowError> {
    use crate::channels::voice::{self, PAGE_SIZE, Twiml, VoiceStyle};
    let mut errors = Vec::new();
    // Depth of nested menus: longest chain of menu nodes, following transitions through nodes
    // that ask nothing.
    fn depth(flows: &Flows, at: &NodeRef, seen: &mut Vec<NodeRef>) -> usize {
        let Some(node) = flows.node(at) else { return 0 };
        if seen.contains(at) {
            return 0;
        }
        seen.push(at.clone());
        let mut best = 0;
        for t in node.targets() {
            // Back to the main menu is the top level again, not one more level.
            if let crate::engine::model::Target::Node(next) = t
                && *next != flows.home
                && let Some(n) = flows.node(next)
                && (is_menu(n) || !n.is_question())
            {
                best = best.max(depth(flows, next, seen));
            }
        }
        seen.pop();
        best + usize::from(is_menu(node))
    }
    for (flow, node) in flows.nodes() {
        if !is_menu(node) {
            continue;
        }
        let at = NodeRef::new(&flow.id, &node.id);
        let d = depth(flows, &at, &mut Vec::new());
        if d > MAX_VOICE_DEPTH {
            errors.push(FlowError {
                file: flow.file.clone(),
                line: node.line,
                message: format!(
                    "voice: {d} menus nested from node \"{}\" (at most {MAX_VOICE_DEPTH})",
                    node.id
                ),
            });
        }
    }
    let context = longest_context();
    for lang in locales.languages() {
        let args = longest_args(locales, communes, &lang);
        let r = Renderer {
            locales,
            communes,
            lang: &lang,
            variant: Variant::Voice,
            context: &context,
        };
        for id in [
            "not-heard",
            "not-understood",
            "voice-connecting",
            "voice-leave-message",
        ] {
            if !locales.has(&lang, id) {
                errors.push(FlowError {
                    file: format!("locales/{lang}"),
                    line: 0,
                    message: format!("voice: escalation message \"{id}\" is missing"),
                });
            }
        }
        let repeat = r.plain("voice-keys-repeat");
        let person = r.plain("voice-keys-person");
        for (flow, node) in flows.nodes() {
            let (Some(ask), NodeKind::Choice(c)) = (&node.ask, &node.kind) else {
                continue;
            };
            let choices = &c.choices;
            let prompt = Prompt {
                node: NodeRef::new(&flow.id, &node.id),
                text: Text::with(ask, args.clone()),
                choices: c.numbered(),
                more: false,
                expect: Expect::Choice,
            };
            for (p, page) in voice::pages(choices.len()).iter().enumerate() {
                if page.range.len() + usize::from(page.more) > PAGE_SIZE {
                    errors.push(FlowError {
                        file: flow.file.clone(),
                        line: node.line,
                        message: format!(
                            "voice: page {} of node \"{}\" has more than {PAGE_SIZE} choices",
                            p + 1,
                            node.id
                        ),
                    });
                }
                let mut tw = Twiml::new(VoiceStyle::for_lang(&lang, "check", "/voice"));
                voice::ask(&r, &mut tw, &prompt, p, 0);
                let xml = tw.finish();
                let escaped = |s: &str| crate::domain::text::xml_escape(s);
                if !xml.contains(&escaped(&repeat)) || !xml.contains(&escaped(&person)) {
                    errors.push(FlowError {
                        file: flow.file.clone(),
                        line: node.line,
                        message: format!("voice: node \"{}\" in {lang} does not offer * (repeat) and 0 (a person)", node.id),
                    });
                }
            }
        }
    }
    errors
}
