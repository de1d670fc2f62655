/**
 * The classroom's tables, in the game's own SQLite database (Store.database()): classes, their
 * students, each student's result per class round and every heatmap sample. Written as pairs
 * finish, so a class's results outlive the server process and the class room itself; the teacher
 * reads them back with the class's secret token (only its hash is stored).
 */
import type { DatabaseSync } from 'node:sqlite';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { StudentRoundResult } from './results.ts';
import type { DecisionSample } from './progress.ts';
import { DEFAULT_CLASS_SETTINGS, type ClassSettings } from './settings.ts';

export interface ClassRecord {
  readonly classId: string;
  readonly code: string;
  readonly name: string;
  readonly settings: ClassSettings;
  readonly createdAt: number;
  readonly lastActiveAt: number;
  /** 'open' while its room lives; 'closed' after the room is gone or it expired. */
  readonly status: 'open' | 'closed';
  readonly roomId: string;
}

export interface StudentRecord {
  readonly studentId: string;
  readonly name: string;
  readonly joinedAt: number;
}

export type SampleRow = DecisionSample & { readonly roundNo: number; readonly pairNo: number };

export interface ClassStore {
  createClass(c: ClassRecord, teacherToken: string): void;
  getClass(classId: string): ClassRecord | undefined;
  /** The open class with this join code, if any. */
  openClassByCode(code: string): ClassRecord | undefined;
  /** The class room claims its class, once (false: unknown class, closed, or already claimed). */
  attachRoom(classId: string, roomId: string): boolean;
  /** The teacher changed a setting between rounds (the next round's scenario). */
  updateSettings(classId: string, settings: ClassSettings): void;
  touch(classId: string, at: number): void;
  close(classId: string, at: number): void;
  isTeacher(classId: string, token: string): boolean;
  addStudent(classId: string, s: StudentRecord, rejoinToken: string): void;
  students(classId: string): StudentRecord[];
  studentByRejoinToken(classId: string, token: string): StudentRecord | undefined;
  /** The teacher removed the student: their rejoin token opens nothing any more (wasRemoved says so). */
  removeStudent(classId: string, studentId: string): void;
  wasRemoved(classId: string, rejoinToken: string): boolean;
  /** The students the teacher removed, by the names they had. */
  removedStudents(classId: string): StudentRecord[];
  /** The teacher undid a removal: the student's rejoin token opens their seat again. False: not removed. */
  readmitStudent(classId: string, studentId: string): boolean;
  /** A student who never played and left: gone from the roster, as if never there. */
  forgetStudent(classId: string, studentId: string): void;
  /** Whether any class round's result is stored for this student. */
  hasPlayed(classId: string, studentId: string): boolean;
  /** Replaces the rows of (class, round, student) so a re-published finish is not counted twice. */
  saveResults(rows: readonly StudentRoundResult[], samples: readonly SampleRow[]): void;
  results(classId: string): StudentRoundResult[];
  samples(classId: string): SampleRow[];
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS classes (
  class_id       TEXT PRIMARY KEY,
  code           TEXT NOT NULL,
  name           TEXT NOT NULL,
  settings_json  TEXT NOT NULL,
  teacher_hash   TEXT NOT NULL,
  created_at     INTEGER NOT NULL,
  last_active_at INTEGER NOT NULL,
  status         TEXT NOT NULL,
  room_id        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS classes_by_code ON classes (code, status);

CREATE TABLE IF NOT EXISTS class_students (
  class_id     TEXT NOT NULL REFERENCES classes (class_id) ON DELETE CASCADE,
  student_id   TEXT NOT NULL,
  name         TEXT NOT NULL,
  rejoin_hash  TEXT NOT NULL,
  joined_at    INTEGER NOT NULL,
  PRIMARY KEY (class_id, student_id)
);
CREATE INDEX IF NOT EXISTS class_students_by_token ON class_students (class_id, rejoin_hash);

CREATE TABLE IF NOT EXISTS class_results (
  class_id     TEXT NOT NULL REFERENCES classes (class_id) ON DELETE CASCADE,
  round_no     INTEGER NOT NULL,
  student_id   TEXT NOT NULL,
  row_json     TEXT NOT NULL,
  PRIMARY KEY (class_id, round_no, student_id)
);

CREATE TABLE IF NOT EXISTS class_samples (
  class_id     TEXT NOT NULL REFERENCES classes (class_id) ON DELETE CASCADE,
  round_no     INTEGER NOT NULL,
  student_id   TEXT NOT NULL,
  idx          INTEGER NOT NULL,
  sample_json  TEXT NOT NULL,
  PRIMARY KEY (class_id, round_no, student_id, idx)
);
`;

type Row = Record<string, unknown>;

function classOf(r: Row): ClassRecord {
  return {
    classId: String(r['class_id']),
    code: String(r['code']),
    name: String(r['name']),
    // A class stored before a setting existed gets that setting's default.
    settings: { ...DEFAULT_CLASS_SETTINGS, ...(JSON.parse(String(r['settings_json'])) as Partial<ClassSettings>) },
    createdAt: Number(r['created_at']),
    lastActiveAt: Number(r['last_active_at']),
    status: r['status'] === 'open' ? 'open' : 'closed',
    roomId: String(r['room_id']),
  };
}

export function createClassStore(db: DatabaseSync): ClassStore {
  db.exec(SCHEMA);
  const q = {
    insertClass: db.prepare(
      `INSERT INTO classes (class_id, code, name, settings_json, teacher_hash, created_at, last_active_at, status, room_id)
       VALUES ($class_id, $code, $name, $settings_json, $teacher_hash, $created_at, $last_active_at, $status, $room_id)`,
    ),
    getClass: db.prepare('SELECT * FROM classes WHERE class_id = $class_id'),
    byCode: db.prepare(`SELECT * FROM classes WHERE code = $code AND status = 'open' ORDER BY created_at DESC LIMIT 1`),
    attach: db.prepare(`UPDATE classes SET room_id = $room_id WHERE class_id = $class_id AND room_id = '' AND status = 'open'`),
    touch: db.prepare('UPDATE classes SET last_active_at = $at WHERE class_id = $class_id'),
    settings: db.prepare('UPDATE classes SET settings_json = $settings_json WHERE class_id = $class_id'),
    close: db.prepare(`UPDATE classes SET status = 'closed', last_active_at = $at WHERE class_id = $class_id`),
    teacherHash: db.prepare('SELECT teacher_hash FROM classes WHERE class_id = $class_id'),
    insertStudent: db.prepare(
      `INSERT INTO class_students (class_id, student_id, name, rejoin_hash, joined_at)
       VALUES ($class_id, $student_id, $name, $rejoin_hash, $joined_at)`,
    ),
    students: db.prepare('SELECT * FROM class_students WHERE class_id = $class_id ORDER BY joined_at, student_id'),
    studentByToken: db.prepare('SELECT * FROM class_students WHERE class_id = $class_id AND rejoin_hash = $rejoin_hash'),
    // A removed student's token hash is kept with a prefix, so the token is recognised but opens nothing.
    removeStudent: db.prepare(`UPDATE class_students SET rejoin_hash = 'removed:' || rejoin_hash WHERE class_id = $class_id AND student_id = $student_id AND rejoin_hash NOT LIKE 'removed:%'`),
    removedStudents: db.prepare(`SELECT * FROM class_students WHERE class_id = $class_id AND rejoin_hash LIKE 'removed:%' ORDER BY joined_at, student_id`),
    readmitStudent: db.prepare(`UPDATE class_students SET rejoin_hash = substr(rejoin_hash, 9) WHERE class_id = $class_id AND student_id = $student_id AND rejoin_hash LIKE 'removed:%'`),
    // (Never a removed student's row: it is what keeps them out.)
    forgetStudent: db.prepare(`DELETE FROM class_students WHERE class_id = $class_id AND student_id = $student_id AND rejoin_hash NOT LIKE 'removed:%'`),
    hasPlayed: db.prepare('SELECT 1 FROM class_results WHERE class_id = $class_id AND student_id = $student_id LIMIT 1'),
    deleteResult: db.prepare('DELETE FROM class_results WHERE class_id = $class_id AND round_no = $round_no AND student_id = $student_id'),
    deleteSamples: db.prepare('DELETE FROM class_samples WHERE class_id = $class_id AND round_no = $round_no AND student_id = $student_id'),
    insertResult: db.prepare(
      'INSERT INTO class_results (class_id, round_no, student_id, row_json) VALUES ($class_id, $round_no, $student_id, $row_json)',
    ),
    insertSample: db.prepare(
      'INSERT INTO class_samples (class_id, round_no, student_id, idx, sample_json) VALUES ($class_id, $round_no, $student_id, $idx, $sample_json)',
    ),
    results: db.prepare('SELECT row_json FROM class_results WHERE class_id = $class_id ORDER BY round_no, row_json'),
    samples: db.prepare('SELECT sample_json FROM class_samples WHERE class_id = $class_id ORDER BY round_no, student_id, idx'),
  };

  const student = (r: Row): StudentRecord => ({ studentId: String(r['student_id']), name: String(r['name']), joinedAt: Number(r['joined_at']) });

  return {
    createClass(c, teacherToken) {
      q.insertClass.run({
        $class_id: c.classId,
        $code: c.code,
        $name: c.name,
        $settings_json: JSON.stringify(c.settings),
        $teacher_hash: hashToken(teacherToken),
        $created_at: c.createdAt,
        $last_active_at: c.lastActiveAt,
        $status: c.status,
        $room_id: c.roomId,
      });
    },
    getClass(classId) {
      const r = q.getClass.get({ $class_id: classId }) as Row | undefined;
      return r ? classOf(r) : undefined;
    },
    openClassByCode(code) {
      const r = q.byCode.get({ $code: code }) as Row | undefined;
      return r ? classOf(r) : undefined;
    },
    attachRoom(classId, roomId) {
      return Number(q.attach.run({ $class_id: classId, $room_id: roomId }).changes) === 1;
    },
    updateSettings(classId, settings) {
      q.settings.run({ $class_id: classId, $settings_json: JSON.stringify(settings) });
    },
    touch(classId, at) {
      q.touch.run({ $class_id: classId, $at: at });
    },
    close(classId, at) {
      q.close.run({ $class_id: classId, $at: at });
    },
    isTeacher(classId, token) {
      const r = q.teacherHash.get({ $class_id: classId }) as Row | undefined;
      return r !== undefined && typeof token === 'string' && token.length > 0 && sameHash(String(r['teacher_hash']), hashToken(token));
    },
    addStudent(classId, s, rejoinToken) {
      q.insertStudent.run({ $class_id: classId, $student_id: s.studentId, $name: s.name, $rejoin_hash: hashToken(rejoinToken), $joined_at: s.joinedAt });
    },
    students(classId) {
      return (q.students.all({ $class_id: classId }) as Row[]).map(student);
    },
    studentByRejoinToken(classId, token) {
      const r = q.studentByToken.get({ $class_id: classId, $rejoin_hash: hashToken(token) }) as Row | undefined;
      return r ? student(r) : undefined;
    },
    removeStudent(classId, studentId) {
      q.removeStudent.run({ $class_id: classId, $student_id: studentId });
    },
    wasRemoved(classId, token) {
      return q.studentByToken.get({ $class_id: classId, $rejoin_hash: `removed:${hashToken(token)}` }) !== undefined;
    },
    removedStudents(classId) {
      return (q.removedStudents.all({ $class_id: classId }) as Row[]).map(student);
    },
    readmitStudent(classId, studentId) {
      return Number(q.readmitStudent.run({ $class_id: classId, $student_id: studentId }).changes) === 1;
    },
    forgetStudent(classId, studentId) {
      q.forgetStudent.run({ $class_id: classId, $student_id: studentId });
    },
    hasPlayed(classId, studentId) {
      return q.hasPlayed.get({ $class_id: classId, $student_id: studentId }) !== undefined;
    },
    saveResults(rows, samples) {
      db.exec('BEGIN IMMEDIATE');
      try {
        for (const r of rows) {
          const key = { $class_id: r.classId, $round_no: r.roundNo, $student_id: r.studentId };
          q.deleteResult.run(key);
          q.deleteSamples.run(key);
          q.insertResult.run({ ...key, $row_json: JSON.stringify(r) });
          samples
            .filter((s) => s.studentId === r.studentId && s.roundNo === r.roundNo)
            .forEach((s, idx) => q.insertSample.run({ ...key, $idx: idx, $sample_json: JSON.stringify(s) }));
        }
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    results(classId) {
      const rows = (q.results.all({ $class_id: classId }) as Row[]).map((r) => JSON.parse(String(r['row_json'])) as StudentRoundResult);
      return rows.sort((a, b) => a.roundNo - b.roundNo || a.pairNo - b.pairNo || a.side.localeCompare(b.side));
    },
    samples(classId) {
      return (q.samples.all({ $class_id: classId }) as Row[]).map((r) => JSON.parse(String(r['sample_json'])) as SampleRow);
    },
  };
}
