/** One line of the bench table; sections (search, sync, outbox …) each return a list of them. */
export interface BenchRow {
  metric: string;
  value: number;
  unit: string;
  /** Human-readable target, e.g. "≤ 5 ms". */
  target?: string;
  /** Whether the target is met (absent when the row has no target). */
  ok?: boolean;
  note?: string;
}

export interface BenchSection {
  name: string;
  run(): Promise<BenchRow[]>;
}
