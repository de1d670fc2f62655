/**
 * A heatmap cell's right answers. The server's `expected` is the engine's own choice; where RFC 9293
 * allows another (a delayed ACK of a FIN or of in-order data, shared/game/allowed.ts), a student's
 * answer is judged right and marked ✓ too, so the cell's "correct:" line names it beside the
 * engine's: one right answer named while two are marked ✓ read as a contradiction.
 */
export function rightAnswers(cell: { expected: string; choices: readonly { label: string; correct: boolean }[] }): string[] {
  return [cell.expected, ...cell.choices.filter((c) => c.correct && c.label !== cell.expected).map((c) => c.label)];
}
