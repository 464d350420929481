// The other example forms, completed through the UI on the designer's pages with axe
// checks on every step, the review and the confirmation; payloads checked at the receiver.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, axeViolations, openForm, typedDate, BASE } from "./browser.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

const open = (formId) => openForm(browser, formId);

async function step(page, form, heading) {
  await form.getByRole("heading", { name: heading, exact: true }).waitFor();
  assert.deepEqual(await axeViolations(page), [], `axe on "${heading}"`);
}

const next = (form) => form.getByRole("button", { name: "Weiter", exact: true }).click();
const toReview = (form) => form.getByRole("button", { name: "Weiter zur Zusammenfassung" }).click();
const choose = (form, group, option) => form.getByRole("group", { name: group }).getByLabel(option, { exact: true }).check();

async function submit(page, form) {
  await step(page, form, "Zusammenfassung");
  for (const box of await form.locator("input[data-declaration]").all()) await box.check();
  await form.getByRole("button", { name: "Antrag absenden" }).click();
  await step(page, form, "Vielen Dank! Ihr Antrag ist eingegangen.");
  return (await (await fetch(`${BASE}/api/submissions`)).json()).at(-1);
}

test("residents' parking permit with a company car and uploads", async () => {
  const { context, page, problems, form } = await open("bewohnerparkausweis");
  await step(page, form, "Persönliche Angaben");
  await form.getByLabel("Vorname").fill("Tom");
  await form.getByLabel("Nachname").fill("Becker");
  await form.getByLabel("E-Mail-Adresse").fill("tom@beispiel.de");
  await next(form);
  await step(page, form, "Wohnsitz");
  await form.getByLabel("Straße und Hausnummer").fill("Hafenstraße 1");
  await form.getByLabel("Postleitzahl").fill("24143");
  await form.getByLabel("Ort", { exact: true }).fill("Kiel");
  await form.getByLabel("Bewohnerparkzone").selectOption("C");
  const progress = () => page.locator("formfabrik-assistant .ff-progress").innerText();
  assert.match(await progress(), /Schritt 2 von 2/, "vehicle and fee steps appear only for a main residence");
  await choose(form, "Ist dies Ihr Hauptwohnsitz?", "Ja");
  assert.match(await progress(), /Schritt 2 von 4/);
  await choose(form, "Ist dies Ihr Hauptwohnsitz?", "Nein");
  assert.match(await progress(), /Schritt 2 von 2/, "the steps follow the answer");
  assert.match(await form.locator(".ff").innerText(), /nur für den Hauptwohnsitz/);
  await choose(form, "Ist dies Ihr Hauptwohnsitz?", "Ja");
  await next(form);
  await step(page, form, "Fahrzeug");
  await form.getByLabel("Amtliches Kennzeichen").fill("HH-TB 7E");
  await choose(form, "Sind Sie selbst Halterin oder Halter des Fahrzeugs?", "Nein");
  await form.getByLabel("Name der Halterin oder des Halters").fill("Werft Nord GmbH");
  await form.getByLabel("Nachweis der dauerhaften Nutzung").setInputFiles({ name: "bescheinigung.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4") });
  await form.getByLabel("Zulassungsbescheinigung Teil I").setInputFiles({ name: "zulassung.png", mimeType: "image/png", buffer: Buffer.from("png") });
  assert.match(await form.locator(".ff-files").first().innerText(), /bescheinigung\.pdf/);
  await next(form);
  await step(page, form, "Laufzeit und Gebühr");
  await choose(form, "Laufzeit", "2 Jahre");
  await form.getByLabel("Gültig ab").fill(typedDate(10));
  assert.match(await form.locator("output").innerText(), /61,40 €/);
  await toReview(form);
  const payload = await submit(page, form);
  assert.equal(payload.answers.zone, "C");
  assert.equal(payload.answers.gebuehr, 6140);
  assert.deepEqual(payload.attachments.map((a) => [a.field, a.name]), [["nutzungsnachweis", "bescheinigung.pdf"], ["zulassung", "zulassung.png"]]);
  // The files themselves arrived with the application, one part per attachment id.
  assert.deepEqual(
    payload._received_files,
    payload.attachments.map((a) => ({ id: a.id, name: a.name, size: a.size })),
  );
  assert.deepEqual(payload._received_files.map((f) => f.size), [8, 3]);
  assert.deepEqual(problems, []);
  await context.close();
});

test("business registration of a limited partnership", async () => {
  const { context, page, problems, form } = await open("gewerbeanmeldung");
  await step(page, form, "Anlass der Anmeldung");
  await choose(form, "Warum melden Sie das Gewerbe an?", "Übernahme eines bestehenden Betriebs");
  await form.getByLabel("Name der bisherigen Inhaberin oder des bisherigen Inhabers").fill("Hans Petersen");
  await next(form);
  await step(page, form, "Inhaberin oder Inhaber");
  await form.getByLabel("Rechtsform").selectOption("kg");
  await form.getByLabel("Firmenname laut Handelsregister").fill("Petersen Tischlerei GmbH & Co. KG");
  await form.getByLabel("Registergericht").fill("Amtsgericht Kiel");
  await form.getByLabel("Registernummer").fill("HRA 4711 KI");
  await form.getByLabel("Vorname").fill("Nils");
  await form.getByLabel("Nachname").fill("Petersen");
  await form.getByLabel("Geburtsdatum").fill("02.03.1979");
  await form.getByLabel("Geburtsort").fill("Husum");
  await choose(form, "Staatsangehörigkeit", "deutsch");
  await form.getByLabel("E-Mail-Adresse").fill("nils@petersen-tischlerei.de");
  await next(form);
  await step(page, form, "Gesellschafterinnen und Gesellschafter");
  await form.getByLabel("Vorname").fill("Anna");
  await form.getByLabel("Nachname").fill("Petersen");
  await form.getByLabel("Geburtsdatum").fill("09.09.1981");
  await form.getByLabel("haftet nur beschränkt (Kommanditist/in)").check();
  assert.match(await form.locator("output").innerText(), /^2$/);
  await next(form);
  await step(page, form, "Angaben zum Betrieb");
  await form.getByLabel("Angemeldete Tätigkeit").fill("Tischlerei: Möbelbau und Innenausbau");
  await form.getByLabel("Beginn der Tätigkeit").fill(typedDate(10));
  await choose(form, "Wird das Gewerbe im Nebenerwerb betrieben?", "Nein");
  await form.getByLabel("Straße und Hausnummer").fill("Werftstraße 7");
  await form.getByLabel("Postleitzahl").fill("24148");
  await form.getByLabel("Ort", { exact: true }).fill("Kiel");
  await form.getByLabel("Beschäftigte in Vollzeit").fill("6");
  await form.getByLabel("Beschäftigte in Teilzeit").fill("2");
  await form.getByLabel(/Eingesetztes Startkapital/).fill("15.000,50");
  await next(form);
  await step(page, form, "Erlaubnisse und Handwerk");
  await choose(form, "Braucht die Tätigkeit eine Erlaubnis?", "Ja");
  await form.getByRole("group", { name: "Welche Erlaubnis haben Sie?" }).getByLabel("Gaststättenerlaubnis").check();
  await form.getByRole("group", { name: "Welche Erlaubnis haben Sie?" }).getByLabel("Makler, Bauträger (§ 34c GewO)").check();
  await form.getByLabel("Erlaubnis hochladen").setInputFiles({ name: "erlaubnis.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF") });
  await choose(form, "Handelt es sich um ein Handwerk?", "Ja");
  await form.getByLabel("Eintragungsnummer der Handwerksrolle").fill("HWK-KI-2019-0815");
  await toReview(form);
  const payload = await submit(page, form);
  assert.equal(payload.answers.rechtsform, "kg");
  assert.equal(payload.answers.firma.registernummer, "HRA 4711 KI");
  assert.deepEqual(payload.answers.gesellschafter, [{ vorname: "Anna", nachname: "Petersen", geburtsdatum: "1981-09-09", kommanditist: true }]);
  assert.equal(payload.answers.anzahl_gesellschafter, 2);
  assert.equal(payload.answers.beschaeftigte, 8);
  assert.equal(payload.answers.erwartetes_kapital, 1500050);
  assert.deepEqual(payload.answers.erlaubnisse, ["gaststaette", "makler"]);
  assert.deepEqual(problems, []);
  await context.close();
});
