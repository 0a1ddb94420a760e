import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Tests start local servers on 127.0.0.1; a forks pool keeps nock's global patching per file.
    pool: 'forks',
  },
});
