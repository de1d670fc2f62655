/**
 * Every refusal the server sends a person has a code (shared/refusals.ts), and the page words it in
 * its language from that code (client/i18n/refusal.ts): a zh-CN page reads Chinese, whatever
 * carried the refusal (a ServerError's message, an `error` message, an HTTP body). A code the page
 * does not know, or a refusal with no code from an older server, shows the English it came with.
 */
import type { i18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { REFUSAL_EN, englishOf, readRefusal, refusal, refusalWire, type RefusalCode } from '../../shared/refusals.ts';
import { en } from '../../client/i18n/en.ts';
import { zhCN } from '../../client/i18n/zh-CN.ts';
import { refusalFeedback, refusalKey, refusalText } from '../../client/i18n/refusal.ts';
import { translators } from '../support/translators.ts';

let tr: Record<'en' | 'zh-CN', i18n>;
beforeAll(async () => {
  tr = await translators();
});
const zh = (raw: unknown): string => refusalText(raw, (k, p) => tr['zh-CN'].t(k, p));
const english = (raw: unknown): string => refusalText(raw, (k, p) => tr.en.t(k, p));

const keys = Object.keys(REFUSAL_EN) as (keyof typeof REFUSAL_EN)[];
const placeholders = (text: string): string[] => [...text.matchAll(/\{\{(\w+)/g)].map((m) => m[1]!).sort();

describe('the refusal codes', () => {
  it('each has English (the same the server sends) and Chinese, with the same parameters', () => {
    expect(keys.length).toBeGreaterThan(50);
    for (const key of keys) {
      expect(en[key], key).toBe(REFUSAL_EN[key]);
      expect(zhCN[key], key).toMatch(/\p{Script=Han}/u);
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(REFUSAL_EN[key]));
    }
  });

  it('the English sentence is filled from the parameters, with its singular for a count of 1', () => {
    expect(refusal('class_full')).toEqual({ code: 'class_full', params: {}, message: 'This class is full: ask your teacher.' });
    expect(refusal('too_many_rounds', { max: 20, rounds: 19, count: 2 }).message).toBe('A class has at most 20 rounds: this one has 19, so 2 more do not fit.');
    expect(englishOf('too_many_rounds', { max: 20, rounds: 20, count: 1 })).toBe('A class has at most 20 rounds: this one has 20, so 1 more does not fit.');
    expect(refusal('pair_not_playing', { pair: 3 }).message).toBe('Pair 3 is not playing now.');
  });
});

describe('reading a refusal, whatever carried it', () => {
  it('a join refused by a room: a ServerError whose message is the refusal (what the SDK throws)', () => {
    const thrown = Object.assign(new Error(refusalWire(refusal('class_full'))), { code: 409 });
    expect(readRefusal(thrown)).toEqual({ code: 'class_full', params: {}, message: 'This class is full: ask your teacher.', status: 409 });
    expect(zh(thrown)).toBe('课堂人数已满，请告诉老师。');
    expect(english(thrown)).toBe('This class is full: ask your teacher.');
  });

  it('a message refused by a room: the error message’s reason and parameters', () => {
    const error = { code: 'not_allowed', type: 'addRounds', reason: 'too_many_rounds', params: { max: 20, rounds: 19, count: 2 }, message: 'A class has at most 20 rounds…', issues: [] };
    expect(zh(error)).toBe('一个课堂最多 20 轮：本课堂已有 19 轮，再加 2 轮就超出了。');
    expect(english(error)).toBe('A class has at most 20 rounds: this one has 19, so 2 more do not fit.');
    expect(zh({ code: 'unknown_type', type: 'teleport', reason: 'unknown_type', params: { type: 'teleport' }, message: '', issues: [] })).toBe('服务器不认识消息“teleport”。');
  });

  it('an HTTP refusal: the body’s code and parameters, with the response’s status', () => {
    const body = { code: 'no_class', params: {}, message: 'No open class has this code.', slowedMs: 0 };
    expect(readRefusal({ ...body, status: 404 })).toMatchObject({ code: 'no_class', status: 404 });
    expect(zh(Object.assign(new Error(body.message), { status: 404, code: body.code, params: body.params }))).toBe('没有使用此代码的课堂。');
    expect(zh({ code: 'invalid_class', params: { fields: 'settings.rounds' }, message: '' })).toBe('这些课堂设置无法使用：请检查 settings.rounds。');
  });

  it('an older server’s refusal (English, no code) and a newer server’s unknown code show the English they came with', () => {
    const older = Object.assign(new Error('this class is full'), { code: 409 });
    expect(readRefusal(older)).toEqual({ code: null, params: {}, message: 'this class is full', status: 409 });
    expect(zh(older)).toBe('this class is full');
    const newer = new Error(JSON.stringify({ refusal: 'class_on_fire', params: {}, message: 'This class is on fire: leave calmly.' }));
    expect(zh(newer)).toBe('This class is on fire: leave calmly.');
    // An older server's message refusal had a category and no reason: its English, not a sentence with holes.
    expect(zh({ code: 'too_large', type: 'rename', message: 'The "rename" message is too large (5000 bytes; at most 4096).', issues: [] })).toBe('The "rename" message is too large (5000 bytes; at most 4096).');
    expect(zh({ code: 'not_allowed', type: 'start', message: 'Nobody has joined yet.', issues: [] })).toBe('Nobody has joined yet.');
    // Nothing readable at all: the page still says something, in its language.
    expect(zh(new Error(''))).toBe(zhCN['refusal.unexplained']);
  });

  it('a toast keeps the key, so a language switch re-words it; without one, the server’s words', () => {
    expect(refusalFeedback({ code: 'room_full', message: 'x', params: {} })).toEqual({ key: 'refusal.room_full', params: {} });
    expect(refusalFeedback({ code: '522', message: 'room "ABCDE" not found', params: {} })).toEqual({ key: 'feedback.serverError', params: { message: 'room "ABCDE" not found', code: '522' } });
    expect(refusalKey(readRefusal({ code: 'seat_gone' }))).toEqual({ key: 'refusal.seat_gone', params: {} });
  });

  it('every code the server may send reads in Chinese on a zh-CN page', () => {
    for (const key of keys) {
      const code = key.replace(/^refusal\./, '').replace(/_one$/, '') as RefusalCode;
      const params = Object.fromEntries(placeholders(REFUSAL_EN[key]).map((p) => [p, p === 'count' ? 2 : 'x']));
      const text = zh({ reason: code, params, message: 'English' });
      expect(text, code).toMatch(/\p{Script=Han}/u);
      expect(text, code).not.toContain('{{');
    }
  });
});
