/*
 * NetSphere's service worker: makes the technician's pages open without signal. Static assets are served
 * from the cache once fetched; the technician's pages (/field…) are fetched from the network first and
 * their last good copy is shown when offline. The job list asks for today's job pages to be saved ahead
 * ("warm"), so a job never opened before still opens in a dead zone. Nothing else is cached, API calls
 * never are, and a page that answers with the sign-in page (signed out) clears the cached pages.
 */
const VERSION = "1";
const STATIC_CACHE = `netsphere-static-${VERSION}`;
const PAGE_CACHE = `netsphere-pages-${VERSION}`;
/** When a page copy was saved, and how long a saved copy counts as fresh enough not to fetch again. */
const SAVED_AT = "x-netsphere-saved-at";
const FRESH_MS = 10 * 60_000;
const ICONS = ["/icons/icon-192.png", "/icons/icon-512.png", "/icons/icon.svg"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      await (await caches.open(STATIC_CACHE)).addAll(ICONS).catch(() => undefined);
      // Signed out, the job list answers with the sign-in page, which `warm` does not keep.
      await warm(["/field"]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const keep = new Set([STATIC_CACHE, PAGE_CACHE]);
      for (const key of await caches.keys()) if (!keep.has(key)) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

const isStatic = (url) => url.pathname.startsWith("/_next/static/") || url.pathname.startsWith("/icons/");
const isFieldPage = (url) => url.pathname === "/field" || url.pathname.startsWith("/field/");

async function cacheFirst(request) {
  const cache = await caches.open(STATIC_CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

const offlinePage = () =>
  new Response(
    '<!doctype html><html lang="en"><meta name="viewport" content="width=device-width"><title>Offline · NetSphere</title>' +
      '<body style="font-family:system-ui;background:#07111f;color:#e6edf7;padding:2rem"><h1>You are offline</h1>' +
      "<p>This page was not opened while online, so there is no copy on this phone. Open it again when you have signal.</p>" +
      '<p><a style="color:#7cc4ff" href="/field">Back to my jobs</a></p></body></html>',
    { status: 503, headers: { "content-type": "text/html; charset=utf-8" } },
  );

/**
 * Keeps a fresh copy of a field page and the scripts and styles it loads (so it also runs offline); a redirect
 * to the sign-in page means signed out: forget them all.
 */
async function remember(key, response) {
  const url = new URL(response.url);
  if (response.redirected && url.pathname.startsWith("/sign-in")) return caches.delete(PAGE_CACHE);
  if (!response.ok || response.redirected || !isFieldPage(url)) return;
  const html = await response.clone().text();
  const headers = new Headers(response.headers);
  headers.set(SAVED_AT, String(Date.now()));
  await (await caches.open(PAGE_CACHE)).put(key, new Response(html, { status: response.status, headers }));
  const assets = new Set(html.match(/\/_next\/static\/[^"'\s)\\]+/g) ?? []);
  await Promise.allSettled([...assets].map((asset) => cacheFirst(new Request(asset))));
}

async function networkFirstPage(event) {
  const { request } = event;
  try {
    const response = await fetch(request);
    // Saving the copy (and its assets) must not hold up the page.
    event.waitUntil(remember(request.url, response.clone()));
    return response;
  } catch {
    // Only the page asked for: another page's copy under this address would show the wrong job.
    return (await (await caches.open(PAGE_CACHE)).match(request.url, { ignoreVary: true, ignoreSearch: false })) ?? offlinePage();
  }
}

/**
 * Saves the given field pages now (the job list sends today's jobs while there is signal). A page saved in the
 * last few minutes is left as it is: each job page asks the router for the subscriber's status when rendered.
 */
async function warm(urls) {
  const pages = await caches.open(PAGE_CACHE);
  for (const href of urls) {
    const url = new URL(href, self.location.origin);
    if (url.origin !== self.location.origin || !isFieldPage(url)) continue;
    const saved = await pages.match(url.href);
    if (saved && Date.now() - Number(saved.headers.get(SAVED_AT) ?? 0) < FRESH_MS) continue;
    try {
      await remember(url.href, await fetch(url.href, { credentials: "same-origin", headers: { accept: "text/html" } }));
    } catch {
      return; // signal lost: the next visit to the list tries again
    }
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (isStatic(url)) event.respondWith(cacheFirst(request));
  else if (request.mode === "navigate" && isFieldPage(url)) event.respondWith(networkFirstPage(event));
});

self.addEventListener("message", (event) => {
  if (event.data === "sign-out") event.waitUntil(caches.delete(PAGE_CACHE));
  else if (event.data?.type === "warm" && Array.isArray(event.data.urls)) {
    event.waitUntil(warm(event.data.urls.slice(0, 50)).then(() => event.source?.postMessage({ type: "warmed" })));
  }
});
