// When an export may send its next batch. Two limits decide, both of the portal:
// - the request bucket: a batch goes when the client's bucket has room for it now, less the
//   export's own batches not yet admitted; one more may wait in the bucket's queue, so the drain
//   is never idle. A fresh client thus spends its whole burst at once, a busy one what is left.
// - the method's operating time (limits.md: 480 s in 10 minutes per method): the export sums what
//   its commands cost by the answers' time blocks (`processing`) over the window, adds what the
//   batches in flight will cost, and holds the next batch back until the oldest spending leaves
//   the window. A list too large for one window so paces itself instead of running into 429.

/** The client's view of the portal's bucket. */
export interface BucketView {
  /** Requests the bucket admits now without waiting. */
  room(): number;
  /** The bucket's size: the most batches worth having in flight at once. */
  capacity: number;
  /** Requests the bucket admits per second once its burst is spent. */
  drainPerSecond: number;
}

/** The method's operating-time limit as the client keeps to it (seconds). */
export interface OperatingBudget {
  limitSeconds: number;
  windowSeconds: number;
  marginSeconds: number;
}

/** Until the first slice batch answers, a slice command is assumed to cost this many probe commands. */
const priorFactor = 2;

export class ExportPace {
  private unadmitted = 0;
  private readonly spent: { at: number; seconds: number }[] = [];
  /** The most one slice command has cost, in seconds (0: not known yet). */
  private perCommand = 0;

  constructor(
    private readonly bucket: BucketView | undefined,
    private readonly budget: OperatingBudget | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** A batch was handed to the client; `admitted` is to be called when it leaves. */
  launched(): () => void {
    this.unadmitted += 1;
    let once = false;
    return () => {
      if (once) return;
      once = true;
      this.unadmitted -= 1;
    };
  }

  /** What one slice command is expected to cost, in seconds (0: not known yet). */
  commandSeconds(): number {
    return this.perCommand;
  }

  /** Batches handed to the client that its bucket has not admitted yet. */
  waiting(): number {
    return this.unadmitted;
  }

  /** An answer's cost: the sum of its commands' `processing`, and how many commands it carried. */
  record(seconds: number, commands: number, kind: 'probe' | 'slices'): void {
    if (seconds > 0) this.spent.push({ at: this.now(), seconds });
    if (commands <= 0) return;
    const each = seconds / commands;
    if (kind === 'slices') this.perCommand = Math.max(this.perCommand, each);
    else if (this.perCommand === 0) this.perCommand = each * priorFactor;
  }

  /** Operating seconds the export spent within the window. */
  used(): number {
    if (!this.budget) return 0;
    const since = this.now() - this.budget.windowSeconds * 1000;
    while (this.spent.length > 0 && this.spent[0]!.at <= since) this.spent.shift();
    return this.spent.reduce((sum, s) => sum + s.seconds, 0);
  }

  /**
   * Whether a batch of `commands` may go now, with `running` batches in flight: 0 yes; a positive
   * number: ms until the operating budget frees; Infinity: not until a batch is admitted or done.
   */
  gate(running: number, commands: number): number {
    if (this.bucket && this.unadmitted > 0 && this.bucket.room() - this.unadmitted < 1) return Infinity;
    if (!this.budget || this.perCommand === 0) return 0;
    const room = this.budget.limitSeconds - this.budget.marginSeconds - this.used();
    const need = (running + 1) * this.perCommand * commands;
    if (need <= room) return 0;
    if (running > 0) return Infinity;
    const oldest = this.spent[0];
    // Nothing in flight and nothing to wait for: one batch costs more than the whole budget.
    if (!oldest) return 0;
    return Math.max(1, oldest.at + this.budget.windowSeconds * 1000 - this.now());
  }
}
