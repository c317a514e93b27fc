import { checkFinite, checkFraction, checkKind, checkNonNegative, checkPositive, checkRecord } from './checks.js';

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

export interface TrustRegionState {
  readonly kind: 'trust-region';
  readonly radius: number;
}

/** What a trust-region step did: its reduction ratio and whether it reached the boundary. */
export interface TrustRegionStep {
  readonly rho: number;
  /** ||d|| = radius (up to rounding), e.g. CG stopped on the boundary. */
  readonly onBoundary: boolean;
}

export interface TrustRegionUpdate {
  readonly state: TrustRegionState;
  /** Take the step (rho > eta) or stay where you are. */
  readonly accepted: boolean;
}

export interface TrustRegionPolicy {
  readonly kind: 'trust-region';
  initial(): TrustRegionState;
  update(state: TrustRegionState, step: TrustRegionStep): TrustRegionUpdate;
  restore(json: unknown): TrustRegionState;
}

/**
 * Trust-region radius updates of Nocedal & Wright, Algorithm 4.1:
 * rho < 1/4 -> radius / 4; rho > 3/4 on the boundary -> min(2 radius, maxRadius);
 * otherwise unchanged. The step is accepted when rho > eta. Comparisons are
 * strict; a NaN rho counts as a failure (shrink, reject). About 540 shrinks in
 * a row from radius 1 underflow it to 0, a state `restore` accepts; stop well
 * before, at a radius tolerance of your own.
 */
export function trustRegion(options: TrustRegionOptions = {}): TrustRegionPolicy {
  const where = 'trustRegion';
  checkRecord(`${where}: options`, options);
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

  return {
    kind: 'trust-region',
    initial: () => state(initialRadius),
    update(current, { rho, onBoundary }) {
      const accepted = rho > eta;
      if (!(rho >= low)) return { state: state(current.radius * shrink), accepted };
      if (rho > high && onBoundary) return { state: state(Math.min(maxRadius, current.radius * grow)), accepted };
      return { state: state(current.radius), accepted };
    },
    restore(json) {
      checkRecord(`${where}.restore: state`, json);
      checkKind(`${where}.restore: state.kind`, json.kind, 'trust-region');
      const { radius } = json;
      checkNonNegative(`${where}.restore: state.radius`, radius); // 0 after underflow
      if (radius > maxRadius) {
        throw new RangeError(`${where}.restore: state.radius must be <= maxRadius = ${maxRadius}, got ${radius}`);
      }
      return state(radius);
    },
  };
}
