// Every screen of the kiosk, walked through by touch at the sizes of the screens mairies
// install, with and without big text: each checked (on screen, uncovered, large enough, no
// scrolling) and photographed into artifacts/<size>/; axe upright in French.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import {
  ARTIFACTS,
  BASE,
  LIMIT,
  bodyText,
  endVisit,
  heading,
  keyboard,
  keypad,
  look,
  press,
  share,
  shares,
  startVisit,
  withBrowser,
} from "./lib.mjs";

/** The screens mairies install, and the smaller ones some have. */
const SIZES = [
  { name: "1080x1920", width: 1080, height: 1920, upright: true },
  { name: "1920x1080", width: 1920, height: 1080 },
  { name: "1366x768", width: 1366, height: 768 },
  { name: "1280x800", width: 1280, height: 800 },
];

/** 300 characters typed the way many do: no accents, no capitals, few full stops. */
const LONG_WORDS = (
  "bonjour je suis seule depuis que mon mari est a l hopital et je n arrive plus a porter " +
  "les courses du marche jusqu a chez moi au troisieme etage sans ascenseur il me faudrait " +
  "quelqu un le samedi matin vers dix heures si possible merci beaucoup de votre aide je peux " +
  "donner un peu d argent pour l essence"
).slice(0, 300);

// ---------------------------------------------------------------------------------------------
// Every screen at every size

/** Walks through every screen, checking and photographing each, at one size. */
async function everyScreen(page, size, big, index) {
  const dir = `${size.name}${big ? "-big" : ""}`;
  mkdirSync(path.join(ARTIFACTS, dir), { recursive: true });
  // axe upright with normal text: the markup is the same at every size, whose layout is
  // checked by look() each time.
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

  // A long message, without accents, as an old person types it: the whole of it on the summary.
  await press(page, "Recommencer");
  await press(page, "Demander de l'aide");
  await press(page, "Jardin");
  await press(page, "Oui, Rumilly");
  await press(page, "Cette semaine");
  await page.locator("#entry").fill(LONG_WORDS);
  await press(page, "Valider");
  // A request without a phone number says what will really happen.
  await press(page, "Passer");
  assert.match(await bodyText(page), /merci beaucoup/);
  await seen("17-summary-long-words");
  await press(page, "Confirmer");
  const done = await bodyText(page);
  assert.match(done, /Revenez à la mairie avec votre code/);
  assert.doesNotMatch(done, /vous répondra/, "no promise nobody can keep");
  await seen("17b-done-without-number");
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
