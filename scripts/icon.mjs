// Draws the extension's icon, images/icon.png (128×128): a blue rounded square (Python's blue),
// three lines of "code" and a yellow check mark over them (a review that passed). Deterministic
// and dependency-free: shapes are sampled 4×4 per pixel and written as an RGBA PNG.
// usage: node scripts/icon.mjs
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";

const SIZE = 128;
const SUB = 4;
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "images", "icon.png");

const inRoundedSquare = (x, y, r) => {
  const cx = Math.min(Math.max(x, r), SIZE - r);
  const cy = Math.min(Math.max(y, r), SIZE - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
/** Distance from (x, y) to the segment a–b. */
const toSegment = (x, y, [ax, ay], [bx, by]) => {
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)));
};
const BARS = [
  [24, 36, 82],
  [24, 54, 62],
  [36, 72, 50],
];
const CHECK = [
  [54, 88],
  [72, 106],
  [108, 60],
];

/** The colour (r, g, b, a in 0..1) at a sample point: later shapes paint over earlier ones. */
function sample(x, y) {
  if (!inRoundedSquare(x, y, 24)) return [0, 0, 0, 0];
  const t = y / SIZE;
  let c = [0x30 + (0x1e - 0x30) * t, 0x69 + (0x3a - 0x69) * t, 0x98 + (0x5f - 0x98) * t, 1];
  for (const [x0, y0, x1] of BARS) if (toSegment(x, y, [x0, y0], [x1, y0]) <= 4.5) c = [0xe8, 0xf0, 0xf8, 1];
  const d = Math.min(toSegment(x, y, CHECK[0], CHECK[1]), toSegment(x, y, CHECK[1], CHECK[2]));
  if (d <= 11) c = [0x1e, 0x3a, 0x5f, 1]; // a dark rim lifts the mark off the lines
  if (d <= 7.5) c = [0xff, 0xd4, 0x3b, 1];
  return c;
}

const rows = [];
for (let py = 0; py < SIZE; py++) {
  const row = Buffer.alloc(1 + SIZE * 4); // filter byte 0, then RGBA
  for (let px = 0; px < SIZE; px++) {
    const acc = [0, 0, 0, 0];
    for (let sy = 0; sy < SUB; sy++)
      for (let sx = 0; sx < SUB; sx++) {
        const [r, g, b, a] = sample(px + (sx + 0.5) / SUB, py + (sy + 0.5) / SUB);
        acc[0] += r * a;
        acc[1] += g * a;
        acc[2] += b * a;
        acc[3] += a;
      }
    const a = acc[3] / (SUB * SUB);
    const rgb = acc.slice(0, 3).map((v) => (acc[3] ? Math.round(v / acc[3]) : 0));
    row.set([...rgb, Math.round(a * 255)], 1 + px * 4);
  }
  rows.push(row);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk("IHDR", ihdr),
  chunk("IDAT", deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk("IEND", Buffer.alloc(0)),
]);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, png);
console.log(`${path.relative(process.cwd(), out)}: ${png.length} bytes`);
