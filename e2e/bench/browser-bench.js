// The browser benchmark: run by scripts/bench-browser.sh, not a test.
//
// Drives the release build in Debian's Chromium and prints, for each case of
// the manifest written by `cargo run --example bench_inputs`:
// - ingest: from the file input's change event to the worker's last
//   "files done" message (page clock), the worker's own time for the files
//   (read + parse + index + encode for storage), XML megabytes per second;
// - the longest main-thread task (Long Tasks API, tasks of 50 ms and more)
//   from the change event until the dashboard for the new data is on screen;
// - the network data: the asset's fetch + check + decode time (served from
//   this origin on loopback, as from the service worker's cache), and the
//   time to look up every distinct source address of the case; for the case
//   `network-100k` (100,000 distinct addresses), the same after each of
//   BENCH_NETWORK_RELOADS (5) page reloads, when the asset is cached: the
//   issue's figure, fetch (from the cache) + check + decode + the lookups;
// - where the time from drop to dashboard went: the hand-over (the page
//   listing and posting the files, messages in flight), the worker's read,
//   parse and index of the files, storage (in the background), the wait for
//   the dashboard, its computation, its encoding and posting, and the page's
//   decoding, rendering and painting of it;
// each case in a fresh page, dropped BENCH_SETTLE_MS (1000) after the worker
// said it was ready; and, with 1,000,000 records loaded, the time from a filter change to the
// new dashboard painted: its figures, then (total) its address lists, which
// come in a second message; and the worker's share of it.
//
// The page is not changed for this: a script added before the app starts
// listens to the worker's messages (wrapping `Worker`) and to long tasks.
const { chromium } = require('@playwright/test');
const fs = require('node:fs');
const path = require('node:path');

const INPUTS = process.env.BENCH_INPUTS;
const URL = process.env.BENCH_URL;
const ONLY = (process.env.BENCH_CASES || '').split(',').filter(Boolean);
const REPEAT = Number(process.env.BENCH_FILTER_REPEAT || 3);
const NETWORK_RELOADS = Number(process.env.BENCH_NETWORK_RELOADS || 5);
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 1000);
const EXTRA_ARGS = (process.env.BENCH_CHROMIUM_ARGS || '').split(' ').filter(Boolean);

function instrument() {
  const bench = { changeAt: null, files: [], queries: [], longtasks: [], ready: false, waiters: [],
                  phases: { read_ms: 0, parse_ms: 0, index_ms: 0 }, stored: { files: 0, ms: 0, lastAt: null } };
  window.__bench = bench;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) bench.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  document.addEventListener('change', (e) => {
    if (e.target && e.target.id === 'file-input') bench.changeAt = performance.now();
  }, true);
  const Native = window.Worker;
  window.Worker = class extends Native {
    constructor(url, options) {
      super(url, options);
      this.addEventListener('message', (e) => {
        // `{ type, bin, data? }`: the event's name, its bytes (postcard, for
        // the page) and, for the events timed here, a few plain figures.
        const type = e.data && e.data.type;
        if (typeof type !== 'string') return;
        const data = e.data.data;
        const bytes = e.data.bin ? e.data.bin.byteLength : 0;
        const at = performance.now();
        bench.lastMessage = at;
        if (type === 'files_done') {
          // One message per batch of files (or about every 100 ms of a batch).
          bench.batches = (bench.batches || 0) + 1;
          for (const k of Object.keys(bench.phases)) bench.phases[k] += data.phases[k];
          for (const f of data.files) {
            if (f.unreadable !== undefined) bench.files.push({ at, failed: JSON.stringify(f).slice(0, 300) });
            else bench.files.push({ at, elapsed: f.elapsed_ms, status: f.status, records: f.records });
          }
        } else if (type === 'dashboard') {
          const q = { at, elapsed: data.elapsed_ms, bytes, painted: null, complete: null };
          bench.queries.push(q);
          // After this message the app decodes it and Yew renders; the frame
          // after that is when the person sees it. A first dashboard is drawn
          // in groups of sections, one per frame, `aria-busy` on it until the
          // last: `complete` is the frame after that.
          const afterPaint = (f) => requestAnimationFrame(() => setTimeout(f, 0));
          const whenComplete = () => {
            if (document.querySelector('.dashboard[aria-busy="true"]')) afterPaint(whenComplete);
            else q.complete = performance.now();
          };
          afterPaint(() => { q.painted = performance.now(); whenComplete(); });
        } else if (type === 'stored') {
          bench.stored.files += data.files;
          bench.stored.ms += data.elapsed_ms;
          bench.stored.lastAt = at;
        } else if (type === 'sources') {
          // The address lists follow their dashboard in a second message.
          const q = bench.queries[bench.queries.length - 1];
          if (q) {
            q.sourcesBytes = bytes;
            q.postMs = data.dashboard_post_ms;
            requestAnimationFrame(() => setTimeout(() => {
              q.sourcesPainted = performance.now();
              // A waiter takes the first answer that arrived after its change.
              bench.waiters = bench.waiters.filter((w) => !w(q));
            }, 0));
          }
        } else if (type === 'network_loaded') {
          bench.network = { ...bench.network, loaded: data };
        } else if (type === 'network_applied') {
          bench.network = { ...bench.network, applied: data };
        } else if (type === 'ready') {
          bench.ready = true;
        } else if (type === 'failed') {
          // Its message is in the bytes only (the page shows it).
          bench.files.push({ at, failed: 'the worker could not read a message' });
        }
      });
    }
  };
}

const round = (x, d = 0) => (x == null ? null : Number(x.toFixed(d)));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };

async function freshPage(browser) {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error('page error:', String(e)));
  await page.addInitScript(instrument);
  await page.goto(URL);
  await page.waitForFunction(() => window.__bench.ready, null, { timeout: 120_000 });
  // A person takes a moment between the page opening and the first drop;
  // the worker uses it (its warm-up, src/worker/warmup.rs). 0 drops at once.
  await page.waitForTimeout(SETTLE_MS);
  return { context, page };
}

/** Drops the case's files on the file input; waits until every file is done
 *  and the dashboard for all of them is on screen. */
async function ingest(page, c) {
  const files = c.files.map((f) => path.join(INPUTS, f));
  await page.locator('#file-input').setInputFiles(files);
  await page.waitForFunction((n) => window.__bench.files.length >= n, files.length, { timeout: 0, polling: 200 });
  // The dashboard asked for after the last file: wait until one arrives later
  // than it and is painted.
  await page.waitForFunction(() => {
    const b = window.__bench;
    const last = b.files[b.files.length - 1].at;
    return b.queries.some((q) => q.at > last && q.complete != null);
  }, null, { timeout: 0, polling: 200 });
  // Storage runs in the background while files are read; wait for it, and
  // for the dashboard's address lists, to complete the breakdown.
  await page.waitForFunction(() => {
    const b = window.__bench;
    const parsed = b.files.filter((f) => f.status === 'parsed').length;
    const last = b.files[b.files.length - 1].at;
    const q = b.queries.find((x) => x.at > last);
    return b.stored.files >= parsed && q && q.postMs != null && q.sourcesPainted != null;
  }, null, { timeout: 120_000, polling: 200 });
  // Long tasks are reported a little after they end.
  await page.waitForTimeout(100);
  return page.evaluate(() => {
    const b = window.__bench;
    const done = b.files[b.files.length - 1].at;
    const q = b.queries.find((x) => x.at > done);
    const shown = q.painted;
    // Long tasks until everything is drawn: the whole dashboard and its
    // address lists (the second message).
    const end = Math.max(q.complete, q.sourcesPainted || 0);
    const tasks = b.longtasks.filter((t) => t.start >= b.changeAt && t.start <= end);
    const worker = b.files.reduce((s, f) => s + (f.elapsed || 0), 0);
    return {
      files: b.files,
      wall_ms: done - b.changeAt,
      shown_ms: shown - b.changeAt,
      complete_ms: q.complete - b.changeAt,
      worker_ms: worker,
      longest_task_ms: tasks.reduce((m, t) => Math.max(m, t.duration), 0),
      long_tasks: tasks.length,
      // The worker's FilesDone messages (each a state change and a render).
      answers: b.batches,
      // Drop → dashboard, phase by phase (milliseconds). The worker's phases
      // add up to its time for the files; "hand_over" is the rest of drop →
      // last file done (the page listing and posting the files, messages in
      // flight, the worker idle); storage overlaps the reading, and only its
      // tail after the last file delays nothing the person sees.
      breakdown: {
        hand_over: done - b.changeAt - worker,
        read: b.phases.read_ms,
        parse: b.phases.parse_ms,
        index: b.phases.index_ms,
        worker_other: worker - b.phases.read_ms - b.phases.parse_ms - b.phases.index_ms,
        storage: b.stored.ms,
        storage_after_last_file: Math.max(0, (b.stored.lastAt || done) - done),
        dashboard_wait: q.at - done - (q.elapsed || 0) - (q.postMs || 0),
        dashboard_compute: q.elapsed,
        dashboard_encode_post: q.postMs,
        decode_render_paint: shown - q.at,
        // From the message to the whole dashboard painted (the same as the
        // above when it is drawn at once).
        to_complete: q.complete - q.at,
        sources_painted: q.sourcesPainted != null ? q.sourcesPainted - q.at : null,
      },
    };
  });
}

/** Changes a filter control and resolves with the time until the new
 *  dashboard is painted, and the worker's share of it. */
async function filterChange(page, id, value) {
  return page.evaluate(({ id, value }) => new Promise((resolve) => {
    const b = window.__bench;
    const el = document.getElementById(id);
    const t0 = performance.now();
    const before = b.longtasks.length;
    b.waiters.push((q) => {
      if (q.at < t0) return false;
      // Long tasks are reported a little later; give them a frame.
      setTimeout(() => {
        const tasks = b.longtasks.slice(before).filter((t) => t.start >= t0);
        resolve({ figures_ms: q.painted - t0, total_ms: q.sourcesPainted - t0, worker_ms: q.elapsed,
                  message_bytes: q.bytes + (q.sourcesBytes || 0),
                  longest_task_ms: tasks.reduce((m, t) => Math.max(m, t.duration), 0) });
      }, 50);
      return true;
    });
    el.value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }), { id, value });
}

async function main() {
  const manifest = JSON.parse(fs.readFileSync(path.join(INPUTS, 'manifest.json'), 'utf8'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', ...EXTRA_ARGS],
  });
  const results = { ingest: [], filter: null };
  for (const c of manifest) {
    if (ONLY.length && !ONLY.includes(c.name)) continue;
    const { context, page } = await freshPage(browser);
    const r = await ingest(page, c);
    const bad = r.files.filter((f) => f.failed || f.status !== 'parsed');
    if (bad.length) throw new Error(`${c.name}: not every file was parsed: ${JSON.stringify(bad.slice(0, 3))}`);
    const records = r.files.reduce((s, f) => s + f.records, 0);
    if (records !== c.records) throw new Error(`${c.name}: ${records} records read, ${c.records} written`);
    const row = {
      case: c.name, files: c.files.length, input_mb: round(c.input_bytes / 1e6, 1), xml_mb: round(c.xml_bytes / 1e6, 1),
      records, worker_s: round(r.worker_ms / 1000, 2), worker_mb_s: round(c.xml_bytes / 1e6 / (r.worker_ms / 1000), 0),
      records_s: round(records / (r.worker_ms / 1000), 0), drop_to_done_s: round(r.wall_ms / 1000, 2),
      drop_to_dashboard_s: round(r.shown_ms / 1000, 2), drop_to_complete_s: round(r.complete_ms / 1000, 2), longest_main_task_ms: round(r.longest_task_ms, 0),
      long_tasks: r.long_tasks, answers: r.answers,
    };
    console.log(JSON.stringify(row));
    results.ingest.push(row);
    const breakdown = { case: c.name };
    for (const [k, v] of Object.entries(r.breakdown)) breakdown[`${k}_ms`] = round(v, 0);
    console.log(JSON.stringify(breakdown));
    (results.breakdown ||= []).push(breakdown);

    // The network data: fetched from this origin once reports are loaded,
    // checked and decoded; then every distinct source address looked up.
    await page.waitForFunction(() => window.__bench.network && window.__bench.network.applied, null, { timeout: 120_000, polling: 200 });
    const net = await page.evaluate(() => window.__bench.network);
    const networkRow = {
      case: c.name, network_bytes: net.loaded.bytes, fetch_check_decode_ms: round(net.loaded.elapsed_ms, 0),
      addresses: net.applied.addresses, lookup_ms: round(net.applied.elapsed_ms, 0),
      lookups_per_s: round(net.applied.addresses / (net.applied.elapsed_ms / 1000), 0),
    };
    console.log(JSON.stringify(networkRow));
    (results.network ||= []).push(networkRow);

    if (c.name === 'network-100k') {
      // The figure: the asset's load and lookup cost for 100,000
      // distinct addresses once it is cached. Each reload restores the
      // report from storage; the worker then fetches the asset again (from
      // the service worker's Cache Storage once it controls the page),
      // checks and decodes it, and looks up every distinct address.
      const runs = [];
      for (let i = 0; i < NETWORK_RELOADS; i += 1) {
        await page.reload();
        await page.waitForFunction(() => window.__bench.network && window.__bench.network.applied, null, { timeout: 120_000, polling: 100 });
        const r = await page.evaluate(() => ({ net: window.__bench.network, controlled: navigator.serviceWorker.controller !== null }));
        const load = r.net.loaded.elapsed_ms;
        const decode = r.net.loaded.decode_ms;
        const lookup = r.net.applied.elapsed_ms;
        // The fetch's share (load - decode) runs until the worker resumes
        // after the cache answered, so it may include other work of the
        // worker (the restored report's dashboard): `work_ms` is the asset's
        // own cost, check + decode + lookups, each timed tightly.
        const run = {
          reload: i + 1, served_by_service_worker: r.controlled, addresses: r.net.applied.addresses,
          fetch_check_decode_ms: round(load, 0), check_decode_ms: round(decode, 0), lookup_ms: round(lookup, 0),
          total_ms: round(load + lookup, 0), work_ms: round(decode + lookup, 0),
        };
        console.log(JSON.stringify(run));
        runs.push(run);
      }
      const totals = runs.map((r) => r.total_ms);
      results.network_cached = {
        reloads: runs.length, addresses: runs[0].addresses, total_min_ms: Math.min(...totals),
        total_median_ms: median(totals), total_max_ms: Math.max(...totals),
        fetch_check_decode_median_ms: median(runs.map((r) => r.fetch_check_decode_ms)),
        check_decode_median_ms: median(runs.map((r) => r.check_decode_ms)),
        work_min_ms: Math.min(...runs.map((r) => r.work_ms)), work_median_ms: median(runs.map((r) => r.work_ms)),
        lookup_median_ms: median(runs.map((r) => r.lookup_ms)), target_ms: 300,
      };
      console.log(JSON.stringify({ network_cached: results.network_cached }));
    }

    if (c.name === 'year-1m') {
      const options = await page.evaluate(() => ({
        domain: [...document.querySelectorAll('#filter-domain option')].map((o) => o.value).filter(Boolean),
        reporter: [...document.querySelectorAll('#filter-reporter option')].map((o) => o.value).filter(Boolean),
      }));
      const steps = [
        ['filter-domain', options.domain[0]], ['filter-reporter', options.reporter[0]],
        ['filter-outcome', 'fail'], ['filter-outcome', ''], ['filter-reporter', ''], ['filter-domain', ''],
      ];
      const runs = [];
      for (let i = 0; i < REPEAT; i += 1) {
        for (const [id, value] of steps) {
          // Start from a quiet worker: no dashboard still on its way (the one
          // asked for when the network data was applied, or the last change's),
          // so each change is paired with its own answer.
          await page.waitForFunction(() => performance.now() - window.__bench.lastMessage > 500, null, { polling: 50 });
          const m = await filterChange(page, id, value);
          runs.push({ id, value, ...m });
          console.log(JSON.stringify({ filter: `${id}=${value || '(all)'}`, ...m, figures_ms: round(m.figures_ms, 1), total_ms: round(m.total_ms, 1) }));
        }
      }
      const totals = runs.map((r) => r.total_ms);
      results.filter = {
        records, changes: runs.length, median_ms: round(median(totals), 1), max_ms: round(Math.max(...totals), 1),
        figures_median_ms: round(median(runs.map((r) => r.figures_ms)), 1),
        worker_median_ms: round(median(runs.map((r) => r.worker_ms)), 1),
        worker_max_ms: round(Math.max(...runs.map((r) => r.worker_ms)), 1),
        longest_main_task_ms: round(Math.max(...runs.map((r) => r.longest_task_ms)), 0),
      };
    }
    await context.close();
  }
  await browser.close();
  console.log('\nRESULTS ' + JSON.stringify(results));
}

main().catch((e) => { console.error(e); process.exit(1); });
