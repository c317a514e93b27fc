/**
 * The memory that the WebAssembly kernels work in, and who owns which part
 * of it. One `WebAssembly.Memory` serves linop's module and every module
 * built on it (krylov's imports the same memory), so a vector laid out here
 * can go from one kernel to the next without a copy.
 *
 * Layout: bytes [0, 1024) are never handed out (0 is no address; [64, 128)
 * is where kernels write results beyond their return value); blocks are
 * 64-byte aligned (a cache line, and any SIMD load). Freed blocks are reused
 * (first fit, merged with free neighbours); the memory grows by whole pages
 * and never shrinks (WebAssembly memories cannot).
 *
 * Growing a memory detaches every typed array on its old buffer. So the
 * memory grows only while no vector block is out (`openVectors === 0`): a
 * solve that holds vectors never sees them detach, even when a nested solve
 * (in a callback or an operator) asks for more; the nested request fails
 * instead (and that solve takes the JavaScript path).
 */

const PAGE = 65536;
const ALIGN = 64;
const RESERVED = 1024;
/** Byte address of the 8 float64 slots that kernels write extra results to. */
export const SCRATCH = 64;
/** Largest memory asked for: 4 GiB, the limit of 32-bit WebAssembly (engines may give less). */
const MAX_PAGES = 65536;

interface Block {
  start: number;
  size: number;
}

/** The allocator over one memory. */
export class Heap {
  /** Blocks handed out, by start address: their sizes, and whether a vector lives there. */
  private readonly used = new Map<number, { size: number; vector: boolean }>();
  /** Free blocks below `top`, sorted by start, no two adjacent. */
  private readonly free: Block[] = [];
  /** End of the used part of the memory. */
  private top = RESERVED;
  private vectorBlocks = 0;

  constructor(readonly memory: WebAssembly.Memory) {}

  /** How many vector blocks are out (the memory grows only at 0). */
  get openVectors(): number {
    return this.vectorBlocks;
  }

  /**
   * The start of a free block of at least `bytes` bytes (64-byte aligned), or
   * 0 when there is none and the memory may not (or cannot) grow.
   */
  allocate(bytes: number, vector: boolean): number {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    let start = 0;
    for (let i = 0; i < this.free.length; i++) {
      const block = this.free[i];
      if (block.size < size) continue;
      start = block.start;
      if (block.size === size) this.free.splice(i, 1);
      else {
        block.start += size;
        block.size -= size;
      }
      break;
    }
    if (start === 0) {
      const end = this.top + size;
      if (end > this.memory.buffer.byteLength) {
        if (this.vectorBlocks > 0) return 0; // views are out: do not detach them
        const pages = Math.ceil((end - this.memory.buffer.byteLength) / PAGE);
        if (this.memory.buffer.byteLength / PAGE + pages > MAX_PAGES) return 0;
        try {
          this.memory.grow(pages);
        } catch {
          return 0; // the engine refused (RangeError: out of memory)
        }
      }
      start = this.top;
      this.top = end;
    }
    this.used.set(start, { size, vector });
    if (vector) this.vectorBlocks++;
    return start;
  }

  /** Returns a block from `allocate` (unknown addresses are ignored). */
  release(start: number): void {
    const block = this.used.get(start);
    if (block === undefined) return;
    this.used.delete(start);
    if (block.vector) this.vectorBlocks--;
    const { size } = block;
    if (start + size === this.top) {
      this.top = start;
      // The free block now at the top goes back to the untouched part.
      const last = this.free[this.free.length - 1];
      if (last !== undefined && last.start + last.size === this.top) {
        this.top = last.start;
        this.free.pop();
      }
      return;
    }
    let i = 0;
    while (i < this.free.length && this.free[i].start < start) i++;
    const before = this.free[i - 1];
    const after = this.free[i];
    if (before !== undefined && before.start + before.size === start) {
      before.size += size;
      if (after !== undefined && start + size === after.start) {
        before.size += after.size;
        this.free.splice(i, 1);
      }
    } else if (after !== undefined && start + size === after.start) {
      after.start = start;
      after.size += size;
    } else {
      this.free.splice(i, 0, { start, size });
    }
  }

  /** Bytes handed out now (for tests). */
  get usedBytes(): number {
    let s = 0;
    for (const block of this.used.values()) s += block.size;
    return s;
  }
}
