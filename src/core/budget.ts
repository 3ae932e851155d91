/**
 * The budget of one analysis (limits.ts has the numbers). One Budget is created per analyze() call
 * and shared by the parser, every classifier and every nested content (attached messages, opaque
 * signatures, compressed data), so the totals hold however the message is built.
 *
 * A budget is checked before the work it pays for: an inflate is given at most what is left, a
 * decode is cut to what is left, and loops over parts stop once time is up. Whatever ran out is
 * recorded once; analyze() turns that into `partial`, a defect and a sentence in the explanation.
 */
import { BUDGET_CLASSIFY_MS, BUDGET_DECODED_BYTES, BUDGET_HOPS, BUDGET_INFLATED_BYTES } from './limits';
import type { BudgetName } from './types';

export type { BudgetName };

export interface BudgetLimits {
  inflated: number;
  decoded: number;
  hops: number;
  ms: number;
}

export const DEFAULT_BUDGET: BudgetLimits = {
  inflated: BUDGET_INFLATED_BYTES,
  decoded: BUDGET_DECODED_BYTES,
  hops: BUDGET_HOPS,
  ms: BUDGET_CLASSIFY_MS,
};

export class Budget {
  readonly limits: BudgetLimits;
  inflated = 0;
  decoded = 0;
  /** Each budget that ran out, with what was skipped (first time only). */
  readonly reached = new Map<BudgetName, string>();
  private readonly deadline: number;
  private readonly clock: () => number;

  constructor(limits: Partial<BudgetLimits> = {}, clock: () => number = () => Date.now()) {
    this.limits = { ...DEFAULT_BUDGET, ...limits };
    this.clock = clock;
    this.deadline = clock() + this.limits.ms;
  }

  reach(name: BudgetName, detail: string): void {
    if (!this.reached.has(name)) this.reached.set(name, detail);
  }

  /** How many bytes an inflate may produce (at most `want`); 0 means skip it, and records why. */
  allowInflate(want: number, what: string): number {
    const left = this.limits.inflated - this.inflated;
    if (left <= 0) this.reach('inflated', `${what} was not inflated`);
    return Math.max(0, Math.min(want, left));
  }

  chargeInflate(n: number): void {
    this.inflated += n;
  }

  /** How many bytes a decode may produce (at most `want`); 0 means skip it, and records why. */
  allowDecode(want: number, what: string): number {
    const left = this.limits.decoded - this.decoded;
    if (left < want) this.reach('decoded', `${what} was ${left > 0 ? 'read only in part' : 'not read'}`);
    return Math.max(0, Math.min(want, left));
  }

  chargeDecode(n: number): void {
    this.decoded += n;
  }

  /** True once classification has used its time; records it with what is being skipped. */
  timeUp(what: string): boolean {
    if (this.clock() <= this.deadline) return false;
    this.reach('time', `${what} was skipped`);
    return true;
  }

  /** The defects analyze() reports, one per budget reached. */
  defects(): string[] {
    return [...this.reached].map(([name, detail]) => `partial-result: the ${name} budget was reached (${detail}); the rest was skipped`);
  }
}
