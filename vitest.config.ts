import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    {
      // The inlined workflow parser ships source maps whose sources are not in the package; without its
      // map comments vite has nothing to warn about on every run.
      name: 'workflow-parser-without-source-maps',
      load(id) {
        if (id.includes('/@actions/workflow-parser/dist/') && id.endsWith('.js')) return readFileSync(id, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '');
        return null;
      },
    },
  ],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    // @actions/workflow-parser imports its JSON schema without an import attribute, which Node refuses;
    // inlined, vite transforms it (test/deploy/github-actions.test.ts).
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
