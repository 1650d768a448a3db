/*
 * NetSphere's service worker: makes the technician's pages open without signal. Static assets are served
 * from the cache once fetched; the technician's pages (/field…) are fetched from the network first and
 * their last good copy is shown when offline. Nothing else is cached, API calls never are, and a page that
 * answers with the sign-in page (signed out) clears the cached pages.
 */
const VERSION = "1";
const STATIC_CACHE = `netsphere-static-${VERSION}`;
const PAGE_CACHE = `netsphere-pages-${VERSION}`;
const PRECACHE = ["/field", "/icons/icon-192.png", "/icons/icon-512.png", "/icons/icon.svg"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const pages = await caches.open(PAGE_CACHE);
      // A signed-out install simply caches nothing useful; the next online visit fills the cache.
      await Promise.allSettled(PRECACHE.map((url) => pages.add(url)));
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

async function networkFirstPage(request) {
  const cache = await caches.open(PAGE_CACHE);
  try {
    const response = await fetch(request);
    const url = new URL(response.url);
    if (response.redirected && url.pathname.startsWith("/sign-in")) await caches.delete(PAGE_CACHE);
    else if (response.ok && isFieldPage(url)) await cache.put(request, response.clone());
    return response;
  } catch {
    return (await cache.match(request, { ignoreVary: true })) ?? (await cache.match("/field")) ?? offlinePage();
  }
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (isStatic(url)) event.respondWith(cacheFirst(request));
  else if (request.mode === "navigate" && isFieldPage(url)) event.respondWith(networkFirstPage(request));
});

self.addEventListener("message", (event) => {
  if (event.data === "sign-out") event.waitUntil(caches.delete(PAGE_CACHE));
});
