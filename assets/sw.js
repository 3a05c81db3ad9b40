// The service worker of dmarc-lens: keeps one release's files so that, after
// one visit, the page opens and works with the network off.
//
// This is a template: scripts/release_assets.py (Trunk's post-build hook)
// writes dist/sw.js from it with VERSION (a hash of every shipped file) and
// ASSETS (every shipped file, each named after its content). A new release
// therefore has a new sw.js; the browser installs it beside the running one
// and the page offers to switch (it posts 'skip-waiting').
//
// It answers only GET requests for this origin's own files, from the cache of
// its release, and asks the network (the same origin) for anything else. It
// never makes a request to another origin.
'use strict';

const VERSION = '__VERSION__';
const ASSETS = __ASSETS__;
const PREFIX = 'dmarc-lens-';
const CACHE = PREFIX + VERSION;
// The page's own address: navigations to it (any #route) get the cached page.
const SCOPE = new URL('./', self.location.href).href;
const PAGE_URLS = new Set([SCOPE, SCOPE + 'index.html']);

self.addEventListener('install', (event) => {
  // 'no-cache': the browser's HTTP cache may be asked, but must confirm with
  // the server, so a stale page is never stored beside this release's files.
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(ASSETS.map((a) => new Request(a, { cache: 'no-cache' }))))
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)));
    // The first visit's page is controlled at once, so it works offline too.
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') {
    self.skipWaiting();
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  event.respondWith(answer(request, url));
});

async function answer(request, url) {
  const cache = await caches.open(CACHE);
  const page = request.mode === 'navigate' && PAGE_URLS.has(url.origin + url.pathname);
  const hit = await cache.match(page ? SCOPE : request, { ignoreSearch: page });
  return hit || fetch(request);
}
