/**
 * A stored round is its log: replaying it must give the round that was played. Rounds stored before
 * an application's pause (AppStep `afterMs`) was counted from the moment its condition was met were
 * played counting it from the previous call; the store's schema version 3 writes that into their
 * settings (RoundSettings.afterMsFrom), so a finished round's view and a crash's recovery replay
 * them to the scores they were stored with.
 */
import { spawn } from 'node:child_process';
import { DatabaseSync } from 'node:sqlite';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { viewOfStoredRound } from '../../client/net/interrupted.ts';
import { silentLogger } from '../../server/log.ts';
import { interruptRound } from '../../server/recovery.ts';
import { HEARTBEAT_STALE_MS } from '../../server/processes.ts';
import { OlderServerRunning, openStore, type FinishedRound, type Store } from '../../server/store.ts';
import { ROUND_BEFORE_AFTER_MS_RULE as BEFORE } from '../support/roundBeforeAfterMsRule.ts';

const names = { client: 'Ada', server: 'bot (textbook)' };

/** The round as a server before schema version 3 stored it: its settings without afterMsFrom. */
const finished: FinishedRound = {
  roundId: 'before-finished',
  mode: 'duel',
  scenarioId: 'handshake',
  startedAt: 1_000,
  finishedAt: 250_000,
  outcome: 'complete',
  players: [
    { role: 'client', playerName: names.client, score: BEFORE.scores.client, isBot: false },
    { role: 'server', playerName: names.server, score: BEFORE.scores.server, isBot: true },
  ],
  decisions: [],
  result: { kind: 'duel', roundNumber: 1, settings: BEFORE.settings, endReason: 'complete', endedAt: 242_400 },
  log: BEFORE.log,
};

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

/** A database of schema version 2 holding the round finished, and the same round still being played by a process that died. */
function databaseFromBefore(): string {
  dir = mkdtempSync(join(tmpdir(), 'tcp-dojo-before-'));
  const path = join(dir, 'dojo.sqlite');
  const store = openStore(path);
  store.saveRound(finished);
  store.queueLiveRound('gone-host|1|dead', { roundId: 'before-live', mode: 'duel', scenarioId: 'handshake', roomId: 'room', startedAt: 1_000, head: { kind: 'duel', roundNumber: 1, settings: BEFORE.settings, names } }, () => {});
  store.appendLiveEvents('before-live', 0, BEFORE.log);
  store.database().exec('PRAGMA user_version = 2');
  store.close();
  return path;
}

function reopened(path: string): Store {
  return openStore(path);
}

describe('rounds stored before afterMs counted from the condition', () => {
  it('are marked by the migration: their settings count the pause from the previous call', () => {
    const store = reopened(databaseFromBefore());
    const settings = (store.getRound('before-finished')?.result as { settings: Record<string, unknown> }).settings;
    expect(settings).toEqual({ ...BEFORE.settings, afterMsFrom: 'previous-call' });
    expect((store.liveRounds()[0]?.head as { settings: Record<string, unknown> }).settings.afterMsFrom).toBe('previous-call');
    expect(store.database().prepare('PRAGMA user_version').get()).toEqual({ user_version: 3 });
    store.close();
  });

  it('a finished one replays, as the player\'s page shows it, to the scores it was stored with', () => {
    const store = reopened(databaseFromBefore());
    const view = viewOfStoredRound(store.getRound('before-finished') as { result: { settings: unknown }; log: unknown }, 'client')!;
    expect({ client: view.hosts.client.score, server: view.hosts.server.score }).toEqual(BEFORE.scores);
    store.close();
  });

  it('one a crash interrupted is recovered, replayed, with the scores it had', () => {
    const store = reopened(databaseFromBefore());
    const live = store.liveRounds()[0]!;
    expect(interruptRound(store, live, 300_000, silentLogger())).toBe(true);
    expect(store.getRound('before-live')?.players.map((p) => [p.role, p.score])).toEqual([['client', BEFORE.scores.client], ['server', BEFORE.scores.server]]);
    store.close();
  });

  it('a round stored since keeps its settings as they are (the new rule), and opening the database again changes nothing', () => {
    const path = databaseFromBefore();
    const first = reopened(path);
    first.saveRound({ ...finished, roundId: 'since' });
    first.close();
    const second = reopened(path);
    expect((second.getRound('since')?.result as { settings: Record<string, unknown> }).settings).toEqual(BEFORE.settings);
    second.close();
  });
});

describe('the upgrade waits for older servers on the same database to stop', () => {
  /** A database of schema version 2 on which a server `owner` said it was alive `heardMsAgo` ago. */
  function beforeWithServer(owner: string, heardMsAgo: number): string {
    const path = databaseFromBefore();
    const store = openStore(path);
    store.heartbeat(owner, Date.now() - heardMsAgo);
    store.database().exec('PRAGMA user_version = 2');
    store.close();
    return path;
  }
  function versionOf(path: string): number {
    const db = new DatabaseSync(path);
    const v = (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
    db.close();
    return v;
  }

  it('an older server running on this machine (its pid runs, heard 5 s ago): refused, and the database is left as it was', async () => {
    const older = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      const path = beforeWithServer(`${hostname()}|${older.pid}|old`, 5_000);
      expect(() => openStore(path)).toThrow(OlderServerRunning);
      expect(versionOf(path)).toBe(2);
      older.kill('SIGKILL');
      await new Promise((resolve) => older.once('exit', resolve));
      // stopped (here: killed; its heartbeat is still recent): the upgrade goes on
      const store = openStore(path);
      expect((store.getRound('before-finished')?.result as { settings: Record<string, unknown> }).settings.afterMsFrom).toBe('previous-call');
      store.close();
    } finally {
      older.kill('SIGKILL');
    }
  });

  it('on another machine: refused while its heartbeat is recent, upgraded once it is stale', () => {
    expect(() => openStore(beforeWithServer('lab-2|4242|old', 30_000))).toThrow(OlderServerRunning);
    const store = openStore(beforeWithServer('lab-2|4242|old', HEARTBEAT_STALE_MS + 1_000));
    expect(store.database().prepare('PRAGMA user_version').get()).toEqual({ user_version: 3 });
    store.close();
  });

  it('a crashed server whose pid another program took since: upgraded once its heartbeat is stale', () => {
    // process.ppid runs (the test runner), as a reused pid would
    const store = openStore(beforeWithServer(`${hostname()}|${process.ppid}|crashed`, HEARTBEAT_STALE_MS + 1_000));
    expect(store.database().prepare('PRAGMA user_version').get()).toEqual({ user_version: 3 });
    store.close();
  });

  it('a database of this version opens while other servers run on it (servers of one version share it)', () => {
    dir = mkdtempSync(join(tmpdir(), 'tcp-dojo-before-'));
    const path = join(dir, 'dojo.sqlite');
    const first = openStore(path);
    first.heartbeat('lab-3|77|same-version', Date.now());
    const second = openStore(path);
    expect(second.processes().map((p) => p.owner)).toEqual(['lab-3|77|same-version']);
    second.close();
    first.close();
  });
});
