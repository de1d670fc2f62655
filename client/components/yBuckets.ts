/**
 * A flow-graph layout's spatial index: labels and arrow strokes found by the rows they reach, so a
 * label's place is checked against what is near it, not against the whole graph.
 */
/** Things with a vertical extent, found by the rows they reach (40 px buckets). */
export class YBuckets<T> {
  /** Each bucket's things, and the same things' entries (one per thing, shared by its buckets). */
  private readonly buckets = new Map<number, { items: T[]; entries: { item: T; seen: number }[] }>();
  private asked = 0;
  add(item: T, y1: number, y2: number): void {
    // Something with no row yet (a lane whose segments' rows are unknown) is nowhere.
    if (!Number.isFinite(y1) || !Number.isFinite(y2)) return;
    const entry = { item, seen: 0 };
    for (let b = Math.floor(y1 / 40); b <= Math.floor(y2 / 40); b++) {
      const bucket = this.buckets.get(b);
      if (bucket) {
        bucket.items.push(item);
        bucket.entries.push(entry);
      } else this.buckets.set(b, { items: [item], entries: [entry] });
    }
  }
  /**
   * What reaches y1..y2, each once, in the order of the first bucket it is in (read-only). A
   * thing in several buckets is told apart by the ask it was last seen in (a Set per ask, or a
   * generator giving it once per bucket, were most of a crowded layout's time).
   */
  near(y1: number, y2: number): readonly T[] {
    const first = Math.floor(y1 / 40);
    const last = Math.floor(y2 / 40);
    if (first === last) return this.buckets.get(first)?.items ?? [];
    const ask = ++this.asked;
    const out: T[] = [];
    for (let b = first; b <= last; b++) {
      for (const entry of this.buckets.get(b)?.entries ?? []) {
        if (entry.seen === ask) continue;
        entry.seen = ask;
        out.push(entry.item);
      }
    }
    return out;
  }
  /** Everything, each once. */
  all(): T[] {
    const ask = ++this.asked;
    const out: T[] = [];
    for (const { entries } of this.buckets.values()) {
      for (const entry of entries) {
        if (entry.seen === ask) continue;
        entry.seen = ask;
        out.push(entry.item);
      }
    }
    return out;
  }
}
