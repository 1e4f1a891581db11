// Runs before every npm script that executes the project's TypeScript (package.json `pre*`).
// Plain CommonJS, so that any Node can read it: an older Node gets one sentence instead of
// ERR_UNKNOWN_FILE_EXTENSION. Node runs TypeScript by stripping types from 22.18 and 23.6 on;
// `process.features.typescript` says whether this one does.
'use strict';

const typescript = process.features && process.features.typescript;
if (!typescript) {
  process.stderr.write(
    'lead-handoff needs Node.js 22.18 or newer (24 recommended) to run its TypeScript; this is Node ' +
      process.version +
      ' (./scripts/npm installs Node 24 when the machine has an older one)\n',
  );
  process.exit(1);
}
