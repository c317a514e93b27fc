/**
 * Records a forward pass once, so that every product at a point reuses it.
 *
 * The engine hook. tfjs has no public hook for observing kernels, but every
 * op reaches the backend through the public method `Engine.runKernel(
 * kernelName, inputs, attrs)` of the one engine instance `tf.engine()` (ops
 * call `ENGINE.runKernel(...)`, a property lookup at call time; customGrad
 * ops run their forward function, whose primitive ops call it in turn). For
 * the duration of the traced function only, an own property on the engine
 * instance shadows that method with a wrapper that calls the original and
 * notes the call; `finally` puts the previous value back (the prototype
 * method, or an own property such as a test spy), also when the function
 * throws. tfjs-core is pinned to 4.22.0, where this is how ops dispatch;
 * test/trace-record.test.ts checks it.
 *
 * Only outermost calls are recorded: a kernel implemented by running other
 * kernels is one node (the wrapper counts its own depth).
 *
 * Ownership. Every output of a recorded kernel, and every tensor made during
 * the trace that a kernel reads (the scalar of `tf.sub(1, x)`), is marked
 * with tf.keep the moment it is seen, so that no tf.tidy (an op's, the
 * model's, ours) disposes it; the trace owns them and disposes them in
 * dispose(). Tensors from before the trace (the sources, the batch, tensors
 * the model closes over) are read, not owned: they must outlive the trace.
 */
import * as tf from '@tensorflow/tfjs-core';
import { shapeString } from '../../checks.js';
import { piecewiseConstantKernels } from '../../gradients/comparison.js';
import { memoTable } from './memo.js';
import type { Trace, TraceNode } from './tape.js';

type RunKernel = (kernelName: string, inputs: tf.NamedTensorMap, attrs?: tf.NamedAttrMap) => tf.Tensor | tf.Tensor[];

/**
 * Runs `run` (which computes from `sources`) once, recording its kernels.
 * Throws what `run` throws, having released everything it kept.
 */
export function recordTrace(sources: readonly tf.Tensor[], run: () => readonly tf.Tensor[]): Trace {
  const engine = tf.engine() as unknown as { runKernel: RunKernel };
  const nodes: TraceNode[] = [];
  const owned = new Map<number, tf.Tensor>();
  const firstId = nextTensorId();
  const own = (t: tf.Tensor): void => {
    if (t.id >= firstId && !owned.has(t.id)) owned.set(t.id, tf.keep(t));
  };

  let depth = 0;
  const hadOwn = Object.prototype.hasOwnProperty.call(engine, 'runKernel');
  const previous = engine.runKernel;
  const recording: RunKernel = function (this: unknown, kernelName, inputs, attrs) {
    if (depth > 0) return previous.call(this, kernelName, inputs, attrs);
    // A disposed tensor reaching a kernel fails deep inside the backend
    // ("Cannot read properties of undefined (reading 'backend')"): name it first.
    checkInputsAlive(kernelName, inputs as unknown as Record<string, unknown>, nodes.length, sources);
    depth++;
    let out: tf.Tensor | tf.Tensor[];
    try {
      out = previous.call(this, kernelName, inputs, attrs);
    } finally {
      depth--;
    }
    const record = inputs as unknown as Record<string, unknown>;
    const names = Object.keys(record).filter((k) => record[k] instanceof tf.Tensor);
    const ins = names.map((k) => record[k] as tf.Tensor);
    const outs = Array.isArray(out) ? [...out] : [out];
    ins.forEach(own);
    outs.forEach(own);
    nodes.push(
      Object.freeze({
        index: nodes.length,
        kernelName,
        inputNames: Object.freeze(names),
        inputs: Object.freeze(ins),
        inputsAsArray: Array.isArray(inputs),
        attrs: Object.freeze({ ...(attrs ?? {}) }),
        outputs: Object.freeze(outs),
      }),
    );
    return out;
  };

  const release = (): void => {
    for (const t of owned.values()) t.dispose();
    owned.clear();
  };
  let results: tf.Tensor[];
  engine.runKernel = recording;
  try {
    results = tf.tidy(() => {
      const r = [...run()];
      r.forEach(own);
      return r;
    });
  } catch (error) {
    release();
    throw error;
  } finally {
    if (hadOwn) engine.runKernel = previous;
    else delete (engine as { runKernel?: RunKernel }).runKernel;
  }
  return makeTrace(sources, nodes, results, release, new Set(owned.keys()));
}

/** Throws an error naming the kernel call and the input if one of `inputs` is a disposed tensor. */
function checkInputsAlive(kernelName: string, inputs: Record<string, unknown>, call: number, sources: readonly tf.Tensor[]): void {
  for (const name of Object.keys(inputs)) {
    const x = inputs[name];
    if (!(x instanceof tf.Tensor) || !x.isDisposed) continue;
    const k = sources.findIndex((s) => s.id === x.id);
    const what =
      k >= 0
        ? `parameter ${k} (shape ${shapeString(x.shape)}), disposed by the model's forward`
        : `a disposed tensor (shape ${shapeString(x.shape)}, ${x.dtype})`;
    throw new Error(
      `the model's forward pass gives kernel '${kernelName}' (kernel call ${call + 1} of the forward pass) ${what} as its input '${name}': ` +
        `a tensor used by the model's forward was disposed; keep the tensors forward closes over (does not make itself) alive while the model is in use`,
    );
  }
}

function makeTrace(
  sources: readonly tf.Tensor[],
  nodes: readonly TraceNode[],
  results: readonly tf.Tensor[],
  release: () => void,
  owned: ReadonlySet<number>,
): Trace {
  // Activity: forward reachability from the sources through differentiable kernels.
  const active = new Set<number>(sources.map((s) => s.id));
  for (const node of nodes) {
    if (piecewiseConstantKernels.has(node.kernelName)) continue;
    if (!node.inputs.some((x) => active.has(x.id))) continue;
    for (const y of node.outputs) if (y.dtype === 'float32') active.add(y.id);
  }
  const memos = memoTable();
  let disposed = false;
  return Object.freeze({
    sources: Object.freeze([...sources]),
    nodes,
    results: Object.freeze([...results]),
    isActive: (id: number) => active.has(id),
    checkAlive(): void {
      for (const node of nodes) {
        node.inputs.forEach((x, k) => {
          if (!x.isDisposed) return;
          const origin = owned.has(x.id)
            ? 'a tensor the model\'s forward made and then disposed itself'
            : 'a tensor the model\'s forward closes over (does not make itself)';
          throw new Error(
            `a tensor used by the model's forward was disposed after the forward pass was recorded: ${origin}, ` +
              `shape ${shapeString(x.shape)}, input '${node.inputNames[k]}' of kernel '${node.kernelName}' ` +
              `(kernel call ${node.index + 1} of the forward pass); keep it alive while the point (CurvatureAt) is in use`,
          );
        });
      }
    },
    memo(node: TraceNode, key: string, make: () => tf.Tensor): tf.Tensor {
      if (disposed) throw new Error('trace: used after dispose()');
      return memos.memo(node, key, make);
    },
    dispose(): void {
      disposed = true;
      for (const t of memos.tensors()) t.dispose();
      memos.clear();
      release();
    },
  });
}

/** The id the next tensor will get (tensor ids increase monotonically). */
function nextTensorId(): number {
  const probe = tf.scalar(0);
  const id = probe.id + 1;
  probe.dispose();
  return id;
}
