// @ts-check
// End-to-end tests against the release build in dist/, served on 127.0.0.1,
// in Debian's Chromium (no Playwright browser download).
const { defineConfig } = require('@playwright/test');

const PORT = Number(process.env.E2E_PORT || 8089);
const SUBPATH_PORT = Number(process.env.E2E_SUBPATH_PORT || 8091);

module.exports = defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  retries: 0,
  workers: 1,
  reporter: 'list',
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    headless: true,
    locale: 'en-US',
    launchOptions: {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: [
    {
      command: `python3 -m http.server ${PORT} --bind 127.0.0.1 --directory ../dist`,
      url: `http://127.0.0.1:${PORT}/`,
      reuseExistingServer: false,
      stderr: 'ignore',
      timeout: 15_000,
    },
    {
      // The same build under a sub-path, as GitHub Pages would serve it.
      command: `mkdir -p .subpath/sub && ln -sfn ../../../dist .subpath/sub/dmarc-lens && python3 -m http.server ${SUBPATH_PORT} --bind 127.0.0.1 --directory .subpath`,
      url: `http://127.0.0.1:${SUBPATH_PORT}/sub/dmarc-lens/`,
      reuseExistingServer: false,
      stderr: 'ignore',
      timeout: 15_000,
    },
  ],
});
module.exports.SUBPATH_URL = `http://127.0.0.1:${SUBPATH_PORT}/sub/dmarc-lens/`;
