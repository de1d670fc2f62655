/**
 * Who is in the class right now. A student may have several connections over time: a reload opens
 * a new one while the old one is still held for reconnection, a double-clicked Join opens two. The
 * student's presence is the state of their *newest* connection; what happens to an older one (its
 * reconnection window running out, a late reconnection) never changes it.
 *
 * Each connection gets a tab number, larger for each newer one (a new tab, another laptop, a
 * reload): the class hands it to the pair room with the student's seat, and the pair room gives
 * the seat to the newest tab whichever of two racing tabs sits down last (ClassPairRoom).
 */
export type Presence = 'here' | 'away';

export class Attendance {
  /** sessionId → student id, for every connection the room still knows (held ones included). */
  private readonly owner = new Map<string, string>();
  /** student id → their newest connection, and whether it is live. */
  private readonly newest = new Map<string, { sessionId: string; live: boolean; tab: number }>();
  /** The last tab number given: the room's wall clock, moved on by one where it stood still or went back. */
  private lastTab = 0;

  /** A connection joined as this student at `now` (ms); returns the student's older connections (to close). */
  join(studentId: string, sessionId: string, now: number): string[] {
    this.lastTab = Math.max(Math.floor(now), this.lastTab + 1);
    this.owner.set(sessionId, studentId);
    this.newest.set(studentId, { sessionId, live: true, tab: this.lastTab });
    return [...this.owner].filter(([s, id]) => id === studentId && s !== sessionId).map(([s]) => s);
  }

  studentOf(sessionId: string): string | undefined {
    return this.owner.get(sessionId);
  }

  /** The tab number of the student's newest connection (0: none yet). */
  tabOf(studentId: string): number {
    return this.newest.get(studentId)?.tab ?? 0;
  }

  isNewest(sessionId: string): boolean {
    const id = this.owner.get(sessionId);
    return id !== undefined && this.newest.get(id)?.sessionId === sessionId;
  }

  /** The connection dropped (its seat may be held); the student is away only if it was their newest. */
  drop(sessionId: string): void {
    const n = this.newestOf(sessionId);
    if (n) n.live = false;
  }

  /** A held connection came back. False when a newer connection has taken over meanwhile. */
  reconnect(sessionId: string): boolean {
    const n = this.newestOf(sessionId);
    if (!n) return false;
    n.live = true;
    return true;
  }

  /** The connection is gone for good; returns the student id if this leaves them with none at all. */
  leave(sessionId: string): string | undefined {
    const id = this.owner.get(sessionId);
    if (id === undefined) return undefined;
    const n = this.newestOf(sessionId);
    if (n) n.live = false;
    this.owner.delete(sessionId);
    return [...this.owner.values()].includes(id) ? undefined : id;
  }

  presence(studentId: string): Presence {
    return this.newest.get(studentId)?.live ? 'here' : 'away';
  }

  /** Every connection of this student (to close them all when the teacher removes the student). */
  sessionsOf(studentId: string): string[] {
    return [...this.owner].filter(([, id]) => id === studentId).map(([s]) => s);
  }

  forget(studentId: string): void {
    this.newest.delete(studentId);
    for (const s of this.sessionsOf(studentId)) this.owner.delete(s);
  }

  private newestOf(sessionId: string): { sessionId: string; live: boolean; tab: number } | undefined {
    const id = this.owner.get(sessionId);
    const n = id === undefined ? undefined : this.newest.get(id);
    return n?.sessionId === sessionId ? n : undefined;
  }
}
