/**
 * The step length tau >= 0 that puts x + tau p on the sphere ||x|| = radius,
 * for ||x|| <= radius and p != 0 (Steihaug 1983, step (b)): the non-negative
 * root of  pp tau^2 + 2 xp tau - (radius^2 - xx) = 0,  given xx = x'x,
 * xp = x'p and pp = p'p. It is the larger of the two roots (their product is
 * -(radius^2 - xx)/pp <= 0), and is written in the form that avoids
 * cancellation when xp > 0.
 */
export function boundaryStep(xx: number, xp: number, pp: number, radius: number): number {
  const gap = Math.max(0, radius * radius - xx);
  const root = Math.sqrt(xp * xp + pp * gap);
  return xp > 0 ? gap / (xp + root) : (root - xp) / pp;
}
