/**
 * What a class room synchronises. Public: the class's name, code, phase and roster (names and who
 * is here, so the lobby can show it). Each student's pair, side and total are `.view()` fields: a
 * student's StateView holds their own ClassStudent only, the teacher's holds every one, so a student
 * sees their own progress and nobody else's. Teacher only: the dashboard (every pair's TCP states,
 * the heatmap). The podium is public once the class is over. Fields only; logic lives in ClassRoom
 * and the modules beside this file.
 */
import { schema, t, type SchemaType } from '@colyseus/schema';

export const ClassStudent = schema(
  {
    name: t.string().default(''),
    connected: t.boolean().default(false),
    /** Pair in the current pairing (0: not paired yet). */
    pairNo: t.number().view().default(0),
    /** 'client' | 'server' | '' in the current round. */
    side: t.string().view().default(''),
    /** Score summed over finished class rounds. */
    total: t.number().view().default(0),
    /**
     * This round's partner left it and the bot plays their host on (progress.ts botFrom, what the
     * teacher's pair card shows as "Bot (for …)"): the student's page says so on the partner line.
     */
    partnerLeft: t.boolean().view().default(false),
    /**
     * This round's partner had left it and came back: they play their host again, the bot no longer
     * (progress.ts backIn); the student's page says the partner is back.
     */
    partnerBack: t.boolean().view().default(false),
    /**
     * The bot plays this student's own host now (they left the round, their dropped connection's
     * seat was not held any longer, or they never sat down): their page says so, and that coming
     * back takes the host back (a student the teacher removed during the round does not).
     */
    left: t.boolean().view().default(false),
  },
  'ClassStudent',
);
export type ClassStudent = SchemaType<typeof ClassStudent>;

export const TeacherPanel = schema(
  {
    /** JSON of dashboard.ts Dashboard; only the teacher's view holds this instance. */
    dashboard: t.string().view().default(''),
    /** JSON of the students the teacher removed ({ studentId, name }[]), so a removal can be undone. */
    removed: t.string().view().default('[]'),
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
    /** The teacher's limit on the class's size. */
    maxStudents: t.number().default(60),
    /** The teacher locked the class: new students are refused (settings.ts `locked`). */
    locked: t.boolean().default(false),
    students: t.map(ClassStudent),
    teacher: TeacherPanel,
    /** JSON of the class podium (results.ts PodiumPlace[]), public once the last round is over. */
    podium: t.string().default(''),
  },
  'ClassState',
);
export type ClassState = SchemaType<typeof ClassState>;
