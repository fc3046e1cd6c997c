#!/usr/bin/env node
// The executable: quiet the SDK's Node-version notice, run the CLI, exit with its code.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `soc2-evidence controls list | head` closes the pipe early; that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

// Resident memory near what a run holds, not up to 4× it (see core/heap.ts).
const { boundHeapGrowth } = await import('../core/heap.js');
boundHeapGrowth();

const { main } = await import('./main.js');
process.exitCode = await main(process.argv);
