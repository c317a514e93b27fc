/**
 * A rule for the Tikhonov damping strength lambda of the damped system
 * (B + lambda I) d = -g. Rules are pure: `update` returns a new state and never
 * touches its argument. States are plain JSON objects with finite numbers, so
 * `JSON.parse(JSON.stringify(state))` resumes a run exactly; `restore` checks
 * such an untrusted object.
 */
export interface LambdaState {
  readonly kind: string;
  readonly lambda: number;
}

export interface LambdaSchedule<S extends LambdaState = LambdaState> {
  readonly kind: S['kind'];
  /** The state before the first step. */
  initial(): S;
  /** The state after a step whose reduction ratio was `rho`. */
  update(state: S, rho: number): S;
  /** Validates a state read back from JSON (or anywhere else). */
  restore(json: unknown): S;
}
