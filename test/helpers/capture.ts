// Captures what the code under test writes to process.stdout and process.stderr (vitest spies).
import { vi } from 'vitest';

export interface CapturedOutput {
  stdout: string;
  stderr: string;
  /** Puts the real streams back. */
  restore(): void;
}

export function captureOutput(): CapturedOutput {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    captured.stdout += String(s);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    captured.stderr += String(s);
    return true;
  });
  const captured: CapturedOutput = {
    stdout: '',
    stderr: '',
    restore: () => {
      out.mockRestore();
      err.mockRestore();
    },
  };
  return captured;
}
