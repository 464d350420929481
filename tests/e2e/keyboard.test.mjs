// Everything works by keyboard alone (BITV 2.0 / WCAG 2.1.1): the dog tax form is
// completed with Tab, typing, arrow keys in radio groups, Space and Enter only.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, BASE } from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

/// The accessible name of the focused element, looking through shadow roots.
function focusedName(page) {
  return page.evaluate(() => {
    let active = document.activeElement;
    while (active && active.shadowRoot && active.shadowRoot.activeElement) active = active.shadowRoot.activeElement;
    if (!active) return "";
    if (active.labels && active.labels.length) return active.labels[0].textContent.trim();
    return (active.textContent || "").trim();
  });
}

/// Presses Tab until the focused element is named `name` (or starts with it, for
/// `{ prefix: true }`).
async function tabTo(page, name, { prefix = false } = {}) {
  for (let i = 0; i < 40; i += 1) {
    await page.keyboard.press("Tab");
    const focused = await focusedName(page);
    if (prefix ? focused.startsWith(name) : focused === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

async function typeInto(page, name, text) {
  await tabTo(page, name);
  await page.keyboard.type(text);
}

test("the dog tax form can be completed and submitted by keyboard alone", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/embed-demo.html`);
  const form = page.locator("formfabrik-assistant");
  await form.getByRole("heading", { name: "Angaben zur Halterin oder zum Halter" }).waitFor();

  await typeInto(page, "Vorname", "Ayşe");
  await typeInto(page, "Nachname", "Yılmaz");
  await typeInto(page, "Geburtsdatum", "31.01.1990");
  await typeInto(page, "Straße und Hausnummer", "Am Markt 3");
  await typeInto(page, "Postleitzahl", "24937");
  await typeInto(page, "Ort", "Flensburg");
  await page.keyboard.press("Enter");

  await form.getByRole("heading", { name: "Ihre Hunde" }).waitFor();
  assert.equal(await focusedName(page), "Ihre Hunde", "focus moves to the new step's heading");
  await typeInto(page, "Name des Hundes", "Luna");
  await typeInto(page, "Rasse", "Mischling");
  await typeInto(page, "Gehalten seit", "01.06.2025");
  await tabTo(page, "Ja");
  await page.keyboard.press("ArrowDown");
  assert.equal(await focusedName(page), "Nein");
  await tabTo(page, "Weiter");
  await page.keyboard.press("Enter");

  await form.getByRole("heading", { name: "Ermäßigung" }).waitFor();
  await tabTo(page, "Ja");
  await page.keyboard.press("ArrowDown");
  await tabTo(page, "Weiter");
  await page.keyboard.press("Space");

  await form.getByRole("heading", { name: "Zahlung" }).waitFor();
  await tabTo(page, "Ja");
  await page.keyboard.press("ArrowDown");
  await tabTo(page, "Weiter zur Zusammenfassung");
  await page.keyboard.press("Enter");

  await form.getByRole("heading", { name: "Zusammenfassung" }).waitFor();
  await tabTo(page, "Ich versichere", { prefix: true });
  await page.keyboard.press("Space");
  await tabTo(page, "Ich habe die Datenschutzhinweise", { prefix: true });
  await page.keyboard.press("Space");
  await tabTo(page, "Antrag absenden");
  await page.keyboard.press("Enter");
  await form.getByRole("heading", { name: "Vielen Dank! Ihr Antrag ist eingegangen." }).waitFor();

  const all = await (await fetch(`${BASE}/api/submissions`)).json();
  const payload = all.at(-1);
  assert.equal(payload.answers.vorname, "Ayşe");
  assert.equal(payload.answers.hunde[0].gefaehrlich, false);
  assert.equal(payload.answers.ermaessigung, false);
  assert.equal(payload.answers.lastschrift, false);
  assert.equal(payload.answers.steuer_gesamt, 12000);
  await context.close();
});
