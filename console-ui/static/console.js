// Passerelle console: a progressive enhancement only. Under an SMS box, counts characters and
// SMS segments as the mediator types, and warns when a character leaves GSM-7 (the message
// then costs more segments). Without JavaScript the form works the same, without the count.
"use strict";

// GSM 03.38 basic set, and the extension characters that count twice.
const GSM7 =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
const GSM7_EXT = "^{}\\[~]|€\f";

function count(text) {
  let units = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM7.includes(ch)) units += 1;
    else if (GSM7_EXT.includes(ch)) units += 2;
    else gsm = false;
  }
  if (!gsm) {
    const chars = [...text].length;
    return { chars, gsm, segments: chars <= 70 ? 1 : Math.ceil(chars / 67) };
  }
  return { chars: [...text].length, gsm, segments: units <= 160 ? 1 : Math.ceil(units / 153) };
}

for (const form of document.querySelectorAll("[data-sms]")) {
  const input = form.querySelector("[data-sms-input]");
  const out = form.querySelector("[data-sms-count]");
  const warning = form.querySelector("[data-sms-warning]");
  if (!input || !out || !warning) continue;
  const template = out.dataset.template || "";
  const update = () => {
    const c = count(input.value);
    out.textContent = template
      .replace("{chars}", String(c.chars))
      .replace("{segments}", String(Math.max(c.segments, input.value ? c.segments : 0)));
    out.hidden = false;
    warning.hidden = c.gsm;
  };
  input.addEventListener("input", update);
  update();
}
