import { crc32 as zlibCrc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, encodeGrayPng, pngDataUri } from '../src/report/png.js';
import { digitGridPng } from '../src/report/digit-grid.js';

/** Split a PNG into chunks, checking each CRC with node:zlib's independent crc32. */
function chunks(png: Buffer): { type: string; data: Buffer }[] {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const out: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const typeAndData = png.subarray(at + 4, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length)).toBe(zlibCrc32(typeAndData));
    out.push({ type: typeAndData.subarray(0, 4).toString('latin1'), data: Buffer.from(typeAndData.subarray(4)) });
    at += 12 + length;
  }
  return out;
}

describe('PNG encoder', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926); // the CRC-32 check value
  });

  it('writes IHDR, IDAT, IEND with the pixels as unfiltered scanlines', () => {
    const pixels = Uint8Array.from({ length: 3 * 2 }, (_, i) => i * 40);
    const png = encodeGrayPng(3, 2, pixels);
    const [ihdr, idat, iend] = chunks(png);
    expect([ihdr.type, idat.type, iend.type]).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(ihdr.data.readUInt32BE(0)).toBe(3);
    expect(ihdr.data.readUInt32BE(4)).toBe(2);
    expect([...ihdr.data.subarray(8)]).toEqual([8, 0, 0, 0, 0]);
    expect([...inflateSync(idat.data)]).toEqual([0, 0, 40, 80, 0, 120, 160, 200]);
    expect(pngDataUri(png)).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
  });

  it('rejects a pixel buffer of the wrong size', () => {
    expect(() => encodeGrayPng(3, 2, new Uint8Array(5))).toThrow(/pixels has 5 bytes, expected 3 x 2 = 6/);
    expect(() => encodeGrayPng(0, 2, new Uint8Array(0))).toThrow(/positive integers/);
  });

  it('lays digits out in a grid, one row per image set', () => {
    const a = new Float32Array(2 * 784).fill(1);
    const b = new Float32Array(2 * 784);
    const { png, width, height } = digitGridPng([a, b], 2);
    expect([width, height]).toEqual([2 * 30 + 2, 2 * 30 + 2]);
    const idat = chunks(png).find((c) => c.type === 'IDAT')!;
    const raw = inflateSync(idat.data);
    const pixel = (x: number, y: number) => raw[y * (width + 1) + 1 + x];
    expect(pixel(2, 2)).toBe(255); // first row of tiles: white
    expect(pixel(32 + 27, 2 + 27)).toBe(255);
    expect(pixel(2, 32)).toBe(0); // second row: black
    expect(pixel(0, 0)).toBe(96); // the gap
    expect(() => digitGridPng([a, new Float32Array(784)], 2)).toThrow(/row 1 has 784 values/);
  });
});
