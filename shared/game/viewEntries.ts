/**
 * How a player's view travels: as entries of a string map (a Schema MapSchema<string> on the
 * server, filtered per player with StateView), one small JSON text per part of the view, so a
 * patch carries the parts that changed for that player and nothing when nothing it sees changed.
 *
 * The entries of a view (any plain JSON object, whatever fields shared/game/views.ts gives it):
 * - a list field `flights` is the entry `flights` = `[]` plus one entry per item, `flights/0`,
 *   `flights/1`, …: a new segment adds one entry, a segment that arrives rewrites one;
 * - an object whose values are all objects (`hosts`) is `hosts` = `{}` plus `hosts/client`,
 *   `hosts/server`: a move rewrites the mover's panel only;
 * - anything else (`now`, `decision`, `finished`, …) is one entry holding its JSON.
 *
 * Pure and dependency-free: the room writes entries with ViewWriter, the browser, the tests and
 * the load generator read them back with ViewReader.
 */

/** The part of a Schema MapSchema<string> (or a plain Map) the writer and reader use. */
export interface EntryMap {
  get(key: string): string | undefined;
  set(key: string, value: string): unknown;
  delete(key: string): unknown;
  forEach(callback: (value: string, key: string) => void): void;
}

/** The entry a list or a group stands as, ahead of its items: prints as `[]` / `{}`. */
const LIST: readonly unknown[] = Object.freeze([]);
const GROUP: Readonly<Record<string, never>> = Object.freeze({});

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** An object of objects (`hosts`): each value travels as an entry of its own. */
function isGroup(v: unknown): v is Record<string, Record<string, unknown>> {
  if (!isPlainObject(v)) return false;
  let any = false;
  for (const key in v) {
    if (!isPlainObject(v[key])) return false;
    any = true;
  }
  return any;
}

/** Structural equality of JSON values (what JSON.stringify would print the same). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let n = 0;
  for (const key in ra) {
    if (ra[key] === undefined) continue; // JSON drops undefined fields
    if (!sameJson(ra[key], rb[key])) return false;
    n += 1;
  }
  for (const key in rb) if (rb[key] !== undefined) n -= 1;
  return n === 0;
}

/** `flights/0`, `flights/1`, …: made once per field and index, not per write. */
const itemPaths = new Map<string, string[]>();
function itemPath(key: string, i: number): string {
  let paths = itemPaths.get(key);
  if (!paths) itemPaths.set(key, (paths = []));
  return (paths[i] ??= `${key}/${i}`);
}

/** `hosts/client`, …: likewise, per field and member. */
const memberPaths = new Map<string, Map<string, string>>();
function memberPath(key: string, member: string): string {
  let paths = memberPaths.get(key);
  if (!paths) memberPaths.set(key, (paths = new Map()));
  let path = paths.get(member);
  if (path === undefined) {
    path = `${key}/${member}`;
    if (paths.size < 64) paths.set(member, path); // a view's groups have a few fixed members
  }
  return path;
}

interface Written {
  value: unknown;
  json: string;
  /** The pass that last saw it (members of groups). */
  pass: number;
}

/**
 * What was written for one field of the view: its own entry, and the entries of a list's items
 * (by index) or of a group's members (by path). `value` is the field as last written: a list or a
 * group that is the same object as then (views.ts shares unchanged parts between views) is
 * skipped whole.
 */
interface FieldWritten {
  value: unknown;
  own: Written;
  items: Written[] | null;
  members: Map<string, Written> | null;
  pass: number;
}

/**
 * Keeps one map's entries equal to the latest view, writing only what changed. It remembers the
 * values it wrote last (not their text), so an unchanged part costs a comparison, not a
 * JSON.stringify, a list or group that is the very object written last costs nothing, and the map
 * is only touched for what changed.
 */
export class ViewWriter {
  private readonly fields = new Map<string, FieldWritten>();
  private pass = 0;
  private changed = 0;

  /** Bring `target` to `view`; returns how many entries were set or deleted. */
  write(view: object, target: EntryMap): number {
    const pass = ++this.pass;
    this.changed = 0;
    const values = view as Record<string, unknown>;
    for (const key in values) {
      const value = values[key];
      if (value === undefined) continue;
      let field = this.fields.get(key);
      if (field !== undefined && field.value === value && (field.items !== null || field.members !== null)) {
        field.pass = pass; // the same list or group as last time: its entries stand
        continue;
      }
      const list = Array.isArray(value);
      const group = !list && isGroup(value);
      if (field === undefined) {
        field = { value, own: this.entry(target, key, undefined, list ? LIST : group ? GROUP : value), items: null, members: null, pass };
        this.fields.set(key, field);
      } else {
        field.own = this.entry(target, key, field.own, list ? LIST : group ? GROUP : value);
        field.value = value;
        field.pass = pass;
      }
      if (!list) this.dropItems(target, key, field, 0);
      if (!group) this.dropMembers(target, field, -1);
      if (list) {
        const items = (field.items ??= []);
        for (let i = 0; i < value.length; i++) items[i] = this.entry(target, itemPath(key, i), items[i], value[i]);
        this.dropItems(target, key, field, value.length);
      } else if (group) {
        const members = (field.members ??= new Map());
        let n = 0;
        for (const member in value) {
          const path = memberPath(key, member);
          const before = members.get(path);
          const after = this.entry(target, path, before, value[member]);
          if (after !== before) members.set(path, after);
          after.pass = pass;
          n += 1;
        }
        if (members.size > n) this.dropMembers(target, field, pass);
      }
    }
    // (forEach, not for-of: a step writes every view, and for-of makes a [key, field] pair per entry.)
    this.fields.forEach((field, key) => {
      if (field.pass === pass) return;
      this.fields.delete(key);
      this.dropItems(target, key, field, 0);
      this.dropMembers(target, field, -1);
      target.delete(key);
      this.changed += 1;
    });
    return this.changed;
  }

  /** Forget what was written (the map was emptied elsewhere). */
  clear(target: EntryMap): void {
    this.fields.forEach((field, key) => {
      this.dropItems(target, key, field, 0);
      this.dropMembers(target, field, -1);
      target.delete(key);
    });
    this.fields.clear();
  }

  /** One entry: set when its value's text differs from what the map holds. */
  private entry(target: EntryMap, path: string, before: Written | undefined, value: unknown): Written {
    if (before !== undefined && (before.value === value || sameJson(before.value, value))) {
      // The same text from another object: the next write of that object is an identity check.
      before.value = value;
      return before;
    }
    const json = JSON.stringify(value);
    if (before === undefined || before.json !== json || target.get(path) !== json) {
      target.set(path, json);
      this.changed += 1;
    }
    if (before === undefined) return { value, json, pass: 0 };
    // (Kept and rewritten: a step writes every view, and a record per changed entry is garbage.)
    before.value = value;
    before.json = json;
    return before;
  }

  /** A list's items from index `from` on are gone: their entries go (from 0: the list is gone). */
  private dropItems(target: EntryMap, key: string, field: FieldWritten, from: number): void {
    const items = field.items;
    if (items === null) return;
    for (let i = from; i < items.length; i++) {
      target.delete(itemPath(key, i));
      this.changed += 1;
    }
    if (from === 0) field.items = null;
    else items.length = from;
  }

  /** A group's members not seen in `pass` are gone (-1: the group is gone): their entries go. */
  private dropMembers(target: EntryMap, field: FieldWritten, pass: number): void {
    const members = field.members;
    if (members === null) return;
    members.forEach((w, path) => {
      if (w.pass === pass) return;
      members.delete(path);
      target.delete(path);
      this.changed += 1;
    });
    if (pass === -1) field.members = null;
  }
}

interface Parsed {
  json: string;
  value: unknown;
}

/**
 * Rebuilds a view from its entries. A part whose text did not change keeps the object parsed
 * before, and when no entry changed the previous view itself comes back, so a reader can tell a
 * new view by identity. Views are read-only: parts are shared between successive views.
 */
export class ViewReader<View extends object> {
  private parsed = new Map<string, Parsed>();
  private view: View | null = null;

  /** The view the entries hold, or null when there are none. */
  read(entries: EntryMap | undefined): View | null {
    let changed = false;
    let count = 0;
    entries?.forEach((json, path) => {
      count += 1;
      if (this.parsed.get(path)?.json !== json) changed = true;
    });
    if (!changed && count === this.parsed.size) return this.view;
    const next = new Map<string, Parsed>();
    const view: Record<string, unknown> = {};
    const children: [string, string, unknown][] = [];
    entries?.forEach((json, path) => {
      const before = this.parsed.get(path);
      const value = before?.json === json ? before.value : (JSON.parse(json) as unknown);
      next.set(path, { json, value });
      const slash = path.indexOf('/');
      // A list or a group gets a new container each time: its items are put into it below.
      if (slash < 0) view[path] = json === '[]' ? [] : json === '{}' ? {} : value;
      else children.push([path.slice(0, slash), path.slice(slash + 1), value]);
    });
    for (const [field, key, value] of children) {
      const container = view[field];
      if (Array.isArray(container)) container[Number(key)] = value;
      else if (isPlainObject(container)) container[key] = value;
    }
    this.parsed = next;
    this.view = next.size === 0 ? null : (view as View);
    return this.view;
  }
}

/** A view read once (tests, tools): from a map, or from the plain object a Schema map's toJSON() gives. */
export function readView<View extends object>(entries: EntryMap | Record<string, string> | null | undefined): View | null {
  if (!entries) return null;
  const map: EntryMap = typeof entries.forEach === 'function' ? (entries as EntryMap) : new Map(Object.entries(entries as Record<string, string>));
  return new ViewReader<View>().read(map);
}
