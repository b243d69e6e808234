/**
 * The sandbox's notion of "now". Tests and demos move it forward through the control API to
 * expire WhatsApp windows, one-time codes and tokens without waiting; everything time-based in
 * the sandbox reads this clock, never Date.now() directly.
 */
export class SandboxClock {
  private offsetMs = 0;
  private readonly listeners = new Set<() => void>();

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  iso(): string {
    return this.now().toISOString();
  }

  /** Moves the clock forward; it never goes back, so offsets and expiries only grow. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    this.offsetMs += ms;
    for (const listener of [...this.listeners]) listener();
  }

  /** Called after every jump, for what falls due at a moment (scheduled messages); returns the unsubscribe. */
  onAdvance(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
