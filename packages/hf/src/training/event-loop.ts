/** Resolvers waiting for the MessageChannel's next message (browsers and workers). */
const waiting: (() => void)[] = [];
let channel: MessageChannel | undefined;

/**
 * Lets the event loop run pending tasks (UI events, worker messages, timers)
 * before continuing, as cheaply as the platform allows: setImmediate in Node;
 * a message to self in browsers and workers (setTimeout(0) is at least 1 ms
 * in Node and clamped to 4 ms once nested in browsers, which would slow an
 * optimizer's millisecond steps).
 *
 * @example
 * ```ts
 * import { nextTask } from '@hessian-free/hf';
 * for (let i = 0; i < 1000; i++) {
 *   // ... a slice of work ...
 *   await nextTask(); // pending messages (Pause, Stop) get their turn
 * }
 * ```
 */
export function nextTask(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
  if (typeof immediate === 'function') return new Promise((resolve) => immediate(resolve));
  if (channel === undefined) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  const port = channel.port2;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port.postMessage(null);
  });
}

/** Throws the signal's reason (an AbortError DOMException by default) when it has aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError(signal);
}

/** What an aborted operation throws: the signal's reason, or an AbortError DOMException when it has none. */
export function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
