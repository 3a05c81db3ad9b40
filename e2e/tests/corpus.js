// Helpers shared by the specs that read real reports from the shared corpus
// (never copied into the repository) and figures from the page.
const path = require('node:path');
const fs = require('node:fs');
const ids = require('./ids');

const ROOT = path.join(__dirname, '..', '..');
const CORPUS = process.env.DMARC_CORPUS || path.join(ROOT, '..', 'shared', 'corpus');
/** The command-line tool, built by `cargo build -p dmarc-cli` (scripts/test.sh does). */
const CLI = process.env.DMARC_LENS_BIN
  || path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target'), 'debug', 'dmarc-lens');

/** Absolute path of a corpus file, from its path under `files/`. */
function corpusFile(rel) {
  return path.join(CORPUS, 'files', rel);
}

/** The expected facts of a corpus file (corpus README: `expected/<path>.json`). */
function expected(rel) {
  return JSON.parse(fs.readFileSync(path.join(CORPUS, 'expected', rel + '.json'), 'utf8'));
}

/**
 * Fails with a sentence naming DMARC_CORPUS when the corpus is missing: a
 * check that quietly skips is one that does not run (CI always has it), and
 * the native tests do the same.
 */
function requireCorpus() {
  if (!fs.existsSync(path.join(CORPUS, 'files')) || !fs.existsSync(path.join(CORPUS, 'expected'))) {
    throw new Error(`the shared corpus is not at ${CORPUS}: set DMARC_CORPUS to the folder holding its files/ and expected/`);
  }
}

/** The ingest log's row for a file name. */
function logRow(page, name) {
  return page.locator(`#${ids.reports.LOG} tr`, { has: page.locator('td.file-name', { hasText: name }) });
}

/** A figure as the page writes it ("1,234") as a number. */
function figure(text) {
  const digits = String(text).replace(/[,\s]/g, '');
  if (!/^\d+$/.test(digits)) throw new Error(`not a whole number: ${JSON.stringify(text)}`);
  return Number(digits);
}

/** A percentage as the page writes it ("97.5%") as a number, or null for "–". */
function percent(text) {
  const t = String(text).trim();
  if (t === '–') return null;
  const m = /^(\d+(?:\.\d+)?)%$/.exec(t);
  if (!m) throw new Error(`not a percentage: ${JSON.stringify(text)}`);
  return Number(m[1]);
}

/** The headline cards as { label: { value, detail } }. */
async function headlineCards(page) {
  return page.locator(`#${ids.reports.HEADLINE} .card`).evaluateAll((cards) => Object.fromEntries(cards.map((c) => [
    c.querySelector('dt').textContent.trim(),
    {
      value: c.querySelector('dd.value').textContent.trim(),
      detail: (c.querySelector('dd.detail')?.textContent || '').trim(),
    },
  ])));
}

/** A table's body as rows of cell texts, and its header texts. */
async function tableText(locator) {
  return locator.evaluate((table) => ({
    headers: [...table.querySelectorAll('thead th')]
      .map((th) => (th.querySelector('button')?.firstChild || th).textContent.trim()),
    rows: [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('th, td')]
      .map((td) => td.innerText.trim())),
  }));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A UTC day as the English page writes it: "23 Nov 2026". */
function enDate(unixSeconds) {
  const d = new Date(unixSeconds * 1000);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

module.exports = {
  CORPUS, CLI, corpusFile, expected, requireCorpus, logRow, figure, percent,
  headlineCards, tableText, enDate,
};
