import { checkBoolean, checkFinite, checkFraction, checkKind, checkKnownOptions, checkNonNegative, checkNumber, checkPositive, checkRecord } from './checks.js';

/** Options of `trustRegion`; the defaults are Nocedal & Wright's (Algorithm 4.1). */
export interface TrustRegionOptions {
  /** Radius before the first step; default 1. */
  initialRadius?: number;
  /** Upper bound on the radius; default 1e300 (finite, so states stay JSON). */
  maxRadius?: number;
  /** A step is accepted when rho > eta, eta in [0, low); default 0.1. */
  eta?: number;
  /** rho below this (strictly) shrinks the radius; default 1/4. */
  low?: number;
  /** rho above this (strictly), with the step on the boundary, grows it; default 3/4. */
  high?: number;
  /** Factor of a shrink, in (0, 1); default 1/4. */
  shrink?: number;
  /** Factor of a growth, > 1; default 2. */
  grow?: number;
}

/** The trust-region policy's state: plain JSON, like the lambda states. */
export interface TrustRegionState {
  /** Names the policy: `restore` refuses another policy's state. */
  readonly kind: 'trust-region';
  /** The radius of the region the next step must stay in. */
  readonly radius: number;
}

/** What a trust-region step did: its reduction ratio and whether it reached the boundary. */
export interface TrustRegionStep {
  /** The step's reduction ratio (see `reductionRatio`). */
  readonly rho: number;
  /** ||d|| = radius (up to rounding), e.g. CG stopped on the boundary. */
  readonly onBoundary: boolean;
}

/** What `TrustRegionPolicy.update` returns: the next state, and whether to take the step. */
export interface TrustRegionUpdate {
  /** The state for the next step. */
  readonly state: TrustRegionState;
  /** Take the step (rho > eta) or stay where you are. */
  readonly accepted: boolean;
}

/** The trust-region radius rule: pure, with the same `initial` and `restore` as a `LambdaSchedule`. */
export interface TrustRegionPolicy {
  /** The policy's name, the `kind` of its states. */
  readonly kind: 'trust-region';
  /** The state before the first step. */
  initial(): TrustRegionState;
  /** The next state after a step, and whether to take that step. */
  update(state: TrustRegionState, step: TrustRegionStep): TrustRegionUpdate;
  /** Validates a state read back from JSON (or anywhere else). */
  restore(json: unknown): TrustRegionState;
}

/** The option names `trustRegion` knows; any other key is an error. */
const OPTIONS: readonly (keyof TrustRegionOptions)[] = ['initialRadius', 'maxRadius', 'eta', 'low', 'high', 'shrink', 'grow'];

/**
 * Trust-region radius updates of Nocedal & Wright, Algorithm 4.1:
 * rho < 1/4 -> radius / 4; rho > 3/4 on the boundary -> min(2 radius, maxRadius);
 * otherwise unchanged. The step is accepted when rho > eta. Comparisons are
 * strict; a NaN rho counts as a failure (shrink, reject). About 540 shrinks in
 * a row from radius 1 underflow it to 0, a state `restore` accepts; stop well
 * before, at a radius tolerance of your own. An unknown option name, a state
 * that `restore` would refuse, and a step without a numeric `rho` and a
 * boolean `onBoundary` are errors that name the argument.
 *
 * @example
 * ```ts
 * import { trustRegion } from '@hessian-free/damping';
 * const tr = trustRegion({ initialRadius: 1 });
 * const { state, accepted } = tr.update(tr.initial(), { rho: 0.9, onBoundary: true });
 * // state.radius is 2 (a good step on the boundary), accepted is true (rho > 0.1)
 * ```
 */
export function trustRegion(options: TrustRegionOptions = {}): TrustRegionPolicy {
  const where = 'trustRegion';
  checkRecord(`${where}: options`, options);
  checkKnownOptions(where, options, OPTIONS);
  const maxRadius = options.maxRadius ?? 1e300;
  const initialRadius = options.initialRadius ?? 1;
  const low = options.low ?? 0.25;
  const high = options.high ?? 0.75;
  const eta = options.eta ?? 0.1;
  const shrink = options.shrink ?? 0.25;
  const grow = options.grow ?? 2;
  checkPositive(`${where}: maxRadius`, maxRadius);
  checkPositive(`${where}: initialRadius`, initialRadius);
  if (initialRadius > maxRadius) {
    throw new RangeError(`${where}: initialRadius must be <= maxRadius, got ${initialRadius} > ${maxRadius}`);
  }
  checkFinite(`${where}: low`, low);
  checkFinite(`${where}: high`, high);
  if (!(low > 0 && low < high && high < 1)) {
    throw new RangeError(`${where}: low and high must satisfy 0 < low < high < 1, got low = ${low}, high = ${high}`);
  }
  checkFinite(`${where}: eta`, eta);
  if (!(eta >= 0 && eta < low)) throw new RangeError(`${where}: eta must be in [0, low) = [0, ${low}), got ${eta}`);
  checkFraction(`${where}: shrink`, shrink);
  checkFinite(`${where}: grow`, grow);
  if (!(grow > 1)) throw new RangeError(`${where}: grow must be > 1, got ${grow}`);
  const state = (radius: number): TrustRegionState => ({ kind: 'trust-region', radius });
  /** The radius of a state this policy could have made, or a named error. */
  const checkedRadius = (name: string, json: unknown): number => {
    checkRecord(`${name}: state`, json);
    checkKind(`${name}: state.kind`, json.kind, 'trust-region');
    const { radius } = json;
    checkNonNegative(`${name}: state.radius`, radius); // 0 after underflow
    if (radius > maxRadius) {
      throw new RangeError(`${name}: state.radius must be <= maxRadius = ${maxRadius}, got ${radius}`);
    }
    return radius;
  };

  return {
    kind: 'trust-region',
    initial: () => state(initialRadius),
    update(current, step) {
      const radius = checkedRadius(`${where}.update`, current);
      checkRecord(`${where}.update: step`, step);
      const { rho, onBoundary } = step;
      checkNumber(`${where}.update: step.rho`, rho);
      checkBoolean(`${where}.update: step.onBoundary`, onBoundary);
      const accepted = rho > eta;
      if (!(rho >= low)) return { state: state(radius * shrink), accepted };
      if (rho > high && onBoundary) return { state: state(Math.min(maxRadius, radius * grow)), accepted };
      return { state: state(radius), accepted };
    },
    restore: (json) => state(checkedRadius(`${where}.restore`, json)),
  };
}
