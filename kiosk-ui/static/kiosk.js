// Passerelle kiosk: small additions to pages that work without JavaScript.
// - read-aloud in the page's language (only where the browser has a voice for it);
// - a large on-screen numeric keypad for postal codes, ticket codes and phone numbers;
// - the idle timer: after 120 s a spoken and visible warning with a 30 s countdown and a large
//   "Continuer"; then everything is ended on the server and the next person starts afresh;
// - printing the ticket.
// No words here: every text comes from the page, which the server wrote from the locales.
"use strict";

(() => {
  const IDLE_MS = 120 * 1000;
  const WARN_SECONDS = 30;
  const PING_EVERY_MS = 30 * 1000;
  const VOICE_KEY = "passerelle-voice";

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
