/**
 * The closed-form second-order terms of the nonlinear kernels (see rule.ts
 * for what a term is): each differentiates the kernel's gradient once more
 * along the input tangents, with the adjoints held fixed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { products } from '../../gradients/matmul.js';
import { combine, fitTo } from '../broadcast.js';
import { nonlinearRuleTable } from '../kernel-families.js';
import { secondSlope } from '../tape/point-cache.js';
import type { SecondOrderRule } from './rule.js';

/** y = f(x) elementwise: x-bar = f'(x) ybar, so the term is (ybar .* f''(x)) .* dx, the bracket cached. */
const elementwise: SecondOrderRule = (trace, adjoints, node, [ybar], [dx]) => [
  tf.mul(adjoints.memo(node, 'ybarCurvature', () => tf.mul(ybar as tf.Tensor, secondSlope(trace, node))), dx as tf.Tensor),
];

/** y = a .* b: a-bar = ybar .* b changes by ybar .* db; b-bar by ybar .* da. */
const multiply: SecondOrderRule = (_trace, _adjoints, node, [ybar], [da, db], _dys, wanted) => {
  const [a, b] = node.inputs;
  const y = ybar as tf.Tensor;
  return [
    db == null || !wanted[0] ? null : fitTo(tf.mul(y, db), a.shape),
    da == null || !wanted[1] ? null : fitTo(tf.mul(y, da), b.shape),
  ];
};

/**
 * y = a / b: a-bar = ybar / b, b-bar = -ybar a / b^2. Along (da, db):
 * d(a-bar) = -ybar db / b^2;  d(b-bar) = ybar (2 y db - da) / b^2.
 */
const realDiv: SecondOrderRule = (_trace, adjoints, node, [ybar], [da, db], _dys, wanted) => {
  const [a, b] = node.inputs;
  const y = node.outputs[0];
  const ybarOverB2 = adjoints.memo(node, 'ybarOverB2', () => tf.div(ybar as tf.Tensor, tf.square(b)));
  const forA = db == null || !wanted[0] ? null : fitTo(tf.neg(tf.mul(ybarOverB2, db)), a.shape);
  const along = combine(db == null ? null : tf.mul(tf.mul(y, 2), db), da, -1, y.shape);
  const forB = along === null || !wanted[1] ? null : fitTo(tf.mul(ybarOverB2, along), b.shape);
  return [forA, forB];
};

/** y = (a - b)^2: a-bar = 2 ybar (a - b) changes by 2 ybar (da - db); b-bar by the negative. */
const squaredDifference: SecondOrderRule = (_trace, _adjoints, node, [ybar], [da, db], _dys, wanted) => {
  const [a, b] = node.inputs;
  const d = combine(da, db, -1, node.outputs[0].shape) as tf.Tensor;
  const term = tf.mul(tf.mul(ybar as tf.Tensor, d), 2);
  return [wanted[0] ? fitTo(term, a.shape) : null, wanted[1] ? fitTo(tf.neg(term), b.shape) : null];
};

/**
 * C = op(A) op(B): A-bar is linear in (C-bar, B) and B-bar in (C-bar, A), so
 * along (dA, dB) A-bar changes by A-bar(C-bar, dB) and B-bar by B-bar(C-bar, dA).
 */
const batchMatMul: SecondOrderRule = (_trace, _adjoints, node, [ybar], [da, db], _dys, wanted) => {
  const { transposeA, transposeB } = node.attrs as unknown as tf.BatchMatMulAttrs;
  const [a, b] = node.inputs;
  const c = ybar as tf.Tensor;
  return [
    db == null || !wanted[0] ? null : fitTo(products(c, a, db, transposeA, transposeB).dA(), a.shape),
    da == null || !wanted[1] ? null : fitTo(products(c, da, b, transposeA, transposeB).dB(), b.shape),
  ];
};

/**
 * s = softmax(x): x-bar = s .* (ybar - <ybar, s>). Along dx (ds = J dx, the
 * output tangent): d(x-bar) = ds .* (ybar - <ybar, s>) - s .* <ybar, ds>.
 */
const softmax: SecondOrderRule = (_trace, adjoints, node, [ybar], _dxs, [ds]) => {
  const s = node.outputs[0];
  const { dim } = node.attrs as unknown as tf.SoftmaxAttrs;
  const y = ybar as tf.Tensor;
  const centered = adjoints.memo(node, 'centered', () => tf.sub(y, tf.sum(tf.mul(y, s), dim, true)));
  const d = ds as tf.Tensor;
  return [tf.sub(tf.mul(d, centered), tf.mul(s, tf.sum(tf.mul(y, d), dim, true)))];
};

/** The second-order rules of the nonlinear kernels with closed forms, by kernel name. */
export const nonlinearSecondOrderRules: ReadonlyMap<string, SecondOrderRule> = nonlinearRuleTable<SecondOrderRule>({
  elementwise, multiply, realDiv, squaredDifference, batchMatMul, softmax,
});
