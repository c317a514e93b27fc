/**
 * Lets the event loop run pending tasks (UI events, worker messages, timers)
 * before continuing: a macrotask via setTimeout(0), which exists in Node,
 * browsers and workers alike. (Browsers clamp nested timeouts to about 4 ms,
 * a few per step.)
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Throws the signal's reason (an AbortError DOMException by default) when it has aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

/** What an aborted operation throws: the signal's reason, or an AbortError DOMException when it has none. */
export function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
