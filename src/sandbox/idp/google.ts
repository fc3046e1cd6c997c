import type { SandboxContext, SandboxRequest, SandboxResponse } from '../http.js';
import type { SandboxGoogle } from './model.js';
export function handleGoogle(_r: SandboxRequest, _g: SandboxGoogle, _c: SandboxContext): SandboxResponse { return { status: 501 }; }
