/**
 * Every refusal the server sends to a person, as data: a stable code, its parameters, and one
 * English sentence (for logs, scripts, and a page that does not know the code yet). The page says
 * it in its own language from the code (`refusal.<code>` in client/i18n, these English texts
 * included); a code it does not know shows the English sentence the server sent with it.
 *
 * How each kind travels: a room's join refusal is a Colyseus ServerError, which reaches the SDK as
 * a status and one string, so that string is the refusal as JSON (`refusalWire`); a message
 * refusal is the `error` message's `reason` and `params` (server/validate.ts); an HTTP refusal is
 * the body's `code`, `params` and `message`. `readRefusal` reads any of them.
 */

/** The English sentences, i18next-style (`{{param}}`; `_one` is the form for `count` 1). */
export const REFUSAL_EN = {
  // Joining a class (server/rooms/ClassRoom.ts, server/classroom/http.ts)
  'refusal.no_class': 'No open class has this code.',
  'refusal.class_via_page': 'Classes are opened from the classroom page.',
  'refusal.join_options': 'Join a class with your name, or as its teacher with the teacher link.',
  'refusal.wrong_teacher_link': 'This teacher link does not open this class.',
  'refusal.not_teacher': 'This page needs the class’s teacher link.',
  'refusal.removed': 'The teacher removed you from this class. Ask your teacher if you should be in it.',
  'refusal.enter_name': 'Enter your name.',
  'refusal.reserved_name': 'That name is the bot’s or the teacher’s: choose another.',
  'refusal.removed_name': 'The teacher removed a student of this name from this class: ask your teacher.',
  'refusal.class_finished': 'This class has finished.',
  'refusal.class_full': 'This class is full: ask your teacher.',
  'refusal.class_locked': 'The teacher has locked this class, so nobody new can join: ask your teacher to unlock it.',
  'refusal.too_many_classes': 'Too many classes opened from this address: wait a minute.',
  'refusal.invalid_class': 'These class settings cannot be used: check {{fields}}.',
  // The teacher's buttons (ClassRoom.ts)
  'refusal.teacher_only': 'Only the teacher can do this.',
  'refusal.class_started': 'The class has already started.',
  'refusal.nobody_joined': 'Nobody has joined yet: start once students are in.',
  'refusal.stop_round_first': 'Stop this round first.',
  'refusal.no_next_round': 'There is no next round now.',
  'refusal.last_round': 'That was the last round: add a round to play another.',
  'refusal.too_many_rounds': 'A class has at most {{max}} rounds: this one has {{rounds}}, so {{count}} more do not fit.',
  'refusal.too_many_rounds_one': 'A class has at most {{max}} rounds: this one has {{rounds}}, so {{count}} more does not fit.',
  'refusal.repair_between': 'Pairs can be changed between rounds.',
  'refusal.no_round': 'No round is being played.',
  'refusal.pair_not_playing': 'Pair {{pair}} is not playing now.',
  'refusal.no_student': 'No such student in this class.',
  'refusal.not_removed': 'That student was not removed from this class.',
  'refusal.class_over': 'The class is already over.',
  'refusal.no_round_for_you': 'No round is being played for you now.',
  // A class's pair room (server/classroom/ClassPairRoom.ts)
  'refusal.pair_from_class': 'This game opens from the class page.',
  'refusal.seat_of_another': 'This seat belongs to another student.',
  'refusal.seat_in_use': 'This class is open in a newer tab or window, which plays your seat: play on there.',
  'refusal.teacher_starts_rounds': 'In a class, the teacher starts the next round.',
  // Round rooms: duel, practice, challenge (server/rooms/RoundRoom.ts, seating.ts)
  'refusal.room_options': 'These room settings cannot be used.',
  'refusal.no_scenario': 'There is no scenario “{{scenario}}”.',
  'refusal.wrong_spectator_link': 'This spectator link does not open this room.',
  'refusal.seat_gone': 'Your seat is no longer held: a bot plays your host now, or the round is over.',
  'refusal.room_full': 'This room is full: both players are seated.',
  // What a player may do now (server/rooms/playerRules.ts, the round's rejections)
  'refusal.players_only': 'Spectators watch: only the two players act.',
  'refusal.round_not_started': 'The round has not started yet.',
  'refusal.round_over': 'The round is over.',
  'refusal.bot_plays_host': 'A bot plays this host now.',
  'refusal.nothing_to_decide': 'Nothing is waiting for your decision.',
  'refusal.stale_decision': 'That decision is no longer open: the round has moved on.',
  'refusal.invalid_move': 'This move cannot be played now.',
  'refusal.hints_practice_only': 'Hints are for practice rounds only.',
  'refusal.quiz_players_only': 'Spectators do not take the quiz.',
  'refusal.quiz_after_round': 'Quiz cards come after the round.',
  'refusal.unknown_card': 'This scenario has no quiz card “{{card}}”.',
  'refusal.quiz_choice': 'Choose one of the card’s {{choices}} answers.',
  'refusal.card_answered': 'This card was already answered.',
  'refusal.rematch_players_only': 'Only players start a new round.',
  'refusal.rematch_after_round': 'A new round starts after this one ends.',
  'refusal.nudge_real_time': 'In a real-time room nobody waits: the clock runs.',
  'refusal.nudge_your_move': 'It is your move: your host is waiting for you.',
  'refusal.nudge_nobody_deciding': 'Nobody is deciding right now: the clock runs.',
  'refusal.nudge_too_soon': 'Your opponent was nudged a moment ago.',
  // Any message, checked at the door (server/validate.ts)
  'refusal.unknown_type': 'The server does not know the message “{{type}}”.',
  'refusal.invalid_message': 'The server could not accept this “{{type}}” message (check {{fields}}).',
  'refusal.too_large': 'The “{{type}}” message is too large: at most {{max}} bytes.',
  'refusal.rate_limited': 'Too many messages at once (at most {{perSecond}} a second): this one was ignored.',
  'refusal.internal_error': 'The server could not handle this “{{type}}” message; the game goes on.',
  // HTTP (server/http.ts, server/classroom/http.ts; server/httpGate.ts for the last three)
  'refusal.bad_round_id': 'This round’s address is not valid.',
  'refusal.bad_scenario_id': 'There is no such scenario.',
  'refusal.round_not_found': 'The results of that round are not available: the server no longer has them.',
  'refusal.not_found': 'The server has no such page.',
  'refusal.bad_request': 'The server could not handle this request: reload the page and try again.',
  'refusal.length_required': 'The request did not say how long it is (Content-Length): the server takes no body of unknown length.',
  'refusal.body_too_large': 'The request is too large for the server: {{bytes}} bytes, where at most {{max}} are accepted.',
} as const;

type RefusalKey = keyof typeof REFUSAL_EN;
type BaseKey<K> = K extends `${infer B}_one` ? B : K;
export type RefusalCode = BaseKey<RefusalKey> extends `refusal.${infer C}` ? C : never;

/** The `{{name}}` placeholders of a template, as a union of names. */
type Placeholders<S extends string> = S extends `${string}{{${infer P}}}${infer Rest}` ? P | Placeholders<Rest> : never;
type TemplateOf<C extends RefusalCode> = (typeof REFUSAL_EN)[`refusal.${C}`];
/** Exactly the parameters a code's sentence uses (checked by the compiler). */
export type ParamsOf<C extends RefusalCode> = Readonly<Record<Placeholders<TemplateOf<C>>, string | number>>;

export type RefusalParams = Readonly<Record<string, string | number>>;

export interface Refusal {
  readonly code: RefusalCode;
  readonly params: RefusalParams;
  /** The English sentence, for logs and for a page that does not know the code. */
  readonly message: string;
}

/** `{{name}}` filled from `params`; the `_one` form when `count` is 1 and the code has one. */
export function englishOf(code: RefusalCode, params: RefusalParams = {}): string {
  const one = `refusal.${code}_one`;
  const key = params['count'] === 1 && one in REFUSAL_EN ? (one as RefusalKey) : (`refusal.${code}` as RefusalKey);
  return REFUSAL_EN[key].replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function refusal<C extends RefusalCode>(code: C, ...params: Placeholders<TemplateOf<C>> extends never ? [] : [ParamsOf<C>]): Refusal {
  const p: RefusalParams = params[0] ?? {};
  return { code, params: p, message: englishOf(code, p) };
}

/** A refusal inside a ServerError's message: Colyseus hands the SDK only a status and this string. */
export function refusalWire(r: Refusal): string {
  return JSON.stringify({ refusal: r.code, params: r.params, message: r.message });
}

/** A refusal as a page received it: `code` is null when the server sent no code (an older one, or Colyseus itself). */
export interface ReadRefusal {
  readonly code: string | null;
  readonly params: RefusalParams;
  readonly message: string;
  /** The HTTP-like status (a ServerError's code, an HTTP response's status), when there is one. */
  readonly status: number | null;
}

function paramsOf(value: unknown): RefusalParams {
  if (typeof value !== 'object' || value === null) return {};
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  return out;
}

function fromText(text: string, status: number | null): ReadRefusal {
  if (text.startsWith('{')) {
    try {
      const o = JSON.parse(text) as { refusal?: unknown; params?: unknown; message?: unknown };
      if (typeof o.refusal === 'string') return { code: o.refusal, params: paramsOf(o.params), message: typeof o.message === 'string' ? o.message : '', status };
    } catch {
      // Not ours: shown as it came.
    }
  }
  return { code: null, params: {}, message: text, status };
}

/**
 * What the server refused, from whatever carried it: a ServerError / MatchMakeError (`code` a
 * number, the refusal JSON in `message`), an `error` message (`reason`, `params`), an HTTP body
 * (`code` a string, `params`, `message`, and `status` if the caller adds it), or a bare string.
 */
export function readRefusal(raw: unknown): ReadRefusal {
  if (typeof raw === 'string') return fromText(raw, null);
  if (typeof raw !== 'object' || raw === null) return { code: null, params: {}, message: raw === undefined ? '' : String(raw), status: null };
  const o = raw as Record<string, unknown>;
  const status = typeof o['status'] === 'number' ? o['status'] : typeof o['code'] === 'number' ? o['code'] : null;
  const message = typeof o['message'] === 'string' ? o['message'] : '';
  const code = typeof o['reason'] === 'string' ? o['reason'] : typeof o['code'] === 'string' ? o['code'] : null;
  if (code !== null) return { code, params: paramsOf(o['params']), message, status };
  return fromText(message, status);
}
