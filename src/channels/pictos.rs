//! The kiosk's pictograms (`kiosk-ui/static/pictos`), built into the binary and inlined in the
//! pages so they take the text's colour. Flows name them (`flows/kiosk.toml`); `flows check`
//! makes sure every name exists here.

/// Inlines the pictograms of `kiosk-ui/static/pictos`, by name.
macro_rules! pictos {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../kiosk-ui/static/pictos/", $name, ".svg")))),*]
    };
}

/// The pictograms, inlined in the page so they take the text's colour.
const PICTOS: &[(&str, &str)] = pictos![
    "help",
    "volunteer",
    "follow",
    "language",
    "courses",
    "transport",
    "petits_travaux",
    "jardin",
    "visite",
    "papiers",
    "emprunter",
    "numerique",
    "repas",
    "autre",
    "sun",
    "calendar",
    "clock",
    "yes",
    "no",
    "edit",
    "pin",
    "people",
    "home",
    "list",
    "back",
    "restart",
    "ask",
    "end",
    "speaker",
    "stop",
    "textsize",
    "next",
    "print",
    "phone",
    "mic",
    "shift",
];

/// The pictogram of this name, as a name that lives as long as the program.
pub fn name(name: &str) -> Option<&'static str> {
    PICTOS.iter().find(|(n, _)| *n == name).map(|(n, _)| *n)
}

/// A pictogram's inline SVG, by name.
pub fn svg(name: &str) -> Option<&'static str> {
    PICTOS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, svg)| svg.trim())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_pictogram_is_an_svg() {
        for (name, svg) in super::PICTOS {
            assert!(svg.contains("<svg"), "{name}");
        }
        assert_eq!(super::svg("nothing"), None);
    }
}
