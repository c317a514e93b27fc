/**
 * Curvature references for a JS float64 model and loss, from explicit
 * finite-difference Jacobians and closed-form per-example loss Hessians:
 * G = (1/N) sum_i J_i' H_i J_i, S = (1/N) J_h' J_h, empirical Fisher from
 * per-example gradients, H = central differences of the gradient.
 */
import {
  addScaled,
  atb,
  batchLoss,
  gradientFD,
  jacobianFD,
  matmul,
  rowsOf,
  zeros,
  type JsLoss,
  type JsModel,
  type Matrix,
} from './reference.js';

export function references(model: JsModel, loss: JsLoss, theta: Float64Array, y: Float64Array, n: number) {
  const p = theta.length;
  const z0 = model(theta).out;
  const k = z0.length / n;
  const J = jacobianFD((t) => model(t).out, theta);
  const lossAt = (t: Float64Array): number => batchLoss(loss, model(t).out, y, n);
  const perExampleLoss = (i: number) => (t: Float64Array): number =>
    loss.value(model(t).out.subarray(i * k, (i + 1) * k), y.subarray(i * k, (i + 1) * k));

  const gaussNewton = (): Matrix => {
    const G = zeros(p, p);
    for (let i = 0; i < n; i++) {
      const Ji = rowsOf(J, i * k, k);
      addScaled(G, atb(Ji, matmul(loss.hessian(z0.subarray(i * k, (i + 1) * k)), Ji)), 1 / n);
    }
    return G;
  };
  const perExampleGradients = (): Float64Array[] =>
    Array.from({ length: n }, (_, i) => gradientFD(perExampleLoss(i), theta));
  const empiricalFisher = (): Matrix => {
    const F = zeros(p, p);
    for (const a of perExampleGradients()) addScaled(F, Array.from(a, (ai) => a.map((aj) => ai * aj)), 1 / n);
    return F;
  };
  // Gradient by central differences (h = 1e-5, error ~1e-10), then its Jacobian (h = 1e-4, error ~1e-7).
  const hessian = (): Matrix => jacobianFD((t) => gradientFD(lossAt, t, 1e-5), theta, 1e-4);
  const structuralDamping = (): Matrix => {
    const Jh = jacobianFD((t) => model(t).hidden as Float64Array, theta);
    const S = atb(Jh, Jh);
    addScaled(S, S, 1 / n - 1);
    return S;
  };
  return {
    loss: lossAt(theta),
    gradient: gradientFD(lossAt, theta),
    gaussNewton,
    empiricalFisher,
    perExampleGradients,
    hessian,
    structuralDamping,
  };
}
