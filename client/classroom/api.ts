/** The classroom's HTTP calls (server/classroom/http.ts); the teacher token goes in a header. */
export interface OpenedClass {
  classId: string;
  code: string;
  roomId: string;
  teacherToken: string;
  joinUrl: string;
  teacherUrl: string;
}

export interface ClassInfo {
  classId: string;
  code: string;
  name: string;
  roomId: string;
  status: string;
  joinUrl: string;
  qrSvg: string;
}

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json()) as T & { message?: string };
  if (!res.ok) throw Object.assign(new Error(body.message ?? res.statusText), { status: res.status });
  return body;
}

export async function openClass(name: string, settings: Record<string, unknown>): Promise<OpenedClass> {
  return json(await fetch('/api/classes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, settings }) }));
}

export async function lookUp(code: string): Promise<{ classId: string; roomId: string; name: string }> {
  return json(await fetch('/api/classes/join', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) }));
}

export async function classInfo(classId: string, token: string): Promise<ClassInfo> {
  return json(await fetch(`/api/classes/${encodeURIComponent(classId)}`, { headers: { 'x-teacher-token': token } }));
}

export async function classSummary<T>(classId: string, token: string): Promise<T> {
  return json(await fetch(`/api/classes/${encodeURIComponent(classId)}/summary`, { headers: { 'x-teacher-token': token } }));
}

export function csvUrl(classId: string, token: string): string {
  return `/api/classes/${encodeURIComponent(classId)}/results.csv?token=${encodeURIComponent(token)}`;
}
