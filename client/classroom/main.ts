/**
 * The classroom pages (class.html), plain DOM over the Colyseus SDK, routed by the address:
 * - `class.html`: open a class (teacher) or join one (student: code + name);
 * - `?code=…`: join that class; with a seat this browser remembers, straight back to it (a reload);
 * - `#class=…`: the teacher's live dashboard (a `&token=…` from the teacher link is kept in this
 *   browser and taken out of the address at once);
 * - `#class=…&view=results`: the class summary. Back and forward move between these.
 * Students play their pair's round in the real game (`/?classPair=…`) in a frame over the class page.
 */
import { h } from '../ui/dom.ts';
import { elsewherePage, entryPage, normaliseCode, rejoin, type EntryHooks } from './entry.ts';
import { rememberTeacher, seatFor, teacherToken } from './memory.ts';
import { show, T, type Leave } from './page.ts';
import { studentPage } from './student.ts';
import { resultsPage } from './summary.ts';
import { teacherPage } from './teacher.ts';
import { currentLang } from './text.ts';
import { initI18n } from '../i18n/index.ts';
import { refusalText } from '../i18n/refusal.ts';

let leaveCurrent: Leave | null = null;
/** The class this page has just opened: its teacher link is shown once. */
let justOpened = '';

function leavePage(): void {
  leaveCurrent?.();
  leaveCurrent = null;
}

const hooks: EntryHooks = {
  joined: (room, seat) => {
    leavePage();
    leaveCurrent = studentPage(room, seat, {
      gone: (s, message) => {
        leaveCurrent = null;
        entryPage(s.code, hooks, message);
      },
      elsewhere: (s) => {
        leaveCurrent = null;
        elsewherePage(s, hooks);
      },
      lost: (s) => {
        leaveCurrent = null;
        entryPage(s.code, hooks, '', T.connectionLost);
      },
    });
  },
  opened: (classId) => {
    justOpened = classId;
    location.hash = `class=${encodeURIComponent(classId)}`;
  },
};

function fail(error: unknown): void {
  show(h('p', { class: 'error', testid: 'page-error' }, (error as { status?: number }).status === 403 ? T.noTeacherToken : refusalText(error)));
}

function route(): void {
  leavePage();
  const hash = new URLSearchParams(location.hash.slice(1));
  const classId = hash.get('class');
  if (classId) {
    const given = hash.get('token');
    if (given) {
      // From the teacher link: keep the token here, and out of an address bar that may be projected.
      rememberTeacher(classId, given);
      hash.delete('token');
      history.replaceState(null, '', `${location.pathname}${location.search}#${hash.toString()}`);
    }
    const token = teacherToken(classId);
    if (!token) return fail(Object.assign(new Error(T.noTeacherToken), { status: 403 }));
    if (hash.get('view') === 'results') {
      resultsPage(classId, token).catch(fail);
      return;
    }
    const fresh = justOpened === classId;
    justOpened = '';
    let cancelled = false;
    leaveCurrent = () => (cancelled = true);
    teacherPage(classId, token, fresh)
      .then((leave) => {
        if (cancelled) leave();
        else leaveCurrent = leave;
      })
      .catch(fail);
    return;
  }
  const code = normaliseCode(new URLSearchParams(location.search).get('code') ?? '');
  const seat = code ? seatFor(code) : null;
  if (seat) void rejoin(seat, hooks);
  else entryPage(code, hooks);
}

document.title = T.title;
document.documentElement.lang = currentLang();
window.addEventListener('hashchange', route);
// Refusals from the server are worded by the game's i18n (client/i18n/refusal.ts).
void initI18n().then(route);
