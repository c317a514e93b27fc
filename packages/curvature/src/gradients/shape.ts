/** Shape ops: their gradients are the adjoint shape ops (all linear in dy, all in the table). */
import * as tf from '@tensorflow/tfjs-core';
import { normalizeAxis } from './axes.js';
import { several, single } from './builders.js';

const reshape: tf.GradConfig = {
  kernelName: tf.Reshape,
  inputsToSave: ['x'],
  gradFunc: (dy, [x]) => ({ x: () => tf.reshape(single(dy), x.shape) }),
};

const expandDims: tf.GradConfig = {
  kernelName: tf.ExpandDims,
  inputsToSave: ['input'],
  gradFunc: (dy, [input]) => ({ input: () => tf.reshape(single(dy), input.shape) }),
};

const transpose: tf.GradConfig = {
  kernelName: tf.Transpose,
  gradFunc: (dy, _saved, attrs) => {
    const { perm } = attrs as unknown as tf.TransposeAttrs;
    const inverse = new Array<number>(perm.length);
    perm.forEach((p, i) => (inverse[p] = i));
    return { x: () => tf.transpose(single(dy), inverse) };
  },
};

/** Offsets along `axis` of consecutive blocks of the given sizes, as slice begins of a tensor of `rank`. */
function blockBegins(sizes: readonly number[], axis: number, rank: number): number[][] {
  let offset = 0;
  return sizes.map((size) => {
    const begin = new Array<number>(rank).fill(0);
    begin[axis] = offset;
    offset += size;
    return begin;
  });
}

/**
 * The gradients of inputs laid side by side along `axis` (Concat, Pack):
 * input i's is block i of dy, `widths[i]` wide, in the input's shape (for
 * Pack the block loses its size-1 axis).
 */
function blockGradients(dy: tf.Tensor, inputs: readonly tf.Tensor[], axis: number, widths: readonly number[]): ReturnType<tf.GradFunc> {
  const begins = blockBegins(widths, axis, dy.rank);
  const block = (i: number): tf.Tensor => tf.slice(dy, begins[i], dy.shape.map((d, k) => (k === axis ? widths[i] : d)));
  return Object.fromEntries(
    inputs.map((x, i) => [String(i), () => (x.rank === dy.rank ? block(i) : tf.reshape(block(i), x.shape))]),
  );
}

/** Concat's gradient slices dy back into the input blocks. */
const concat: tf.GradConfig = {
  kernelName: tf.Concat,
  saveAllInputs: true,
  gradFunc: (dy, saved, attrs) => {
    const upstream = single(dy);
    const axis = normalizeAxis((attrs as unknown as tf.ConcatAttrs).axis, upstream.rank);
    return blockGradients(upstream, saved, axis, saved.map((x) => x.shape[axis]));
  },
};

const splitV: tf.GradConfig = {
  kernelName: tf.SplitV,
  gradFunc: (dy, _saved, attrs) => {
    const parts = several(dy);
    const axis = normalizeAxis((attrs as unknown as tf.SplitVAttrs).axis, parts[0].rank);
    return { x: () => tf.concat(parts, axis) };
  },
};

/** Pack (tf.stack): input i is the slice i of dy along the new axis. */
const pack: tf.GradConfig = {
  kernelName: tf.Pack,
  saveAllInputs: true,
  gradFunc: (dy, saved, attrs) => {
    const upstream = single(dy);
    return blockGradients(upstream, saved, normalizeAxis((attrs as unknown as tf.PackAttrs).axis, upstream.rank), saved.map(() => 1));
  },
};

/** Unpack (tf.unstack): stack the output gradients along the unpacked axis. */
const unpack: tf.GradConfig = {
  kernelName: tf.Unpack,
  gradFunc: (dy, _saved, attrs) => {
    const parts = several(dy);
    const axis = normalizeAxis((attrs as unknown as tf.UnpackAttrs).axis, parts[0].rank + 1);
    return { value: () => tf.stack(parts, axis) };
  },
};

/** tf.slice's begin/size attributes (number or short array, size -1 = to the end) as full arrays. */
function sliceWindow(attrs: tf.SliceAttrs, shape: readonly number[]): { begin: number[]; size: number[] } {
  const asArray = (v: number | number[]) => (typeof v === 'number' ? [v] : v);
  const begin = shape.map((_, i) => asArray(attrs.begin)[i] ?? 0);
  const size = shape.map((d, i) => {
    const s = asArray(attrs.size)[i] ?? -1;
    return s === -1 ? d - begin[i] : s;
  });
  return { begin, size };
}

/** Slice's gradient pads dy with zeros back to the input's shape. */
const slice: tf.GradConfig = {
  kernelName: tf.Slice,
  inputsToSave: ['x'],
  gradFunc: (dy, [x], attrs) => {
    const { begin, size } = sliceWindow(attrs as unknown as tf.SliceAttrs, x.shape);
    const paddings = x.shape.map((d, i): [number, number] => [begin[i], d - begin[i] - size[i]]);
    return { x: () => tf.pad(single(dy), paddings) };
  },
};

/** PadV2's gradient slices the unpadded window out of dy (the pad value is a constant). */
const padV2: tf.GradConfig = {
  kernelName: tf.PadV2,
  gradFunc: (dy, _saved, attrs) => {
    const upstream = single(dy);
    const { paddings } = attrs as unknown as tf.PadV2Attrs;
    const begin = paddings.map(([before]) => before);
    const size = upstream.shape.map((d, i) => d - paddings[i][0] - paddings[i][1]);
    return { x: () => tf.slice(upstream, begin, size) };
  },
};

/**
 * Tile (also what tf.broadcastTo runs): output axis i holds reps[i] copies of
 * x's axis i, so dy reshaped to [reps0, x0, reps1, x1, ...] summed over the
 * reps axes is the gradient.
 */
const tile: tf.GradConfig = {
  kernelName: tf.Tile,
  inputsToSave: ['x'],
  gradFunc: (dy, [x], attrs) => {
    const { reps } = attrs as unknown as tf.TileAttrs;
    const split = x.shape.flatMap((d, i) => [reps[i], d]);
    const repAxes = x.shape.map((_, i) => 2 * i);
    return { x: () => tf.sum(tf.reshape(single(dy), split), repAxes) };
  },
};

/** The gradients of the shape kernels (Reshape, Transpose, Concat, Slice, ...). */
export const shapeGradients: readonly tf.GradConfig[] = [
  reshape,
  expandDims,
  transpose,
  concat,
  splitV,
  pack,
  unpack,
  slice,
  padV2,
  tile,
];
