// The network each task trains, its loss, its initialization, and the metric
// the demo reports (in the units of the task's TaskSpec.loss).
import * as tf from '@tensorflow/tfjs-core';
import {
  functionalModel,
  sigmoidCrossEntropy,
  softmaxCrossEntropy,
  sparseInit,
  squaredError,
  type Dataset,
  type FunctionalModel,
  type OutputLoss,
} from '@hessian-free/hf';
import type { TaskData } from '../data/task-data.js';
import { MNIST_PIXELS } from '../data/mnist-shape.js';
import { isSequenceTask, SEQUENCE_TASKS } from '../data/sequences/index.js';
import type { SequenceTask } from '../data/sequences/task.js';
import type { TaskName } from '../tasks.js';
import { recurrentInit, recurrentNetwork, type CellName } from './recurrent.js';

/** Everything a training loop needs to know about one task. */
export interface TaskModel {
  readonly model: FunctionalModel;
  /** What the optimizers minimize. */
  readonly loss: OutputLoss;
  /** Initial parameters for a seed. */
  init(seed: number): Float32Array;
  /** The task's data as tensors (the caller disposes them with `disposeDataset`). */
  datasets(data: TaskData): { readonly train: Dataset; readonly test: Dataset };
  /** The reported loss of the parameter tensors (see parameterTensors) on a set, in TaskSpec.loss units (a tf.Scalar, inside tidy). */
  metric(params: readonly tf.Tensor[], set: Dataset): tf.Scalar;
  /**
   * A second figure of merit on the test set, reported with each step record:
   * the classifiers' error rate, the addition problem's mean absolute error.
   */
  readonly score?: { readonly name: string; of(params: readonly tf.Tensor[], set: Dataset): tf.Scalar };
  /** Autoencoder: reconstructions in [0, 1] of a set's first `count` inputs. */
  reconstruct?(params: readonly tf.Tensor[], set: Dataset, count: number): tf.Tensor;
}

/**
 * Layer sizes of the autoencoder. Martens (2010) trained
 * 784-1000-500-250-30-...; the demo's default budget (65 s on one core) gives
 * a net of that size only a few HF steps, so the demo trains a narrower
 * encoder of the same depth and shape; `pnpm bench` in packages/hf runs the
 * full-size one.
 */
export const DEMO_AUTOENCODER = [784, 400, 200, 100, 30, 100, 200, 400, 784] as const;
/** Layer sizes of the MNIST classifier (tanh hidden layer, softmax output). */
export const CLASSIFIER_LAYERS = [784, 256, 10] as const;
/** Layer sizes of the two-spirals classifier (tanh hidden layers, softmax output). */
export const SPIRALS_LAYERS = [2, 32, 32, 2] as const;
/** Hidden units of the sequence tasks' networks (Martens & Sutskever 2011 used 100). */
export const RNN_HIDDEN = 100;

/**
 * The model family's settings (the defaults are the demo's). Plain data, so
 * that worker threads can be handed them (hf's modelModule.args).
 */
export interface ModelSizes {
  /** Layer sizes of the autoencoder, input to output (odd count, symmetric). */
  readonly autoencoder?: readonly number[];
  /** Hidden units of the sequence tasks' networks (default RNN_HIDDEN). */
  readonly rnnHidden?: number;
  /** The sequence tasks' recurrent cell (default 'tanh', the RNN of Martens & Sutskever 2011). */
  readonly cell?: CellName;
}

/** Martens' (2010) MNIST autoencoder, for the reproduction benchmark. */
export const MARTENS_AUTOENCODER = [784, 1000, 500, 250, 30, 250, 500, 1000, 784] as const;

/**
 * The network of a task alone: what worker threads build (they import this
 * module and call it with the task and sizes, see hf's modelModule.args).
 */
export function taskNetwork(task: TaskName, sizes: ModelSizes = {}): FunctionalModel {
  return taskModel(task, sizes).model;
}

/** The network, loss, initialization and metrics of a task. */
export function taskModel(task: TaskName, sizes: ModelSizes = {}): TaskModel {
  switch (task) {
    case 'autoencoder':
      return autoencoderTask(sizes.autoencoder ?? DEMO_AUTOENCODER);
    case 'classifier':
      return classifierTask(CLASSIFIER_LAYERS, 'mnist');
    case 'spirals':
      return classifierTask(SPIRALS_LAYERS, 'spirals');
  }
  if (isSequenceTask(task)) return sequenceTask(SEQUENCE_TASKS[task], sizes.cell ?? 'tanh', sizes.rnnHidden ?? RNN_HIDDEN);
  throw new RangeError(`taskModel: unknown task ${JSON.stringify(task)}`);
}

/** Weight and bias shapes of a dense net with these layer sizes. */
export function denseShapes(sizes: readonly number[]): number[][] {
  return sizes.slice(1).flatMap((out, k) => [[sizes[k], out], [out]]);
}

/**
 * A dense net: `hidden(layer)` is the activation after each layer but the
 * last, whose output stays linear (logits for the losses).
 */
export function denseNet(
  sizes: readonly number[],
  hidden: (z: tf.Tensor, layer: number) => tf.Tensor,
): FunctionalModel {
  const last = sizes.length - 2;
  return functionalModel({
    shapes: denseShapes(sizes),
    forward: (params, x) => {
      let a = x;
      for (let k = 0; k <= last; k++) {
        const z = tf.add(tf.matMul(a, params[2 * k]), params[2 * k + 1]);
        a = k === last ? z : hidden(z, k);
      }
      return a;
    },
  });
}

function autoencoderTask(sizes: readonly number[]): TaskModel {
  const code = (sizes.length - 1) / 2 - 1; // the layer into the code units stays linear (Hinton & Salakhutdinov 2006)
  const model = denseNet(sizes, (z, k) => (k === code ? z : tf.sigmoid(z)));
  const images = (set: Dataset): tf.Tensor => set.inputs;
  return {
    model,
    loss: sigmoidCrossEntropy,
    // Martens' sparse initialization: 15 nonzero incoming weights per unit.
    init: (seed) => sparseInit(model.shapes, { nonzero: 15, seed }),
    datasets: (data) => mnistSets(data, (inputs) => inputs),
    // Squared error summed over the pixels, averaged over the examples: per
    // digit first, so that no float32 sum runs over more than 784 terms (one
    // sum over all 784,000 of a chunk was off by 3e-4 relative).
    metric: (params, set) => {
      const x = images(set);
      const y = tf.sigmoid(model.traceParams(params, x)[0]);
      return tf.mean(tf.sum(tf.square(tf.sub(y, x)), 1));
    },
    reconstruct: (params, set, count) => tf.sigmoid(model.traceParams(params, tf.slice(set.inputs, 0, count))[0]),
  };
}

function classifierTask(sizes: readonly number[], kind: 'mnist' | 'spirals'): TaskModel {
  const model = denseNet(sizes, (z) => tf.tanh(z));
  return {
    model,
    loss: softmaxCrossEntropy,
    init: (seed) => sparseInit(model.shapes, { nonzero: Math.min(15, sizes[0]), seed }),
    datasets: (data) => (kind === 'mnist' ? mnistSets(data, null) : spiralSets(data)),
    metric: (params, set) => softmaxCrossEntropy.value(model.traceParams(params, set.inputs)[0], set.targets as tf.Tensor),
    score: {
      name: 'error rate',
      of: (params, set) => {
        const predicted = tf.argMax(model.traceParams(params, set.inputs)[0], 1);
        const wrong = tf.notEqual(predicted, tf.argMax(set.targets as tf.Tensor, 1));
        return tf.mean(tf.cast(wrong, 'float32'));
      },
    },
  };
}

/**
 * A sequence task's network (trainers/recurrent.ts: the tanh RNN of Martens &
 * Sutskever 2011 or the LSTM), its loss (squared error for a linear head,
 * sigmoid cross-entropy for a logistic one), and its success statistic as the
 * step records' score. The hidden states are returned for structural damping
 * (Martens & Sutskever 2011, sec. 3).
 */
function sequenceTask(task: SequenceTask, cell: CellName, hidden: number): TaskModel {
  const sizes = { features: task.channels, hidden, readoutSteps: task.readoutSteps };
  const model = recurrentNetwork(cell, sizes);
  const loss = task.head === 'linear' ? squaredError : sigmoidCrossEntropy;
  return {
    model,
    loss,
    init: (seed) => recurrentInit(cell, sizes, seed),
    datasets: (data) => {
      if (data.kind !== 'sequence' || data.train.task !== task.name) {
        throw new Error(`${task.name} needs its own sequences, got ${data.kind === 'sequence' ? `${data.train.task} sequences` : `${data.kind} data`}`);
      }
      const set = (d: typeof data.train): Dataset => ({
        inputs: tf.tensor3d(d.inputs, [d.count, d.steps, d.channels]),
        targets: tf.tensor2d(d.targets, [d.count, d.readoutSteps]),
      });
      return { train: set(data.train), test: set(data.test) };
    },
    // squaredError is (1/N) sum_i 1/2 |y_i - t_i|^2: twice it is the mean squared error (one output) or its sum over the outputs;
    // sigmoidCrossEntropy is the cross-entropy summed over the outputs, averaged over sequences.
    metric: (params, set) => {
      const z = model.traceParams(params, set.inputs)[0];
      const value = loss.value(z, set.targets as tf.Tensor);
      return task.head === 'linear' ? tf.mul(value, 2) : value;
    },
    // The task's success statistic (mean absolute error, error rate), computed by the task's own function.
    score: {
      name: task.success.name,
      of: (params, set) => {
        const predictions = loss.prediction(model.traceParams(params, set.inputs)[0]).dataSync();
        return tf.scalar(task.success.statistic(predictions, (set.targets as tf.Tensor).dataSync()));
      },
    },
  };
}

/** MNIST images as inputs; targets are the images (autoencoder) or one-hot labels. */
function mnistSets(data: TaskData, targetsOf: ((inputs: tf.Tensor) => tf.Tensor) | null) {
  if (data.kind !== 'mnist') throw new Error(`this task needs MNIST data, got ${data.kind}`);
  const set = (d: typeof data.train): Dataset => {
    const inputs = tf.tensor2d(d.images, [d.count, MNIST_PIXELS]);
    return { inputs, targets: targetsOf ? targetsOf(inputs) : oneHot(d.labels, 10) };
  };
  return { train: set(data.train), test: set(data.test) };
}

function spiralSets(data: TaskData) {
  if (data.kind !== 'spirals') throw new Error(`spirals needs spiral data, got ${data.kind}`);
  const set = (d: typeof data.train): Dataset => ({
    inputs: tf.tensor2d(d.points, [d.count, 2]),
    targets: oneHot(d.labels, 2),
  });
  return { train: set(data.train), test: set(data.test) };
}

function oneHot(labels: Int32Array, classes: number): tf.Tensor {
  return tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), classes), 'float32'));
}

/** Disposes a Dataset's tensors (the autoencoder's targets are its inputs). */
export function disposeDataset(set: Dataset): void {
  set.inputs.dispose();
  if (set.targets instanceof tf.Tensor && set.targets !== set.inputs) set.targets.dispose();
}
