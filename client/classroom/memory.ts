/**
 * What a classroom page remembers across reloads, in this browser's localStorage:
 * - a student's seat per class: the class's code and id, the name, and the rejoin token the page
 *   made before its first join (so a double click or a reload is the same student, never two);
 * - a teacher's token per class, so the teacher's address bar (often on a projector) shows only
 *   `#class=<id>`, never the token.
 */
export interface StudentSeat {
  classId: string;
  code: string;
  name: string;
  rejoinToken: string;
}

const SEAT = 'tcp-dojo.class-seat.';
const TEACHER = 'tcp-dojo.class-teacher.';

function read<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}

/** A fresh rejoin token: 144 random bits, URL-safe. */
export function newRejoinToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function seatFor(code: string): StudentSeat | null {
  const seat = read<StudentSeat>(SEAT + code.toUpperCase());
  return seat && typeof seat.rejoinToken === 'string' && typeof seat.classId === 'string' ? seat : null;
}

export function rememberSeat(seat: StudentSeat): void {
  localStorage.setItem(SEAT + seat.code.toUpperCase(), JSON.stringify(seat));
}

export function forgetSeat(code: string): void {
  localStorage.removeItem(SEAT + code.toUpperCase());
}

export function teacherToken(classId: string): string | null {
  return localStorage.getItem(TEACHER + classId);
}

export function rememberTeacher(classId: string, token: string): void {
  localStorage.setItem(TEACHER + classId, token);
}
