// Browser test of the mediation console: Playwright (playwright-core) driving Debian's
// Chromium, axe-core with the kiosk's tags (WCAG 2.2 AA + AAA), keyboard only where a mediator
// acts, every screen checked at 1280×720 and at 200 % zoom (nothing wider than the window,
// every control at least 44 × 44 px).
//
//   CONSOLE_BASE_URL=http://127.0.0.1:8080 ADMIN_LINK=… ADMIN_EMAIL=… REFERENCE=482915 node console.mjs
//
// Started by tests/it/console_browser.rs, which made the admin's account (its setup link) and
// a request by a signed SMS webhook, and checks afterwards that the resident got their SMS.
// The TOTP codes are computed here (RFC 6238, SHA-1, 6 digits, 30 s).
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";

const BASE = (process.env.CONSOLE_BASE_URL || "").replace(/\/$/, "");
const ADMIN_LINK = process.env.ADMIN_LINK || "";
const ADMIN_EMAIL = process.env.ADMIN_EMAIL || "";
const REFERENCE = process.env.REFERENCE || "";
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (!BASE || !ADMIN_LINK || !ADMIN_EMAIL || !REFERENCE) {
  console.error("CONSOLE_BASE_URL, ADMIN_LINK, ADMIN_EMAIL and REFERENCE are needed");
  process.exit(2);
}
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "wcag2aaa"];
const PASSWORD = "un mot de passe assez long";
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(HERE, "artifacts", "console");
mkdirSync(ARTIFACTS, { recursive: true });

function base32(s) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of s.replace(/=+$/, "").toUpperCase()) {
    const v = alphabet.indexOf(c);
    assert.ok(v >= 0, `base32 secret: ${s}`);
    bits += v.toString(2).padStart(5, "0");
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** The TOTP code of `secret` at Unix time `t`. */
function totp(secret, t) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(t / 30)));
  const h = createHmac("sha1", base32(secret)).update(counter).digest();
  const o = h[19] & 0xf;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1_000_000).padStart(6, "0");
}
const now = () => Math.floor(Date.now() / 1000);

const audited = [];
const checked = [];

/** axe with the kiosk's tags: no violation. */
async function axe(page, name) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const violations = results.violations.map(
    (v) => `${v.id}: ${v.help}\n` + v.nodes.map((n) => `    ${n.target.join(" ")} — ${n.failureSummary}`).join("\n")
  );
  assert.deepEqual(violations, [], `axe violations on ${name}:\n${violations.join("\n")}`);
  audited.push(name);
}

/** Nothing wider than the window; every visible control at least 44 × 44 px. */
function layout() {
  const out = [];
  const vw = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > vw + 1) {
    out.push(`the page is ${document.documentElement.scrollWidth} px wide in a ${vw} px window`);
  }
  for (const el of document.querySelectorAll("button, a[href], input, select, textarea")) {
    if (el.type === "hidden" || !el.getClientRects().length) continue;
    if (el.type === "checkbox" || el.type === "radio") continue; // their label is the target
    const r = el.getBoundingClientRect();
    if (r.width < 44 || r.height < 44) {
      out.push(`too small: ${el.tagName} "${(el.innerText || el.name || "").trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
  }
  for (const label of document.querySelectorAll("label.check")) {
    const r = label.getBoundingClientRect();
    if (r.height < 44) out.push(`too small: the label "${label.innerText.trim().slice(0, 30)}"`);
  }
  return out;
}

/** Checks the current screen at 1280×720 and at 200 % zoom, with axe. */
async function check(page, name) {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}-1280.png`), fullPage: true });
  assert.deepEqual(await page.evaluate(layout), [], `${name} at 1280×720`);
  assert.equal(await page.evaluate(() => document.documentElement.lang), "fr");
  await axe(page, name);
  // 200 % zoom of a 1280×720 window: the page gets 640×360 CSS pixels.
  await page.setViewportSize({ width: 640, height: 360 });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}-200.png`), fullPage: true });
  assert.deepEqual(await page.evaluate(layout), [], `${name} at 200 % zoom`);
  await axe(page, `${name} (200 %)`);
  await page.setViewportSize({ width: 1280, height: 720 });
  checked.push(name);
}

/** Presses Tab until the focused element's text contains `text`; it must show its focus. */
async function tabTo(page, text, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const found = await page.evaluate((t) => {
      const el = document.activeElement;
      if (!el) return null;
      const label = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
      if (!label.includes(t)) return null;
      const s = getComputedStyle(el);
      return { outline: s.outlineStyle, width: s.outlineWidth };
    }, text);
    if (found) {
      assert.notEqual(found.outline, "none", `the focus on "${text}" is visible`);
      return;
    }
  }
  assert.fail(`"${text}" cannot be reached with Tab`);
}

/** Types in a field reached by keyboard (Tab until its label's field is focused). */
async function typeInto(page, id, value, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((id) => document.activeElement && document.activeElement.id === id, id)) {
      await page.keyboard.type(value);
      return;
    }
  }
  assert.fail(`#${id} cannot be reached with Tab`);
}

async function enter(page) {
  await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
}

/** Sets up an account from its link and signs in, by keyboard; returns the TOTP secret. */
async function setUpAndSignIn(page, link, email, audit) {
  await page.goto(link);
  const secret = (await page.locator("#totp-secret").innerText()).trim();
  assert.ok(await page.locator(".qr svg").count(), "the QR code is drawn");
  if (audit) await check(page, "setup");
  await typeInto(page, "password", PASSWORD);
  await page.keyboard.press("Tab");
  await page.keyboard.type(PASSWORD);
  await typeInto(page, "code", totp(secret, now()));
  await enter(page);
  assert.match(page.url(), /\/mediation\/connexion\?active=1$/);
  assert.match(await page.locator("main").innerText(), /Votre compte est activé/);
  if (audit) await check(page, "login");
  await typeInto(page, "email", email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(PASSWORD);
  // The setup's code is spent: the next one (30 s ahead is accepted).
  await typeInto(page, "code", totp(secret, now() + 30));
  await enter(page);
  assert.equal(new URL(page.url()).pathname, "/mediation");
  return secret;
}

const started = Date.now();
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"],
});
let failed = false;
try {
  // The admin sets up their account, then adds a mediator from the console.
  const admin = await browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris", viewport: { width: 1280, height: 720 } });
  const a = await admin.newPage();
  a.setDefaultTimeout(10000);
  await setUpAndSignIn(a, ADMIN_LINK, ADMIN_EMAIL, true);
  await check(a, "queue");
  await tabTo(a, "Réglages");
  await enter(a);
  await check(a, "settings");
  await tabTo(a, "Journal");
  await enter(a);
  await check(a, "journal");
  await tabTo(a, "Équipe");
  await enter(a);
  await check(a, "team");
  await typeInto(a, "name", "Marc Médiateur");
  await tabType(a, "marc@mairie-rumilly.fr");
  await tabTo(a, "Créer le compte");
  await enter(a);
  const link = (await a.locator("#setup-link").innerText()).trim();
  assert.match(link, /\/mediation\/activer\//);
  // Erasing a person's data, for admins: from the request, a page saying what goes and a box
  // to tick (not ticked here: the request is used below).
  await a.goto(`${BASE}/mediation/demandes/${REFERENCE}`);
  await tabTo(a, "Effacer les données de cette personne");
  await enter(a);
  assert.match(a.url(), new RegExp(`/mediation/demandes/${REFERENCE}/effacer$`));
  await check(a, "erase");
  await tabTo(a, "Ne rien effacer");
  await enter(a);
  await tabTo(a, "Se déconnecter");
  await enter(a);
  assert.match(a.url(), /sortie=1/);
  await admin.close();

  // The mediator sets up, signs in, finds the request made by SMS and acts on it by keyboard.
  const mediator = await browser.newContext({ locale: "fr-FR", timezoneId: "Europe/Paris", viewport: { width: 1280, height: 720 } });
  const m = await mediator.newPage();
  m.setDefaultTimeout(10000);
  await setUpAndSignIn(m, link, "marc@mairie-rumilly.fr", false);
  const grouped = `${REFERENCE.slice(0, 3)} ${REFERENCE.slice(3)}`;
  assert.ok((await m.locator("main").innerText()).includes(grouped), "the request is in the queue");
  await tabTo(m, grouped);
  await enter(m);
  assert.match(m.url(), new RegExp(`/mediation/demandes/${REFERENCE}$`));
  await check(m, "request");
  await tabTo(m, "Prendre en charge");
  await enter(m);
  assert.match(await m.locator(".notice").innerText(), /Vous suivez cette demande/);
  // Help found: the status by keyboard (arrows in the list), who helps, when.
  await typeInto(m, "status", "");
  const want = await m.locator("#status option[value=matched]").innerText();
  for (let i = 0; i < 6 && (await m.locator("#status").evaluate((s) => s.value)) !== "matched"; i++) {
    await m.keyboard.press("ArrowDown");
  }
  assert.equal(await m.locator("#status").evaluate((s) => s.value), "matched", want);
  await typeInto(m, "helper", "Marie");
  await typeInto(m, "when", "jeudi vers 10 h");
  await tabTo(m, "Changer l'état");
  await enter(m);
  assert.match(await m.locator(".notice").innerText(), /La personne va recevoir un SMS/);
  assert.match(await m.locator("main").innerText(), /aide trouvée/);
  await check(m, "request after");

  // The SMS box counts segments and warns when a character leaves GSM-7.
  await m.locator("#sms").fill("Bonjour, Marie passera jeudi.");
  assert.match(await m.locator("#sms-count").innerText(), /29 caractères, 1 SMS/);
  assert.equal(await m.locator("#sms-warning").isHidden(), true);
  await m.locator("#sms").fill("Bonjour ✓ " + "x".repeat(70));
  assert.match(await m.locator("#sms-count").innerText(), /2 SMS/);
  assert.equal(await m.locator("#sms-warning").isVisible(), true);
  await m.locator("#sms").fill("");

  await m.goto(`${BASE}/mediation/accord`);
  await check(m, "mandate text");

  // With the person present: their agreement, then a request made for them through the
  // kiosk's questions, under "Vous agissez pour …".
  await m.goto(`${BASE}/mediation/demandes/${REFERENCE}`);
  const accord = m.locator("form[action$='/accords']");
  await m.locator("#resident-name").fill("Mme Martin");
  await accord.locator("input[name=scope][value=help_requests]").check();
  await accord.locator("input[name=agreed]").check();
  await accord.locator("button[type=submit]").click();
  await m.waitForURL(/fait=accord$/);
  assert.match(await m.locator(".notice").innerText(), /L'accord est enregistré/);
  await tabTo(m, "Agir pour cette personne");
  await enter(m);
  assert.match(await m.locator(".acting").innerText(), /Vous agissez pour Mme Martin — mandat jusqu'au/);
  await check(m, "acting: menu");
  const choose = (value) => m.locator(`.screen button[name=said][value='${value}']`).first().click();
  await choose("1");
  await choose("1");
  await check(m, "acting: commune");
  await m.locator(".screen form.choices button.primary").click();
  await choose("1");
  await m.locator("#entry").fill("Des courses pour la semaine");
  await check(m, "acting: a few words");
  await m.locator(".screen form:has(textarea) button[type=submit]").click();
  await choose("1");
  assert.match(await m.locator(".screen").innerText(), /Une personne vous répondra vite/);
  await check(m, "acting: done");
  await mediator.close();
} catch (e) {
  failed = true;
  console.error(e);
} finally {
  await browser.close();
}
console.log(`console screens checked at 1280×720 and 200 %: ${checked.join(", ")}`);
console.log(`axe (${TAGS.join(" ")}): ${audited.length} audits, no violation`);
console.log(`browser test took ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);

/** After a field: Tab to the next field and type. */
async function tabType(page, value) {
  await page.keyboard.press("Tab");
  await page.keyboard.type(value);
}
