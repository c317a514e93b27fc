/**
 * A recorded node run again through tfjs: its kernel on other inputs
 * (`rerun`), or its entry in the registered gradient table (the package's
 * own, put in place by ensureGradients()), called the way tfjs's own backward
 * pass calls it (tfjs-core 4.22's tape.ts and Engine.addTapeNode): the saved
 * tensors are the inputs named by `inputsToSave` (all inputs with
 * `saveAllInputs`) followed by the outputs flagged in `outputsToSave`; `dy` is
 * one tensor for a one-output node and an array otherwise, with zeros for
 * outputs that received no cotangent.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TraceNode } from './tape.js';

/** Input name -> thunk computing that input's gradient (what a GradConfig's gradFunc returns). */
export type GradientThunks = ReturnType<tf.GradFunc>;

/** The registered gradient of a kernel; without one, tfjs's own "not found" error (gradients/missing.ts explains it). */
export function gradientOf(kernelName: string): tf.GradConfig {
  const config = tf.getGradient(kernelName);
  if (config === undefined || config === null) {
    throw new Error(`Cannot compute gradient: gradient function not found for ${kernelName}.`);
  }
  return config;
}

/** The tensors a gradient config asks tfjs to save, from the recorded node. */
export function savedFor(config: tf.GradConfig, node: TraceNode): tf.Tensor[] {
  const inputs = config.saveAllInputs
    ? [...node.inputs]
    : (config.inputsToSave ?? []).map((name) => {
        const k = node.inputNames.indexOf(name);
        if (k < 0) throw new Error(`gradient of ${node.kernelName}: no input named '${name}' was recorded`);
        return node.inputs[k];
      });
  const outputs = node.outputs.filter((_, i) => config.outputsToSave?.[i] === true);
  return [...inputs, ...outputs];
}

/**
 * The node's input-gradient thunks for output cotangents `dys` (null = none;
 * at least one given), keyed by input name.
 */
export function nodeGradient(node: TraceNode, dys: readonly (tf.Tensor | null)[]): GradientThunks {
  const config = gradientOf(node.kernelName);
  const filled = dys.map((dy, i) => dy ?? tf.zeros(node.outputs[i].shape));
  return config.gradFunc(filled.length > 1 ? filled : filled[0], savedFor(config, node), node.attrs);
}

/** Re-runs the node's kernel on (possibly different) input tensors, with its recorded attributes. */
export function rerun(node: TraceNode, inputs: readonly tf.Tensor[]): tf.Tensor[] {
  const map: tf.NamedTensorMap | tf.Tensor[] = node.inputsAsArray
    ? [...inputs]
    : Object.fromEntries(node.inputNames.map((name, k) => [name, inputs[k]]));
  const out = tf.engine().runKernel(node.kernelName, map as tf.NamedTensorMap, node.attrs as tf.NamedAttrMap);
  return Array.isArray(out) ? out : [out as tf.Tensor];
}
