/**
 * What a class room synchronises. Public: the class's name, code, phase and roster (who is in, so
 * the lobby can show it). Teacher only: the dashboard (every pair's TCP states, the heatmap), a
 * `.view()` field that only the teacher's StateView holds — students never receive other pairs'
 * hidden state. Fields only; logic lives in ClassRoom and the pure modules beside this file.
 */
import { schema, t, type SchemaType } from '@colyseus/schema';

export const ClassStudent = schema(
  {
    name: t.string().default(''),
    connected: t.boolean().default(false),
    /** Pair in the current pairing (0: not paired yet). */
    pairNo: t.number().default(0),
    /** 'client' | 'server' | '' in the current round. */
    side: t.string().default(''),
    /** Score summed over finished class rounds. */
    total: t.number().default(0),
  },
  'ClassStudent',
);
export type ClassStudent = SchemaType<typeof ClassStudent>;

export const TeacherPanel = schema(
  {
    /** JSON of dashboard.ts Dashboard; only the teacher's view holds this instance. */
    dashboard: t.string().view().default(''),
  },
  'TeacherPanel',
);
export type TeacherPanel = SchemaType<typeof TeacherPanel>;

export const ClassState = schema(
  {
    classId: t.string().default(''),
    name: t.string().default(''),
    code: t.string().default(''),
    /** 'lobby' | 'playing' | 'between' | 'finished' */
    phase: t.string().default('lobby'),
    roundNo: t.number().default(0),
    rounds: t.number().default(1),
    scenarioId: t.string().default(''),
    mode: t.string().default('coach'),
    timed: t.boolean().default(false),
    students: t.map(ClassStudent),
    teacher: TeacherPanel,
    /** JSON of the class podium (results.ts PodiumPlace[]), public once the last round is over. */
    podium: t.string().default(''),
  },
  'ClassState',
);
export type ClassState = SchemaType<typeof ClassState>;
