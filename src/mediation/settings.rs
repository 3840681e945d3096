//! A relais's settings as an admin edits them in the console: the help line, the opening
//! hours, the communes — each typed as a name, a postal code or "Name (postal code)", never
//! only as an INSEE code — read into a [`Relais`]; and how long it keeps what residents said
//! ([`periods`]). Pure: the console saves the result and puts it in the running service
//! (`RelaisSet::update`).

use crate::domain::hours::Schedule;
use crate::domain::retention::{OwnPeriods, Periods, parse_days};
use crate::domain::{Commune, CommuneLookup, Communes, PhoneNumber, Relais};

/// A commune as the settings page shows it: `Rumilly (74150)`.
pub fn show_commune(c: &Commune) -> String {
    match c.postal_codes.first() {
        Some(code) => format!("{} ({code})", c.name),
        None => c.name.clone(),
    }
}

/// What is wrong with one line of the form, for the page to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The help line is not a phone number.
    HelpLine(String),
    /// A line of opening hours is not understood.
    Hours(String),
    /// No commune is called or numbered so.
    UnknownCommune(String),
    /// Several communes match: their names and postal codes, to choose from.
    SeveralCommunes(String, Vec<String>),
    /// A relais serves at least one commune.
    NoCommune,
    /// A period is not a number of days the relais may set.
    Days(String),
}

/// Reads one commune line: a name, a postal code, `Name (postal code)` or an INSEE code.
fn commune(communes: &Communes, line: &str) -> Result<String, Problem> {
    let line = line.trim();
    if let Some((name, rest)) = line.rsplit_once('(')
        && let Some(code) = rest.trim().strip_suffix(')')
    {
        let wanted = crate::domain::text::fold(name.trim());
        let found: Vec<&Commune> = communes
            .by_postal_code(code.trim())
            .into_iter()
            .filter(|c| crate::domain::text::fold(&c.name) == wanted)
            .collect();
        if let [one] = found.as_slice() {
            return Ok(one.insee.clone());
        }
    }
    match communes.lookup(line) {
        CommuneLookup::One(c) => Ok(c.insee.clone()),
        CommuneLookup::Many(list) => Err(Problem::SeveralCommunes(
            line.to_string(),
            list.into_iter().take(10).map(show_commune).collect(),
        )),
        CommuneLookup::None => match communes.by_insee(line) {
            Some(c) => Ok(c.insee.clone()),
            None => Err(Problem::UnknownCommune(line.to_string())),
        },
    }
}

/// The relais `current` with the settings typed in the form, or every problem found.
pub fn edit(
    communes: &Communes,
    current: &Relais,
    help_line: &str,
    hours: &str,
    commune_lines: &str,
) -> Result<Relais, Vec<Problem>> {
    let mut problems = Vec::new();
    let help_line = match help_line.trim() {
        "" => None,
        h => match PhoneNumber::parse(h) {
            Ok(p) => Some(p),
            Err(_) => {
                problems.push(Problem::HelpLine(h.to_string()));
                None
            }
        },
    };
    let hour_lines: Vec<String> = hours
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let opening_hours = match Schedule::parse(&hour_lines) {
        Ok(s) => s,
        Err(e) => {
            problems.push(Problem::Hours(e.to_string()));
            Schedule::default()
        }
    };
    let mut insee: Vec<String> = Vec::new();
    for line in commune_lines
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        match commune(communes, line) {
            Ok(code) if !insee.contains(&code) => insee.push(code),
            Ok(_) => {}
            Err(p) => problems.push(p),
        }
    }
    if insee.is_empty() && problems.is_empty() {
        problems.push(Problem::NoCommune);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Relais {
        help_line,
        opening_hours,
        communes: insee,
        ..current.clone()
    })
}

/// The periods typed in the form, as the team's own (`current`: what they stored before): an
/// empty field, or the value already in force while they had none of their own, follows
/// `defaults` (the settings file's period, else the instance's).
pub fn periods(
    current: OwnPeriods,
    defaults: Periods,
    conversation_days: &str,
    request_days: &str,
) -> Result<OwnPeriods, Vec<Problem>> {
    let mut problems = Vec::new();
    let in_force = current.over(defaults);
    let mut one = |typed: &str, own: Option<u32>, now: u32| -> Option<u32> {
        let typed = typed.trim();
        if typed.is_empty() {
            return None;
        }
        match parse_days(typed) {
            Ok(d) if own.is_none() && d == now => None,
            Ok(d) => Some(d),
            Err(_) => {
                problems.push(Problem::Days(typed.to_string()));
                None
            }
        }
    };
    let out = OwnPeriods {
        conversation_days: one(
            conversation_days,
            current.conversation_days,
            in_force.conversation_days,
        ),
        request_days: one(request_days, current.request_days, in_force.request_days),
    };
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RelaisSet;

    fn communes() -> Communes {
        Communes::embedded().unwrap()
    }

    #[test]
    fn communes_by_name_postal_code_or_as_shown() {
        let c = communes();
        let r = RelaisSet::fallback();
        let hours = "lun-ven 09:00-12:00";
        let e = edit(
            &c,
            &r,
            "04 50 01 02 03",
            hours,
            "Rumilly\n74000\nRumilly (74150)",
        )
        .unwrap();
        assert_eq!(
            e.communes,
            vec!["74225".to_string(), "74010".to_string()],
            "Annecy once"
        );
        assert_eq!(e.help_line.unwrap().as_str(), "+33450010203");
        let shown = show_commune(c.by_insee("74225").unwrap());
        assert_eq!(shown, "Rumilly (74150)");
        assert_eq!(
            edit(&c, &r, "", hours, &shown).unwrap().communes,
            vec!["74225"]
        );
    }

    #[test]
    fn a_postal_code_of_several_communes_says_which_ones() {
        let c = communes();
        let problems = edit(&c, &RelaisSet::fallback(), "", "", "74150").unwrap_err();
        match &problems[..] {
            [Problem::SeveralCommunes(line, names)] => {
                assert_eq!(line, "74150");
                assert!(names.contains(&"Rumilly (74150)".to_string()), "{names:?}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn periods_follow_the_default_until_the_admin_sets_another() {
        let defaults = Periods::default();
        let none = OwnPeriods::default();
        // Saving the page as shown keeps following the instance's defaults.
        assert_eq!(periods(none, defaults, "90", "365"), Ok(none));
        assert_eq!(periods(none, defaults, "", " "), Ok(none));
        let own = periods(none, defaults, "30", "365").unwrap();
        assert_eq!(
            own,
            OwnPeriods {
                conversation_days: Some(30),
                request_days: None
            }
        );
        // A period of its own stays its own, even when it equals the default.
        let own = OwnPeriods {
            conversation_days: Some(90),
            request_days: None,
        };
        assert_eq!(periods(own, defaults, "90", "365"), Ok(own));
        assert_eq!(
            periods(none, defaults, "0", "dix ans"),
            Err(vec![
                Problem::Days("0".into()),
                Problem::Days("dix ans".into())
            ])
        );
    }

    #[test]
    fn every_problem_is_said_at_once() {
        let c = communes();
        let problems = edit(
            &c,
            &RelaisSet::fallback(),
            "pas un numéro",
            "n'importe quand",
            "Atlantide",
        )
        .unwrap_err();
        assert!(matches!(problems[0], Problem::HelpLine(_)));
        assert!(matches!(problems[1], Problem::Hours(_)));
        assert!(matches!(problems[2], Problem::UnknownCommune(_)));
        let none = edit(&c, &RelaisSet::fallback(), "", "", "").unwrap_err();
        assert_eq!(none, vec![Problem::NoCommune]);
    }
}
