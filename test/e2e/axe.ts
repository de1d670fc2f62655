/**
 * axe-core (the accessibility engine, devDependency) run inside a page: its `axe.min.js` injected
 * with addScriptTag and `axe.run` called on the page's HTML. The game's canvas is out of axe's
 * reach (a WebGL bitmap has no DOM to check) and is excluded; everything drawn over it in HTML
 * (the menu, top bar, composer, prompt, feedback, Results, tutorial cards, glossary) is checked.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.2 A and AA, and axe's best practices. */
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export interface Violation {
  rule: string;
  impact: string;
  help: string;
  /** Each failing element's selector and what axe says is wrong with it. */
  nodes: string[];
}

/** What axe finds on the page's HTML now (the canvas excluded). */
export async function axeViolations(page: Page | Frame): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (tags) => {
    type Result = { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] };
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: Result[] }> } }).axe;
    const { violations } = await axe.run({ exclude: [['canvas']] }, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return violations.map((v) => ({
      rule: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300)}`),
    }));
  }, TAGS);
}

/** The violations a screen may not have: serious and critical ones. */
export const blocking = (violations: readonly Violation[]): Violation[] => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
