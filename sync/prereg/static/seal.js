// The page's half of sync/prereg (record.py, seal.py, text.py), written to give the same bytes:
// the record, raw-deflate when it is smaller, sealed to the site's P-256 key with WebCrypto (ECDH,
// HKDF-SHA256, AES-256-GCM), then "KZ" + digits in numbered parts past maxPart bytes.
"use strict";
const Seal = (() => {
  const EPOCH = Date.UTC(1900, 0, 1);
  const SEX = ["", "1", "2", "9"];
  const enc = new TextEncoder();

  function writer() {
    const out = [];
    const w = {
      out,
      varint(v) { do { let b = v & 0x7F; v = Math.floor(v / 128); out.push(b | (v ? 0x80 : 0)); } while (v); },
      text(s) { const d = enc.encode(s || ""); w.varint(d.length); for (const b of d) out.push(b); },
      date(s) {
        if (!s) { w.varint(0); return; }
        const [y, m, d] = s.split("-").map(Number);
        w.varint(Math.round((Date.UTC(y, m - 1, d) - EPOCH) / 86400000) + 1);
      },
      byte(b) { out.push(b); },
    };
    return w;
  }

  function pack(record, needCodes) {
    const w = writer();
    if (record.kind === "shelter") {
      w.byte(1);
      w.text(record.address);
      w.varint(record.people.length);
      for (const p of record.people) {
        w.text(p.name); w.text(p.kana); w.date(p.birth_date);
        w.byte(SEX.indexOf(p.sex_code || ""));
        w.byte(p.do_not_disclose ? 1 : 0);
        const needs = Object.entries(p.needs || {});
        w.varint(needs.length);
        for (const [code, detail] of needs) { w.byte(needCodes.indexOf(code)); w.text(detail); }
      }
    } else {
      const p = record.person;
      w.byte(2);
      w.text(p.name); w.text(p.kana); w.date(p.birth_date); w.byte(SEX.indexOf(p.sex_code || ""));
      w.text(p.address);
      w.varint(record.procedures.length);
      for (const id of record.procedures) w.text(id);
      const answers = Object.entries(record.answers || {});
      w.varint(answers.length);
      for (const [k, v] of answers) { w.text(k); w.text(v); }
    }
    return new Uint8Array(w.out);
  }

  async function deflate(data) {
    if (typeof CompressionStream === "undefined") return null;
    const stream = new Blob([data]).stream().pipeThrough(new CompressionStream("deflate-raw"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  const concat = (...parts) => {
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let k = 0;
    for (const p of parts) { out.set(p, k); k += p.length; }
    return out;
  };
  const sha256 = async (data) => new Uint8Array(await crypto.subtle.digest("SHA-256", data));
  const compress = (raw) => concat(new Uint8Array([2 + (raw[64] & 1)]), raw.slice(1, 33));
  const b64 = (s) => Uint8Array.from(atob(s.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));

  async function seal(record, config, now) {
    let plain = pack(record, config.needs), flags = 0;
    const small = await deflate(plain);
    if (small && small.length < plain.length) { plain = small; flags = 1; }
    const siteRaw = b64(config.public_key);  // uncompressed point, 65 bytes
    const sitePublic = compress(siteRaw);
    const siteKey = await crypto.subtle.importKey("raw", siteRaw, {name: "ECDH", namedCurve: "P-256"}, false, []);
    const eph = await crypto.subtle.generateKey({name: "ECDH", namedCurve: "P-256"}, true, ["deriveBits"]);
    const ephemeral = compress(new Uint8Array(await crypto.subtle.exportKey("raw", eph.publicKey)));
    const secret = await crypto.subtle.deriveBits({name: "ECDH", public: siteKey}, eph.privateKey, 256);
    const hkdf = await crypto.subtle.importKey("raw", secret, "HKDF", false, ["deriveBits"]);
    const okm = new Uint8Array(await crypto.subtle.deriveBits(
      {name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0),
       info: concat(enc.encode("kazasu-prereg-v1"), ephemeral, sitePublic)}, hkdf, 352));
    const site = enc.encode(config.site);
    const created = Math.floor((now || Date.now()) / 1000);
    const head = concat(new Uint8Array([1, flags, created >>> 24, (created >>> 16) & 255, (created >>> 8) & 255,
      created & 255]), (await sha256(sitePublic)).slice(0, 4), new Uint8Array([site.length]), site, ephemeral);
    const aes = await crypto.subtle.importKey("raw", okm.slice(0, 32), "AES-GCM", false, ["encrypt"]);
    const body = new Uint8Array(await crypto.subtle.encrypt(
      {name: "AES-GCM", iv: okm.slice(32, 44), additionalData: head, tagLength: 128}, aes, plain));
    return concat(head, body);
  }

  const DIGITS = [0, 3, 5, 8, 10, 13, 15, 17];
  function toDigits(data) {
    let s = "";
    for (let i = 0; i < data.length; i += 7) {
      const g = data.slice(i, i + 7);
      let v = 0n;
      for (const b of g) v = v * 256n + BigInt(b);
      s += v.toString().padStart(DIGITS[g.length], "0");
    }
    return s;
  }

  async function split(blob, maxPart) {
    const count = Math.max(1, Math.ceil(blob.length / maxPart));
    if (count > 15 || blob.length > 0xFFFF) throw new Error("too_large");
    const setId = (await sha256(blob)).slice(0, 2);
    const texts = [];
    let pos = 0;
    for (let i = 0; i < count; i++) {
      const size = Math.floor(blob.length / count) + (i < blob.length % count ? 1 : 0);
      const frame = concat(new Uint8Array([1, ((i + 1) << 4) | count]), setId,
        new Uint8Array([blob.length >>> 8, blob.length & 255]), blob.slice(pos, pos + size));
      pos += size;
      texts.push("KZ" + toDigits(frame));
    }
    return texts;
  }

  async function codes(record, config, now) {
    return split(await seal(record, config, now), config.max_part);
  }

  return {pack, seal, split, codes};
})();
