// The kiosk's browser tests: what every scenario shares — a browser (enrolled as a kiosk when a
// code is given), axe, the layout check, touching buttons and keys — and the summary printed
// at the end. The scenarios are in screens.mjs and behaviours.mjs; run.mjs runs them all.
import { after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";

export const BASE = (process.env.KIOSK_BASE_URL || "").replace(/\/$/, "");
if (!BASE) {
  console.error("KIOSK_BASE_URL is not set (the kiosk server's base URL, e.g. http://127.0.0.1:8080)");
  process.exit(2);
}
export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const ENROLMENT_CODE = process.env.KIOSK_ENROLMENT_CODE || "";
export const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
export const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "wcag2aaa"];
export const MIN_TARGET = 44;
/** No scenario may hang the suite. */
export const LIMIT = 240_000;
const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = path.join(HERE, "artifacts");
mkdirSync(ARTIFACTS, { recursive: true });

/** Every "incomplete" axe result, reviewed by hand (printed at the end). */
const incomplete = new Map();
/** Screens audited with axe, and screens whose layout was checked, for the summary. */
const audited = [];
const laidOut = [];
/** The smallest target and body text seen on any checked screen. */
const smallest = { width: Infinity, height: Infinity, text: Infinity };
/** How much of the free height the main menu's and the categories' buttons take, per size. */
export const shares = [];
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
export async function withBrowser(fn, options = {}) {
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
export async function axe(page, name) {
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
export async function look(page, name, { audit = false } = {}) {
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
export async function check(page, name) {
  await look(page, name, { audit: true });
}

/** Clicks the button or link whose visible text contains `text`, and waits for the next page. */
export async function press(page, text, { navigates = true } = {}) {
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
export async function keypad(page, digits) {
  const keys = await page.evaluate(keyCentres);
  for (const d of digits) await touch(page, keys, d);
}

/** Types on the on-screen keyboard, key by key, as a finger would (capitals with the shift key
 *  unless the keyboard already offers one). */
export async function keyboard(page, text) {
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
export async function toWords(page, kind) {
  await page.goto(`${BASE}/kiosk`);
  for (const answer of ["Français", "Demander de l'aide", kind, "Oui, Rumilly", "Aujourd'hui"]) {
    await press(page, answer);
  }
}

export async function heading(page) {
  return (await page.locator("h1").first().innerText()).replace(/\s+/g, " ").trim();
}

export async function bodyText(page) {
  return (await page.locator("body").innerText()).replace(/\s+/g, " ");
}

/** "Terminer / Effacer mes informations", then "Oui, tout effacer" in the dialog. */
export async function endVisit(page) {
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
export async function startVisit(page, big) {
  await page.goto(`${BASE}/kiosk`);
  if (big) await press(page, "Texte plus grand");
}

/** How much of the free height (between the tools and the navigation) the choices take. */
export async function share(page) {
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
