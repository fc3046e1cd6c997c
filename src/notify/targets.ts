// Notification targets from `--notify URL` and the config's `notify:`, resolved before a run starts
// (a missing `env:NAME` is bad input). A webhook URL is a secret: only its label is ever printed.
import { isLoopbackHost } from '../config/schema.js';
import { UserInputError } from '../core/errors.js';

export type NotifyFormat = 'slack' | 'json';

export interface NotifyTarget {
  url: string;
  format: NotifyFormat;
  /** What may be printed and recorded: `env:NAME`, or the URL's origin only. */
  label: string;
}

const SLACK_HOSTS = new Set(['hooks.slack.com', 'hooks.slack-gov.com']);

/**
 * `slack:URL` forces the Slack format (a Slack-compatible receiver elsewhere, or a test's loopback
 * receiver); `env:NAME` reads the URL from the environment.
 */
export function resolveTarget(raw: string, format: NotifyFormat | undefined, env: NodeJS.ProcessEnv, where?: string): NotifyTarget {
  let spec = raw.trim();
  let forced = format;
  if (spec.startsWith('slack:') && !spec.startsWith('slack://')) {
    forced = 'slack';
    spec = spec.slice('slack:'.length);
  }
  let label: string | undefined;
  if (spec.startsWith('env:')) {
    const name = spec.slice(4);
    const value = env[name]?.trim();
    if (!value) throw new UserInputError(`notify: the environment variable ${name} is not set (it should hold the webhook URL)`, where);
    label = `env:${name}`;
    spec = value;
    if (spec.startsWith('slack:')) {
      forced ??= 'slack';
      spec = spec.slice('slack:'.length);
    }
  }
  let url: URL;
  try {
    url = new URL(spec);
  } catch {
    throw new UserInputError(`notify: ${label ?? 'the URL'} is not a URL (expected https://…, or env:NAME)`, where);
  }
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname)))) {
    throw new UserInputError(`notify: ${label ?? url.origin} must be https:// (plain http:// is allowed only for loopback hosts)`, where);
  }
  return { url: url.toString(), format: forced ?? (SLACK_HOSTS.has(url.hostname) ? 'slack' : 'json'), label: label ?? `${url.origin}/…` };
}

export function resolveTargets(
  flags: readonly string[],
  config: ReadonlyArray<{ url: string; format?: NotifyFormat | undefined }> | undefined,
  env: NodeJS.ProcessEnv,
  configFile?: string,
): NotifyTarget[] {
  return [...flags.map((f) => resolveTarget(f, undefined, env, '--notify')), ...(config ?? []).map((t) => resolveTarget(t.url, t.format, env, configFile))];
}
