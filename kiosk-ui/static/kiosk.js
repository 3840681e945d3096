// Passerelle kiosk: small additions to pages that work without JavaScript.
// - read-aloud in the page's language (only where the browser has a voice for it);
// - a large on-screen numeric keypad for postal codes, ticket codes and phone numbers;
// - an on-screen keyboard for text fields (AZERTY with accents, the page's own letters first),
//   and speaking instead of typing where the browser can recognise speech;
// - "Tout effacer ?" asked in a dialog before "Terminer" (without the script, a page asks);
// - a second tap on a form already sent is ignored (quick or shaky hands);
// - the idle timer: after 120 s a spoken and visible warning with a 30 s countdown and a large
//   "Continuer"; then everything is ended on the server, without asking, and the next person
//   starts afresh;
// - printing the ticket.
// No words here: every text comes from the page, which the server wrote from the locales.
"use strict";

(() => {
  const IDLE_MS = 120 * 1000;
  const WARN_SECONDS = 30;
  const PING_EVERY_MS = 30 * 1000;
  const VOICE_KEY = "passerelle-voice";
  // When speaking instead failed on this kiosk (no microphone, no recognition service), and
  // for how long the button stays away afterwards, so that only one person meets the failure.
  const DICTATION_FAILED_KEY = "passerelle-dictation-failed";
  const DICTATION_RETRY_MS = 24 * 3600 * 1000;

  const doc = document.documentElement;
  const body = document.body;
  const lang = (doc.lang || "fr").toLowerCase();
  const visit = body.dataset.visit || "";
  const endForm = document.getElementById("end-form");
  const csrf = endForm ? endForm.querySelector("input[name=csrf]").value : "";

  // If the browser shows this page from its history cache, ask the server again: a visit
  // that ended must not come back with "Back".
  window.addEventListener("pageshow", (e) => {
    if (e.persisted) window.location.reload();
  });

  // ---- Read-aloud ---------------------------------------------------------------------------
  const synth = window.speechSynthesis;
  const listenBtn = document.querySelector("[data-listen]");
  const stopBtn = document.querySelector("[data-stop]");
  let voice = null;
  let autoDone = false;

  function shown(el) {
    return el.getClientRects().length > 0;
  }

  function textOf(el) {
    return (el.dataset.say || el.innerText || "").replace(/\s+/g, " ").trim();
  }

  function screenTexts(root) {
    return Array.from((root || document).querySelectorAll("[data-speak]"))
      .filter((el) => shown(el) && !el.parentElement.closest("[data-speak]"))
      .map(textOf)
      .filter(Boolean);
  }

  function findVoice() {
    if (!synth || typeof synth.getVoices !== "function") return null;
    const voices = synth.getVoices() || [];
    return (
      voices.find((v) => (v.lang || "").toLowerCase().replace("_", "-").startsWith(lang)) || null
    );
  }

  function speak(parts) {
    if (!voice || parts.length === 0) return;
    synth.cancel();
    for (const part of parts) {
      const u = new SpeechSynthesisUtterance(part);
      u.voice = voice;
      u.lang = voice.lang;
      u.rate = 0.9;
      synth.speak(u);
    }
  }

  function hush() {
    if (synth && typeof synth.cancel === "function") synth.cancel();
  }

  function setupVoice() {
    voice = findVoice();
    if (listenBtn) listenBtn.hidden = !voice;
    if (stopBtn) stopBtn.hidden = !voice;
    // Once the person asked to listen, every screen of their visit is read out.
    if (voice && !autoDone && visit && sessionStorage.getItem(VOICE_KEY) === visit) {
      autoDone = true;
      speak(screenTexts());
    }
  }

  if (synth) {
    setupVoice();
    if (typeof synth.addEventListener === "function") {
      synth.addEventListener("voiceschanged", setupVoice);
    } else {
      synth.onvoiceschanged = setupVoice;
    }
  }
  if (listenBtn) {
    listenBtn.addEventListener("click", () => {
      if (visit) sessionStorage.setItem(VOICE_KEY, visit);
      speak(screenTexts());
    });
  }
  if (stopBtn) {
    stopBtn.addEventListener("click", () => {
      sessionStorage.removeItem(VOICE_KEY);
      hush();
    });
  }
  // Acting stops the voice: a new screen will be read if read-aloud is on.
  document.addEventListener("submit", hush);
  document.addEventListener("click", (e) => {
    const b = e.target.closest("button, a");
    if (b && b !== listenBtn) hush();
  });

  // ---- Keypad -------------------------------------------------------------------------------
  for (const pad of document.querySelectorAll("[data-keypad]")) {
    const form = pad.closest("form");
    const input = form && form.querySelector("input[data-max]");
    if (!input) continue;
    const max = Number(input.dataset.max) || 10;
    const groups = (input.dataset.groups || "").split(",").map(Number).filter(Boolean);
    const digits = () => input.value.replace(/\D/g, "").slice(0, max);
    const show = (d) => {
      const parts = [];
      let i = 0;
      for (const g of groups) {
        if (i >= d.length) break;
        parts.push(d.slice(i, i + g));
        i += g;
      }
      if (i < d.length) parts.push(d.slice(i));
      input.value = parts.join(" ");
    };
    pad.hidden = false;
    // The keypad replaces the device's own keyboard on a touch screen.
    input.setAttribute("inputmode", "none");
    pad.addEventListener("click", (e) => {
      const key = e.target.closest("button");
      if (!key) return;
      let d = digits();
      if (key.dataset.key !== undefined) {
        if (d.length < max) d += key.dataset.key;
      } else if (key.hasAttribute("data-erase")) {
        d = d.slice(0, -1);
      }
      show(d);
    });
  }

  // ---- Keyboard -----------------------------------------------------------------------------
  // Types where the field's caret is, as a real keyboard would, within the field's maxlength.
  function typeInto(field, text) {
    const start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? start;
    const max = field.maxLength > 0 ? field.maxLength : Infinity;
    const room = max - (field.value.length - (end - start));
    const chars = Array.from(text).slice(0, Math.max(room, 0)).join("");
    if (!chars && start === end) return;
    field.setRangeText(chars, start, end, "end");
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function eraseIn(field) {
    let start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? start;
    if (start === end) {
      const before = Array.from(field.value.slice(0, start));
      const last = before.pop();
      if (!last) return;
      start -= last.length;
    }
    field.setRangeText("", start, end, "end");
    field.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // A capital to begin the text and each sentence, as phones do.
  function sentenceStart(field) {
    const before = field.value.slice(0, field.selectionStart ?? field.value.length);
    return before.trim() === "" || /[.!?]\s+$/.test(before);
  }

  for (const area of document.querySelectorAll("[data-keyboard-for]")) {
    const field = document.getElementById(area.dataset.keyboardFor);
    if (!field) continue;
    area.hidden = false;
    // The on-screen keys replace the device's own keyboard on a touch screen.
    field.setAttribute("inputmode", "none");
    const shiftKey = area.querySelector("[data-shift]");
    const sets = Array.from(area.querySelectorAll("[data-keyset]"));
    const letters = Array.from(area.querySelectorAll("[data-keyset] [data-char]"));
    let set = sets.length ? sets[0].dataset.keyset : "";
    let shift = false;

    const showShift = () => {
      const latin = set === "latin";
      if (shiftKey) {
        shiftKey.hidden = !latin;
        shiftKey.setAttribute("aria-pressed", shift && latin ? "true" : "false");
      }
      for (const key of letters) {
        const c = key.dataset.char;
        key.textContent = shift && latin ? c.toLocaleUpperCase(doc.lang) : c;
      }
    };
    const autoShift = () => {
      shift = sentenceStart(field);
      showShift();
    };
    const useSet = (name) => {
      set = name;
      for (const s of sets) s.hidden = s.dataset.keyset !== name;
      for (const b of area.querySelectorAll("[data-switch]")) b.hidden = b.dataset.switch === name;
      autoShift();
    };

    // Keep the caret in the field when a key is touched.
    area.addEventListener("mousedown", (e) => {
      if (e.target.closest(".kkey")) e.preventDefault();
    });
    area.addEventListener("click", (e) => {
      const key = e.target.closest("button");
      if (!key || !area.contains(key)) return;
      if (key.dataset.char !== undefined) {
        const c = key.dataset.char;
        typeInto(field, shift && set === "latin" ? c.toLocaleUpperCase(doc.lang) : c);
        autoShift();
      } else if (key.hasAttribute("data-erase")) {
        eraseIn(field);
        autoShift();
      } else if (key.hasAttribute("data-shift")) {
        shift = !shift;
        showShift();
      } else if (key.dataset.switch) {
        useSet(key.dataset.switch);
      }
    });
    field.addEventListener("click", autoShift);
    field.addEventListener("keyup", autoShift);
    useSet(set);
    setupDictation(area, field);
  }

  // ---- Speaking instead of typing ------------------------------------------------------------
  // Only where the browser has speech recognition; if it turns out not to work here (no
  // microphone, no service: Chromium without Google's keys says "network"), the button goes,
  // the page says to use the keyboard, and the kiosk remembers it for a day.
  function dictationFailedLately() {
    const at = Number(localStorage.getItem(DICTATION_FAILED_KEY) || 0);
    return at > 0 && Date.now() - at < DICTATION_RETRY_MS;
  }

  function setupDictation(area, field) {
    const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
    const button = area.querySelector("[data-dictate]");
    const failed = area.querySelector("[data-dictate-failed]");
    if (!Recognition || !button || dictationFailedLately()) return;
    const label = button.querySelector("span");
    const idle = label ? label.innerHTML : "";
    let rec = null;
    button.hidden = false;

    const stopped = () => {
      rec = null;
      button.setAttribute("aria-pressed", "false");
      if (label) label.innerHTML = idle;
    };
    button.setAttribute("aria-pressed", "false");
    button.addEventListener("click", () => {
      if (rec) {
        rec.stop();
        return;
      }
      const fail = () => {
        button.hidden = true;
        if (failed) failed.hidden = false;
        localStorage.setItem(DICTATION_FAILED_KEY, String(Date.now()));
      };
      try {
        rec = new Recognition();
      } catch (_) {
        fail();
        return;
      }
      rec.lang = lang === "fr" ? "fr-FR" : lang;
      rec.interimResults = false;
      rec.continuous = false;
      rec.maxAlternatives = 1;
      rec.onresult = (e) => {
        const said = Array.from(e.results)
          .map((r) => (r[0] ? r[0].transcript : ""))
          .join(" ")
          .trim();
        if (!said) return;
        const before = field.value.slice(0, field.selectionStart ?? field.value.length);
        typeInto(field, (before && !/\s$/.test(before) ? " " : "") + said);
      };
      rec.onerror = (e) => {
        if (e.error !== "no-speech" && e.error !== "aborted") fail();
      };
      rec.onend = stopped;
      button.setAttribute("aria-pressed", "true");
      if (label) label.textContent = button.dataset.listening || "";
      try {
        rec.start();
      } catch (_) {
        stopped();
      }
    });
  }

  // ---- "Tout effacer ?" ----------------------------------------------------------------------
  const endAsk = document.getElementById("end-ask");
  if (endAsk && typeof endAsk.showModal === "function") {
    for (const link of document.querySelectorAll("[data-end]")) {
      link.addEventListener("click", (e) => {
        e.preventDefault();
        endAsk.showModal();
        if (voice && sessionStorage.getItem(VOICE_KEY) === visit) speak(screenTexts(endAsk));
      });
    }
    const no = endAsk.querySelector("[data-end-no]");
    if (no) no.addEventListener("click", () => endAsk.close());
  }
  if (endForm) {
    endForm.addEventListener("submit", () => sessionStorage.removeItem(VOICE_KEY));
  }

  // ---- One tap, one answer -------------------------------------------------------------------
  // A second tap while the next screen is on its way would answer that screen unseen.
  let sending = false;
  document.addEventListener(
    "submit",
    (e) => {
      if (sending) {
        e.preventDefault();
        e.stopImmediatePropagation();
        return;
      }
      sending = true;
      setTimeout(() => {
        sending = false;
      }, 4000);
    },
    true
  );
  window.addEventListener("pageshow", () => {
    sending = false;
  });

  // ---- Printing the ticket ------------------------------------------------------------------
  for (const btn of document.querySelectorAll("[data-print]")) {
    btn.hidden = false;
    btn.addEventListener("click", () => window.print());
  }

  // ---- Idle timer ---------------------------------------------------------------------------
  const dialog = document.getElementById("idle");
  if (body.dataset.idle === "on" && dialog && endForm) {
    const countdown = dialog.querySelector("[data-countdown]");
    const goOn = dialog.querySelector("[data-continue]");
    let idleTimer = null;
    let tick = null;
    let left = WARN_SECONDS;
    let lastPing = Date.now();

    const ping = () => {
      lastPing = Date.now();
      const data = new URLSearchParams({ csrf });
      fetch("/kiosk/continuer", { method: "POST", body: data, credentials: "same-origin" }).catch(
        () => {}
      );
    };
    const arm = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(warn, IDLE_MS);
    };
    const reset = () => {
      clearInterval(tick);
      sessionStorage.removeItem(VOICE_KEY);
      hush();
      endForm.submit();
    };
    function warn() {
      left = WARN_SECONDS;
      countdown.textContent = String(left);
      if (typeof dialog.showModal === "function") dialog.showModal();
      else dialog.setAttribute("open", "");
      goOn.focus();
      speak(screenTexts(dialog));
      clearInterval(tick);
      tick = setInterval(() => {
        left -= 1;
        countdown.textContent = String(Math.max(left, 0));
        if (left <= 0) reset();
      }, 1000);
    }
    const keepGoing = () => {
      clearInterval(tick);
      hush();
      if (dialog.open) dialog.close();
      ping();
      arm();
    };
    goOn.addEventListener("click", keepGoing);
    // Escape on a physical keyboard means "Continuer" too, never "close and forget".
    dialog.addEventListener("cancel", (e) => {
      e.preventDefault();
      keepGoing();
    });
    // Any touch or key is activity; tell the server now and then, so a slow typist on the
    // keypad is not ended by it.
    for (const ev of ["pointerdown", "keydown"]) {
      document.addEventListener(
        ev,
        () => {
          if (dialog.open) return;
          arm();
          if (Date.now() - lastPing > PING_EVERY_MS) ping();
        },
        { passive: true }
      );
    }
    arm();
  }
})();
