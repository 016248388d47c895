// Keeps the resident's page for use without a network: the network first, the copy when offline.
"use strict";
const CACHE = "kazasu-prereg-v1";
const PAGE = new URL("./", self.location).href;
self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.add(PAGE)).then(() => self.skipWaiting()));
});
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));
self.addEventListener("fetch", (event) => {
  if (event.request.method !== "GET") return;
  event.respondWith(fetch(event.request).then((response) => {
    if (response.ok && event.request.url.split("?")[0] === PAGE) {
      const copy = response.clone();
      caches.open(CACHE).then((cache) => cache.put(PAGE, copy));
    }
    return response;
  }).catch(() => caches.match(event.request, {ignoreSearch: true}).then((hit) => hit || caches.match(PAGE))));
});
