/**
 * What can be wrong with a capture, one code per kind of problem. Readers report problems as data
 * (never throw); the annotator carries on with the rest of the file wherever it can.
 */
export const CAPTURE_PROBLEMS = [
  // The file
  'not-a-capture',
  'truncated-header',
  'truncated-packet',
  'corrupt-record',
  'unknown-interface',
  // The packet
  'unsupported-link-type',
  'not-ip',
  'not-tcp',
  'ip-fragment',
  'snaplen-short',
  'bad-ip-header',
  'bad-tcp-header',
  'bad-tcp-option',
  'payload-not-captured',
  'time-went-backwards',
  // The connections
  'too-many-connections',
] as const;

export type CaptureProblemCode = (typeof CAPTURE_PROBLEMS)[number];

export interface CaptureProblem {
  code: CaptureProblemCode;
  /** The packet's position in the file, from 0 (Wireshark's frame number minus one); null: the file as a whole. */
  index: number | null;
  /** Facts for the message (numbers, names), in English where they are words. */
  params: Record<string, string | number>;
}

/** Problems of a code beyond this many are counted, not listed (a 1 GB file of UDP is one message, not millions). */
export const PROBLEMS_LISTED_PER_CODE = 20;

/** Collects problems, listing the first few of each code and counting the rest. */
export class ProblemLog {
  readonly listed: CaptureProblem[] = [];
  readonly counts = new Map<CaptureProblemCode, number>();

  add(code: CaptureProblemCode, index: number | null, params: Record<string, string | number> = {}): CaptureProblem {
    const n = (this.counts.get(code) ?? 0) + 1;
    this.counts.set(code, n);
    const p: CaptureProblem = { code, index, params };
    if (n <= PROBLEMS_LISTED_PER_CODE) this.listed.push(p);
    return p;
  }

  /** How many problems of each code were not listed. */
  unlisted(): { code: CaptureProblemCode; count: number }[] {
    const out: { code: CaptureProblemCode; count: number }[] = [];
    for (const [code, n] of this.counts) if (n > PROBLEMS_LISTED_PER_CODE) out.push({ code, count: n - PROBLEMS_LISTED_PER_CODE });
    return out;
  }
}
