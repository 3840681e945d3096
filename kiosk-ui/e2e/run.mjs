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
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";

const BASE = (process.env.KIOSK_BASE_URL || "").replace(/\/$/, "");
if (!BASE) {
  console.error("KIOSK_BASE_URL is not set (the kiosk server's base URL, e.g. http://127.0.0.1:8080)");
  process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const ENROLMENT_CODE = process.env.KIOSK_ENROLMENT_CODE || "";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "wcag2aaa"];
const MIN_TARGET = 44;
/** The screens mairies install, and the smaller ones some have. */
const SIZES = [
  { name: "1080x1920", width: 1080, height: 1920, upright: true },
  { name: "1920x1080", width: 1920, height: 1080 },
  { name: "1366x768", width: 1366, height: 768 },
  { name: "1280x800", width: 1280, height: 800 },
];
/** No scenario may hang the suite. */
const LIMIT = 240_000;
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(HERE, "artifacts");
mkdirSync(ARTIFACTS, { recursive: true });

/** Every "incomplete" axe result, reviewed by hand (printed at the end). */
const incomplete = new Map();
/** Screens audited with axe, and screens whose layout was checked, for the summary. */
const audited = [];
const laidOut = [];
/** The smallest target and body text seen on any checked screen. */
const smallest = { width: Infinity, height: Infinity, text: Infinity };
/** How much of the free height the main menu's and the categories' buttons take, per size. */
const shares = [];
/** Where the time goes (ms): photographs, layout checks, axe. */
const spent = { screenshot: 0, layout: 0, axe: 0 };
const timed = async (what, fn) => {
  const t = Date.now();
  try {
    return await fn();
  } finally {
    spent[what] += Date.now() - t;
  }
};

/** The enrolled kiosk's cookie, got once with the enrolment code (null: unenrolled). */
let device;

/** Enrols a browser with the code once, and keeps the kiosk's cookie for every browser. */
async function enrolled() {
  if (device !== undefined) return device;
  device = null;
  if (!ENROLMENT_CODE) {
    console.log("KIOSK_ENROLMENT_CODE is not set: the browsers are not enrolled kiosks");
    return device;
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(`${BASE}/kiosk/enrol`);
    await page.locator("#code").fill(ENROLMENT_CODE);
    await Promise.all([page.waitForNavigation(), page.locator("button.send").click()]);
    device = (await page.context().cookies()).find((c) => c.name === "kiosk_device") || null;
    assert.ok(device, "the browser is enrolled as a kiosk");
  } finally {
    await browser.close();
  }
  return device;
}

/** A fresh Chromium with a fresh profile, closed (and its profile removed) after `fn`. */
async function withBrowser(fn, options = {}) {
  const kiosk = await enrolled();
  const profile = mkdtempSync(path.join(tmpdir(), "passerelle-kiosk-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1080, height: 1920 },
    locale: "fr-FR",
    timezoneId: "Europe/Paris",
    ...options,
  });
  if (kiosk) await context.addCookies([kiosk]);
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.setDefaultTimeout(15000);
    await fn(page, context);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Runs axe (the AAA tags) on the current screen: no violation may be found. */
async function axe(page, name) {
  const results = await timed("axe", () => new AxeBuilder({ page }).withTags(TAGS).analyze());
  for (const r of results.incomplete) {
    const key = `${r.id}: ${r.help}`;
    const where = incomplete.get(key) || new Set();
    where.add(name);
    incomplete.set(key, where);
  }
  const violations = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n` +
      v.nodes.map((n) => `    ${n.target.join(" ")} — ${n.failureSummary}`).join("\n")
  );
  assert.deepEqual(violations, [], `axe violations on ${name}:\n${violations.join("\n")}`);
  audited.push(name);
}

/**
 * Everything one can touch on the current screen (only the open dialog's, when one is open):
 * too small, off screen, or covered by something else at its centre (or near its corners);
 * and a screen whose words or buttons only show by scrolling.
 */
function layoutProblems(min) {
  const out = [];
  const sizes = [];
  const vw = document.documentElement.clientWidth;
  const vh = document.documentElement.clientHeight;
  const modal = document.querySelector("dialog[open]");
  const root = modal || document;
  const describe = (el) => {
    if (!el) return "nothing";
    const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
    return `${el.tagName.toLowerCase()}${el.className ? "." + String(el.className).split(" ")[0] : ""} "${text.replace(/\s+/g, " ").slice(0, 30)}"`;
  };
  for (const el of root.querySelectorAll("button, a[href], input, textarea, select")) {
    if (el.type === "hidden" || !el.getClientRects().length) continue;
    if (!modal && el.closest("dialog")) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    sizes.push([r.width, r.height]);
    const name = `${describe(el)} ${Math.round(r.width)}×${Math.round(r.height)} at ${Math.round(r.left)},${Math.round(r.top)}`;
    if (r.width < min || r.height < min) out.push(`too small: ${name}`);
    if (r.left < -0.5 || r.top < -0.5 || r.right > vw + 0.5 || r.bottom > vh + 0.5) {
      out.push(`off screen (${vw}×${vh}): ${name}`);
      continue;
    }
    // The centre, and four points near the corners (inside the rounded ones).
    for (const [fx, fy] of [[0.5, 0.5], [0.15, 0.15], [0.85, 0.15], [0.15, 0.85], [0.85, 0.85]]) {
      const hit = document.elementFromPoint(r.left + r.width * fx, r.top + r.height * fy);
      if (!hit || !(hit === el || el.contains(hit))) {
        out.push(`covered by ${describe(hit)}${fx === 0.5 ? "" : " (in part)"}: ${name}`);
        break;
      }
    }
  }
  const main = document.querySelector("main");
  if (!modal && main && main.scrollHeight > main.clientHeight + 1) {
    out.push(`the screen scrolls: ${main.scrollHeight - main.clientHeight} px of it are hidden`);
  }
  const text = parseFloat(getComputedStyle(document.body).fontSize);
  return { out, sizes, text };
}

/** Photographs the current screen and checks that everything on it can be touched. */
async function look(page, name, { audit = false } = {}) {
  await timed("screenshot", () => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) }));
  const found = await timed("layout", () => page.evaluate(layoutProblems, MIN_TARGET));
  for (const [w, h] of found.sizes) {
    smallest.width = Math.min(smallest.width, w);
    smallest.height = Math.min(smallest.height, h);
  }
  smallest.text = Math.min(smallest.text, found.text);
  assert.deepEqual(found.out, [], `on ${name}, every target can be touched`);
  assert.ok(await page.evaluate(() => document.documentElement.lang), `<html lang> is set on ${name}`);
  laidOut.push(name);
  if (audit) await axe(page, name);
}

/** The older check of the other scenarios: axe, targets, a photograph. */
async function check(page, name) {
  await look(page, name, { audit: true });
}

/** Clicks the button or link whose visible text contains `text`, and waits for the next page. */
async function press(page, text, { navigates = true } = {}) {
  const target = page.locator("button:visible, a:visible", { hasText: text }).first();
  if (navigates) {
    await Promise.all([page.waitForLoadState("load"), page.waitForNavigation(), target.click()]);
  } else {
    await target.click();
  }
}

/** Where each key of the shown keypad or keyboard is: its centre, by what it types. */
function keyCentres() {
  const out = {};
  for (const k of document.querySelectorAll("[data-key], .keyset:not([hidden]) [data-char], .kspace, [data-shift]")) {
    const r = k.getBoundingClientRect();
    const name = k.dataset.key ?? (k.hasAttribute("data-shift") ? "shift" : k.dataset.char);
    out[name] = [r.left + r.width / 2, r.top + r.height / 2];
  }
  return out;
}

/** A finger on the screen at a key (a real pointer click there, whatever is on top). */
async function touch(page, keys, name) {
  assert.ok(keys[name], `a key for "${name}"`);
  await page.mouse.click(...keys[name]);
}

/** Types digits on the on-screen keypad. */
async function keypad(page, digits) {
  const keys = await page.evaluate(keyCentres);
  for (const d of digits) await touch(page, keys, d);
}

/** Types on the on-screen keyboard, key by key, as a finger would (capitals with the shift key
 *  unless the keyboard already offers one). */
async function keyboard(page, text) {
  const keys = await page.evaluate(keyCentres);
  const shifted = () =>
    page.evaluate(() => document.querySelector("[data-shift]").getAttribute("aria-pressed") === "true");
  for (const ch of text) {
    const lower = ch.toLocaleLowerCase("fr");
    const letter = ch.toLocaleUpperCase("fr") !== lower;
    if (letter && (ch !== lower) !== (await shifted())) await touch(page, keys, "shift");
    await touch(page, keys, lower);
  }
}

/** A new visit, asking for help of this kind, up to "Voulez-vous ajouter quelques mots ?". */
async function toWords(page, kind) {
  await page.goto(`${BASE}/kiosk`);
  for (const answer of ["Français", "Demander de l'aide", kind, "Oui, Rumilly", "Aujourd'hui"]) {
    await press(page, answer);
  }
}

async function heading(page) {
  return (await page.locator("h1").first().innerText()).replace(/\s+/g, " ").trim();
}

async function bodyText(page) {
  return (await page.locator("body").innerText()).replace(/\s+/g, " ");
}

/** "Terminer / Effacer mes informations", then "Oui, tout effacer" in the dialog. */
async function endVisit(page) {
  await page.locator(".nav [data-end]").click();
  const ask = page.locator("dialog#end-ask");
  assert.ok(await ask.isVisible(), "Terminer asks first");
  await Promise.all([
    page.waitForNavigation(),
    ask.locator("button.end").click(),
  ]);
  await page.waitForLoadState("load");
}

/** A new visit on the language screen, with big text when asked. */
async function startVisit(page, big) {
  await page.goto(`${BASE}/kiosk`);
  if (big) await press(page, "Texte plus grand");
}

/** How much of the free height (between the tools and the navigation) the choices take. */
async function share(page) {
  return page.evaluate(() => {
    const buttons = Array.from(document.querySelectorAll("main .choices .choice"));
    const top = Math.min(...buttons.map((b) => b.getBoundingClientRect().top));
    const bottom = Math.max(...buttons.map((b) => b.getBoundingClientRect().bottom));
    const left = Math.min(...buttons.map((b) => b.getBoundingClientRect().left));
    const right = Math.max(...buttons.map((b) => b.getBoundingClientRect().right));
    const free =
      document.querySelector(".nav").getBoundingClientRect().top -
      document.querySelector(".top").getBoundingClientRect().bottom;
    const area = free * document.documentElement.clientWidth;
    return { height: (bottom - top) / free, area: ((bottom - top) * (right - left)) / area };
  });
}

// ---------------------------------------------------------------------------------------------
// Every screen at every size

/** Walks through every screen, checking and photographing each, at one size. */
async function everyScreen(page, size, big, index) {
  const dir = `${size.name}${big ? "-big" : ""}`;
  mkdirSync(path.join(ARTIFACTS, dir), { recursive: true });
  // axe at two sizes (upright, and a small wide screen with big text): the same markup at
  // every size, but another layout.
  const audit = index === 0 && !big;
  const seen = (name) => look(page, `${dir}/${name}`, { audit });
  const fontSize = () => page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));

  await page.clock.install();
  await startVisit(page, big);
  const text = await fontSize();
  if (size.width >= 1080 && size.height >= 1080) {
    assert.ok(text >= (big ? 40 : 32), `a large screen shows large text (${text} px)`);
  } else {
    assert.ok(text >= (big ? 32 : 24), `text is large enough (${text} px)`);
  }
  assert.equal(await page.locator(".nav-back, .nav-restart").count(), 0, "nothing to go back to");
  await seen("01-language");
  await press(page, "Français");
  assert.equal(await heading(page), "Que voulez-vous faire ?");
  assert.equal(await page.locator(".nav-back, .nav-restart").count(), 0, "no Retour, no Recommencer on the home screen");
  assert.match(await bodyText(page), /112/, "the home screen says it is not an emergency service");
  await seen("02-home");
  const home = await share(page);

  // "Terminer" asks first; "Non" keeps the visit.
  await page.locator(".nav [data-end]").click();
  assert.ok(await page.locator("dialog#end-ask").isVisible());
  await seen("03-erase-ask");
  await page.locator("dialog#end-ask [data-end-no]").click();
  assert.ok(await page.locator("dialog#end-ask").isHidden());

  await press(page, "Demander de l'aide");
  assert.match(await bodyText(page), /Étape 1 sur 6/);
  await seen("04-category");
  const categories = await share(page);
  shares.push({ size: dir, home, categories });
  if (size.upright) {
    for (const [what, s] of [["main menu", home], ["categories", categories]]) {
      assert.ok(s.height >= 0.5, `the ${what} takes at least half the free height (${s.height.toFixed(2)})`);
    }
  }

  // The idle warning, on a fake clock.
  await page.clock.runFor(121_000);
  assert.ok(await page.locator("dialog#idle").isVisible(), "the idle warning");
  await seen("05-idle-warning");
  await page.locator("dialog#idle [data-continue]").click();

  await press(page, "Faire les courses");
  assert.match(await heading(page), /Rumilly/);
  await keypad(page, "74150");
  assert.equal(await page.locator("#entry").inputValue(), "74 150");
  await seen("06-commune-keypad");
  await press(page, "Valider");
  await seen("07-commune-pick");
  await press(page, "Rumilly");
  assert.match(await bodyText(page), /Étape 3 sur 6/);
  await seen("08-when");
  await press(page, "Aujourd'hui");

  // "Vos mots" on the on-screen keyboard.
  const words = "J'ai besoin d'aide, c'est pressé";
  await keyboard(page, words);
  assert.equal(await page.locator("#entry").inputValue(), words);
  await seen("09-details-keyboard");
  await press(page, "Valider");

  assert.match(await bodyText(page), /numéro de portable/);
  await keypad(page, "0612345678");
  await seen("10-phone");
  await press(page, "Valider");

  assert.equal(await heading(page), "Tout est juste ?");
  assert.match(await bodyText(page), new RegExp(words), "the words typed reach the summary");
  await seen("11-summary");
  await press(page, "Modifier");
  await seen("12-change");
  await press(page, "Le moment");
  await press(page, "Cette semaine");
  assert.equal(await heading(page), "Tout est juste ?");
  await press(page, "Confirmer");
  const code = (await page.locator(".code").innerText()).trim();
  assert.match(code, /^\d{3} \d{3}$/, `a grouped 6-digit code, got "${code}"`);
  await seen("13-done");
  await press(page, "Besoin d'aide");
  await seen("14-help");
  await press(page, "Revenir à ma question");
  assert.equal((await page.locator(".code").innerText()).trim(), code, "back to the same screen");
  await endVisit(page);
  assert.equal(await page.locator("button.choice[lang=ar]").count(), 1, "the first screen again");

  // Following someone's ticket: its status, and no "Annuler" that would be refused.
  await startVisit(page, big);
  await press(page, "Français");
  await press(page, "Suivre ma demande");
  await seen("15-follow-code");
  await keypad(page, code.replace(" ", ""));
  await press(page, "Valider");
  const status = await bodyText(page);
  assert.match(status, /Nous cherchons quelqu'un pour vous aider/);
  assert.doesNotMatch(status, /Annuler/, "cancelling is not offered at the kiosk");
  await seen("16-follow-status");

  // A request without a phone number says what will really happen.
  await press(page, "Recommencer");
  await press(page, "Demander de l'aide");
  await press(page, "Jardin");
  await press(page, "Oui, Rumilly");
  await press(page, "Cette semaine");
  await press(page, "Passer");
  await press(page, "Passer");
  await press(page, "Confirmer");
  const done = await bodyText(page);
  assert.match(done, /Revenez à la mairie avec votre code/);
  assert.doesNotMatch(done, /vous répondra/, "no promise nobody can keep");
  await seen("17-done-without-number");
  await endVisit(page);

  // Missions, as cards, 3 at a time.
  await startVisit(page, big);
  await press(page, "Français");
  await press(page, "Devenir bénévole");
  await seen("18-missions-commune");
  await press(page, "Oui, Rumilly");
  const cards = page.locator("button.mission");
  assert.equal(await cards.count(), 3, "3 missions at a time");
  const first = await cards.first().innerText();
  assert.match(first, /Où :/);
  assert.match(first, /Quand :/);
  assert.match(first, /Avec :/);
  await seen("19-missions");
  await press(page, "Voir la suite");
  await seen("20-missions-more");
  await Promise.all([page.waitForNavigation(), cards.first().click()]);
  await seen("21-mission-details");
  await press(page, "Je m'inscris");
  await seen("22-mission-phone");
  // A number of its own for each size, so each sign-up is new.
  await keypad(page, `069876543${index * 2 + (big ? 1 : 0)}`);
  await press(page, "Valider");
  assert.match(await bodyText(page), /inscrit/);
  await seen("23-mission-signed");

  // The pages of their own: enrolment (with the keyboard), "Tout effacer ?" without the
  // script's dialog, a page no longer valid.
  await page.goto(`${BASE}/kiosk/enrol`);
  assert.ok(await page.locator("[data-keyboard-for=code]").isVisible(), "staff type the code on the screen");
  await seen("24-enrol");
  await page.goto(`${BASE}/kiosk/effacer`);
  await seen("25-erase-page");
  await page.goto(`${BASE}/kiosk/enrol`);
  await page.evaluate(() => {
    for (const i of document.querySelectorAll("input[name=csrf]")) i.value = "forged";
  });
  await press(page, "Enregistrer");
  assert.match(await bodyText(page), /plus valable/);
  await seen("26-refused");
}

for (const [index, size] of SIZES.entries()) {
  test(`every screen fits ${size.name}, with and without big text`, { timeout: LIMIT }, async () => {
    for (const big of [false, true]) {
      await withBrowser((page) => everyScreen(page, size, big, index), {
        viewport: { width: size.width, height: size.height },
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Details of one screen or one behaviour

test("the printed ticket, and Back after Terminer shows nothing of the visit", { timeout: LIMIT }, async () => {
  await withBrowser(async (page) => {
    await toWords(page, "Faire les courses");
    await page.locator("#entry").fill("Changer une ampoule");
    await press(page, "Valider");
    await press(page, "Passer");
    await press(page, "Confirmer");
    const code = (await page.locator(".code").innerText()).trim();
    assert.equal(await page.locator(".code bdi").count(), 1);
    await page.emulateMedia({ media: "print" });
    assert.ok(await page.locator(".ticket").isVisible(), "the ticket is printed");
    const ticket = await page.locator(".ticket").innerText();
    assert.match(ticket, new RegExp(code));
    assert.match(ticket, /Faire les courses/);
    assert.match(ticket, /Revenez à la mairie avec ce code/, "what happens without a number");
    assert.match(ticket, /04 50 01 02 03/, "a phone number for help");
    await page.screenshot({ path: path.join(ARTIFACTS, "fr-ticket-print.png"), fullPage: true });
    await page.emulateMedia({ media: "screen" });

    await endVisit(page);
    await page.goBack();
    await page.waitForLoadState("load");
    const back = await bodyText(page);
    assert.ok(!back.includes(code), "Back does not show the code again");
    assert.ok(!back.includes("ampoule"), "Back does not show what was typed");
  });
});

test("Tout effacer ? Non keeps the visit, Oui erases it", { timeout: LIMIT }, async () => {
  await withBrowser(async (page) => {
    await toWords(page, "Jardin");
    await page.locator("#entry").fill("Tailler la haie");
    // "Terminer" is far from "Recommencer".
    const gap = await page.evaluate(() => {
      const a = document.querySelector(".nav-restart button").getBoundingClientRect();
      const b = document.querySelector(".nav [data-end]").getBoundingClientRect();
      return Math.max(b.left - a.right, a.left - b.right, b.top - a.bottom, a.top - b.bottom);
    });
    assert.ok(gap >= 100, `Terminer is at least 100 px from Recommencer (${Math.round(gap)} px)`);

    const ask = page.locator("dialog#end-ask");
    await page.locator(".nav [data-end]").click();
    assert.ok(await ask.isVisible());
    assert.match(await ask.innerText(), /Tout effacer \?/);
    await check(page, "fr-erase-ask");
    await ask.locator("[data-end-no]").click();
    assert.ok(await ask.isHidden());
    assert.equal(await page.locator("#entry").inputValue(), "Tailler la haie", "Non keeps what was typed");
    await press(page, "Valider");
    await press(page, "Passer");
    assert.match(await bodyText(page), /Tailler la haie/, "Non kept the visit");

    // Escape on a keyboard is "Non" too.
    await page.locator(".nav [data-end]").click();
    await page.keyboard.press("Escape");
    assert.ok(await ask.isHidden());
    assert.equal(await heading(page), "Tout est juste ?");

    await endVisit(page);
    assert.equal(await page.locator("button.choice[lang=ar]").count(), 1, "Oui: the first screen");
    await page.goto(`${BASE}/kiosk`);
    assert.doesNotMatch(await bodyText(page), /Tailler/, "and nothing of the visit is left");
  });
});

test("the keyboard types where the finger goes, and speaking instead fills the field", { timeout: LIMIT }, async () => {
  await withBrowser(async (page) => {
    await page.addInitScript(() => {
      // A stand-in for the browser's speech recognition: hears one sentence.
      window.__recognised = [];
      window.SpeechRecognition = window.webkitSpeechRecognition = class {
        start() {
          window.__recognised.push(this.lang);
          setTimeout(() => {
            this.onresult?.({ results: [[{ transcript: "mon chat est malade" }]] });
            this.onend?.();
          }, 50);
        }
        stop() {
          this.onend?.();
        }
      };
    });
    await toWords(page, "Visite");
    const field = page.locator("#entry");
    const area = page.locator("[data-keyboard-for=entry]");
    assert.equal(await field.getAttribute("inputmode"), "none", "the device's own keyboard stays away");
    // A capital to begin with, then small letters; accents; erase.
    assert.equal(await area.locator("[data-shift]").getAttribute("aria-pressed"), "true");
    for (const k of ["b", "o", "n", "n"]) await area.locator(`.keyset [data-char="${k}"]`).click();
    await area.locator("[data-erase]").click();
    await area.locator(".kspace").click();
    for (const k of ["é", "t", "é"]) await area.locator(`.keyset [data-char="${k}"]`).click();
    await area.locator(`.keyset [data-char="."]`).click();
    await area.locator(".kspace").click();
    assert.equal(await area.locator("[data-shift]").getAttribute("aria-pressed"), "true", "a capital after a full stop");
    assert.equal(await field.inputValue(), "Bon été. ");
    // Typing where the caret is (a touch in the field puts it there).
    await field.evaluate((f) => {
      f.setSelectionRange(3, 3);
      f.dispatchEvent(new MouseEvent("click"));
    });
    await area.locator(`.keyset [data-char="s"]`).click();
    assert.equal(await field.inputValue(), "Bons été. ");
    await field.evaluate((f) => f.setSelectionRange(f.value.length, f.value.length));

    // Speaking instead: the stand-in recognition hears a sentence, in French.
    const speak = area.locator("[data-dictate]");
    assert.ok(await speak.isVisible(), "speaking is offered where the browser can");
    await speak.click();
    await page.waitForFunction(() => document.getElementById("entry").value.includes("malade"));
    assert.equal(await field.inputValue(), "Bons été. mon chat est malade");
    assert.deepEqual(await page.evaluate(() => window.__recognised), ["fr-FR"]);
    assert.equal(await speak.getAttribute("aria-pressed"), "false", "and stops listening");

    // The field takes 300 characters at most, keyboard or not.
    await field.fill("a".repeat(299));
    await area.locator(`.keyset [data-char="z"]`).click();
    await area.locator(`.keyset [data-char="z"]`).click();
    assert.equal((await field.inputValue()).length, 300);
  });
  // Without speech recognition, no button; a recognition that fails says to use the keyboard.
  await withBrowser(async (page) => {
    await page.addInitScript(() => {
      delete window.webkitSpeechRecognition;
      delete window.SpeechRecognition;
    });
    await toWords(page, "Visite");
    assert.ok(await page.locator("[data-dictate]").isHidden(), "no recognition, no button");
    assert.ok(await page.locator("[data-keyboard-for]").isVisible());
  });
  await withBrowser(async (page) => {
    await page.addInitScript(() => {
      window.SpeechRecognition = window.webkitSpeechRecognition = class {
        start() {
          setTimeout(() => {
            this.onerror?.({ error: "network" });
            this.onend?.();
          }, 20);
        }
        stop() {}
      };
    });
    await toWords(page, "Visite");
    await page.locator("[data-dictate]").click();
    await page.locator("[data-dictate-failed]").waitFor({ state: "visible" });
    assert.match(await page.locator("[data-dictate-failed]").innerText(), /Utilisez le clavier/);
    assert.ok(await page.locator("[data-dictate]").isHidden());
    // The next person is not offered it again (for a day).
    await page.reload();
    assert.ok(await page.locator("[data-keyboard-for]").isVisible());
    assert.ok(await page.locator("[data-dictate]").isHidden(), "a kiosk where speaking failed does not offer it");
    assert.ok(await page.locator("[data-dictate-failed]").isHidden());
  });
});

test("30 quick taps in a minute never blank the page", { timeout: LIMIT }, async () => {
  await withBrowser(async (page) => {
    await page.goto(`${BASE}/kiosk`);
    await press(page, "Français");
    const started = Date.now();
    let taps = 0;
    // Back and forth between the menu and a question, as fast as the screens come.
    while (taps < 30) {
      await press(page, taps % 2 === 0 ? "Demander de l'aide" : "Retour");
      taps += 1;
      assert.ok((await page.locator("main h1").count()) > 0, `tap ${taps}: the page still asks something`);
      assert.ok((await page.locator("main button:visible").count()) > 0, `tap ${taps}: there is something to touch`);
    }
    // And double taps: the second one is not taken as an answer to the next screen.
    await press(page, "Demander de l'aide");
    const garden = page.locator("button.choice", { hasText: "Jardin" });
    await Promise.all([page.waitForNavigation(), garden.dblclick()]);
    await page.waitForLoadState("load");
    assert.match(await heading(page), /Rumilly/, "one tap, one answer");
    assert.equal(await page.locator(".note.alert").count(), 0, "the second tap answered nothing");
    assert.ok(Date.now() - started < 60_000, "within a minute");
  });
});

test("the same request in Arabic, right to left, numbers kept left to right", { timeout: LIMIT }, async () => {
  await withBrowser(async (page) => {
    await page.goto(`${BASE}/kiosk`);
    await press(page, "العربية");
    assert.equal(await page.evaluate(() => document.documentElement.lang), "ar");
    assert.equal(await page.evaluate(() => document.documentElement.dir), "rtl");
    await check(page, "ar-01-home");
    await press(page, "طلب المساعدة");
    await check(page, "ar-02-category");
    await press(page, "التسوق");
    await check(page, "ar-03-commune");
    await press(page, "نعم");
    await check(page, "ar-04-when");
    await press(page, "اليوم");
    // The keyboard offers Arabic letters first, and latin ones.
    const area = page.locator("[data-keyboard-for=entry]");
    assert.ok(await area.locator('[data-keyset="arabic"]').isVisible());
    await check(page, "ar-05-details");
    await area.locator('[data-keyset="arabic"] [data-char="ش"]').click();
    await area.locator("[data-switch=latin]").click();
    assert.ok(await area.locator('[data-keyset="latin"]').isVisible());
    await area.locator('[data-keyset="latin"] [data-char="a"]').click();
    assert.equal(await page.locator("#entry").inputValue(), "شa");
    await press(page, "تأكيد");
    await check(page, "ar-05b-phone");
    await press(page, "تخطي");
    await check(page, "ar-06-summary");
    await press(page, "تأكيد");
    const code = (await page.locator(".code bdi").innerText()).trim();
    assert.match(code, /^\d{3} \d{3}$/);
    assert.equal(await page.locator(".code bdi").getAttribute("dir"), "ltr");
    await check(page, "ar-07-done");
    await press(page, "مساعدة");
    await check(page, "ar-08-help");
    await page.goto(`${BASE}/kiosk`);
    await page.locator(".nav [data-end]").click();
    await check(page, "ar-09-erase-ask");
    await Promise.all([page.waitForNavigation(), page.locator("dialog#end-ask button.end").click()]);
    await check(page, "ar-10-language");
  });
});

test("bigger text, and nothing breaks at 320 px wide", { timeout: LIMIT }, async () => {
  await withBrowser(
    async (page) => {
      await page.goto(`${BASE}/kiosk`);
      const size = () =>
        page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
      assert.ok((await size()) >= 24, "body text is at least 24 px");
      await press(page, "Français");
      await press(page, "Texte plus grand");
      assert.ok((await size()) >= 32, "the big text mode is about 32 px");
      await press(page, "Demander de l'aide");
      for (const name of ["narrow-01-category", "narrow-02-commune", "narrow-03-details"]) {
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth
        );
        assert.ok(overflow <= 0, `no horizontal scrolling on ${name} (${overflow} px too wide)`);
        // A page this small scrolls: measure every target where it is scrolled to.
        await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
        const small = await page.evaluate((min) => {
          return Array.from(document.querySelectorAll("button, a[href], input, textarea"))
            .filter((el) => el.type !== "hidden" && el.getClientRects().length && !el.closest("dialog"))
            .map((el) => el.getBoundingClientRect())
            .filter((r) => r.width < min || r.height < min)
            .map((r) => `${Math.round(r.width)}×${Math.round(r.height)}`);
        }, MIN_TARGET);
        assert.deepEqual(small, [], `targets under ${MIN_TARGET} px on ${name}`);
        await axe(page, name);
        if (name === "narrow-01-category") await press(page, "Jardin");
        if (name === "narrow-02-commune") {
          await press(page, "Oui, Rumilly");
          await press(page, "Aujourd'hui");
        }
      }
      // The size goes back to normal with the next person.
      await endVisit(page);
      assert.ok((await size()) < 32, "text size is back to normal after Terminer");
    },
    { viewport: { width: 320, height: 640 } }
  );
});

test("without JavaScript, every step still works with plain forms", { timeout: LIMIT }, async () => {
  await withBrowser(
    async (page) => {
      await page.goto(`${BASE}/kiosk`);
      await press(page, "Français");
      await press(page, "Demander de l'aide");
      await press(page, "Jardin");
      assert.ok(await page.locator("[data-keypad]").isHidden(), "no keypad without JavaScript");
      await page.locator("#entry").fill("74150");
      await press(page, "Valider");
      await press(page, "Rumilly");
      assert.match(await bodyText(page), /Pour quand/);
      await press(page, "Aujourd'hui");
      assert.ok(await page.locator("[data-keyboard-for]").isHidden(), "no keyboard without JavaScript");
      await page.locator("#entry").fill("Tondre la pelouse");
      // axe runs as a page script, which is off here: the same screens are audited with
      // JavaScript on in the other scenarios.
      await page.screenshot({ path: path.join(ARTIFACTS, "nojs-01-details.png") });

      // "Terminer" is a page that asks; "Non" goes back to the question, nothing lost.
      await press(page, "Terminer");
      assert.equal(await heading(page), "Tout effacer ?");
      await page.screenshot({ path: path.join(ARTIFACTS, "nojs-02-erase-ask.png") });
      await press(page, "Non, continuer");
      assert.match(await bodyText(page), /quelques mots/);
      await page.locator("#entry").fill("Tondre la pelouse");
      await press(page, "Valider");
      await press(page, "Passer");
      assert.match(await bodyText(page), /Tondre la pelouse/, "the visit went on");
      // "Oui" erases it.
      await press(page, "Terminer");
      await press(page, "Oui, tout effacer");
      assert.equal(await page.locator("button.choice[lang=ar]").count(), 1, "the first screen again");
      await page.goto(`${BASE}/kiosk`);
      assert.doesNotMatch(await bodyText(page), /Tondre/);
    },
    { javaScriptEnabled: false }
  );
});

test("the idle timer warns, Continuer extends it, then everything is reset", { timeout: LIMIT }, async () => {
  await withBrowser(async (page) => {
    await page.clock.install();
    await page.goto(`${BASE}/kiosk`);
    await press(page, "Français");
    await press(page, "Demander de l'aide");
    await press(page, "Petits travaux");
    await keypad(page, "74");
    const dialog = page.locator("dialog#idle");
    assert.ok(await dialog.isHidden());

    await page.clock.runFor(119_000);
    assert.ok(await dialog.isHidden(), "no warning before 120 s");
    await page.clock.runFor(1_500);
    assert.ok(await dialog.isVisible(), "a warning after 120 s");
    const seconds = async () => Number(await dialog.locator("[data-countdown]").innerText());
    const first = await seconds();
    assert.ok(first >= 29 && first <= 30, `a countdown from 30 s, got ${first}`);
    assert.match(await dialog.innerText(), /secondes/);
    await page.clock.runFor(5_000);
    assert.equal(await seconds(), first - 5, "the countdown goes down every second");
    await check(page, "fr-30-idle-warning");
    await dialog.locator("button", { hasText: "Continuer" }).click();
    assert.ok(await dialog.isHidden(), "Continuer closes the warning");

    // Continuer works again and again.
    await page.clock.runFor(119_000);
    assert.ok(await dialog.isHidden(), "no warning before 120 s of new silence");
    await page.clock.runFor(2_000);
    assert.ok(await dialog.isVisible(), "a second warning");
    await dialog.locator("button", { hasText: "Continuer" }).click();

    // Then silence: the visit ends, without "Tout effacer ?", and the language choice comes back.
    await page.clock.runFor(121_000);
    assert.ok(await dialog.isVisible());
    await Promise.all([page.waitForNavigation(), page.clock.runFor(31_000)]);
    await page.waitForLoadState("load");
    assert.equal(await page.locator("button.choice[lang=ar]").count(), 1, "the first screen again");
    await check(page, "fr-31-after-idle-reset");
    await page.goBack();
    await page.waitForLoadState("load");
    const back = await bodyText(page);
    assert.ok(!back.includes("Petits travaux"), "Back shows nothing of the last visit");
    assert.ok(!back.includes("Étape"), "Back shows no question of the last visit");
  });
});

test("read-aloud speaks the screen in its language, stops, repeats, and follows the person", { timeout: LIMIT }, async () => {
  await withBrowser(async (page) => {
    await page.addInitScript(() => {
      window.__spoken = [];
      window.__cancelled = 0;
      const voices = [
        { name: "Stand-in French", lang: "fr-FR", default: true, localService: true, voiceURI: "fr" },
        { name: "Stand-in Arabic", lang: "ar-SA", default: false, localService: true, voiceURI: "ar" },
      ];
      const synth = {
        getVoices: () => voices,
        speak: (u) => window.__spoken.push({ text: u.text, lang: u.lang }),
        cancel: () => {
          window.__cancelled += 1;
        },
        addEventListener: () => {},
        speaking: false,
      };
      Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
      window.SpeechSynthesisUtterance = class {
        constructor(text) {
          this.text = text;
          this.lang = "";
          this.voice = null;
          this.rate = 1;
        }
      };
    });
    await page.goto(`${BASE}/kiosk`);
    await press(page, "Français");
    const listen = page.locator("[data-listen]");
    assert.ok(await listen.isVisible(), "the read-aloud button shows where a voice exists");
    await listen.click();
    let spoken = await page.evaluate(() => window.__spoken);
    assert.ok(spoken.some((s) => s.text.includes("Que voulez-vous faire")), "the question is read");
    assert.ok(spoken.some((s) => s.text.includes("Demander de l'aide")), "the choices are read");
    assert.ok(spoken.every((s) => s.lang === "fr-FR"), "in the page's language");
    await page.locator("[data-stop]").click();
    assert.ok((await page.evaluate(() => window.__cancelled)) > 0, "Arrêter stops the voice");
    await listen.click();
    assert.ok((await page.evaluate(() => window.__spoken.length)) > spoken.length, "it repeats");

    // Acting stops the voice; the next screen is read by itself during this visit.
    await press(page, "Demander de l'aide");
    spoken = await page.evaluate(() => window.__spoken);
    assert.ok(spoken.some((s) => s.text.includes("Pour quoi avez-vous besoin")), "the next screen is read");
    await check(page, "fr-40-read-aloud");
    // "Tout effacer ?" is read too.
    await page.locator(".nav [data-end]").click();
    spoken = await page.evaluate(() => window.__spoken);
    assert.ok(spoken.some((s) => s.text.includes("Tout effacer")), "the question before erasing is read");
    await page.locator("dialog#end-ask [data-end-no]").click();

    // In Arabic, with an Arabic voice.
    await endVisit(page);
    await press(page, "العربية");
    await page.locator("[data-listen]").click();
    spoken = await page.evaluate(() => window.__spoken);
    assert.ok(spoken.some((s) => s.lang === "ar-SA" && s.text.includes("ماذا تريد")), "Arabic is read in Arabic");
  });
  // Headless Chromium has no voice: the button stays hidden.
  await withBrowser(async (page) => {
    await page.goto(`${BASE}/kiosk`);
    await press(page, "Français");
    const voices = await page.evaluate(() => speechSynthesis.getVoices().length);
    if (voices === 0) {
      assert.ok(await page.locator("[data-listen]").isHidden(), "no voice, no read-aloud button");
    }
  });
});

after(() => {
  console.log(`\nScreens checked for layout (every target on screen, uncovered, ≥ ${MIN_TARGET} px): ${laidOut.length}`);
  console.log(`Screens audited with axe (${TAGS.join(" ")}): ${audited.length}`);
  console.log(audited.join(", "));
  console.log(
    `Smallest target: ${Math.round(smallest.width)} px wide, ${Math.round(smallest.height)} px high; ` +
      `smallest body text: ${smallest.text} px`
  );
  console.log("\nShare of the free height (and of the free area) the buttons take:");
  for (const s of shares) {
    const f = (x) => `${Math.round(x.height * 100)} % (${Math.round(x.area * 100)} %)`;
    console.log(`  ${s.size.padEnd(16)} main menu ${f(s.home)}, categories ${f(s.categories)}`);
  }
  console.log(`\naxe "incomplete" results to review by hand (${incomplete.size}):`);
  for (const [key, where] of incomplete) {
    console.log(`- ${key}\n    on: ${[...where].join(", ")}`);
  }
  const sec = (ms) => `${(ms / 1000).toFixed(1)} s`;
  console.log(
    `\nTime spent: photographs ${sec(spent.screenshot)}, layout checks ${sec(spent.layout)}, axe ${sec(spent.axe)}`
  );
  console.log(`Screenshots: ${ARTIFACTS}`);
});
