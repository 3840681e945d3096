// The kiosk's behaviours, one by one: the printed ticket, "Tout effacer ?", the keyboard and
// speaking instead, quick taps, Arabic, a narrow screen, no JavaScript, the idle timer,
// read-aloud.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import path from "node:path";
import {
  ARTIFACTS,
  BASE,
  LIMIT,
  MIN_TARGET,
  axe,
  bodyText,
  check,
  endVisit,
  heading,
  keypad,
  press,
  toWords,
  withBrowser,
} from "./lib.mjs";

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
    assert.ok(spoken.some((s) => s.text.includes("De quelle aide avez-vous besoin")), "the next screen is read");
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
