// A FIFO async mutex: one connection, so transactions that await must not interleave.
// Uncontended acquisition is synchronous (`tryAcquire`): no promise, no microtask turn. A release hands the
// lock straight to the oldest waiter, so a newcomer never overtakes the queue.

export class Mutex {
  private held = false;
  private readonly waiters: (() => void)[] = [];

  /** Takes the lock if it is free and nobody waits; true when taken (release it with `release`). */
  tryAcquire(): boolean {
    if (this.held) return false;
    this.held = true;
    return true;
  }

  /** Resolves once every earlier holder has released; the lock is then held (release it with `release`). */
  acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.held = false;
  }
}
