// Float32Array <-> base64 (little-endian bytes), for JSON optimizer states.
// Written without Buffer or btoa so it runs the same in Node and browsers.

import { describe } from '@hessian-free/linop';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The little-endian bytes of `values` as base64 (exact: decodeFloat32 gives the same bits back). */
export function encodeFloat32(values: Float32Array): string {
  const bytes = littleEndianBytes(values);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? ALPHABET[n & 63] : '=';
  }
  return out;
}

/** Decodes `text`; throws naming `name` unless it holds exactly `length` float32 values. */
export function decodeFloat32(name: string, text: unknown, length: number): Float32Array {
  if (typeof text !== 'string') throw new TypeError(`${name} must be a base64 string, got ${describe(text)}`);
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    throw new TypeError(`${name} must be a base64 string, got a string of ${text.length} characters that is not base64`);
  }
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const byteLength = (text.length / 4) * 3 - padding;
  if (byteLength !== 4 * length) {
    throw new RangeError(`${name} must hold ${length} float32 values, got ${byteLength} bytes`);
  }
  const bytes = new Uint8Array(byteLength);
  for (let i = 0, j = 0; i < text.length; i += 4) {
    const n = (ALPHABET.indexOf(text[i]) << 18) | (ALPHABET.indexOf(text[i + 1]) << 12) |
      ((ALPHABET.indexOf(text[i + 2]) & 63) << 6) | (ALPHABET.indexOf(text[i + 3]) & 63);
    for (const shift of [16, 8, 0]) if (j < byteLength) bytes[j++] = (n >> shift) & 255;
  }
  const view = new DataView(bytes.buffer);
  return Float32Array.from({ length }, (_, k) => view.getFloat32(4 * k, true));
}

function littleEndianBytes(values: Float32Array): Uint8Array {
  const bytes = new Uint8Array(4 * values.length);
  const view = new DataView(bytes.buffer);
  values.forEach((v, k) => view.setFloat32(4 * k, v, true));
  return bytes;
}
