// An application to a formfabrik-server (`intake`): encrypted on the citizen's device
// for the authority's public key, as FIT-Connect does it (JWE compact, RSA-OAEP-256,
// A256GCM), the payload and each file; only the authority's private key opens it. The
// server is stood in for by routes here; its own tests check what it accepts.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openRuntime, BASE } from "./browser.mjs";
import { keyPair, open, sha512 } from "./jwe.mjs";

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser.close(); });

test("an application to a formfabrik-server leaves the device encrypted for the authority's key", async () => {
  const pair = await keyPair("amt-2026-1");
  const { jwk } = pair;

  const definition = {
    format_version: 1, id: "nachweis-verschluesselt", version: "1", title: { de: "Nachweis einreichen" }, languages: ["de"],
    submission: { endpoint: "/api/submissions" },
    steps: [{ id: "s", title: { de: "Nachweis" }, elements: [
      { key: "name", type: "text", label: { de: "Name" }, required: true },
      { key: "nachweis", type: "file", label: { de: "Nachweis" }, required: true, accept: ["application/pdf"] }] }],
  };
  const published = await fetch(`${BASE}/api/publish`, { method: "POST", body: JSON.stringify(definition) });
  assert.equal(published.status, 200);
  const bytes = Buffer.from(await published.arrayBuffer());
  const file = "nachweis-verschluesselt_1_p2_0123456789abcdef.ffp";

  const { context, page, problems } = await openRuntime(browser);
  await page.route(`${BASE}/forms/${file}`, (route) => route.fulfill({ body: bytes, contentType: "application/octet-stream" }));
  await page.route(`${BASE}/amt/api/intake/${file}/key`, (route) => route.fulfill({ json: jwk }));
  const received = [];
  await page.route(`${BASE}/amt/api/intake/*`, (route) => {
    const request = route.request();
    if (request.url().endsWith("/key")) return route.fallback();
    received.push({ url: request.url(), headers: request.headers(), body: request.postDataJSON() });
    return route.fulfill({ status: 201, json: { reference: "NAC-2026-000001" } });
  });
  await page.evaluate((file) => {
    document.body.innerHTML = `<formfabrik-assistant src="/forms/${file}" intake="/amt" lang="de"></formfabrik-assistant>`;
  }, file);
  const form = page.locator("formfabrik-assistant");
  await form.getByLabel("Name").fill("Karla Kolumna");
  const pdf = Buffer.from("%PDF-1.4 Nachweis für die Behörde");
  await form.getByLabel("Nachweis").setInputFiles({ name: "nachweis.pdf", mimeType: "application/pdf", buffer: pdf });
  await form.getByRole("button", { name: "Weiter zur Zusammenfassung" }).click();
  await form.getByRole("button", { name: "Antrag absenden" }).click();
  await form.getByRole("heading", { name: "Vielen Dank! Ihr Antrag ist eingegangen." }).waitFor();
  assert.match(await form.locator(".ff-reference").innerText(), /NAC-2026-000001/);

  assert.equal(received.length, 1);
  const [sent] = received;
  assert.equal(sent.url, `${BASE}/amt/api/intake/${file}`);
  assert.match(sent.headers["idempotency-key"], /^[0-9a-f-]{36}$/);
  assert.equal(sent.headers.cookie, undefined, "no cookies go along");
  // Nothing readable on the way: the name and the file's text are nowhere in the body.
  const wire = JSON.stringify(sent.body);
  assert.doesNotMatch(wire, /Karla|Kolumna|Nachweis für/);

  // The authority's key opens it: the payload as the assistant makes it, the file as chosen.
  const payload = await open(sent.body.payload, pair.privateKey);
  assert.deepEqual(payload.header, { alg: "RSA-OAEP-256", enc: "A256GCM", kid: "amt-2026-1" });
  // Sealed with the payload: its own SHA-512 and each file's.
  const envelope = JSON.parse(new TextDecoder().decode(payload.plain));
  assert.equal(envelope.sha512, sha512(Buffer.from(envelope.payload, "utf8")));
  const answers = JSON.parse(envelope.payload);
  assert.equal(answers.answers.name, "Karla Kolumna");
  assert.equal(answers.form.id, "nachweis-verschluesselt");
  assert.equal(sent.body.attachments.length, 1);
  const [attachment] = sent.body.attachments;
  assert.deepEqual({ ...attachment, content: undefined },
    { id: answers.attachments[0].id, field: "nachweis", media_type: "application/pdf", size: pdf.length, content: undefined });
  const opened = await open(attachment.content, pair.privateKey);
  assert.deepEqual(Buffer.from(opened.plain), pdf);
  assert.deepEqual(envelope.attachments, [{ id: attachment.id, sha512: sha512(pdf) }]);
  // Each part has its own content key: the same plaintext never looks the same twice.
  assert.notEqual(sent.body.payload.split(".")[1], attachment.content.split(".")[1]);
  assert.deepEqual(problems, []);
  await context.close();
});
