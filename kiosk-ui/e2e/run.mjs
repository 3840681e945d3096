// Browser tests of the kiosk: Playwright (playwright-core only, no browser download) driving
// Debian's Chromium, with axe-core for WCAG 2.2 AA + AAA checks.
//
//   KIOSK_BASE_URL=http://127.0.0.1:8080 KIOSK_ENROLMENT_CODE=H7KD-M2QX-9TNA node run.mjs
//
// Started by tests/it/kiosk_browser.rs against a fresh server, with a one-time code that
// enrols the test browsers as a kiosk of Rumilly (as a mairie's kiosk is; an unenrolled browser
// may only start a few visits a minute). Every screen is walked through
// by touch on the screens mairies install (1080×1920 upright, 1920×1080, 1366×768, 1280×800),
// with and without "Texte plus grand": every button, link and field must be on screen, at least
// 44 × 44 CSS px, and the topmost thing at its centre (nothing under the navigation, nothing
// off screen); each screen is photographed into artifacts/<size>/ (gitignored). Screens are
// audited with axe (AAA tags) in French and in Arabic.
import "./lib.mjs";
import "./screens.mjs";
import "./behaviours.mjs";
