//! A relais: a mairie, a France Services office or an association that answers residents,
//! with its own numbers, communes, help line and opening hours.

use super::PhoneNumber;
use super::hours::Schedule;
use super::quiet::QuietHours;

/// One relais.
#[derive(Clone, Debug, PartialEq)]
pub struct Relais {
    /// Stable identifier (`mairie-rumilly`), recorded on requests, sign-ups and sessions.
    pub id: String,
    /// Name said to residents ("Mairie de Rumilly").
    pub name: String,
    /// Numbers residents text or call; a message to one of them belongs to this relais.
    pub numbers: Vec<PhoneNumber>,
    /// INSEE codes of the communes it serves.
    pub communes: Vec<String>,
    /// Where the team is told of new requests, and the number residents may call.
    pub help_line: Option<PhoneNumber>,
    /// When a person answers the help line (calls are put through then).
    pub opening_hours: Schedule,
    /// When nothing that is not urgent is sent by SMS; `None`: the instance's default.
    pub quiet_hours: Option<QuietHours>,
    /// How long it keeps what residents said; `None`s: the instance's default.
    pub retention: super::retention::OwnPeriods,
}

/// Every relais of an instance; the first one answers numbers nobody claims. An admin may
/// change a relais's settings while the service runs ([`RelaisSet::update`]): readers get a
/// copy of the relais as it is at that moment.
#[derive(Debug)]
pub struct RelaisSet {
    all: std::sync::RwLock<Vec<Relais>>,
}

impl Clone for RelaisSet {
    fn clone(&self) -> Self {
        Self {
            all: std::sync::RwLock::new(self.read().clone()),
        }
    }
}

impl RelaisSet {
    /// Builds the set; it is never empty.
    pub fn new(mut all: Vec<Relais>) -> Self {
        if all.is_empty() {
            all.push(Self::fallback());
        }
        Self {
            all: std::sync::RwLock::new(all),
        }
    }

    /// The list (a writer that panicked left it whole: a relais is replaced at once).
    fn read(&self) -> std::sync::RwLockReadGuard<'_, Vec<Relais>> {
        self.all.read().unwrap_or_else(|e| e.into_inner())
    }

    /// The relais of a fresh install.
    pub fn fallback() -> Relais {
        Relais {
            id: "passerelle".into(),
            name: "Passerelle".into(),
            numbers: Vec::new(),
            communes: Vec::new(),
            help_line: None,
            opening_hours: Schedule::default(),
            quiet_hours: None,
            retention: Default::default(),
        }
    }

    /// The relais a message sent to `to` belongs to. With a single relais, it answers every
    /// number; otherwise an unknown number goes to the first one.
    pub fn for_number(&self, to: Option<&PhoneNumber>) -> Relais {
        let all = self.read();
        if all.len() > 1
            && let Some(to) = to
            && let Some(r) = all.iter().find(|r| r.numbers.contains(to))
        {
            return r.clone();
        }
        all[0].clone()
    }

    /// The relais with this id.
    pub fn by_id(&self, id: &str) -> Option<Relais> {
        self.read().iter().find(|r| r.id == id).cloned()
    }

    /// The relais with this id, or the default one.
    pub fn by_id_or_default(&self, id: &str) -> Relais {
        self.by_id(id).unwrap_or_else(|| self.default_relais())
    }

    /// The default relais.
    pub fn default_relais(&self) -> Relais {
        self.read()[0].clone()
    }

    /// Every relais, as they are now.
    pub fn all(&self) -> Vec<Relais> {
        self.read().clone()
    }

    /// Replaces every relais at once (settings read again from the database); an empty list
    /// changes nothing.
    pub fn replace_all(&self, relais: Vec<Relais>) {
        if relais.is_empty() {
            return;
        }
        let mut all = self.all.write().unwrap_or_else(|e| e.into_inner());
        *all = relais;
    }

    /// Replaces the relais with the same id (its settings edited by an admin); false when
    /// there is none.
    pub fn update(&self, relais: Relais) -> bool {
        let mut all = self.all.write().unwrap_or_else(|e| e.into_inner());
        match all.iter_mut().find(|r| r.id == relais.id) {
            Some(r) => {
                *r = relais;
                true
            }
            None => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replacing_every_relais_keeps_at_least_one() {
        let set = RelaisSet::new(vec![relais("a", "+33757000001")]);
        set.replace_all(Vec::new());
        assert_eq!(set.all().len(), 1);
        set.replace_all(vec![
            relais("b", "+33757000002"),
            relais("c", "+33757000003"),
        ]);
        let ids: Vec<String> = set.all().into_iter().map(|r| r.id).collect();
        assert_eq!(ids, ["b", "c"]);
    }

    fn relais(id: &str, number: &str) -> Relais {
        Relais {
            id: id.into(),
            name: id.into(),
            numbers: vec![PhoneNumber::parse(number).unwrap()],
            ..RelaisSet::fallback()
        }
    }

    #[test]
    fn a_single_relais_answers_every_number() {
        let set = RelaisSet::new(vec![relais("a", "+33757000001")]);
        let other = PhoneNumber::parse("+33757000009").unwrap();
        assert_eq!(set.for_number(Some(&other)).id, "a");
    }

    #[test]
    fn each_number_belongs_to_its_relais() {
        let set = RelaisSet::new(vec![
            relais("a", "+33757000001"),
            relais("b", "+33757000002"),
        ]);
        let b = PhoneNumber::parse("+33757000002").unwrap();
        assert_eq!(set.for_number(Some(&b)).id, "b");
        assert_eq!(set.for_number(None).id, "a");
    }

    #[test]
    fn a_relais_changed_while_running_is_read_changed() {
        let set = RelaisSet::new(vec![relais("a", "+33757000001")]);
        let mut a = set.by_id("a").unwrap();
        a.communes = vec!["74225".into()];
        assert!(set.update(a));
        assert_eq!(set.by_id("a").unwrap().communes, vec!["74225".to_string()]);
        assert!(
            !set.update(relais("zz", "+33757000003")),
            "no relais zz to change"
        );
        assert_eq!(set.all().len(), 1);
    }
}
