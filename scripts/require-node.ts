// Guard: every npm script must run on Node 24 (the project's own `node` devDependency).
// The machine's own Node may be older; npm scripts put node_modules/.bin first on PATH.
const major = Number(process.versions.node.split('.')[0]);
if (!Number.isFinite(major) || major < 24) {
  console.error(
    `TCP Dojo needs Node 24 or newer, but this is Node ${process.versions.node}.\n` +
      'Run it through npm (npm start / npm test), which uses the Node 24 installed by `npm install`.',
  );
  process.exit(1);
}
