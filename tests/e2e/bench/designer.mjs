// Benchmark (prints figures, asserts nothing): the designer in headless Chromium.
// - open: a generated 500-field form imported as JSON, from the parsed definition to
//   the canvas drawn and painted (the designer's `formfabrik:opened` measure);
// - drag frame: while a card is dragged over the canvas, each pointer move's work
//   (finding the drop place, drawing the line and the ghost) plus the layout it causes.
// The definitions are written to dist/bench/ by `cargo xtask bench`.
import { launchChromium, BASE } from "../browser.mjs";

const RUNS = 5;
const MOVES = 60;
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

const browser = await launchChromium();
const definition = await (await fetch(`${BASE}/bench/fields-500-steps-1.json`)).text();
const opens = [];
const frames = [];
for (let run = 0; run < RUNS; run += 1) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${BASE}/`);
  await page.getByRole("heading", { name: "Formfabrik – Formular-Designer" }).waitFor();
  await page.getByLabel("JSON-Datei importieren").setInputFiles({
    name: "500-felder.json", mimeType: "application/json", buffer: Buffer.from(definition),
  });
  await page.waitForFunction(() => performance.getEntriesByName("formfabrik:opened").length > 0, null, { timeout: 60000 });
  opens.push(await page.evaluate(() => performance.getEntriesByName("formfabrik:opened")[0].duration));

  // Time every pointer move the designer handles: a capture listener registered before
  // the designer's starts the clock, one registered after it stops it.
  await page.evaluate(() => {
    window.dragFrames = [];
    let start = 0;
    window.addEventListener("pointermove", () => { start = performance.now(); }, { capture: true });
    window.addEventListener("pointermove", () => {
      void document.body.getBoundingClientRect().height;
      // Only moves that actually drag (the drop line is shown) count.
      if (!document.getElementById("drop-indicator").hidden) window.dragFrames.push(performance.now() - start);
    });
  });
  const card = page.locator(".card").nth(2);
  const box = await card.boundingBox();
  await page.mouse.move(box.x + 10, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 0; i < MOVES; i += 1) {
    await page.mouse.move(box.x + 40, box.y + 20 + i * 9);
  }
  await page.keyboard.press("Escape");
  await page.mouse.up();
  const moves = await page.evaluate(() => window.dragFrames);
  if (moves.length < MOVES / 2) throw new Error(`only ${moves.length} of ${MOVES} moves dragged`);
  frames.push(...moves);
  await context.close();
}
const sorted = [...frames].sort((a, b) => a - b);
console.log(
  `Designer, 500-field form: opened (canvas drawn) median ${median(opens).toFixed(0)} ms over ${RUNS} runs ` +
  `(target < 300 ms); drag frame median ${median(frames).toFixed(2)} ms, 95th percentile ` +
  `${sorted[Math.floor(sorted.length * 0.95)].toFixed(2)} ms, max ${sorted[sorted.length - 1].toFixed(2)} ms (target < 16 ms)`,
);
await browser.close();
