// Benchmark (prints figures, asserts nothing): the runtime in headless Chromium over
// generated definitions of 500 and 2,000 fields, all on one step and split into 10.
// - render: from handing the definition (its bytes) to `mount` (parse, checks, compile,
//   DOM) until the browser has laid out the first step; "first" in a fresh page where
//   no assistant has run yet (the wasm module compiled and instantiated, its code and
//   the DOM builder's JS cold, as for a citizen opening the page), "again" a second
//   mount in the same page (warm code);
// - keystroke: one `input` event in a validated integer field that drives a condition,
//   until the DOM has settled (handler, re-evaluation, draft saved, layout);
// - heap: JS heap after render and a garbage collection, plus the wasm memory;
// - the browser alone: the DOM the runtime built for the first step, inserted into a
//   fresh page by the browser's HTML parser with the same stylesheet, until laid out
//   (first and again): the part of "render" no code of ours can shorten;
// - page to form on a slow line: the embed demo opened with an empty cache on a line
//   with 150 and 400 ms round trips (bandwidth not limited), from navigation until the
//   assistant's heading exists: how many round trips the embedding costs.
// The definitions are written to dist/bench/ by `cargo xtask bench`.
import { launchChromium, BASE } from "../browser.mjs";

const FORMS = [[500, 1], [500, 10], [2000, 1], [2000, 10]];
const RUNS = 7;
const KEYSTROKES = 40;

const browser = await launchChromium();
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

for (const [fields, steps] of FORMS) {
  const renders = [];
  const agains = [];
  const browserFirsts = [];
  const browserAgains = [];
  const keystrokes = [];
  let heap = 0;
  let wasmMemory = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await page.goto(`${BASE}/bench/index.html`);
    const result = await page.evaluate(async ([url, keystrokes]) => {
      // As the element hands it over: the published form's bytes.
      const definition = new Uint8Array(await (await fetch(url)).arrayBuffer());
      const runtime = await import("/runtime/runtime.js");
      const wasm = await runtime.default();
      document.body.innerHTML = "<main><div id=host></div></main>";
      const host = document.getElementById("host");
      const root = host.attachShadow({ mode: "open" });
      const mountAndLayout = (root) => {
        const start = performance.now();
        const assistant = runtime.mount(root, definition, JSON.stringify({ lang: "de", endpoint: "/api/submissions" }));
        void host.getBoundingClientRect().height; // layout
        return [assistant, performance.now() - start];
      };
      const [first, render] = mountAndLayout(root);
      const dom = root.innerHTML;
      const css = [...root.adoptedStyleSheets[0].cssRules].map((rule) => rule.cssText).join("\n");
      first.destroy();
      const [assistant, again] = mountAndLayout(root);
      const inputs = root.querySelectorAll("input").length;
      // Errors shown, as after a first "Weiter", so every keystroke is validated.
      root.querySelector("button[type=submit]")?.click();
      // The first integer field (f0): it has a maximum and f1's condition depends on it.
      const field = root.querySelector("input[inputmode=numeric]");
      const times = [];
      const values = ["7", "3", "1234", "12", ""];
      for (let i = 0; i < keystrokes; i += 1) {
        field.value = values[i % values.length];
        const t0 = performance.now();
        field.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
        void host.getBoundingClientRect().height;
        times.push(performance.now() - t0);
      }
      return { render, again, inputs, times, dom, css, wasmMemory: wasm.memory.buffer.byteLength, alive: !!assistant };
    }, [`${BASE}/bench/fields-${fields}-steps-${steps}.ffp`, KEYSTROKES]);
    await cdp.send("HeapProfiler.collectGarbage");
    heap = Math.max(heap, await page.evaluate(() => performance.memory.usedJSHeapSize));
    wasmMemory = Math.max(wasmMemory, result.wasmMemory);
    renders.push(result.render);
    agains.push(result.again);
    keystrokes.push(median(result.times));
    if (run === 0) console.log(`  (${fields} fields / ${steps} steps: ${result.inputs} inputs on the first step)`);
    await context.close();
    const [browserFirst, browserAgain] = await browserAlone(result.dom, result.css);
    browserFirsts.push(browserFirst);
    browserAgains.push(browserAgain);
  }
  const mb = (bytes) => (bytes / 1048576).toFixed(1);
  console.log(
    `Runtime, ${fields} fields on ${steps} step(s), ${RUNS} runs: render first median ${median(renders).toFixed(1)} ms, ` +
    `again median ${median(agains).toFixed(1)} ms, keystroke settled median ${median(keystrokes).toFixed(2)} ms, ` +
    `JS heap ${mb(heap)} MB, wasm memory ${mb(wasmMemory)} MB; ` +
    `the browser alone: first ${median(browserFirsts).toFixed(1)} ms, again ${median(browserAgains).toFixed(1)} ms`,
  );
}
/// Style and layout of a DOM built by the browser's HTML parser in a fresh page, first
/// and again: what the browser needs for the runtime's DOM whatever builds it.
async function browserAlone(dom, css) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE}/bench/index.html`);
  const times = await page.evaluate(([dom, css]) => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    const layOut = () => {
      document.body.innerHTML = "<main><div id=host></div></main>";
      const host = document.getElementById("host");
      const root = host.attachShadow({ mode: "open" });
      root.adoptedStyleSheets = [sheet];
      root.innerHTML = dom;
      const start = performance.now();
      void host.getBoundingClientRect().height;
      return performance.now() - start;
    };
    return [layOut(), layOut()];
  }, [dom, css]);
  await context.close();
  return times;
}

for (const latency of [150, 400]) {
  const times = [];
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency, downloadThroughput: -1, uploadThroughput: -1 });
    await page.goto(`${BASE}/embed-demo.html`, { waitUntil: "commit" });
    await page.waitForFunction(() => document.querySelector("formfabrik-assistant")?.shadowRoot?.querySelector("h2"),
      null, { polling: "raf", timeout: 30000 });
    times.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  console.log(`Page to form on a line with ${latency} ms round trips, ${RUNS} runs: median ${median(times).toFixed(0)} ms`);
}

console.log("Targets for 500 fields on one step: render < 40 ms, keystroke < 2 ms, heap < 4 MB.");
await browser.close();
