// Signing the manifest: whoever can edit a run folder can recompute its hashes, but not a signature.
// `manifest.sig` holds the signature over manifest.json, the algorithm, the key's id and the SHA-256
// fingerprint of its public key (DER SubjectPublicKeyInfo). Keys: an Ed25519 private key (PEM) from
// SOC2_EVIDENCE_SIGNING_KEY, or an AWS KMS asymmetric key (kms:KEY_ARN, ECC_NIST_P256 or RSA).
import { envCredentials, envEndpoint } from '../core/aws-env.js';
import { createHash, createPrivateKey, createPublicKey, sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetPublicKeyCommand, KMSClient, SignCommand, type SigningAlgorithmSpec } from '@aws-sdk/client-kms';
import { errorMessage, UserInputError } from '../core/errors.js';
import { MANIFEST_FILE, SIGNATURE_FILE } from './manifest.js';

export { SIGNATURE_FILE };
export const SIGNING_KEY_ENV = 'SOC2_EVIDENCE_SIGNING_KEY';

/** Who signs: stated in the pack before the manifest exists, and in manifest.sig after. */
export interface SignerIdentity {
  algorithm: 'Ed25519' | SigningAlgorithmSpec;
  /** `ed25519:<first 16 hex of the fingerprint>` for a PEM key; the key ARN for KMS. */
  keyId: string;
  /** SHA-256 of the public key's DER SubjectPublicKeyInfo, hex. */
  publicKeyFingerprint: string;
}

export interface ManifestSignature extends SignerIdentity {
  /** What the signature covers: manifest.json's bytes (Ed25519), or their SHA-256 digest sent to KMS as a RAW message. */
  signed: 'manifest.json' | 'sha256(manifest.json)';
  /** Base64. */
  signature: string;
}

export interface ManifestSigner {
  identity: SignerIdentity;
  sign(manifest: Buffer): Promise<ManifestSignature>;
}

export const fingerprintOf = (publicKey: KeyObject): string =>
  createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex');

/** `--sign` alone: the PEM key in SOC2_EVIDENCE_SIGNING_KEY; `--sign kms:ARN`: that KMS key. */
export async function resolveSigner(spec: string | true, env: NodeJS.ProcessEnv): Promise<ManifestSigner> {
  if (spec !== true && spec.startsWith('kms:')) return kmsSigner(spec.slice(4), env);
  if (spec !== true) throw new UserInputError(`--sign takes no value or kms:KEY_ARN, not "${spec}" (an Ed25519 key is read from ${SIGNING_KEY_ENV})`);
  const pem = env[SIGNING_KEY_ENV];
  if (!pem) throw new UserInputError(`--sign needs an Ed25519 private key (PEM) in ${SIGNING_KEY_ENV}, or --sign kms:KEY_ARN`);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem.replace(/\\n/g, '\n'));
  } catch (err) {
    throw new UserInputError(`${SIGNING_KEY_ENV} is not a readable private key (PEM): ${errorMessage(err)}`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new UserInputError(`${SIGNING_KEY_ENV} holds a ${privateKey.asymmetricKeyType} key; --sign needs Ed25519 (or use --sign kms:KEY_ARN)`);
  const fingerprint = fingerprintOf(createPublicKey(privateKey));
  const identity: SignerIdentity = { algorithm: 'Ed25519', keyId: `ed25519:${fingerprint.slice(0, 16)}`, publicKeyFingerprint: fingerprint };
  return {
    identity,
    sign: async (manifest) => ({ ...identity, signed: 'manifest.json', signature: cryptoSign(null, manifest, privateKey).toString('base64') }),
  };
}

function kmsClient(keyArn: string, env: NodeJS.ProcessEnv): KMSClient {
  const region = /^arn:aws[\w-]*:kms:([a-z0-9-]+):\d{12}:(key|alias)\//.exec(keyArn)?.[1];
  if (!region) throw new UserInputError(`kms:${keyArn} is not a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)`);
  const endpoint = envEndpoint(env, 'KMS');
  const credentials = envCredentials(env);
  return new KMSClient({ region, maxAttempts: 3, ...(endpoint ? { endpoint } : {}), ...(credentials ? { credentials } : {}) });
}

const KMS_ALGORITHM: Record<string, SigningAlgorithmSpec> = {
  ECC_NIST_P256: 'ECDSA_SHA_256',
  RSA_2048: 'RSASSA_PKCS1_V1_5_SHA_256',
  RSA_3072: 'RSASSA_PKCS1_V1_5_SHA_256',
  RSA_4096: 'RSASSA_PKCS1_V1_5_SHA_256',
};

/** The KMS key's public key (kms:GetPublicKey) and the algorithm used with it. */
export async function kmsPublicKey(keyArn: string, env: NodeJS.ProcessEnv): Promise<{ publicKey: KeyObject; algorithm: SigningAlgorithmSpec }> {
  const client = kmsClient(keyArn, env);
  try {
    const out = await client.send(new GetPublicKeyCommand({ KeyId: keyArn }));
    const algorithm = KMS_ALGORITHM[out.KeySpec ?? ''];
    if (!algorithm || out.KeyUsage !== 'SIGN_VERIFY')
      throw new UserInputError(`kms:${keyArn} is a ${out.KeySpec} ${out.KeyUsage} key; signing needs an ECC_NIST_P256 or RSA key with usage SIGN_VERIFY`);
    return { publicKey: createPublicKey({ key: Buffer.from(out.PublicKey!), format: 'der', type: 'spki' }), algorithm };
  } catch (err) {
    if (err instanceof UserInputError) throw err;
    throw new UserInputError(`kms:GetPublicKey on ${keyArn} failed: ${errorMessage(err)}`);
  } finally {
    client.destroy();
  }
}

async function kmsSigner(keyArn: string, env: NodeJS.ProcessEnv): Promise<ManifestSigner> {
  const { publicKey, algorithm } = await kmsPublicKey(keyArn, env);
  const identity: SignerIdentity = { algorithm, keyId: keyArn, publicKeyFingerprint: fingerprintOf(publicKey) };
  return {
    identity,
    async sign(manifest) {
      const client = kmsClient(keyArn, env);
      try {
        // KMS signs at most 4 KB as a message: it signs the manifest's SHA-256 digest, sent as RAW.
        const digest = createHash('sha256').update(manifest).digest();
        const out = await client.send(new SignCommand({ KeyId: keyArn, Message: digest, MessageType: 'RAW', SigningAlgorithm: algorithm }));
        return { ...identity, signed: 'sha256(manifest.json)', signature: Buffer.from(out.Signature!).toString('base64') };
      } catch (err) {
        throw new Error(`kms:Sign on ${keyArn} failed: ${errorMessage(err)}`);
      } finally {
        client.destroy();
      }
    },
  };
}

/** Signs the run folder's manifest.json into manifest.sig. */
export async function signRun(dir: string, signer: ManifestSigner): Promise<ManifestSignature> {
  const signature = await signer.sign(readFileSync(path.join(dir, MANIFEST_FILE)));
  writeFileSync(path.join(dir, SIGNATURE_FILE), `${JSON.stringify(signature, null, 2)}\n`);
  return signature;
}

export function readSignature(dir: string): ManifestSignature | null {
  const file = path.join(dir, SIGNATURE_FILE);
  if (!existsSync(file)) return null;
  try {
    const sig = JSON.parse(readFileSync(file, 'utf8')) as ManifestSignature;
    if (typeof sig.signature !== 'string' || typeof sig.algorithm !== 'string') throw new Error('no signature or algorithm');
    return sig;
  } catch (err) {
    throw new UserInputError(`unreadable signature: ${errorMessage(err)}`, file);
  }
}

export interface SignatureCheck {
  signed: boolean;
  valid: boolean;
  /** Why the signature does not hold (missing, other key, does not match manifest.json). */
  problem?: string;
  signature?: ManifestSignature;
}

/** `--key PUBLIC.pem` or `--key kms:ARN`: the public key the signature must verify against. */
export async function verificationKey(spec: string, env: NodeJS.ProcessEnv): Promise<KeyObject> {
  if (spec.startsWith('kms:')) return (await kmsPublicKey(spec.slice(4), env)).publicKey;
  try {
    return createPublicKey(readFileSync(spec));
  } catch (err) {
    throw new UserInputError(`not a readable public key (PEM): ${errorMessage(err)}`, spec);
  }
}

/** Checks manifest.sig against manifest.json with `publicKey` (locally: no KMS call needed to verify). */
export function checkSignature(dir: string, publicKey: KeyObject): SignatureCheck {
  const signature = readSignature(dir);
  if (!signature) return { signed: false, valid: false, problem: `${SIGNATURE_FILE} is missing: the run is not signed` };
  const fingerprint = fingerprintOf(publicKey);
  if (signature.publicKeyFingerprint !== fingerprint) {
    return { signed: true, valid: false, signature, problem: `signed by key ${signature.publicKeyFingerprint}, not by the given key ${fingerprint}` };
  }
  const manifest = readFileSync(path.join(dir, MANIFEST_FILE));
  const bytes = Buffer.from(signature.signature, 'base64');
  let valid = false;
  try {
    if (signature.algorithm === 'Ed25519') valid = cryptoVerify(null, manifest, publicKey, bytes);
    else {
      const digest = createHash('sha256').update(manifest).digest();
      valid = cryptoVerify('sha256', signature.signed === 'manifest.json' ? manifest : digest, publicKey, bytes);
    }
  } catch {
    valid = false;
  }
  return valid ? { signed: true, valid, signature } : { signed: true, valid, signature, problem: 'the signature does not match manifest.json' };
}
