import { minres, minresWorkspace, type MinresIterationInfo, type MinresWorkspace, type SolverStatus } from '@hessian-free/krylov';
import { copy, dot, type LinearOperator, type Vector } from '@hessian-free/linop';

/**
 * The inner solve of Newton-MR (Roosta, Liu, Xu & Mahoney 2022, "Newton-MR:
 * inexact Newton method with minimum residual sub-problem solver"; Liu &
 * Roosta 2023, "A Newton-MR algorithm with complexity guarantees for
 * nonconvex smooth unconstrained optimization"): MINRES on A x = b, A = H (+
 * damping) symmetric and possibly indefinite, b = -g, from x0 = 0, with the
 * non-positive-curvature (NPC) test of Liu & Roosta (2022, "MINRES: from
 * negative curvature detection to monotonicity properties", SIAM J. Optim.
 * 32(4)). At iteration k MINRES can tell, from scalars it already has,
 * whether its previous residual has non-positive curvature:
 *
 *     r_{k-1}' A r_{k-1} = -c_{k-1} gbar_k ||r_{k-1}||^2,
 *
 * c_{k-1} the cosine of the previous Givens rotation and gbar_k the entry it
 * leaves in the QR factor of the Lanczos tridiagonal T_k. While that test
 * has not fired (r_i' A r_i > 0 for i < k), the iterates from x0 = 0 satisfy
 * <b, x_k> > 0: each is a descent direction for f when b = -g. When it fires,
 * r_{k-1} itself is one of non-positive curvature, and a descent direction
 * too: <g, r_{k-1}> = -||r_{k-1}||^2, since r_{k-1} is orthogonal to
 * A x_{k-1}. Newton-MR steps along x_k ("SOL") or r_{k-1} ("NPC").
 *
 * krylov's `minres` computes the iterates; it has no NPC test and does not
 * expose its residual vector, so this module watches its Lanczos products
 * through the operator it passes: product k shows v_k and A v_k, whence
 * alpha_k = v_k' A v_k and beta_k = v_{k-1}' A v_k (two dot products), and a
 * copy of MINRES's scalar QR recurrence (Paige & Saunders 1975) gives c, gbar
 * and phibar, and the residual by Liu & Roosta's recurrence
 * r_k = s_k^2 r_{k-1} - phibar_k c_k v_{k+1}, without a product.
 *
 * With a preconditioner M (SPD), MINRES is MINRES on M^{1/2} A M^{1/2} in
 * the variable M^{-1/2} x; the test is that system's, and the direction
 * returned is M r_{k-1}, again a descent direction of non-positive
 * curvature (<g, M r> = -r'Mr).
 *
 * A solve ends at the first of: the NPC test (`negative_curvature`, before x
 * moves again), the recurrence residual ||r_k|| <= rtol ||b|| (`converged`;
 * M-norms with M; as cg's `trueResidual: false`, no product checks it),
 * `stop` (`stopped_by_rule`), `maxIter` iterations, the signal (`aborted`), a
 * non-finite product (`breakdown`), or minres's own least-squares test on an
 * inconsistent system. The watcher and the callback end the solve at once by
 * throwing a private signal caught around the call, which spares the
 * true-residual product minres would otherwise spend on its exit: the solve
 * costs one product with A per Lanczos step and nothing more.
 */

/** How a Newton-MR solve ended (a subset of krylov's `SolverStatus`). */
export type NewtonMrStatus = Extract<
  SolverStatus,
  'converged' | 'stopped_by_rule' | 'negative_curvature' | 'max_iterations' | 'least_squares' | 'attainable_accuracy' | 'breakdown' | 'aborted'
>;

/** What the stopping rule sees after each iteration. */
export interface NewtonMrProgress {
  /** Iterations done (times x moved). */
  readonly iteration: number;
  /** ||r_k|| (M-norm with M) by the recurrence. */
  readonly residualNorm: number;
  /** ||b|| (M-norm with M). */
  readonly rhsNorm: number;
}

/** The options of `newtonMr`. */
export interface NewtonMrOptions {
  /** Preconditioner z = M r, M symmetric positive definite. */
  readonly M?: LinearOperator;
  /** Converged when the recurrence residual ||r_k|| <= rtol ||b|| (M-norms with M). */
  readonly rtol: number;
  /** Iteration cap (iterations that move x). */
  readonly maxIter: number;
  /** An extra stopping rule, checked after each iteration: true stops with `stopped_by_rule`. */
  readonly stop?: (progress: NewtonMrProgress) => boolean;
  /** Checked before the solve and after each iteration. */
  readonly signal?: AbortSignal;
  /** Work vectors to reuse (one solve at a time); the result's vectors live in it. */
  readonly workspace?: NewtonMrWorkspace;
}

/** What `newtonMr` found. Its vectors belong to the workspace: copy them before the next solve with it. */
export interface NewtonMrResult<V extends Vector> {
  readonly status: NewtonMrStatus;
  /** The last MINRES iterate x_k (0 when the NPC test fired at the first product). */
  readonly x: V;
  /** With `negative_curvature`: r_{k-1} (M r_{k-1} with M), a descent direction of non-positive curvature; else null. */
  readonly direction: V | null;
  /**
   * With `negative_curvature`: the curvature of the direction, r'Ar / r'r
   * (of M^{1/2} A M^{1/2} with M), <= 0, from the recurrence; else NaN.
   */
  readonly curvature: number;
  /** Iterations done (times x moved). */
  readonly iterations: number;
  /** Products with A (one per Lanczos step; minres's own least-squares check adds its products). */
  readonly products: number;
  /** ||b - A x|| (M-norm with M) for the returned x, by the recurrence. */
  readonly residualNorm: number;
  /** ||b|| (M-norm with M). */
  readonly rhsNorm: number;
}

/** The work vectors of `newtonMr` for systems of one size and precision. */
export interface NewtonMrWorkspace {
  readonly minres: MinresWorkspace;
  /** The iterate. */
  readonly x: Vector;
  /** The previous Lanczos vector v_{k-1}. */
  readonly previous: Vector;
  /** The residual r_{k-1} (M r_{k-1}) by Liu & Roosta's recurrence. */
  readonly residual: Vector;
}

/** Work vectors for `newtonMr` on systems of size n in the precision of `type`. */
export function newtonMrWorkspace(n: number, type: Float64ArrayConstructor | Float32ArrayConstructor): NewtonMrWorkspace {
  return { minres: minresWorkspace(n, type), x: new type(n), previous: new type(n), residual: new type(n) };
}

/** Ends a solve from inside minres's callbacks; never leaves `newtonMr`. */
class EndOfSolve {
  constructor(readonly status: NewtonMrStatus) {}
}

/**
 * Newton-MR's MINRES with Liu & Roosta's NPC test on A x = b from x0 = 0
 * (see the module comment). `b` = -g; every returned direction is checked
 * by the caller (<g, p> < 0), which the theory guarantees up to rounding.
 */
export function newtonMr<V extends Vector>(A: LinearOperator, b: V, options: NewtonMrOptions): NewtonMrResult<V> {
  const n = b.length;
  const type = b instanceof Float32Array ? Float32Array : Float64Array;
  const ws = options.workspace ?? newtonMrWorkspace(n, type);
  const x = ws.x as V;
  const previous = ws.previous;
  const residual = ws.residual as V;
  const { M, rtol, maxIter, stop, signal } = options;

  let products = 0;
  let steps = 0; // Lanczos steps seen
  let lanczosNext = true; // the next product with A is a Lanczos step
  // MINRES's scalar QR recurrence, one step behind minres's own (it needs beta_k,
  // which the watcher learns at product k): the rotation (cs, sn) = (c_{k-1}, s_{k-1}),
  // gbar = gbar_{k-1}, dbar = dbar_k, phibar = phibar_{k-1}.
  let cs = -1;
  let sn = 0;
  let gbar = 0;
  let dbar = 0;
  let phibar = 0;
  let rhsNorm = 0;
  let curvature = NaN;
  let residualNorm = NaN;

  const watched: LinearOperator = {
    rows: n,
    cols: n,
    symmetric: true,
    apply(v: Vector, y: Vector): void {
      A.apply(v, y);
      products++;
      if (!lanczosNext) return; // a product minres takes to check a claim: pass it through
      lanczosNext = false;
      steps++;
      const alpha = dot(v, y);
      if (steps === 1) {
        // v_1 = M b / beta_1, so v_1'b = beta_1 = ||b||_M, and r_0 = beta_1 v_1 (M r_0 with M).
        rhsNorm = dot(v, b);
        phibar = rhsNorm;
        for (let i = 0; i < n; i++) residual[i] = rhsNorm * v[i];
      } else {
        // beta_k = v_{k-1}' A v_k; finish rotation k-1 (it needs beta_k), then
        // r_{k-1} = s_{k-1}^2 r_{k-2} - phibar_{k-1} c_{k-1} v_k.
        const beta = dot(previous, y);
        const nextDbar = -cs * beta;
        const gamma = Math.hypot(gbar, beta);
        if (!(gamma > 0 && gamma < Infinity)) throw new EndOfSolve('breakdown');
        cs = gbar / gamma;
        sn = beta / gamma;
        phibar *= sn;
        const s2 = sn * sn;
        const c = -phibar * cs;
        for (let i = 0; i < n; i++) residual[i] = s2 * residual[i] + c * v[i];
        dbar = nextDbar;
      }
      gbar = sn * dbar - cs * alpha;
      if (!Number.isFinite(gbar) || !Number.isFinite(phibar)) throw new EndOfSolve('breakdown');
      copy(v, previous);
      // Liu & Roosta's test: r_{k-1}' A r_{k-1} = -c_{k-1} gbar_k ||r_{k-1}||^2 <= 0.
      if (cs * gbar >= 0) {
        curvature = -cs * gbar;
        residualNorm = phibar;
        throw new EndOfSolve('negative_curvature');
      }
    },
  };

  const onIteration = (info: MinresIterationInfo<V>): void => {
    lanczosNext = true;
    const end = (status: NewtonMrStatus): never => {
      if (info.x !== x) copy(info.x, x);
      residualNorm = info.residualNorm;
      throw new EndOfSolve(status);
    };
    const rhs = info.residualHistory[0];
    if (signal?.aborted) end('aborted');
    if (info.residualNorm <= rtol * rhs) end('converged');
    if (stop?.({ iteration: info.iteration, residualNorm: info.residualNorm, rhsNorm: rhs })) end('stopped_by_rule');
    if (info.iteration >= maxIter) end('max_iterations');
  };

  const result = (status: NewtonMrStatus, iterations: number): NewtonMrResult<V> => ({
    status,
    x,
    direction: status === 'negative_curvature' ? residual : null,
    curvature,
    iterations,
    products,
    residualNorm,
    rhsNorm,
  });

  x.fill(0);
  if (signal?.aborted) return result('aborted', 0);
  try {
    // rtol 0: minres's own convergence test (and the true-residual product it
    // takes) never runs before ours; maxRestarts 0: its recurrence is never
    // restarted, so every step the watcher sees continues the same Lanczos process.
    const { stats } = minres(watched, b, { M, rtol: 0, atol: 0, maxIter: maxIter + 1, maxRestarts: 0, onIteration, out: x, workspace: ws.minres });
    // Only minres's own exits get here: b = 0, or its least-squares test.
    residualNorm = stats.residualNorm;
    rhsNorm = stats.rhsNorm;
    return result(stats.status === 'converged' ? 'converged' : (stats.status as NewtonMrStatus), stats.iterations);
  } catch (error) {
    if (!(error instanceof EndOfSolve)) throw error;
    const iterations = error.status === 'negative_curvature' || error.status === 'breakdown' ? steps - 1 : steps;
    return result(error.status, iterations);
  }
}
