/** Where the Game scene's panels sit on the 1600×900 stage; the HTML overlay uses the same boxes. */
export const GAME_LAYOUT = {
  topbar: { height: 60 },
  hostClient: { x: 16, y: 72, width: 252, height: 232 },
  wire: { x: 280, y: 72, width: 636, height: 232 },
  hostServer: { x: 928, y: 72, width: 252, height: 232 },
  ladder: { x: 16, y: 316, width: 640, height: 568 },
  states: { x: 668, y: 316, width: 512, height: 388 },
  timers: { x: 668, y: 716, width: 512, height: 168 },
  composer: { x: 1192, y: 72, width: 392, height: 812 },
  /** Live play: the flow graph gives the lower part of its box to the feedback panel. */
  liveLadder: { x: 16, y: 316, width: 640, height: 300 },
  liveFeedback: { x: 16, y: 628, width: 640, height: 256 },
} as const;
