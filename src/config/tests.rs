//! Settings read from defaults, a file and the environment; bad values named.

use super::*;

use std::collections::HashMap;

fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |k| map.get(k).cloned()
}

#[test]
fn defaults_need_nothing() {
    let s = Settings::load(Some(Path::new("/nonexistent-dir/none.toml")), &env(&[])).err();
    assert!(s.is_some(), "an explicit missing file is an error");
    let s = Settings::load(None, &env(&[("PASSERELLE_CONFIG", "")])).err();
    assert!(s.is_some());
}

#[test]
fn environment_overrides_and_bad_values_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.toml");
    std::fs::write(&file, "bind = \"127.0.0.1:9000\"\n[[relais]]\nid = \"rumilly\"\nname = \"Mairie de Rumilly\"\nnumbers = [\"07 57 00 00 00\"]\n").unwrap();
    let s = Settings::load(Some(&file), &env(&[("PASSERELLE_BIND", "127.0.0.1:9100")])).unwrap();
    assert_eq!(s.bind.port(), 9100);
    assert_eq!(s.relais[0].numbers[0].as_str(), "+33757000000");

    let e = Settings::load(Some(&file), &env(&[("PASSERELLE_BIND", "nowhere")])).unwrap_err();
    assert_eq!(
        e.to_string(),
        "PASSERELLE_BIND: \"nowhere\" is not an address like 127.0.0.1:8080"
    );
    let e =
        Settings::load(Some(&file), &env(&[("PASSERELLE_DEMO_MISSIONS", "maybe")])).unwrap_err();
    assert!(e.to_string().starts_with("PASSERELLE_DEMO_MISSIONS:"));
    let e = Settings::load(Some(&file), &env(&[("DATABASE_URL", "mysql://x")])).unwrap_err();
    assert!(e.to_string().starts_with("DATABASE_URL:"));
    assert!(e.to_string().contains("postgres://"), "{e}");
    let pg = "postgres://passerelle@127.0.0.1:5432/passerelle";
    let s = Settings::load(Some(&file), &env(&[("DATABASE_URL", pg)])).unwrap();
    assert_eq!(s.database_url, pg);
    let s = Settings::load(
        Some(&file),
        &env(&[("PASSERELLE_RELAIS_REFRESH_SECS", "5")]),
    )
    .unwrap();
    assert_eq!(s.relais_refresh_secs, 5);
}

#[test]
fn a_public_address_needs_a_token() {
    let mut s = Settings::default();
    assert!(s.check_serve().is_ok());
    s.bind = "0.0.0.0:8080".parse().unwrap();
    assert!(s.check_serve().is_err());
    s.twilio.auth_token = Secret("x".into());
    assert!(s.check_serve().is_ok());
    assert_eq!(format!("{:?}", s.twilio.auth_token), "***");
}

#[test]
fn the_sms_provider_and_what_it_needs() {
    let s = Settings::load(None, &env(&[])).unwrap();
    assert_eq!(s.sms_provider(), SmsProviderChoice::Log);
    let s = Settings::load(
        None,
        &env(&[("TWILIO_ACCOUNT_SID", "AC1"), ("TWILIO_AUTH_TOKEN", "t")]),
    )
    .unwrap();
    assert_eq!(s.sms_provider(), SmsProviderChoice::Twilio);
    let e = Settings::load(None, &env(&[("PASSERELLE_SMS_PROVIDER", "pigeon")])).unwrap_err();
    assert!(e.to_string().starts_with("PASSERELLE_SMS_PROVIDER:"), "{e}");

    let mut s = Settings::load(None, &env(&[("PASSERELLE_SMS_PROVIDER", "android")])).unwrap();
    assert_eq!(s.check_serve().unwrap_err().setting, "ANDROID_GATEWAY_URL");
    s.android.url = Some("http://192.168.1.20:8080".into());
    assert!(
        s.check_serve().is_ok(),
        "on loopback, unsigned webhooks are for development"
    );
    s.bind = "0.0.0.0:8080".parse().unwrap();
    assert_eq!(
        s.check_serve().unwrap_err().setting,
        "ANDROID_GATEWAY_SIGNING_KEY"
    );
    s.android.signing_key = Secret("k".into());
    assert!(
        s.check_serve().is_ok(),
        "no Twilio token needed: its webhooks are refused"
    );
    let s = Settings::load(None, &env(&[("PASSERELLE_SMS_PROVIDER", "twilio")])).unwrap();
    assert!(s.check_serve().is_err(), "twilio without an account");
}

#[test]
fn quiet_hours_and_pace_are_read_and_checked() {
    let s = Settings::load(
        None,
        &env(&[
            ("PASSERELLE_QUIET_HOURS", "22:00-07:30"),
            ("PASSERELLE_SMS_PER_SECOND", "10"),
        ]),
    )
    .unwrap();
    assert_eq!(s.quiet_hours.to_setting(), "22:00-07:30");
    assert_eq!(s.sms_per_second, 10);
    for (k, v) in [
        ("PASSERELLE_QUIET_HOURS", "la nuit"),
        ("PASSERELLE_SMS_PER_SECOND", "0"),
        ("PASSERELLE_SMS_PER_SECOND", "vite"),
    ] {
        let e = Settings::load(None, &env(&[(k, v)])).unwrap_err();
        assert_eq!(e.setting, k);
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.toml");
    std::fs::write(
        &file,
        "quiet_hours = \"21:30-08:00\"\n[sms]\nprovider = \"android\"\nper_second = 2\n[android_gateway]\nurl = \"http://10.0.0.5:8080\"\npassword = \"pw\"\n[mail]\nfrom = \"mairie@example.fr\"\n[[relais]]\nid = \"r\"\nname = \"R\"\nquiet_hours = \"none\"\n",
    )
    .unwrap();
    let s = Settings::load(Some(&file), &env(&[])).unwrap();
    assert_eq!(s.quiet_hours.to_setting(), "21:30-08:00");
    assert_eq!(s.sms_provider(), SmsProviderChoice::Android);
    assert_eq!(s.sms_per_second, 2);
    assert_eq!(s.android.user, "sms");
    assert_eq!(format!("{:?}", s.android.password), "***");
    assert_eq!(s.mail.from, "mairie@example.fr");
    assert_eq!(s.relais[0].quiet_hours, Some(QuietHours::NONE));
}

#[test]
fn the_example_file_is_read_and_gives_the_defaults_of_what_is_sent() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("passerelle.example.toml");
    let s = Settings::load(Some(&example), &env(&[])).unwrap();
    let d = Settings::default();
    assert_eq!(s.quiet_hours, d.quiet_hours);
    assert_eq!(s.sms_per_second, d.sms_per_second);
    assert_eq!(s.sms_provider(), SmsProviderChoice::Log);
    assert_eq!(s.android, d.android);
    assert_eq!(s.mail, d.mail);
    assert_eq!(s.twilio.messaging_service_sid, None);
    assert_eq!(s.retention(), d.retention());
    assert_eq!(s.retention_days, d.retention_days);
}

#[test]
fn retention_periods_for_the_instance_and_each_relais() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.toml");
    std::fs::write(
        &file,
        "conversation_days = 60\n[[relais]]\nid = \"r\"\nname = \"R\"\nrequest_days = 730\n",
    )
    .unwrap();
    let s = Settings::load(Some(&file), &env(&[("PASSERELLE_REQUEST_DAYS", "400")])).unwrap();
    assert_eq!(
        (s.retention().conversation_days, s.retention().request_days),
        (60, 400)
    );
    let own = s.relais[0].retention;
    assert_eq!((own.conversation_days, own.request_days), (None, Some(730)));
    assert_eq!(own.over(s.retention()).conversation_days, 60);

    let d = Settings::load(None, &env(&[])).unwrap().retention();
    assert_eq!((d.conversation_days, d.request_days), (90, 365));
    let off = Settings::load(None, &env(&[("PASSERELLE_RETENTION_DAYS", "0")])).unwrap();
    assert_eq!(off.retention_days, 0);
    // The old single period is refused rather than quietly read as something else.
    let e = Settings::load(None, &env(&[("PASSERELLE_RETENTION_DAYS", "180")])).unwrap_err();
    assert!(e.to_string().contains("conversation_days"), "{e}");
    let e = Settings::load(None, &env(&[("PASSERELLE_CONVERSATION_DAYS", "0")])).unwrap_err();
    assert!(
        e.to_string().starts_with("PASSERELLE_CONVERSATION_DAYS:"),
        "{e}"
    );
    std::fs::write(
        &file,
        "[[relais]]\nid = \"r\"\nname = \"R\"\nconversation_days = 99999\n",
    )
    .unwrap();
    let e = Settings::load(Some(&file), &env(&[])).unwrap_err();
    assert!(
        e.to_string().starts_with("relais[0].conversation_days:"),
        "{e}"
    );
}

#[test]
fn a_missions_feed_is_read_from_the_file_and_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("p.toml");
    std::fs::write(
        &file,
        "[missions_feed]\nurl = \"https://partner.example/feed.json\"\nevery_hours = 12\n",
    )
    .unwrap();
    let s = Settings::load(Some(&file), &env(&[])).unwrap();
    let feed = s.missions_feed.unwrap();
    assert_eq!(feed.url, "https://partner.example/feed.json");
    assert_eq!(
        (feed.source.as_str(), feed.every_hours),
        ("api_engagement", 12)
    );
    let s = Settings::load(
        Some(&file),
        &env(&[("PASSERELLE_MISSIONS_FEED_SOURCE", "jeveuxaider")]),
    )
    .unwrap();
    assert_eq!(s.missions_feed.unwrap().source, "jeveuxaider");
    let e = Settings::load(
        Some(&file),
        &env(&[("PASSERELLE_MISSIONS_FEED_EVERY_HOURS", "0")]),
    )
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("PASSERELLE_MISSIONS_FEED_EVERY_HOURS:")
    );
    let e = Settings::load(None, &env(&[("PASSERELLE_MISSIONS_FEED_SOURCE", "x")])).unwrap_err();
    assert!(
        e.to_string().starts_with("PASSERELLE_MISSIONS_FEED_URL:"),
        "{e}"
    );
    assert!(
        Settings::load(None, &env(&[]))
            .unwrap()
            .missions_feed
            .is_none()
    );
}
