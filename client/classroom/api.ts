/**
 * The classroom's HTTP calls (server/classroom/http.ts). The teacher token goes in a header, never
 * in a URL: the CSV is fetched with it and handed to the browser as a file.
 */
export interface OpenedClass {
  classId: string;
  code: string;
  roomId: string;
  teacherToken: string;
  joinUrl: string;
  teacherUrl: string;
}

export interface JoinLink {
  origin: string;
  joinUrl: string;
  qrSvg: string;
}

export interface ClassInfo {
  classId: string;
  code: string;
  name: string;
  roomId: string;
  status: string;
  settings: { scenarioId: string; mode: string; rounds: number; maxStudents: number; timed: boolean; loss?: number; delayMs?: number; timeLimitMs?: number };
  joinUrl: string;
  qrSvg: string;
  /** The page was opened at a loopback address: `network` lists where students can reach it. */
  loopback: boolean;
  network: JoinLink[];
  /** How long the class holds this page's place when its connection drops: the page retries that long (reconnection.ts). */
  reconnectSeconds: number;
}

/** A refusal keeps the body's code and parameters (shared/refusals.ts), for the page to word it in its language. */
export async function json<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as T & { message?: string; code?: unknown; params?: unknown };
  if (!res.ok) throw Object.assign(new Error(body.message ?? res.statusText), { status: res.status, code: body.code, params: body.params });
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

/** Fetch the class's CSV with the token in a header and save it under the server's file name. */
export async function downloadCsv(classId: string, token: string): Promise<void> {
  const res = await fetch(`/api/classes/${encodeURIComponent(classId)}/results.csv`, { headers: { 'x-teacher-token': token } });
  if (!res.ok) throw Object.assign(new Error(res.statusText), { status: res.status });
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'tcp-dojo-class.csv';
  const url = URL.createObjectURL(await res.blob());
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
