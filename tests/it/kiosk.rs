//! The kiosk over HTTP: screens, CSRF, headers, idle sessions, enrolment.
