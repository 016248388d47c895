// kazasu's QR encoder (written for kazasu, MIT like the rest of it): ISO/IEC 18004 model 2, error
// correction level M, segments in numeric, alphanumeric or byte mode, the smallest version that
// holds them, the mask of lowest penalty. qrEncode(segments) -> {size, dark(x, y)}.
"use strict";
const QR = (() => {
  const ECC_M = [-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28,
    28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28];
  const BLOCKS_M = [-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21,
    23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49];
  const ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
  const MODES = {numeric: [1, [10, 12, 14]], alnum: [2, [9, 11, 13]], byte: [4, [8, 16, 16]]};

  function rawModules(ver) {
    let result = (16 * ver + 128) * ver + 64;
    if (ver >= 2) {
      const n = Math.floor(ver / 7) + 2;
      result -= (25 * n - 10) * n - 55;
      if (ver >= 7) result -= 36;
    }
    return result;
  }
  const dataCodewords = (ver) => Math.floor(rawModules(ver) / 8) - ECC_M[ver] * BLOCKS_M[ver];

  function segment(mode, text) {
    const bits = [];
    const put = (value, n) => { for (let i = n - 1; i >= 0; i--) bits.push((value >>> i) & 1); };
    let count = text.length;
    if (mode === "numeric") {
      for (let i = 0; i < text.length; i += 3) {
        const chunk = text.substr(i, 3);
        put(parseInt(chunk, 10), chunk.length * 3 + 1);
      }
    } else if (mode === "alnum") {
      for (let i = 0; i < text.length; i += 2) {
        if (i + 1 < text.length) put(ALNUM.indexOf(text[i]) * 45 + ALNUM.indexOf(text[i + 1]), 11);
        else put(ALNUM.indexOf(text[i]), 6);
      }
    } else {
      const data = new TextEncoder().encode(text);
      count = data.length;
      for (const b of data) put(b, 8);
    }
    return {mode, count, bits};
  }

  function bitsOf(segments, ver) {
    const cls = ver <= 9 ? 0 : ver <= 26 ? 1 : 2;
    const bits = [];
    const put = (value, n) => { for (let i = n - 1; i >= 0; i--) bits.push((value >>> i) & 1); };
    for (const s of segments) {
      const [indicator, counts] = MODES[s.mode];
      if (s.count >= 1 << counts[cls]) return null;
      put(indicator, 4);
      put(s.count, counts[cls]);
      for (const b of s.bits) bits.push(b);
    }
    return bits;
  }

  // Reed-Solomon over GF(256), polynomial 0x11D
  function mul(x, y) {
    let z = 0;
    for (let i = 7; i >= 0; i--) {
      z = (z << 1) ^ ((z >>> 7) * 0x11D);
      z ^= ((y >>> i) & 1) * x;
    }
    return z;
  }
  function divisor(degree) {
    const result = new Array(degree).fill(0);
    result[degree - 1] = 1;
    let root = 1;
    for (let i = 0; i < degree; i++) {
      for (let j = 0; j < result.length; j++) {
        result[j] = mul(result[j], root);
        if (j + 1 < result.length) result[j] ^= result[j + 1];
      }
      root = mul(root, 0x02);
    }
    return result;
  }
  function remainder(data, div) {
    const result = div.map(() => 0);
    for (const b of data) {
      const factor = b ^ result.shift();
      result.push(0);
      div.forEach((coef, i) => { result[i] ^= mul(coef, factor); });
    }
    return result;
  }

  function codewords(segments) {
    let ver = 1, bits = null;
    for (; ver <= 40; ver++) {
      bits = bitsOf(segments, ver);
      if (bits !== null && bits.length <= dataCodewords(ver) * 8) break;
    }
    if (ver > 40) throw new Error("too much data for one QR code");
    const capacity = dataCodewords(ver) * 8;
    for (let i = 0; i < 4 && bits.length < capacity; i++) bits.push(0);
    while (bits.length % 8) bits.push(0);
    const data = [];
    for (let i = 0; i < bits.length; i += 8) data.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
    for (let pad = 0xEC; data.length < capacity / 8; pad ^= 0xEC ^ 0x11) data.push(pad);
    // split into blocks, add error correction, interleave
    const blocks = BLOCKS_M[ver], ecc = ECC_M[ver], raw = Math.floor(rawModules(ver) / 8);
    const shortBlocks = blocks - raw % blocks, shortLen = Math.floor(raw / blocks);
    const div = divisor(ecc), parts = [];
    for (let i = 0, k = 0; i < blocks; i++) {
      const len = shortLen - ecc + (i < shortBlocks ? 0 : 1);
      const dat = data.slice(k, k + len);
      k += len;
      parts.push([dat, remainder(dat, div)]);
    }
    const out = [];
    for (let i = 0; i <= shortLen - ecc; i++) for (const [dat] of parts) if (i < dat.length) out.push(dat[i]);
    for (let i = 0; i < ecc; i++) for (const [, e] of parts) out.push(e[i]);
    return {ver, out};
  }

  function matrix(ver, words) {
    const size = ver * 4 + 17;
    const dark = Array.from({length: size}, () => new Array(size).fill(false));
    const fixed = Array.from({length: size}, () => new Array(size).fill(false));
    const set = (x, y, d) => { dark[y][x] = d; fixed[y][x] = true; };
    for (let i = 0; i < size; i++) { set(6, i, i % 2 === 0); set(i, 6, i % 2 === 0); }
    for (const [cx, cy] of [[3, 3], [size - 4, 3], [3, size - 4]]) {
      for (let dy = -4; dy <= 4; dy++) for (let dx = -4; dx <= 4; dx++) {
        const x = cx + dx, y = cy + dy, d = Math.max(Math.abs(dx), Math.abs(dy));
        if (x >= 0 && x < size && y >= 0 && y < size) set(x, y, d !== 2 && d !== 4);
      }
    }
    if (ver > 1) {
      const n = Math.floor(ver / 7) + 2;
      const step = Math.floor((ver * 8 + n * 3 + 5) / (n * 4 - 4)) * 2;
      const pos = [6];
      for (let p = size - 7; pos.length < n; p -= step) pos.splice(1, 0, p);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
        if ((i === 0 && j === 0) || (i === 0 && j === n - 1) || (i === n - 1 && j === 0)) continue;
        for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++)
          set(pos[i] + dx, pos[j] + dy, Math.max(Math.abs(dx), Math.abs(dy)) !== 1);
      }
    }
    const format = (mask) => {
      const data = (0 << 3) | mask;  // level M is 00
      let rem = data;
      for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
      const bits = ((data << 10) | rem) ^ 0x5412;
      const bit = (i) => ((bits >>> i) & 1) !== 0;
      for (let i = 0; i <= 5; i++) set(8, i, bit(i));
      set(8, 7, bit(6)); set(8, 8, bit(7)); set(7, 8, bit(8));
      for (let i = 9; i < 15; i++) set(14 - i, 8, bit(i));
      for (let i = 0; i < 8; i++) set(size - 1 - i, 8, bit(i));
      for (let i = 8; i < 15; i++) set(8, size - 15 + i, bit(i));
      set(8, size - 8, true);
    };
    format(0);
    if (ver >= 7) {
      let rem = ver;
      for (let i = 0; i < 12; i++) rem = (rem << 1) ^ ((rem >>> 11) * 0x1F25);
      const bits = (ver << 12) | rem;
      for (let i = 0; i < 18; i++) {
        const d = ((bits >>> i) & 1) !== 0, a = size - 11 + i % 3, b = Math.floor(i / 3);
        set(a, b, d); set(b, a, d);
      }
    }
    let i = 0;
    for (let right = size - 1; right >= 1; right -= 2) {
      if (right === 6) right = 5;
      for (let vert = 0; vert < size; vert++) for (let j = 0; j < 2; j++) {
        const x = right - j, upward = ((right + 1) & 2) === 0, y = upward ? size - 1 - vert : vert;
        if (!fixed[y][x] && i < words.length * 8) {
          dark[y][x] = ((words[i >>> 3] >>> (7 - (i & 7))) & 1) !== 0;
          i++;
        }
      }
    }
    return {size, dark, fixed, format};
  }

  const MASKS = [
    (x, y) => (x + y) % 2 === 0, (x, y) => y % 2 === 0, (x) => x % 3 === 0, (x, y) => (x + y) % 3 === 0,
    (x, y) => (Math.floor(x / 3) + Math.floor(y / 2)) % 2 === 0, (x, y) => x * y % 2 + x * y % 3 === 0,
    (x, y) => (x * y % 2 + x * y % 3) % 2 === 0, (x, y) => ((x + y) % 2 + x * y % 3) % 2 === 0];

  function applyMask(m, mask) {
    for (let y = 0; y < m.size; y++) for (let x = 0; x < m.size; x++)
      if (!m.fixed[y][x] && MASKS[mask](x, y)) m.dark[y][x] = !m.dark[y][x];
  }

  function penalty(m) {
    const n = m.size, at = (x, y) => m.dark[y][x];
    let score = 0, darkCount = 0;
    const lines = (get) => {
      for (let a = 0; a < n; a++) {
        let run = 1;
        const seq = [];
        for (let b = 0; b < n; b++) {
          seq.push(get(a, b) ? 1 : 0);
          if (b > 0 && get(a, b) === get(a, b - 1)) { run++; if (run === 5) score += 3; else if (run > 5) score++; }
          else run = 1;
        }
        const s = "0000" + seq.join("") + "0000";
        for (const pat of ["10111010000", "00001011101"]) {
          for (let k = s.indexOf(pat); k >= 0; k = s.indexOf(pat, k + 1)) score += 40;
        }
      }
    };
    lines((a, b) => at(b, a));
    lines((a, b) => at(a, b));
    for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) {
      if (at(x, y)) darkCount++;
      if (x < n - 1 && y < n - 1 && at(x, y) === at(x + 1, y) && at(x, y) === at(x, y + 1) &&
          at(x, y) === at(x + 1, y + 1)) score += 3;
    }
    const total = n * n;
    score += (Math.ceil(Math.abs(darkCount * 20 - total * 10) / total) - 1) * 10;
    return score;
  }

  function encode(segments) {
    const {ver, out} = codewords(segments);
    let best = null, bestScore = Infinity;
    for (let mask = 0; mask < 8; mask++) {
      const m = matrix(ver, out);
      applyMask(m, mask);
      m.format(mask);
      const score = penalty(m);
      if (score < bestScore) { best = m; bestScore = score; }
    }
    return {version: ver, size: best.size, dark: (x, y) => best.dark[y][x]};
  }

  function draw(canvas, code, scale) {
    const quiet = 4, px = (code.size + quiet * 2) * scale;
    canvas.width = canvas.height = px;
    const g = canvas.getContext("2d");
    g.fillStyle = "#fff";
    g.fillRect(0, 0, px, px);
    g.fillStyle = "#000";
    for (let y = 0; y < code.size; y++) for (let x = 0; x < code.size; x++)
      if (code.dark(x, y)) g.fillRect((x + quiet) * scale, (y + quiet) * scale, scale, scale);
  }

  return {segment, encode, draw};
})();
