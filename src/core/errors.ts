/**
 * Bad input from the user (config, control files, CSV exports, arguments).
 * The CLI prints `message` as one paragraph, without a stack, and exits 2.
 */
export class UserInputError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'UserInputError';
  }

  /** `file:line: message`, the way compilers say it. */
  describe(): string {
    const where = this.file ? `${this.file}${this.line ? `:${this.line}` : ''}: ` : '';
    return `${where}${this.message}`;
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
