// The optional parameters file of a run (--save-parameters): the final
// parameters as little-endian float32 after a small JSON header, so that a
// reader in any language can load them without this code:
//
//   bytes 0..3           uint32 LE: H, the header's length in bytes (a multiple of 4)
//   bytes 4..4+H         the header: UTF-8 JSON (ParametersHeader), padded with spaces
//   bytes 4+H..          `count` float32 values, little-endian, the shapes' tensors
//                        one after the other, each row-major
//
// In numpy: h = int.from_bytes(b[:4], 'little'); meta = json.loads(b[4:4 + h]);
// theta = numpy.frombuffer(b, '<f4', offset=4 + h).
import type { OptimizerName, TaskName } from '../tasks.js';

/** The header's `format`. */
export const PARAMETERS_FORMAT = 'hessian-free-demo-parameters';

/** What the JSON header says about the values after it. */
export interface ParametersHeader {
  readonly format: typeof PARAMETERS_FORMAT;
  readonly version: 1;
  readonly dtype: 'float32';
  readonly byteOrder: 'little-endian';
  readonly task: TaskName;
  readonly optimizer: OptimizerName;
  readonly seed: number;
  /** Number of float32 values after the header. */
  readonly count: number;
  /** The shapes of the model's parameter tensors, in order, if the trainer said them. */
  readonly shapes?: readonly (readonly number[])[];
  /** True when training was interrupted (Ctrl-C) before the budget was spent. */
  readonly interrupted: boolean;
  /** The run's time stamp, the same as metrics.json's `createdAt`. */
  readonly createdAt: string;
}

/** The file's bytes: header length, header, values. */
export function encodeParameters(header: ParametersHeader, values: Float32Array): Uint8Array {
  if (header.count !== values.length) throw new RangeError(`header.count is ${header.count} but there are ${values.length} values`);
  let json = JSON.stringify(header);
  const jsonBytes = () => new TextEncoder().encode(json);
  json += ' '.repeat((4 - (jsonBytes().length % 4)) % 4); // the values start 4-byte aligned
  const head = jsonBytes();
  const bytes = new Uint8Array(4 + head.length + 4 * values.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, head.length, true);
  bytes.set(head, 4);
  const start = 4 + head.length;
  for (let i = 0; i < values.length; i++) view.setFloat32(start + 4 * i, values[i], true);
  return bytes;
}

/** Read a parameters file's bytes back: its header and values. Throws on a file of another format. */
export function readParameters(bytes: Uint8Array): { readonly header: ParametersHeader; readonly values: Float32Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4) throw new RangeError('not a parameters file: shorter than 4 bytes');
  const length = view.getUint32(0, true);
  if (4 + length > bytes.length) throw new RangeError(`not a parameters file: a header of ${length} bytes in a file of ${bytes.length}`);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length))) as ParametersHeader;
  if (header.format !== PARAMETERS_FORMAT || header.version !== 1) throw new RangeError(`not a parameters file of version 1: format ${header.format}`);
  const start = 4 + length;
  if (bytes.length !== start + 4 * header.count) {
    throw new RangeError(`the header says ${header.count} values but ${bytes.length - start} bytes follow it`);
  }
  const values = new Float32Array(header.count);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(start + 4 * i, true);
  return { header, values };
}
