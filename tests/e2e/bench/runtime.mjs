// Benchmark (prints figures and their targets; asserts nothing): the runtime in
// headless Chromium over published forms: generated ones of 500 and 2,000 fields
// (mixed like real forms: choices as lists and radio buttons, checkboxes, patterns,
// ranges, conditions; see authoring::synthetic) on one step and split into 10, and the
// dog tax form. The machines differ by about 2× from day to day, so the render figures
// are compared as ratios to what the browser alone needs, measured in the same run
// (each run's ratio, then their median).
// - render: from handing the published form (its bytes) to the runtime until the
//   browser has laid out the first step; "first" in a fresh page where no assistant
//   has run yet (as for a citizen opening the page), "again" a second mount in the
//   same page. As in the element: a form published with its first screen has it drawn
//   at once (`firstScreen`, `drawFirst` in dom.js) and the assistant takes it over (`mount`) in a task after it
//   was painted: that takeover's time is printed beside. A step of more than 40 fields shows its first 40 at once and builds the rest in
//   tasks just after: "render" is until the first are laid out, "the whole step" until
//   the last chunk is;
// - the browser alone: the DOM the runtime built for the step, inserted into a fresh
//   page by the browser's HTML parser with the same stylesheet (parsed the first time,
//   as the runtime does once per page), until laid out (first and again): the part of
//   "render" no code of ours can shorten;
// - keystroke: real key presses (Playwright's keyboard) in a validated integer field
//   that drives conditions, with the errors already shown (after one "Weiter"), one
//   key every 80 ms with nothing of the benchmark running in the page between keys:
//   until the next frame is painted, and the main thread's busy time per key
//   (Chromium's task duration, all of it: event, wasm, style, layout, paint); and the
//   same keys typed into the same DOM, its errors shown, with no runtime behind it (the
//   browser alone), so "our part" is the difference, measured in the same run (what
//   our code does per key, and what the browser then does with what it changed); and
//   the same keys typed into a
//   single input with the same stylesheet: the floor of this measurement (key events
//   sent by Playwright, the editing, a frame painted), whatever the form;
// - heap: JS heap after render and a garbage collection, plus the wasm memory;
// - page to form on a slow line: the embed demo opened with an empty cache on a line
//   with 150 and 400 ms round trips, and on a mobile one (300 ms, 1.6 Mbit/s), from
//   navigation until the first step is shown, and until the assistant is mounted.
// The generated forms are published to dist/bench/ by `cargo xtask bench`.
import { launchChromium, BASE } from "../browser.mjs";

const RUNS = 7;
const KEYS = 40;
// Time between two keys: more than a key needs until its frame is painted.
const KEY_GAP = 80;
const TARGETS = { first: 2.0, again: 1.5, dogTaxFirst: 1.6, busyPerKey: 4 };

const browser = await launchChromium();
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const catalog = await (await fetch(`${BASE}/forms/published.json`)).json();

const forms = [
  ["500 fields / 1 step", "/bench/fields-500-steps-1.ffp", true],
  ["500 fields / 10 steps", "/bench/fields-500-steps-10.ffp", false],
  ["2,000 fields / 1 step", "/bench/fields-2000-steps-1.ffp", true],
  ["2,000 fields / 10 steps", "/bench/fields-2000-steps-10.ffp", false],
  ["dog tax form", `/forms/${catalog["hundesteuer-anmeldung"]}`, false],
];

for (const [name, url, keystrokes] of forms) {
  const figures = { takeOver: [], first: [], again: [], firstWhole: [], againWhole: [], browserFirst: [], browserAgain: [], paint: [], busy: [], browserBusy: [], floor: [] };
  let heap = 0;
  let wasmMemory = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    await page.goto(`${BASE}/bench/index.html`);
    const result = await page.evaluate(async (url) => {
      // As the element does while the form is on the way (formfabrik-runtime.js): the
      // page's localStorage loaded (synchronously, on its first use).
      void localStorage.length;
      // As the element hands it over: the published form's bytes.
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      const runtime = await import("/runtime/runtime.js");
      const helpers = await import("/runtime/dom.js");
      const wasm = await runtime.default();
      document.body.innerHTML = "<main><div id=host></div></main>";
      const host = document.getElementById("host");
      const root = host.attachShadow({ mode: "open" });
      const options = { lang: "de", endpoint: "/api/submissions" };
      // A task after the runtime's own tasks queued so far (a message, as the runtime's
      // builder uses: no timer clamping).
      const channel = new MessageChannel();
      const nextTask = () => new Promise((resolve) => {
        channel.port1.onmessage = resolve;
        channel.port2.postMessage(null);
      });
      // As the element does (formfabrik-runtime.js): the published form's first screen
      // drawn at once, and the assistant mounted once it is painted, taking it over;
      // a form without one (a long first step) mounted at once.
      const mountAndLayout = async () => {
        const start = performance.now();
        const drawn = helpers.firstScreen(bytes, "de");
        if (drawn) helpers.drawFirst(root, drawn);
        let assistant = drawn ? undefined : runtime.mount(root, bytes, options);
        void host.getBoundingClientRect().height; // layout
        const shown = performance.now() - start;
        let takeOver = NaN;
        if (drawn) {
          await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
          const begin = performance.now();
          assistant = runtime.mount(root, bytes, { ...options, drawn });
          takeOver = performance.now() - begin;
        }
        // The rest of a long step, built in tasks after the first screen.
        while (root.querySelector(".ff-chunk:empty")) await nextTask();
        void host.getBoundingClientRect().height;
        return [assistant, shown, performance.now() - start, takeOver];
      };
      const [first, render, renderWhole, takeOver] = await mountAndLayout();
      const dom = root.innerHTML;
      const css = [...root.adoptedStyleSheets[0].cssRules].map((rule) => rule.cssText).join("\n");
      first.destroy();
      const [assistant, again, againWhole] = await mountAndLayout();
      window.benchAssistant = assistant;
      // Errors shown, as after a first "Weiter", so every keystroke is validated.
      root.querySelector("button[type=submit]")?.click();
      // The DOM the keys are typed into: the errors shown, at the fields and in the summary.
      const shown = root.innerHTML;
      return { render, renderWhole, again, againWhole, takeOver, dom, shown, css, wasmMemory: wasm.memory.buffer.byteLength };
    }, url);
    figures.first.push(result.render);
    figures.again.push(result.again);
    figures.firstWhole.push(result.renderWhole);
    figures.againWhole.push(result.againWhole);
    figures.takeOver.push(result.takeOver);
    wasmMemory = Math.max(wasmMemory, result.wasmMemory);
    if (keystrokes) {
      const [paint, busy] = await typeKeys(page, cdp);
      figures.paint.push(paint);
      figures.busy.push(busy);
    }
    await cdp.send("HeapProfiler.collectGarbage");
    heap = Math.max(heap, await page.evaluate(() => performance.memory.usedJSHeapSize));
    await context.close();
    const [browserFirst, browserAgain, browserBusy] = await browserAlone(result.dom, result.css, keystrokes && result.shown);
    figures.browserFirst.push(browserFirst);
    figures.browserAgain.push(browserAgain);
    if (keystrokes) {
      figures.browserBusy.push(browserBusy);
      figures.floor.push(await browserAlone("<input inputmode=numeric>", result.css, "<input inputmode=numeric>").then((r) => r[2]));
    }
  }
  const m = Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, v.length ? median(v) : NaN]));
  // Each run's ratio to the browser alone measured right after it, then their median:
  // the machine's speed drifts less within a run than across the whole benchmark.
  const pairedRatio = (ours, alone) => median(figures[ours].map((t, i) => t / figures[alone][i])).toFixed(2);
  const mb = (bytes) => (bytes / 1048576).toFixed(1);
  const firstTarget = name === "dog tax form" ? TARGETS.dogTaxFirst : TARGETS.first;
  let line = `${name}, ${RUNS} runs: render first ${m.first.toFixed(1)} ms = ${pairedRatio("first", "browserFirst")}× the browser alone ` +
    `(${m.browserFirst.toFixed(1)} ms; target ≤ ${firstTarget}×), again ${m.again.toFixed(1)} ms = ${pairedRatio("again", "browserAgain")}× ` +
    `(${m.browserAgain.toFixed(1)} ms; target ≤ ${TARGETS.again}×)`;
  if (!Number.isNaN(m.takeOver)) {
    line += `; drawn from the published form's first screen, then taken over by the assistant in ${m.takeOver.toFixed(1)} ms (a task after the first screen was painted)`;
  } else if (m.firstWhole - m.first > 0.5) {
    line += `; the whole step, its later chunks included: first ${m.firstWhole.toFixed(1)} ms = ${pairedRatio("firstWhole", "browserFirst")}×, ` +
      `again ${m.againWhole.toFixed(1)} ms = ${pairedRatio("againWhole", "browserAgain")}×`;
  }
  line += `; JS heap ${mb(heap)} MB, wasm memory ${mb(wasmMemory)} MB`;
  if (keystrokes) {
    line += `; keystroke to painted ${m.paint.toFixed(2)} ms, main thread busy ${m.busy.toFixed(2)} ms per key (target ≤ ${TARGETS.busyPerKey} ms), ` +
      `the browser alone ${m.browserBusy.toFixed(2)} ms, our part ${median(figures.busy.map((b, i) => b - figures.browserBusy[i])).toFixed(2)} ms, ` +
      `a single input alone ${m.floor.toFixed(2)} ms (this measurement's floor)`;
  }
  console.log(line);
}

/// Types KEYS digits into the first integer field (it has a range, and conditions
/// depend on it) with real key presses, one every KEY_GAP ms: the median time from each
/// key to the next painted frame, and the main thread's busy time per key. Between keys
/// nothing of the benchmark runs in the page: waiting for each frame with a script there
/// (even one event, no polling) cost 1–1.5 ms of main-thread time per key, counted as
/// busy (docs/dev/performance.md).
async function typeKeys(page, cdp) {
  const field = page.locator("#host input[inputmode=numeric]").first();
  await field.focus();
  await page.evaluate(() => {
    window.keyTimes = [];
    const input = document.querySelector("#host").shadowRoot.querySelector("input[inputmode=numeric]");
    input.addEventListener("keydown", () => {
      const start = performance.now();
      // After the next frame's rendering steps: the frame with the key is painted.
      requestAnimationFrame(() => setTimeout(() => window.keyTimes.push(performance.now() - start)));
    }, { capture: true });
  });
  const busy = async () => {
    const { metrics } = await cdp.send("Performance.getMetrics");
    return metrics.find((m) => m.name === "TaskDuration").value * 1000;
  };
  const before = await busy();
  const keys = ["7", "3", "1", "2", "Backspace", "Backspace", "9", "8"];
  for (let i = 0; i < KEYS; i += 1) {
    await page.keyboard.press(keys[i % keys.length]);
    await new Promise((resolve) => setTimeout(resolve, KEY_GAP));
  }
  const busyPerKey = (await busy() - before) / KEYS;
  const times = await page.evaluate(() => window.keyTimes);
  // Each key's frame before the next key, or the keys overlapped and the figures mean little.
  if (times.length !== KEYS || Math.max(...times) >= KEY_GAP) {
    throw new Error(`keystrokes overlapped: ${times.length} of ${KEYS} frames, the slowest ${Math.max(...times).toFixed(1)} ms (gap ${KEY_GAP} ms)`);
  }
  return [median(times), busyPerKey];
}

/// The browser showing the runtime's DOM from its HTML in a fresh page, with the same
/// stylesheet: parsing the HTML (and, the first time, the stylesheet), style and layout,
/// first and again: what the browser needs whatever builds the DOM.
// `dom` laid out twice (first and again); then, given `typed` (a DOM), the same keys as
// into the runtime typed into it.
async function browserAlone(dom, css, typed) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  await page.goto(`${BASE}/bench/index.html`);
  const times = await page.evaluate(([dom, css, typed]) => {
    let sheet = null;
    const layOut = (html) => {
      document.body.innerHTML = "<main><div id=host></div></main>";
      const host = document.getElementById("host");
      const root = host.attachShadow({ mode: "open" });
      const start = performance.now();
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(css);
      }
      root.adoptedStyleSheets = [sheet];
      root.innerHTML = html;
      void host.getBoundingClientRect().height;
      return performance.now() - start;
    };
    const figures = [layOut(dom), layOut(dom)];
    if (typed) layOut(typed);
    return figures;
  }, [dom, css, typed || ""]);
  // The same keys into the same DOM (the errors shown), no code of ours listening.
  const busy = typed ? (await typeKeys(page, cdp))[1] : NaN;
  await context.close();
  return [...times, busy];
}

// Lines: round trip in ms, and bytes per second down (-1: as fast as the machine).
const LINES = [[150, -1], [400, -1], [300, 1_600_000 / 8]];
for (const [latency, throughput] of LINES) {
  const shown = [];
  const mounted = [];
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency, downloadThroughput: throughput, uploadThroughput: throughput });
    await page.goto(`${BASE}/embed-demo.html`, { waitUntil: "commit" });
    await page.waitForFunction(() => document.querySelector("formfabrik-assistant")?.shadowRoot?.querySelector("h2"),
      null, { polling: "raf", timeout: 30000 });
    shown.push(await page.evaluate(() => performance.now()));
    await page.waitForFunction(() => document.querySelector("formfabrik-assistant")?.assistant,
      null, { polling: "raf", timeout: 30000 });
    mounted.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  const line = throughput > 0 ? `${latency} ms round trips and ${(throughput * 8 / 1e6).toFixed(1)} Mbit/s` : `${latency} ms round trips`;
  console.log(`Page to form on a line with ${line}, ${RUNS} runs: first step shown after ${median(shown).toFixed(0)} ms, the assistant there after ${median(mounted).toFixed(0)} ms`);
}

await browser.close();
