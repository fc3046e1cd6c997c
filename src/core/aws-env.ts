// What the run's environment says about AWS, read the SDKs' way, for every client the tool builds
// (collection, the S3 run store, KMS signing): static keys, and endpoint overrides.

export interface EnvCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** Keys in the environment, else undefined (the SDK's default chain: profile, SSO, instance role…). */
export function envCredentials(env: NodeJS.ProcessEnv): EnvCredentials | undefined {
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) return undefined;
  return {
    accessKeyId: env.AWS_ACCESS_KEY_ID,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
    ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
  };
}

/** `AWS_ENDPOINT_URL_<SERVICE>` or `AWS_ENDPOINT_URL`, unless `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is true. */
export function envEndpoint(env: NodeJS.ProcessEnv, serviceKey: string): string | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true') return undefined;
  return env[`AWS_ENDPOINT_URL_${serviceKey}`] || env.AWS_ENDPOINT_URL || undefined;
}
