/** `reseed serve` on the command line: the address is 127.0.0.1 and nothing else. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/helpers';
import { REPO, tempDir } from '../engine/helpers';

const home = tempDir('reseed-serve-cli-');

describe('reseed serve (command line)', () => {
  it('refuses to listen anywhere but 127.0.0.1', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10']) {
      const run = await runCli(['serve', '--host', host], { cwd: REPO, home });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/listens on 127\.0\.0\.1 only/);
    }
  });

  it('checks the port and lists serve in the help', async () => {
    expect((await runCli(['serve', '--port', '70000'], { cwd: REPO, home })).code).toBe(2);
    const help = await runCli(['--help'], { cwd: REPO, home });
    expect(help.stdout).toMatch(/serve\s+the editor in your browser/);
    const own = await runCli(['serve', '--help'], { cwd: REPO, home });
    expect(own.stdout).toContain('--port <n>');
  });
});
