/** A tiny PNG writer (RGBA, 8 bits, no filtering) for tests that need an image such as a seal. */
import { crc32, deflateSync } from "node:zlib";

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG of `width` × `height` whose pixel (x, y) is `pixel(x, y)` as [r, g, b, a]. */
export function rgbaPng(width: number, height: number, pixel: (x: number, y: number) => number[]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter method variant, no interlace
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + 4 * width); // filter byte 0: none
    for (let x = 0; x < width; x++) row.set(pixel(x, y), 1 + 4 * x);
    rows.push(row);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A seal as an administrator would upload it: a red ring round a red disc, transparent around. */
export function sealPng(size = 240): Buffer {
  const c = size / 2;
  return rgbaPng(size, size, (x, y) => {
    const r = Math.hypot(x - c, y - c);
    const ink = (r < c - 2 && r > c - 14) || r < size / 8;
    return ink ? [204, 0, 0, 230] : [255, 255, 255, 0];
  });
}
