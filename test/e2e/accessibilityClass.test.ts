/**
 * Accessibility of the class pages (class.html, plain HTML) in real Chromium, in English and
 * Chinese: axe-core (WCAG 2.2 A and AA, and axe's best practices; test/e2e/axe.ts) on the teacher's
 * form to open a class, the dashboard as opened (the teacher link shown once) and with a student in
 * the lobby, a student's join page (the code from the QR's address) and their waiting page. Every
 * page must have no violation at all (none is left as minor). The game a student plays in its frame
 * is checked by accessibility.test.ts. One class server (the classroom harness), one Chromium.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations } from './axe.ts';
import { classServerForBrowserFile } from './classPages.ts';
import { browserForFile } from './fixture.ts';
import { shot } from './play.ts';
import { type ClassServer } from '../classroom/classHarness.ts';
import { texts } from '../../client/classroom/text.ts';

let server: ClassServer;
const browser = browserForFile();

classServerForBrowserFile((s) => (server = s));

async function expectNoViolations(page: Page, screen: string): Promise<void> {
  await shot(page, `a11y-class-${screen}`);
  expect(await axeViolations(page), screen).toEqual([]);
}

describe('axe finds nothing on the class pages', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    it(`${lang}: the teacher's form and dashboard, a student's join and waiting pages`, async () => {
      const device = async (): Promise<Page> => (await browser.newContext({ viewport: { width: 1280, height: 800 }, lang })).newPage();
      const teacher = await device();
      await teacher.goto(`${server.baseUrl}/class.html`);
      await teacher.getByTestId('open-submit').waitFor();
      expect(await teacher.evaluate(() => document.documentElement.lang)).toBe(lang);
      await expectNoViolations(teacher, `${lang}-open-form`);
      // The round's time limit: 360 s by default (TIME-WAIT's 2×MSL runs out), said why under it, in the page's language.
      const limit = teacher.getByTestId('class-limit');
      expect(await limit.inputValue()).toBe('360');
      expect([await limit.getAttribute('min'), await limit.getAttribute('max')]).toEqual(['60', '1800']);
      const hint = teacher.getByTestId('class-limit-hint');
      expect(await hint.innerText()).toBe(texts(lang).timeLimitHint(360));
      expect(await limit.getAttribute('aria-describedby')).toBe(await hint.getAttribute('id'));
      await teacher.getByTestId('open-submit').click();
      await teacher.getByTestId('big-code').waitFor();
      await expectNoViolations(teacher, `${lang}-dashboard-opened`);
      const code = (await teacher.getByTestId('big-code').innerText()).trim();
      await teacher.getByTestId('teacher-link-done').click();

      const student = await device();
      await student.goto(`${server.baseUrl}/class.html?code=${code}`);
      await student.getByTestId('join-name').fill(lang === 'en' ? 'Ada' : '小林');
      await expectNoViolations(student, `${lang}-join`);
      await student.getByTestId('join-submit').click();
      await student.getByTestId('lobby').locator('li').first().waitFor();
      await expectNoViolations(student, `${lang}-waiting`);
      await teacher.locator('[data-testid=teacher-lobby] li').first().waitFor();
      await expectNoViolations(teacher, `${lang}-dashboard-lobby`);
    }, 300_000);
  }
});
