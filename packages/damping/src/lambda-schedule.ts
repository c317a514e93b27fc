/**
 * The state of a lambda rule: plain JSON with finite numbers, so that
 * `JSON.parse(JSON.stringify(state))` resumes a run exactly.
 */
export interface LambdaState {
  /** Which rule the state belongs to ('tikhonov', 'levenberg-marquardt'): `restore` refuses another rule's state. */
  readonly kind: string;
  /** The damping strength lambda, finite and >= 0. */
  readonly lambda: number;
}

/**
 * A rule for the Tikhonov damping strength lambda of the damped system
 * (B + lambda I) d = -g. Rules are pure: `update` returns a new state and never
 * touches its argument; `restore` checks an untrusted state (from JSON).
 */
export interface LambdaSchedule<S extends LambdaState = LambdaState> {
  /** The rule's name, the `kind` of its states. */
  readonly kind: S['kind'];
  /** The state before the first step. */
  initial(): S;
  /** The state after a step whose reduction ratio was `rho`. */
  update(state: S, rho: number): S;
  /** Validates a state read back from JSON (or anywhere else). */
  restore(json: unknown): S;
}
