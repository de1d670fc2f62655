/**
 * Display names on a projected class screen (server/classroom/names.ts): NFKC, invisible and
 * line-drawing characters gone, combining marks limited, TR39 skeletons for lookalikes, the bot's
 * and the teacher's labels reserved, and a length counted in graphemes.
 */
import { describe, expect, it } from 'vitest';
import { playerName, texts } from '../../client/classroom/text.ts';
import { CSV_HEADER, resultsCsv } from '../../server/classroom/results.ts';
import { cleanDisplayName, confusable, graphemes, isReservedName, MAX_NAME_GRAPHEMES, skeleton, uniqueName } from '../../server/classroom/names.ts';

describe('cleanDisplayName', () => {
  it('folds compatibility forms (NFKC): full-width letters and ligatures become the letters they show', () => {
    expect(cleanDisplayName('Ａｌｉｃｅ')).toBe('Alice');
    expect(cleanDisplayName('ﬁona')).toBe('fiona');
  });

  it('drops invisible and direction characters, but keeps the joiners inside an emoji sequence', () => {
    expect(cleanDisplayName('  Li\u200b Wei\u202e ')).toBe('Li Wei');
    expect(cleanDisplayName('Al\u200dice')).toBe('Alice');
    expect(cleanDisplayName('👩‍💻 Ada')).toBe('👩‍💻 Ada');
    expect(graphemes(cleanDisplayName('👨‍👩‍👧‍👦')!)).toEqual(['👨‍👩‍👧‍👦']);
  });

  it('drops strike-through and underline marks (the dashboard’s “away” look) and limits stacked marks', () => {
    expect(cleanDisplayName('A\u0336l\u0336i\u0336c\u0336e\u0336')).toBe('Alice');
    expect(cleanDisplayName('Bob\u0332')).toBe('Bob');
    const zalgo = cleanDisplayName('Z' + '\u0300\u0301\u0302\u0303\u0304\u0306\u0307'.repeat(3))!;
    expect([...zalgo.normalize('NFD')].filter((c) => /\p{M}/u.test(c)).length).toBeLessThanOrEqual(3);
    // Vietnamese and Devanagari keep their marks.
    expect(cleanDisplayName('Nguyễn Văn Ệ')).toBe('Nguyễn Văn Ệ');
    expect(cleanDisplayName('क्षत्रिय')).toBe('क्षत्रिय');
  });

  it(`cuts at ${MAX_NAME_GRAPHEMES} graphemes, never inside one`, () => {
    expect(graphemes(cleanDisplayName('👩‍💻'.repeat(30))!)).toEqual(Array(MAX_NAME_GRAPHEMES).fill('👩‍💻'));
    expect(cleanDisplayName('x'.repeat(80))).toBe('x'.repeat(MAX_NAME_GRAPHEMES));
    expect(graphemes(cleanDisplayName('é'.normalize('NFD').repeat(30))!)).toEqual(Array(MAX_NAME_GRAPHEMES).fill('é'));
  });

  it('refuses what leaves nothing to read', () => {
    for (const raw of ['', '   ', '\u200b\u200d', '\u0336\u0336', 42, null]) expect(cleanDisplayName(raw)).toBeNull();
  });
});

describe('lookalikes (Unicode TR39 skeletons)', () => {
  it('sees a Cyrillic А, a Greek Ο or a digit 0 as the Latin letters they look like', () => {
    expect(skeleton('\u0410lice')).toBe(skeleton('Alice'));
    expect(confusable('B\u039Fb', 'BOb')).toBe(true);
    expect(confusable('B0B', 'BOB')).toBe(true);
    expect(confusable('alice', 'ALICE')).toBe(true);
    expect(confusable('Anna', 'Anne')).toBe(false);
    expect(confusable('王小明', '王小朋')).toBe(false);
  });

  it('suffixes a name that looks like one already in the class', () => {
    expect(uniqueName('\u0410lice', ['Alice'])).toBe('\u0410lice (2)');
    expect(uniqueName('Alice', ['Alice', 'Alice (2)'])).toBe('Alice (3)');
    expect(uniqueName('Bob', ['Alice'])).toBe('Bob');
    expect(graphemes(uniqueName('👩‍💻'.repeat(24), ['👩‍💻'.repeat(24)]))).toEqual([...Array(20).fill('👩‍💻'), ' ', '(', '2', ')']);
  });

  it('reserves the bot’s and the teacher’s labels, in both languages, however they are spelled', () => {
    for (const name of ['Bot', '🤖 Bot', 'B0T', 'bot!', 'Ｔｅａｃｈｅｒ', 'TEACHER', '老师', '教师', '机器人', '🤖']) expect(isReservedName(cleanDisplayName(name)!), name).toBe(true);
    for (const name of ['Bobby', 'Robot Wars fan', 'Teacher’s pet', 'Ada']) expect(isReservedName(name), name).toBe(false);
  });
});

describe('the bot’s name on the class pages', () => {
  it('is no student’s (reserved, in both languages), so the pages may show it in the page’s language: Bot, 机器人', () => {
    for (const name of ['Bot', 'bot', '机器人', 'B0t']) expect(isReservedName(name), name).toBe(true);
    expect(playerName('Bot', texts('en'))).toBe('Bot');
    expect(playerName('Bot', texts('zh-CN'))).toBe('机器人');
    expect(playerName('Botond', texts('zh-CN'))).toBe('Botond');
    expect(`${texts('zh-CN').partner}${texts('zh-CN').colon}${playerName('Bot', texts('zh-CN'))}`).toBe('搭档：机器人');
  });
});

describe('the results file', () => {
  it('leaves accuracy empty for a student who made no decision (0 % would pull a class average down)', () => {
    const row = (judged: number, correct: number) => ({ classId: 'c', roundNo: 1, studentId: 's', name: 'Ada', pairNo: 1, side: 'client' as const, partner: 'Bot', scenarioId: 'handshake', score: 0, judged, correct, roundMs: 0, thinkMs: 0, endReason: 'stopped', roundId: 'r', rules: {} });
    const lines = resultsCsv([row(0, 0), row(4, 3)]).replace(/^\uFEFF/, '').trim().split('\r\n').map((l) => l.split(','));
    const col = CSV_HEADER.indexOf('accuracy_pct');
    expect(lines.slice(1).map((l) => l[col])).toEqual(['', '75']);
  });
});
