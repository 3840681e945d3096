// Browser tests of the kiosk: Playwright (playwright-core only, no browser download) driving
// Debian's Chromium, with axe-core for WCAG 2.2 AA + AAA checks.
//
//   KIOSK_BASE_URL=http://127.0.0.1:8080 node run.mjs
//
// Started by tests/it/kiosk_browser.rs against a fresh server. Every screen of every scenario
// is audited (axe, with the AAA tags), measured (every target at least 44 × 44 CSS px) and
// photographed into artifacts/ (gitignored), in French and in Arabic.
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
/** No scenario may hang the suite. */
const LIMIT = 180_000;
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ARTIFACTS = path.join(HERE, "artifacts");
mkdirSync(ARTIFACTS, { recursive: true });

/** Every "incomplete" axe result, reviewed by hand (printed at the end). */
const incomplete = new Map();
/** Screens audited, for the summary. */
const audited = [];
/** The smallest target and body text seen on any audited screen. */
const smallest = { width: Infinity, height: Infinity, text: Infinity };

/** A fresh Chromium with a fresh profile, closed (and its profile removed) after `fn`. */
async function withBrowser(fn, options = {}) {
  const profile = mkdtempSync(path.join(tmpdir(), "passerelle-kiosk-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1080, height: 1600 },
    locale: "fr-FR",
    timezoneId: "Europe/Paris",
    ...options,
  });
  try {
    const page = context.pages()[0] || (await context.newPage());
    page.setDefaultTimeout(15000);
    await fn(page, context);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Audits, measures and photographs the current screen. */
async function check(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
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
  const small = await page.evaluate((min) => {
    const out = [];
    const sizes = [];
    for (const el of document.querySelectorAll("button, a[href], input, textarea, select")) {
      if (el.type === "hidden") continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      sizes.push([r.width, r.height]);
      if (r.width < min || r.height < min) {
        out.push(`${el.tagName.toLowerCase()} "${(el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
    const text = parseFloat(getComputedStyle(document.body).fontSize);
    return { out, sizes, text };
  }, MIN_TARGET);
  for (const [w, h] of small.sizes) {
    smallest.width = Math.min(smallest.width, w);
    smallest.height = Math.min(smallest.height, h);
  }
  smallest.text = Math.min(smallest.text, small.text);
  assert.deepEqual(small.out, [], `targets under ${MIN_TARGET}×${MIN_TARGET} px on ${name}`);
  const lang = await page.evaluate(() => document.documentElement.lang);
  assert.ok(lang, `<html lang> is set on ${name}`);
  audited.push(name);
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

/** Types digits on the on-screen keypad. */
async function keypad(page, digits) {
  for (const d of digits) {
    await page.locator(`[data-keypad] [data-key="${d}"]`).click();
  }
}

async function heading(page) {
  return (await page.locator("h1").first().innerText()).replace(/\s+/g, " ").trim();
}

async function bodyText(page) {
  return (await page.locator("body").innerText()).replace(/\s+/g, " ");
}

test("a whole help request by touch, in French, with its ticket and its follow-up", { timeout: LIMIT }, async () => {
  await withBrowser(async (page) => {
    await page.goto(`${BASE}/kiosk`);
    await check(page, "fr-01-language");
    for (const [lang, dir] of [["fr", "ltr"], ["en", "ltr"], ["ar", "rtl"]]) {
      const b = page.locator(`button.choice[lang="${lang}"]`);
      assert.equal(await b.getAttribute("dir"), dir, `the ${lang} choice is labelled in its own language`);
    }
    await press(page, "Français");
    assert.equal(await heading(page), "Que voulez-vous faire ?");
    assert.match(await bodyText(page), /112/, "the home screen says it is not an emergency service");
    await check(page, "fr-02-home");

    await press(page, "Demander de l'aide");
    assert.match(await bodyText(page), /Étape 1 sur 6/);
    await check(page, "fr-03-category");
    await press(page, "Faire les courses");

    // The kiosk's commune is offered; another postal code is typed on the keypad.
    assert.match(await heading(page), /Rumilly/);
    await keypad(page, "74150");
    assert.equal(await page.locator("#entry").inputValue(), "74 150");
    await check(page, "fr-04-commune-keypad");
    await press(page, "Valider");
    // 74150 covers several communes: pick one.
    await check(page, "fr-05-commune-pick");
    await press(page, "Rumilly");

    assert.match(await bodyText(page), /Étape 3 sur 6/);
    await check(page, "fr-06-when");
    await press(page, "Aujourd'hui");

    await check(page, "fr-07-details");
    await page.locator("#entry").fill("Changer une ampoule");
    await press(page, "Valider");

    // A mobile number, to get the code by SMS, on the large keypad.
    assert.match(await bodyText(page), /numéro de portable/);
    await keypad(page, "0612345678");
    await check(page, "fr-07b-phone");
    await press(page, "Valider");

    await check(page, "fr-08-summary");
    const summary = await bodyText(page);
    assert.match(summary, /Faire les courses/);
    assert.match(summary, /Changer une ampoule/);
    // Modifier: change only the moment, then come back to the summary (nothing asked twice).
    await press(page, "Modifier");
    await check(page, "fr-09-change");
    await press(page, "Le moment");
    await press(page, "Cette semaine");
    assert.match(await bodyText(page), /Cette semaine/);
    assert.equal(await heading(page), "Tout est juste ?");
    await press(page, "Confirmer");

    // Only the reference, large and grouped, and a printable ticket.
    const code = (await page.locator(".code").innerText()).trim();
    assert.match(code, /^\d{3} \d{3}$/, `a grouped 6-digit code, got "${code}"`);
    assert.equal(await page.locator(".code bdi").count(), 1);
    await check(page, "fr-10-done");
    await page.emulateMedia({ media: "print" });
    assert.ok(await page.locator(".ticket").isVisible(), "the ticket is printed");
    const ticket = await page.locator(".ticket").innerText();
    assert.match(ticket, new RegExp(code));
    assert.match(ticket, /Faire les courses/);
    assert.match(ticket, /04 50 01 02 03/, "a phone number for help");
    await page.screenshot({ path: path.join(ARTIFACTS, "fr-11-ticket-print.png"), fullPage: true });
    await page.emulateMedia({ media: "screen" });

    // Terminer: everything is forgotten, and Back shows nothing of it.
    await press(page, "Terminer");
    await check(page, "fr-12-after-end");
    await page.goBack();
    await page.waitForLoadState("load");
    const back = await bodyText(page);
    assert.ok(!back.includes(code), "Back does not show the code again");
    assert.ok(!back.includes("ampoule"), "Back does not show what was typed");

    // The ticket's code shows the request's status on the keypad.
    await page.goto(`${BASE}/kiosk`);
    await press(page, "Français");
    await press(page, "Suivre ma demande");
    await check(page, "fr-13-follow-code");
    await keypad(page, code.replace(" ", ""));
    await press(page, "Valider");
    assert.match(await bodyText(page), /Nous cherchons quelqu'un pour vous aider/);
    await check(page, "fr-14-follow-status");

    // Besoin d'aide: the same place on every screen.
    await press(page, "Besoin d'aide");
    await check(page, "fr-15-help");
    await press(page, "Revenir à ma question");

    // Staff's enrolment page, and the kind page a forged or stale form gets.
    await page.goto(`${BASE}/kiosk/enrol`);
    await check(page, "fr-16-enrol");
    await page.evaluate(() => {
      for (const i of document.querySelectorAll("input[name=csrf]")) i.value = "forged";
    });
    await press(page, "Enregistrer");
    assert.match(await bodyText(page), /plus valable/);
    await check(page, "fr-17-refused");
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
    await check(page, "ar-05-details");
    await press(page, "تخطي");
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
    // Back on the language screen from the home screen.
    await press(page, "رجوع");
    await check(page, "ar-09-language");
  });
});

test("a whole mission sign-up by touch, with cards and paging", { timeout: LIMIT }, async () => {
  await withBrowser(async (page) => {
    await page.goto(`${BASE}/kiosk`);
    await press(page, "Français");
    await press(page, "Devenir bénévole");
    await check(page, "fr-20-missions-commune");
    await press(page, "Oui, Rumilly");
    const cards = page.locator("button.mission");
    assert.ok((await cards.count()) >= 1, "missions near the kiosk are shown as cards");
    const first = await cards.first().innerText();
    assert.match(first, /Où :/);
    assert.match(first, /Quand :/);
    assert.match(first, /Avec :/);
    await check(page, "fr-21-missions");
    if (await page.locator("button.more").count()) {
      await press(page, "Voir la suite");
      await check(page, "fr-22-missions-more");
    }
    await Promise.all([page.waitForNavigation(), page.locator("button.mission").first().click()]);
    await check(page, "fr-23-mission-details");
    await press(page, "Je m'inscris");
    // The organisation needs a number to reach the volunteer.
    await check(page, "fr-23b-mission-phone");
    await keypad(page, "0698765432");
    await press(page, "Valider");
    assert.match(await bodyText(page), /inscrit/);
    await check(page, "fr-24-mission-signed");
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
      for (const name of ["narrow-01-category", "narrow-02-commune"]) {
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth
        );
        assert.ok(overflow <= 0, `no horizontal scrolling on ${name} (${overflow} px too wide)`);
        await check(page, name);
        if (name === "narrow-01-category") await press(page, "Jardin");
      }
      // The size goes back to normal with the next person.
      await press(page, "Terminer");
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
      // axe runs as a page script, which is off here: the same screen is audited with
      // JavaScript on in the other scenarios.
      await page.screenshot({ path: path.join(ARTIFACTS, "nojs-01-when.png"), fullPage: true });
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

    // Then silence: the visit ends and the language choice comes back.
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

    // In Arabic, with an Arabic voice.
    await page.goto(`${BASE}/kiosk`);
    await press(page, "Terminer");
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
  console.log(`\nScreens audited with axe (${TAGS.join(" ")}) and measured: ${audited.length}`);
  console.log(audited.join(", "));
  console.log(
    `Smallest target: ${Math.round(smallest.width)} px wide, ${Math.round(smallest.height)} px high; ` +
      `smallest body text: ${smallest.text} px`
  );
  console.log(`\naxe "incomplete" results to review by hand (${incomplete.size}):`);
  for (const [key, where] of incomplete) {
    console.log(`- ${key}\n    on: ${[...where].join(", ")}`);
  }
  console.log(`\nScreenshots: ${ARTIFACTS}`);
});
